//! Contracts and free years ending (SPEC 11): the account manager and the
//! service desk hear of one ending within 30 days (once per last day; not
//! of one already renewed), and of one whose period ran out, which turns
//! `expired` in the same transaction.

use std::collections::BTreeSet;

use chrono::{DateTime, Days, NaiveDate, Utc};
use rapport_domain::lifecycle::contract::Status;
use rapport_domain::msg;
use rapport_domain::org::Role;
use rapport_entity::{contracts, customers};
use rapport_types::contracts::ContractKind;
use rapport_types::notifications::Notice;
use rapport_types::webhooks::Event;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult, Order};
use uuid::Uuid;

use super::occurrences::{not_announced, once};
use super::{Announcement, BATCH, Tally, fetch};
use crate::error::ApiError;
use crate::notify;
use crate::services::contracts::{expire, next_end};
use crate::services::customers::ORG_TZ;
use crate::webhooks::{events, outbox};

const EXPIRING: &str = "contract_expiring";
const EXPIRED: &str = "contract_expired";

/// How many days ahead an ending is announced.
const AHEAD_DAYS: u64 = 30;

/// A contract in force with its customer, and the last day announced.
#[derive(Debug, FromQueryResult)]
struct Ending {
    id: Uuid,
    version: i32,
    kind: ContractKind,
    customer_name: String,
    account_manager_id: Option<Uuid>,
    last_day: NaiveDate,
}

/// Announces the contracts and free years ending soon, and expires those
/// that ended, as of `now`.
pub async fn run(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Tally, ApiError> {
    let today = now.with_timezone(&ORG_TZ).date_naive();
    let mut tally = Tally::default();
    for ending in fetch::<Ending>(db, &ending_soon(today)).await? {
        tally.count("expiring", announce_ending(db, &ending, now).await);
    }
    for ended in fetch::<Ending>(db, &ended(today)).await? {
        tally.count("expired", expire_ended(db, &ended, now).await);
    }
    Ok(tally)
}

/// Contracts in force whose next last day (a paid contract's period end, a
/// free contract's soonest line end) is within [`AHEAD_DAYS`] of `today`,
/// not renewed, and not yet announced for that day.
fn ending_soon(today: NaiveDate) -> SelectStatement {
    let last = today
        .checked_add_days(Days::new(AHEAD_DAYS))
        .unwrap_or(NaiveDate::MAX);
    let end = next_end(today);
    let successor = Alias::new("successor");
    let renewed = Query::select()
        .expr(Expr::val(1))
        .from_as(contracts::Entity, successor.clone())
        .and_where(
            Expr::col((successor.clone(), contracts::Column::PreviousContractId))
                .equals((contracts::Entity, contracts::Column::Id)),
        )
        .and_where(Expr::col((successor, contracts::Column::Status)).ne(Status::Cancelled))
        .to_owned();
    in_force(end.clone())
        .and_where(end.clone().between(today, last))
        .and_where(Expr::exists(renewed).not())
        .and_where(not_announced(
            &[EXPIRING],
            (contracts::Entity, contracts::Column::Id),
            end.cast_as("text"),
            None,
        ))
        .to_owned()
}

/// Contracts in force whose period ended before `today`.
fn ended(today: NaiveDate) -> SelectStatement {
    let end = Expr::col((contracts::Entity, contracts::Column::PeriodEnd));
    in_force(end.clone()).and_where(end.lt(today)).to_owned()
}

/// Contracts in force with their customers, `last_day` read from `end`,
/// the soonest first.
fn in_force(end: Expr) -> SelectStatement {
    let in_force = Status::ALL
        .into_iter()
        .filter(|status| status.is_in_force())
        .map(Status::code);
    Query::select()
        .columns([
            (contracts::Entity, contracts::Column::Id),
            (contracts::Entity, contracts::Column::Version),
            (contracts::Entity, contracts::Column::Kind),
        ])
        .expr_as(
            Expr::col((customers::Entity, customers::Column::Name)),
            Alias::new("customer_name"),
        )
        .column((customers::Entity, customers::Column::AccountManagerId))
        .expr_as(end.clone(), Alias::new("last_day"))
        .from(contracts::Entity)
        .inner_join(
            customers::Entity,
            Expr::col((customers::Entity, customers::Column::Id))
                .equals((contracts::Entity, contracts::Column::CustomerId)),
        )
        .and_where(Expr::col((contracts::Entity, contracts::Column::Status)).is_in(in_force))
        .order_by_expr(end, Order::Asc)
        .limit(BATCH)
        .to_owned()
}

/// Tells of `ending` once for its last day.
async fn announce_ending(
    db: &DatabaseConnection,
    ending: &Ending,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let kind = ending.kind;
    let customer_name = ending.customer_name.clone();
    let notice = if kind == ContractKind::Free {
        Notice::FreePeriodEnding {
            customer_name,
            free_until: ending.last_day,
        }
    } else {
        Notice::ContractExpiring {
            customer_name,
            period_end: ending.last_day,
        }
    };
    let stored = find(db, ending.id).await?;
    let event = Event::ContractExpiring(events::contract(db, &stored, ending.last_day).await?);
    Announcement {
        kind: EXPIRING,
        about: ("contract", ending.id),
        occasion: &ending.last_day.to_string(),
        recipients: recipients(db, ending).await?,
        notice,
        event: Some(event),
        since: None,
    }
    .make(db, now)
    .await
}

/// Expires `ended` and tells of it, once.
async fn expire_ended(
    db: &DatabaseConnection,
    ended: &Ending,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let txn = crate::db::begin(db).await?;
    if !once(
        &txn,
        EXPIRED,
        ended.id,
        &ended.last_day.to_string(),
        None,
        now,
    )
    .await?
    {
        return Ok(false);
    }
    let expired = expire(&txn, ended.id, ended.version, now).await?;
    let notice = Notice::ContractExpired {
        customer_name: ended.customer_name.clone(),
        period_end: ended.last_day,
    };
    let about = ("contract", ended.id.to_string());
    notify::send(&txn, recipients(&txn, ended).await?, &notice, about, now).await?;
    let event = Event::ContractExpired(events::contract(&txn, &expired, expired.period_end).await?);
    outbox::emit(&txn, &event, now).await?;
    txn.commit().await?;
    Ok(true)
}

/// The contract's account manager and the service desk.
async fn recipients(
    conn: &impl ConnectionTrait,
    contract: &Ending,
) -> Result<BTreeSet<Uuid>, ApiError> {
    let mut recipients = notify::with_role(conn, &[Role::Service], None).await?;
    recipients.extend(contract.account_manager_id);
    Ok(recipients)
}

async fn find(db: &DatabaseConnection, id: Uuid) -> Result<contracts::Model, ApiError> {
    crate::db::unique(db, contracts::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound(msg!("contract")))
}
