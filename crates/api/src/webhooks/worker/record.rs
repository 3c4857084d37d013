//! Recording a batch's tries: the attempts logged, each delivery moved on
//! (delivered, due again, or dead), in one transaction under the claim.

use chrono::{DateTime, Utc};
use rapport_domain::msg;
use rapport_entity::{webhook_attempts, webhook_deliveries};
use rapport_types::webhooks::DeliveryStatus;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::{Outcome, Worker};
use crate::error::ApiError;
use crate::webhooks::backoff;

/// Logs each try and moves its delivery on (delivered, due again, or
/// dead), in one transaction, only while `token` still holds `head` (and
/// with it the queue behind it). The delivered ones (all of a batch but
/// perhaps its last) are moved on by one statement rather than a statement
/// and a round trip each.
pub(super) async fn record(
    worker: &Worker,
    head: Uuid,
    tried: Vec<(&webhook_deliveries::Model, DateTime<Utc>, Outcome)>,
    token: Uuid,
) -> Result<(), ApiError> {
    use webhook_deliveries::Column as D;
    let txn = crate::db::begin(&worker.db).await?;
    // The head's row stays locked to the commit: a worker whose lease on
    // it ran out has lost it here, and nobody takes it over meanwhile.
    let released = webhook_deliveries::Entity::update_many()
        .col_expr(D::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(D::ClaimToken, Expr::value(Option::<Uuid>::None))
        .filter(D::Id.eq(head))
        .filter(D::ClaimToken.eq(token))
        .exec(&txn)
        .await?;
    held(released.rows_affected, 1)?;
    let log: Vec<webhook_attempts::ActiveModel> = tried
        .iter()
        .map(|(delivery, at, outcome)| webhook_attempts::ActiveModel {
            id: Set(Uuid::now_v7()),
            delivery_id: Set(delivery.id),
            at: Set(*at),
            status_code: Set(outcome.status_code.map(i32::from)),
            response_ms: Set(response_ms(outcome)),
            error: Set(outcome.error.clone()),
        })
        .collect();
    let (delivered, failed): (Vec<_>, Vec<_>) = tried
        .into_iter()
        .partition(|(_, _, outcome)| outcome.error.is_none());
    mark_delivered(worker, &txn, &delivered).await?;
    for (delivery, at, outcome) in failed {
        let now = std::cmp::max(worker.clock.now(), at);
        let attempts = delivery.attempts.saturating_add(1);
        let failures = u32::try_from(attempts).unwrap_or(u32::MAX);
        let jitter = rand::random::<f64>();
        let (status, next) =
            match backoff::next_attempt(failures, now, delivery.retry_until, jitter) {
                Some(next) => (DeliveryStatus::Pending, next),
                None => (DeliveryStatus::Dead, now),
            };
        let updated = webhook_deliveries::Entity::update_many()
            .col_expr(D::Status, Expr::value(status.code()))
            .col_expr(D::Attempts, Expr::value(attempts))
            .col_expr(D::NextAttemptAt, Expr::value(next))
            .col_expr(
                D::LastStatusCode,
                Expr::value(outcome.status_code.map(i32::from)),
            )
            .col_expr(D::LastResponseMs, Expr::value(response_ms(&outcome)))
            .col_expr(D::LastError, Expr::value(outcome.error.clone()))
            .col_expr(D::DeliveredAt, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(D::UpdatedAt, Expr::value(now))
            .filter(D::Id.eq(delivery.id))
            .filter(D::Status.eq(DeliveryStatus::Pending.code()))
            .exec(&txn)
            .await?;
        held(updated.rows_affected, 1)?;
    }
    if !log.is_empty() {
        webhook_attempts::Entity::insert_many(log)
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Marks `delivered` delivered at the latest of their tries (or now), each
/// with its own answer, in one statement.
async fn mark_delivered(
    worker: &Worker,
    txn: &impl sea_orm::ConnectionTrait,
    delivered: &[(&webhook_deliveries::Model, DateTime<Utc>, Outcome)],
) -> Result<(), ApiError> {
    use webhook_deliveries::Column as D;
    let Some(((first, first_at, first_outcome), rest)) = delivered.split_first() else {
        return Ok(());
    };
    let latest = rest
        .iter()
        .map(|(_, at, _)| *at)
        .fold(*first_at, std::cmp::max);
    let now = std::cmp::max(worker.clock.now(), latest);
    // Each row's own answer: CASE WHEN id = … THEN … END.
    let each = |value: fn(&Outcome) -> sea_orm::Value| {
        let when = |delivery: &webhook_deliveries::Model| Expr::col(D::Id).eq(delivery.id);
        rest.iter().fold(
            Expr::case(when(first), Expr::val(value(first_outcome))),
            |case, (delivery, _, outcome)| case.case(when(delivery), Expr::val(value(outcome))),
        )
    };
    let status_codes = each(|outcome| outcome.status_code.map(i32::from).into());
    let response_times = each(|outcome| response_ms(outcome).into());
    let updated = webhook_deliveries::Entity::update_many()
        .col_expr(D::Status, Expr::value(DeliveryStatus::Delivered.code()))
        .col_expr(D::Attempts, Expr::col(D::Attempts).add(1))
        .col_expr(D::NextAttemptAt, Expr::value(now))
        .col_expr(D::LastStatusCode, status_codes.into())
        .col_expr(D::LastResponseMs, response_times.into())
        .col_expr(D::LastError, Expr::value(Option::<String>::None))
        .col_expr(D::DeliveredAt, Expr::value(Some(now)))
        .col_expr(D::UpdatedAt, Expr::value(now))
        .filter(D::Id.is_in(delivered.iter().map(|(delivery, _, _)| delivery.id)))
        .filter(D::Status.eq(DeliveryStatus::Pending.code()))
        .exec(txn)
        .await?;
    held(updated.rows_affected, delivered.len())
}

/// 409 `lease_lost` unless all `wanted` rows were updated: the lease ran
/// out and another worker has them, so its tries count.
fn held(updated: u64, wanted: usize) -> Result<(), ApiError> {
    if updated == wanted as u64 {
        Ok(())
    } else {
        Err(ApiError::conflict(
            "lease_lost",
            msg!("another worker took the delivery over"),
        ))
    }
}

fn response_ms(outcome: &Outcome) -> i32 {
    i32::try_from(outcome.response_ms).unwrap_or(i32::MAX)
}
