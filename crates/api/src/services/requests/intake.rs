//! Taking requests in, in batches (group commit).
//!
//! Every intake holds the year's request counter (SQLite: its write lock)
//! until it commits, so intakes run one at a time whatever else runs beside
//! them, and one by one each paid a dozen round trips to the database and a
//! commit while the next waited. Instead one task per server takes the
//! intakes waiting (up to [`MAX_BATCH`]) and writes them in one transaction:
//! one number allocation, one routing read for all its departments, one
//! multi-row insert per table (all sent as one statement on PostgreSQL, see
//! [`Writes`](crate::writes::Writes)), one commit. Numbers stay gapless and follow arrival
//! order; routing counts each assignment before the next pick, as if the
//! requests had come in one by one. A batch that fails is rolled back as a
//! whole and its intakes are retried one at a time (a lone intake gets one
//! more try), so an intake only ever fails for its own sake.
//!
//! What needs no number and no routing (the id, the SLA deadlines, the
//! answer's clock measurements) is computed by each caller before and after,
//! on the server's worker threads, so the one task does as little as it can.

mod batch;
mod queue;

use chrono::{DateTime, Utc};
use rapport_domain::calendar::BusinessCalendar;
use rapport_domain::routing::RequestFacts;
use rapport_domain::sla::SlaTarget;
use rapport_entity::{contracts, customers, request_sla};
use uuid::Uuid;

use rapport_types::requests::{NewRequest, ServiceRequest, ServiceRequestDetail};

use super::clocks::Clocks;
use super::detail_of;
use super::stored::Children;
use crate::error::ApiError;
use crate::idempotency::Key;
use crate::services::{calendar, sla};
use crate::state::AppState;

pub use self::queue::{Connections, Queue};

/// The most intakes written in one transaction.
pub const MAX_BATCH: usize = 64;

/// A request the caller has checked: fields validated, customer, contact
/// and contract read.
#[derive(Debug)]
pub struct Checked {
    /// Who takes it in.
    pub(super) caller: Uuid,
    /// What was asked.
    pub(super) new: NewRequest,
    /// The title, trimmed.
    pub(super) title: String,
    /// The customer (not archived).
    pub(super) customer: customers::Model,
    /// Whether the customer is still `pending_review`: the request is
    /// flagged `customer_unverified` and the reviewers are told.
    pub(super) unverified: bool,
    /// The customer's contract in force, if any.
    pub(super) contract: Option<contracts::Model>,
}

/// A checked request with what could be computed before the batch.
#[derive(Debug)]
struct Intake {
    checked: Checked,
    id: Uuid,
    at: DateTime<Utc>,
    /// Every target's row; the call-back's is dropped if nobody is assigned.
    sla: Vec<request_sla::Model>,
    /// The caller's `Idempotency-Key`, claimed with the request in its
    /// batch's transaction.
    keyed: Option<Keyed>,
}

/// An `Idempotency-Key` and what the batch needs to store the answer under it.
#[derive(Debug)]
struct Keyed {
    key: Key,
    /// The request's calendar, for its answer's clock measurements.
    calendar: BusinessCalendar,
}

impl Intake {
    /// `checked` received `at`, timed on `clocks` (made for its new id).
    fn prepare(
        checked: Checked,
        clocks: &Clocks,
        at: DateTime<Utc>,
        key: Option<Key>,
    ) -> Result<Intake, ApiError> {
        let targets = SlaTarget::started_at_intake(checked.new.priority, checked.new.work_type);
        Ok(Intake {
            id: clocks.request_id(),
            sla: clocks.started(&targets, at)?,
            checked,
            at,
            keyed: key.map(|key| Keyed {
                key,
                calendar: clocks.calendar().clone(),
            }),
        })
    }

    /// What routing goes by.
    fn facts(&self) -> Result<RequestFacts, ApiError> {
        let Checked {
            new,
            title,
            customer,
            ..
        } = &self.checked;
        Ok(RequestFacts {
            category: new.category,
            product_kind: new.product_kind,
            tier: customer.tier,
            priority: new.priority,
            title: title.clone(),
        })
    }
}

/// What the batch wrote of one request, for its answer.
#[derive(Debug)]
pub(super) struct Written {
    request: ServiceRequest,
    children: Children,
}

