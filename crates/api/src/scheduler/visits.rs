//! Visits falling due (SPEC 11): a return visit is the service desk's to
//! make; a routine or executive visit the account manager's. Each is
//! announced once: a booked visit when its time comes, a customer's
//! routine visit once per date it falls due on (the tier's cadence from
//! the last one).

use chrono::{DateTime, Utc};
use rapport_domain::org::Role;
use rapport_entity::{customers, return_visits, service_requests};
use rapport_types::customers::DueQuery;
use rapport_types::notifications::Notice;
use rapport_types::visits::{VisitKind, VisitStatus};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{DatabaseConnection, FromQueryResult, Order};
use uuid::Uuid;

use super::occurrences::{announced, not_announced};
use super::{Announcement, BATCH, Tally, fetch};
use crate::error::ApiError;
use crate::notify;
use crate::services::customers::{ORG_TZ, visits_due};

const BOOKED_DUE: &str = "visit_due";
const ROUTINE_DUE: &str = "routine_visit_due";
/// The one occasion of a booked visit this job announces.
const DUE: &str = "due";

/// A booked visit whose time came.
#[derive(Debug, FromQueryResult)]
struct Booked {
    id: Uuid,
    kind: VisitKind,
    due_at: DateTime<Utc>,
    customer_name: String,
    account_manager_id: Option<Uuid>,
    request_number: Option<String>,
}

/// Announces the visits due at `now`.
pub async fn run(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Tally, ApiError> {
    let mut tally = Tally::default();
    for booked in fetch::<Booked>(db, &booked_due(now)).await? {
        tally.count("visits", announce_booked(db, &booked, now).await);
    }
    let today = now.with_timezone(&ORG_TZ).date_naive();
    let due = visits_due(
        db,
        DueQuery {
            on: Some(today),
            account_manager_id: None,
        },
        now,
    )
    .await?;
    let announced = announced(db, ROUTINE_DUE).await?;
    for customer in due {
        let occasion = customer.next_routine_visit_on.to_string();
        if announced.contains(&(customer.id, occasion.clone())) {
            continue;
        }
        let notice = Notice::VisitDue {
            visit: VisitKind::Routine,
            customer_name: customer.name.clone(),
            request_number: None,
            due_on: customer.next_routine_visit_on,
        };
        let announcement = Announcement {
            kind: ROUTINE_DUE,
            about: ("customer", customer.id),
            occasion: &occasion,
            recipients: customer.account_manager_id.into_iter().collect(),
            notice,
            event: None,
            since: None,
        };
        tally.count("routine_visits", announcement.make(db, now).await);
    }
    Ok(tally)
}

/// Booked visits still due whose time came by `now`, not yet announced.
fn booked_due(now: DateTime<Utc>) -> SelectStatement {
    use return_visits::Column;
    Query::select()
        .columns([
            (return_visits::Entity, Column::Id),
            (return_visits::Entity, Column::Kind),
            (return_visits::Entity, Column::DueAt),
        ])
        .expr_as(
            Expr::col((customers::Entity, customers::Column::Name)),
            Alias::new("customer_name"),
        )
        .column((customers::Entity, customers::Column::AccountManagerId))
        .expr_as(
            Expr::col((service_requests::Entity, service_requests::Column::Number)),
            Alias::new("request_number"),
        )
        .from(return_visits::Entity)
        .inner_join(
            customers::Entity,
            Expr::col((customers::Entity, customers::Column::Id))
                .equals((return_visits::Entity, Column::CustomerId)),
        )
        .left_join(
            service_requests::Entity,
            Expr::col((service_requests::Entity, service_requests::Column::Id))
                .equals((return_visits::Entity, Column::RequestId)),
        )
        .and_where(Expr::col((return_visits::Entity, Column::Status)).eq(VisitStatus::Due))
        .and_where(Expr::col((return_visits::Entity, Column::DueAt)).lte(now))
        .and_where(not_announced(
            &[BOOKED_DUE],
            (return_visits::Entity, Column::Id),
            Expr::val(DUE),
            None,
        ))
        .order_by((return_visits::Entity, Column::DueAt), Order::Asc)
        .limit(BATCH)
        .to_owned()
}

async fn announce_booked(
    db: &DatabaseConnection,
    booked: &Booked,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let kind = booked.kind;
    let recipients = match kind {
        VisitKind::Return => notify::with_role(db, &[Role::Service], None).await?,
        VisitKind::Executive | VisitKind::Routine => {
            booked.account_manager_id.into_iter().collect()
        }
    };
    let notice = Notice::VisitDue {
        visit: kind,
        customer_name: booked.customer_name.clone(),
        request_number: booked.request_number.clone(),
        due_on: booked.due_at.with_timezone(&ORG_TZ).date_naive(),
    };
    Announcement {
        kind: BOOKED_DUE,
        about: ("visit", booked.id),
        occasion: DUE,
        recipients,
        notice,
        event: None,
        since: None,
    }
    .make(db, now)
    .await
}
