//! Complaint promises passing (SPEC 11): when the handling time promised
//! to the customer passes before the complaint is resolved, the service
//! desk and the managers hear of it, once per complaint.

use chrono::{DateTime, Utc};
use rapport_domain::lifecycle::complaint::Status;
use rapport_domain::msg;
use rapport_domain::org::Role;
use rapport_entity::{complaints, customers};
use rapport_types::notifications::Notice;
use rapport_types::webhooks::Event;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{DatabaseConnection, EntityTrait, FromQueryResult, Order};
use uuid::Uuid;

use super::occurrences::not_announced;
use super::{Announcement, BATCH, Tally, fetch};
use crate::error::ApiError;
use crate::notify;
use crate::webhooks::data;

const OVERDUE: &str = "complaint_overdue";
/// The one occasion of a complaint this job announces.
const PROMISE: &str = "promise";

/// An open complaint past its promised time.
#[derive(Debug, FromQueryResult)]
struct Overdue {
    id: Uuid,
    summary: String,
    promised_by: DateTime<Utc>,
    customer_name: String,
}

/// Announces the complaints whose promise passed by `now`.
pub async fn run(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Tally, ApiError> {
    let mut tally = Tally::default();
    for overdue in fetch::<Overdue>(db, &overdue(now)).await? {
        tally.count("overdue", announce_overdue(db, &overdue, now).await);
    }
    Ok(tally)
}

fn overdue(now: DateTime<Utc>) -> SelectStatement {
    use complaints::Column;
    let open = Status::ALL
        .into_iter()
        .filter(|status| status.is_open())
        .map(Status::code);
    Query::select()
        .columns([
            (complaints::Entity, Column::Id),
            (complaints::Entity, Column::Summary),
            (complaints::Entity, Column::PromisedBy),
        ])
        .expr_as(
            Expr::col((customers::Entity, customers::Column::Name)),
            Alias::new("customer_name"),
        )
        .from(complaints::Entity)
        .inner_join(
            customers::Entity,
            Expr::col((customers::Entity, customers::Column::Id))
                .equals((complaints::Entity, Column::CustomerId)),
        )
        .and_where(Expr::col((complaints::Entity, Column::Status)).is_in(open))
        .and_where(Expr::col((complaints::Entity, Column::PromisedBy)).lt(now))
        .and_where(not_announced(
            &[OVERDUE],
            (complaints::Entity, Column::Id),
            Expr::val(PROMISE),
            None,
        ))
        .order_by((complaints::Entity, Column::PromisedBy), Order::Asc)
        .limit(BATCH)
        .to_owned()
}

async fn announce_overdue(
    db: &DatabaseConnection,
    overdue: &Overdue,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let recipients = notify::with_role(db, &[Role::Service, Role::Manager], None).await?;
    let notice = Notice::ComplaintOverdue {
        customer_name: overdue.customer_name.clone(),
        summary: overdue.summary.clone(),
        promised_by: overdue.promised_by,
    };
    let stored = crate::db::unique(db, complaints::Entity::find_by_id(overdue.id))
        .await?
        .ok_or(ApiError::NotFound(msg!("complaint")))?;
    let event = Event::ComplaintOverdue(data::complaint_row(db, &stored).await?);
    Announcement {
        kind: OVERDUE,
        about: ("complaint", overdue.id),
        occasion: PROMISE,
        recipients,
        notice,
        event: Some(event),
        since: None,
    }
    .make(db, now)
    .await
}