/// Takes in `checked`, received `now`: answers once its batch is committed
/// (with its answer stored under `key`, if any).
pub async fn take_in(
    state: &AppState,
    checked: Checked,
    now: DateTime<Utc>,
    key: Option<Key>,
) -> Result<ServiceRequestDetail, ApiError> {
    let calendar_name = checked
        .contract
        .as_ref()
        .and_then(|contract| contract.calendar_name.as_deref());
    let calendar = calendar::for_request(&state.reader, &state.settings, calendar_name).await?;
    let policy = sla::policy(&state.reader, &state.settings).await?;
    // Time-ordered ids keep the request table's and its children's indexes
    // appending at the end instead of touching random pages.
    let clocks = Clocks::new(calendar, policy, Uuid::now_v7(), now);
    let intake = Intake::prepare(checked, &clocks, now, key)?;
    let written = state.intake.send(intake).await?;
    // The same answer the batch stored under the key, if there was one.
    detail_of(written.request, written.children, clocks.calendar(), now)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use rapport_domain::request::{Category, IntakeChannel, Priority, ProductKind, WorkType};
    use rapport_domain::sla::SlaPolicy;
    use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

    use super::*;
    use crate::clock::Clock;
    use crate::settings;

    fn intake(
        caller: Uuid,
        customer: customers::Model,
        priority: Priority,
        at: DateTime<Utc>,
    ) -> Intake {
        let checked = Checked {
            caller,
            new: NewRequest {
                customer_id: customer.id,
                contact_id: None,
                channel: IntakeChannel::Phone,
                category: Category::Fault,
                product_kind: ProductKind::Software,
                work_type: WorkType::Maintenance,
                priority,
                title: "系统无法登录".to_owned(),
                description: String::new(),
            },
            title: "系统无法登录".to_owned(),
            customer,
            unverified: false,
            contract: None,
        };
        let clocks = Clocks::new(
            BusinessCalendar::default(),
            SlaPolicy::default(),
            Uuid::now_v7(),
            at,
        );
        Intake::prepare(checked, &clocks, at, None).unwrap()
    }

    /// A batch with an intake that cannot be written (its customer is gone)
    /// fails as a whole; retried one by one, only that intake fails and the
    /// others keep gapless numbers.
    #[tokio::test]
    async fn one_bad_intake_fails_alone_and_the_rest_of_its_batch_is_taken_in() {
        let now: DateTime<Utc> = "2025-03-03T02:00:00Z".parse().unwrap();
        let (db, user) = crate::test_fixtures::database_with_desk_user(now).await;
        let customer = crate::test_fixtures::verified_customer(&db, &user, now).await;
        let ghost = customers::Model {
            id: Uuid::new_v4(),
            ..customer.clone()
        };
        let settings = Arc::new(settings::Cache::new(db.get_database_backend()));
        let queue = Queue::start(Connections::shared(&db), settings, Clock::fixed(now))
            .await
            .unwrap();

        // Queued together before the intake task runs: one batch.
        let (first, bad, second) = tokio::join!(
            queue.send(intake(user.id, customer.clone(), Priority::Routine, now)),
            queue.send(intake(user.id, ghost, Priority::Routine, now)),
            queue.send(intake(user.id, customer, Priority::Routine, now)),
        );

        assert_eq!(first.unwrap().request.number, "SR-2025-000001");
        assert!(bad.is_err());
        assert_eq!(second.unwrap().request.number, "SR-2025-000002");
    }

    /// Where each request's clocks stand, as stored.
    async fn summaries(db: &DatabaseConnection) -> Vec<Vec<Option<String>>> {
        let sql = "SELECT CAST(sla_due AS TEXT) AS due, sla_due_target AS target, \
                   CAST(sla_due_at_risk_from AS TEXT) AS due_risk, \
                   CAST(sla_at_risk_from AS TEXT) AS risk, \
                   CAST(sla_breached_from AS TEXT) AS breached, sla_frozen AS frozen \
                   FROM service_requests ORDER BY id";
        let statement = Statement::from_string(db.get_database_backend(), sql);
        let rows = db.query_all_raw(statement).await.unwrap();
        rows.iter()
            .map(|row| {
                ["due", "target", "due_risk", "risk", "breached", "frozen"]
                    .map(|column| row.try_get::<Option<String>>("", column).unwrap())
                    .to_vec()
            })
            .collect()
    }

    /// The summary a batch writes with each request is what `summarize`
    /// writes from its clocks.
    #[tokio::test]
    async fn requests_are_taken_in_with_the_summary_of_their_clocks() {
        let now: DateTime<Utc> = "2025-03-03T02:00:00Z".parse().unwrap();
        let (db, user) = crate::test_fixtures::database_with_desk_user(now).await;
        let customer = crate::test_fixtures::verified_customer(&db, &user, now).await;
        let settings = Arc::new(settings::Cache::new(db.get_database_backend()));
        let queue = Queue::start(Connections::shared(&db), settings, Clock::fixed(now))
            .await
            .unwrap();
        let mut ids = Vec::new();
        for priority in [Priority::Urgent, Priority::Important, Priority::Routine] {
            let written = queue
                .send(intake(user.id, customer.clone(), priority, now))
                .await
                .unwrap();
            ids.push(written.request.id);
        }

        let taken_in = summaries(&db).await;
        super::super::clocks::summarize(&db, ids).await.unwrap();

        assert_eq!(taken_in, summaries(&db).await);
        assert!(
            taken_in
                .iter()
                .all(|row| row[..5].iter().all(Option::is_some))
        );
    }
}
