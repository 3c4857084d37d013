//! Registrations waiting (SPEC 11): the reviewers hear of each customer
//! registered and still `pending_review`, once.

use chrono::{DateTime, Utc};
use rapport_domain::customer::Verification;
use rapport_entity::customers;
use rapport_types::notifications::Notice;
use sea_orm::sea_query::{Expr, Query, SelectStatement};
use sea_orm::{ColumnTrait, DatabaseConnection, FromQueryResult, Order};
use uuid::Uuid;

use super::occurrences::not_announced;
use super::{Announcement, BATCH, Tally, fetch};
use crate::error::ApiError;
use crate::notify;

const WAITING: &str = "registration_waiting";
/// The one occasion of a registration this job announces.
const REGISTERED: &str = "registered";

#[derive(Debug, FromQueryResult)]
struct Waiting {
    id: Uuid,
    name: String,
    created_at: DateTime<Utc>,
}

/// Announces the registrations waiting for review at `now`.
pub async fn run(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Tally, ApiError> {
    let mut tally = Tally::default();
    for waiting in fetch::<Waiting>(db, &waiting()).await? {
        tally.count("waiting", announce_waiting(db, &waiting, now).await);
    }
    Ok(tally)
}

fn waiting() -> SelectStatement {
    use customers::Column;
    Query::select()
        .columns([Column::Id, Column::Name, Column::CreatedAt])
        .from(customers::Entity)
        .and_where(Column::Verification.eq(Verification::PendingReview))
        .and_where(Column::ArchivedAt.is_null())
        .and_where(not_announced(
            &[WAITING],
            (customers::Entity, Column::Id),
            Expr::val(REGISTERED),
            None,
        ))
        .order_by(Column::CreatedAt, Order::Asc)
        .limit(BATCH)
        .to_owned()
}

async fn announce_waiting(
    db: &DatabaseConnection,
    waiting: &Waiting,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let notice = Notice::RegistrationWaiting {
        customer_name: waiting.name.clone(),
        registered_at: waiting.created_at,
    };
    let recipients = notify::reviewers(db).await?;
    Announcement {
        kind: WAITING,
        about: ("customer", waiting.id),
        occasion: REGISTERED,
        recipients,
        notice,
        event: None,
        since: None,
    }
    .make(db, now)
    .await
}
