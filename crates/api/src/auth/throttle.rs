//! Throttling failed logins, per account and per client address, so that
//! passwords cannot be guessed at the server's speed.
//!
//! Counts live in the database (`login_failures`), so several instances on
//! one PostgreSQL share one allowance. A window starts at an account's (or
//! address's) first failure; once it holds the limit of failures, further
//! attempts are refused with 429 until the window ends. A successful login
//! clears its account's count, not its address's. The scheduler's purge
//! job removes ended windows.

use rapport_domain::key;
use rapport_domain::messages::Message;
use std::net::IpAddr;

use chrono::{DateTime, TimeDelta, Utc};
use rapport_entity::login_failures::{self, Column};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::error::ApiError;

/// Failures one account may have in a window.
pub const PER_ACCOUNT: i32 = 5;
/// Failures one client address may have in a window, across accounts.
pub const PER_ADDRESS: i32 = 20;
/// How long a window lasts from its first failure.
pub const WINDOW: TimeDelta = TimeDelta::minutes(15);

const REFUSED: Message = Message::from_key(key!(
    "too many failed logins for this account or from this address"
));

/// 429 with the seconds to wait if `email` or `address` is locked at `now`.
pub async fn check(
    conn: &impl ConnectionTrait,
    email: &str,
    address: Option<IpAddr>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let limits = keys(email, address);
    let windows = login_failures::Entity::find()
        .filter(Column::Key.is_in(limits.iter().map(|(key, _)| key.clone())))
        .all(conn)
        .await?;
    let wait = windows
        .iter()
        .filter_map(|window| {
            let (_, limit) = limits.iter().find(|(key, _)| *key == window.key)?;
            locked_for(window, *limit, now)
        })
        .max();
    match wait {
        Some(wait) => Err(ApiError::TooManyRequests {
            detail: REFUSED,
            // Rounded up, so a client that waits exactly this is let in.
            retry_after: u64::try_from(wait.num_seconds() + 1).unwrap_or(1),
        }),
        None => Ok(()),
    }
}

/// Counts a failed login for `email` and `address` at `now`: one more in
/// the running window, or the first of a new one once it has ended.
pub async fn failed(
    conn: &impl ConnectionTrait,
    email: &str,
    address: Option<IpAddr>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let ended = Expr::col((login_failures::Entity, Column::StartedAt)).lte(now - WINDOW);
    let counted = OnConflict::column(Column::Key)
        .value(
            Column::Failures,
            Expr::case(ended.clone(), 1)
                .finally(Expr::col((login_failures::Entity, Column::Failures)).add(1)),
        )
        .value(
            Column::StartedAt,
            Expr::case(ended, now).finally(Expr::col((login_failures::Entity, Column::StartedAt))),
        )
        .to_owned();
    let firsts = keys(email, address)
        .into_iter()
        .map(|(key, _)| login_failures::ActiveModel {
            key: Set(key),
            started_at: Set(now),
            failures: Set(1),
        });
    // One statement per key: a multi-row upsert may not touch a row twice.
    for first in firsts {
        login_failures::Entity::insert(first)
            .on_conflict(counted.clone())
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// Clears `email`'s failures after it logged in.
pub async fn succeeded(conn: &impl ConnectionTrait, email: &str) -> Result<(), ApiError> {
    login_failures::Entity::delete_by_id(account(email))
        .exec(conn)
        .await?;
    Ok(())
}

/// Removes the windows that ended before `now`; how many.
pub async fn purge(conn: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, ApiError> {
    let deleted = login_failures::Entity::delete_many()
        .filter(Column::StartedAt.lte(now - WINDOW))
        .exec(conn)
        .await?;
    Ok(deleted.rows_affected)
}

/// How long `window` still refuses at `now`, if it holds `limit` failures.
fn locked_for(window: &login_failures::Model, limit: i32, now: DateTime<Utc>) -> Option<TimeDelta> {
    let ends = window.started_at + WINDOW;
    (window.failures >= limit && ends > now).then_some(ends - now)
}

fn account(email: &str) -> String {
    format!("account:{email}")
}

fn keys(email: &str, address: Option<IpAddr>) -> Vec<(String, i32)> {
    let address = address.map(|address| (format!("address:{address}"), PER_ADDRESS));
    std::iter::once((account(email), PER_ACCOUNT))
        .chain(address)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(started: &str, failures: i32) -> login_failures::Model {
        login_failures::Model {
            key: account("a@x"),
            started_at: started.parse().unwrap(),
            failures,
        }
    }

    #[test]
    fn a_window_locks_at_its_limit_for_the_rest_of_the_window() {
        let start: DateTime<Utc> = "2025-03-03T02:00:00Z".parse().unwrap();

        assert_eq!(
            locked_for(&window("2025-03-03T02:00:00Z", 4), 5, start),
            None
        );
        assert_eq!(
            locked_for(
                &window("2025-03-03T02:00:00Z", 5),
                5,
                start + TimeDelta::minutes(5)
            ),
            Some(TimeDelta::minutes(10))
        );
        assert_eq!(
            locked_for(&window("2025-03-03T02:00:00Z", 5), 5, start + WINDOW),
            None
        );
    }
}
