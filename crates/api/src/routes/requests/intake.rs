//! Taking requests in, in batches (group commit).
//!
//! Every intake holds the year's request counter (SQLite: its write lock)
//! until it commits, so intakes run one at a time whatever else runs beside
//! them, and one by one each paid a dozen round trips to the database and a
//! commit while the next waited. Instead one task per server takes the
//! intakes waiting (up to [`MAX_BATCH`]) and writes them in one transaction:
//! one number allocation, one routing read per department, one multi-row
//! insert per table, one commit. Numbers stay gapless and follow arrival
//! order; routing counts each assignment before the next pick, as if the
//! requests had come in one by one. A batch that fails is rolled back as a
//! whole and its intakes are retried one at a time, so an intake only ever
//! fails for its own sake.

use chrono::{DateTime, Datelike, Utc};
use rapport_domain::calendar::BusinessCalendar;
use rapport_domain::customer::Tier;
use rapport_domain::lifecycle::request::Status;
use rapport_domain::request::Category;
use rapport_domain::routing::{RequestFacts, RoutingRule};
use rapport_domain::sla::{SlaPolicy, SlaTarget};
use rapport_entity::{contracts, customers, request_events, request_sla, service_requests};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, TransactionTrait};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use super::clocks::{self, Clocks};
use super::{NewRequest, ServiceRequest, ServiceRequestDetail, detail_of, event, to_json};
use crate::assignee_loads;
use crate::audit::{self, Entry};
use crate::clock::Clock;
use crate::codes::{decode, encode};
use crate::error::ApiError;
use crate::request_numbers;
use crate::routes::routing::{self, Router};
use crate::routes::{calendar, complaints, sla};
use crate::settings;

/// The most intakes written in one transaction.
pub const MAX_BATCH: usize = 64;
/// Intakes waiting beyond this make their senders wait (back-pressure).
const QUEUE_LEN: usize = 1024;

/// A request checked and ready to be written: the caller has validated the
/// fields and read the customer, contact and contract.
#[derive(Debug)]
pub struct Intake {
    /// Who takes it in.
    pub caller: Uuid,
    /// What was asked.
    pub new: NewRequest,
    /// The title, trimmed.
    pub title: String,
    /// The customer (not archived).
    pub customer: customers::Model,
    /// The customer's contract in force, if any.
    pub contract: Option<contracts::Model>,
}

type Reply = oneshot::Sender<Result<ServiceRequestDetail, ApiError>>;

/// Where handlers hand intakes to the server's intake task.
#[derive(Debug, Clone)]
pub struct Queue {
    sender: mpsc::Sender<(Intake, Reply)>,
}

impl Queue {
    /// Starts the intake task on the current runtime.
    pub fn start(
        db: DatabaseConnection,
        settings: std::sync::Arc<settings::Cache>,
        clock: Clock,
    ) -> Queue {
        let (sender, receiver) = mpsc::channel(QUEUE_LEN);
        tokio::spawn(run(
            Writer {
                db,
                settings,
                clock,
            },
            receiver,
        ));
        Queue { sender }
    }

    /// Takes `intake` in with the next batch; answers once it is committed.
    pub async fn take_in(&self, intake: Intake) -> Result<ServiceRequestDetail, ApiError> {
        let (reply, answer) = oneshot::channel();
        let closed = || {
            ApiError::internal(
                "taking a request in",
                std::io::Error::other("the intake task has stopped"),
            )
        };
        self.sender
            .send((intake, reply))
            .await
            .map_err(|_| closed())?;
        answer.await.map_err(|_| closed())?
    }
}

/// Writes batches until every [`Queue`] is dropped.
async fn run(writer: Writer, mut receiver: mpsc::Receiver<(Intake, Reply)>) {
    let mut waiting = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut waiting, MAX_BATCH).await > 0 {
        let (intakes, replies): (Vec<Intake>, Vec<Reply>) = waiting.drain(..).unzip();
        match writer.write(&intakes).await {
            Ok(details) => {
                for (reply, detail) in replies.into_iter().zip(details) {
                    // The caller may have gone (client disconnected): the request stands.
                    let _ = reply.send(Ok(detail));
                }
            }
            Err(error) if intakes.len() == 1 => {
                if let Some(reply) = replies.into_iter().next() {
                    let _ = reply.send(Err(error));
                }
            }
            Err(error) => {
                log::warn!(
                    "a batch of {} intakes failed ({error}); retrying them one by one",
                    intakes.len()
                );
                for (intake, reply) in intakes.iter().zip(replies) {
                    let written = writer.write(std::slice::from_ref(intake)).await;
                    let _ = reply.send(written.and_then(|mut details| {
                        details.pop().ok_or_else(|| {
                            ApiError::internal(
                                "taking a request in",
                                std::io::Error::other("a batch of one wrote nothing"),
                            )
                        })
                    }));
                }
            }
        }
    }
}

/// What the intake task writes with.
struct Writer {
    db: DatabaseConnection,
    settings: std::sync::Arc<settings::Cache>,
    clock: Clock,
}

/// What every intake of a batch shares.
struct Batch {
    now: DateTime<Utc>,
    year: i32,
    rules: Vec<RoutingRule>,
    policy: SlaPolicy,
    router: Router,
}

/// One request of a batch, built in memory before anything is written.
struct Draft {
    model: service_requests::Model,
    request: ServiceRequest,
    calendar: BusinessCalendar,
    sla: Vec<request_sla::Model>,
    events: Vec<request_events::Model>,
}

impl Writer {
    /// Writes `intakes` in one transaction, in order; their details in the same order.
    async fn write(&self, intakes: &[Intake]) -> Result<Vec<ServiceRequestDetail>, ApiError> {
        let now = self.clock.now();
        let year = now.with_timezone(&crate::routes::customers::ORG_TZ).year();
        let count = i32::try_from(intakes.len())
            .map_err(|error| ApiError::internal("counting a batch of intakes", error))?;
        let txn = self.db.begin().await?;
        // First statement: it takes SQLite's write lock (and the year's
        // counter row on PostgreSQL), so the reads below see every earlier
        // intake (loads, numbers) and none races this batch.
        let first = request_numbers::take(&txn, year, count).await?;
        let mut batch = Batch {
            now,
            year,
            rules: routing::rules(&txn, &self.settings).await?,
            policy: sla::policy(&txn, &self.settings).await?,
            router: Router::default(),
        };
        let mut drafts = Vec::with_capacity(intakes.len());
        for (intake, seq) in intakes.iter().zip(first..) {
            drafts.push(self.draft(&txn, &mut batch, intake, seq).await?);
        }
        let models = drafts
            .iter()
            .map(|draft| service_requests::ActiveModel::from(draft.model.clone()));
        service_requests::Entity::insert_many(models)
            .exec_without_returning(&txn)
            .await?;
        // A complaint request opens a complaint (it refers to the request,
        // so after the insert), promised by the response deadline.
        for (intake, draft) in intakes.iter().zip(&mut drafts) {
            if intake.new.category == Category::Complaint {
                let complaint = complaints::open(
                    &txn,
                    complaints::NewComplaint {
                        customer_id: intake.customer.id,
                        contact_id: intake.new.contact_id,
                        request_id: Some(draft.request.id),
                        summary: intake.title.clone(),
                        details: draft.request.description.clone(),
                        promised_by: draft.sla[0].deadline,
                    },
                    intake.caller,
                    now,
                )
                .await?;
                let after = serde_json::json!({"complaint_id": complaint.id});
                draft.events.push(event(
                    draft.request.id,
                    now,
                    intake.caller,
                    "complaint_opened",
                    None,
                    Some(after),
                ));
            }
        }
        let sla: Vec<request_sla::Model> =
            drafts.iter().flat_map(|draft| draft.sla.clone()).collect();
        clocks::store(&txn, &sla).await?;
        let assigned: Vec<_> = drafts
            .iter()
            .filter_map(|draft| {
                let request = &draft.request;
                request.assignee_id.map(|person| (person, request.priority))
            })
            .collect();
        let people: Vec<Uuid> = assigned.iter().map(|(person, _)| *person).collect();
        super::mark_assigned(&txn, &people, now).await?;
        assignee_loads::count_in(&txn, &assigned).await?;
        let events: Vec<request_events::Model> = drafts
            .iter()
            .flat_map(|draft| draft.events.clone())
            .collect();
        super::insert_events(&txn, &events).await?;
        let entries = intakes
            .iter()
            .zip(&drafts)
            .map(|(intake, draft)| Entry {
                actor: Some(intake.caller),
                action: "request.create",
                entity_type: "request",
                entity_id: draft.request.id.to_string(),
                before: None,
                after: serde_json::to_value(&draft.request).ok(),
            })
            .collect();
        audit::record_all(&txn, now, entries).await?;
        txn.commit().await?;
        // Built from what was just written rather than read back.
        drafts
            .into_iter()
            .map(|draft| detail_of(draft.request, draft.sla, draft.events, &draft.calendar, now))
            .collect()
    }

    /// Numbers (`seq`), routes and times one intake, in memory but for the
    /// first routing read of each department.
    async fn draft(
        &self,
        conn: &impl ConnectionTrait,
        batch: &mut Batch,
        intake: &Intake,
        seq: i32,
    ) -> Result<Draft, ApiError> {
        let Batch { now, year, .. } = *batch;
        let new = &intake.new;
        let tier: Tier = decode("customers.tier", &intake.customer.tier)?;
        let facts = RequestFacts {
            category: new.category,
            product_kind: new.product_kind,
            tier,
            priority: new.priority,
            title: intake.title.clone(),
        };
        let routed = batch.router.decide(conn, &batch.rules, &facts, now).await?;
        let status = if routed.assignee.is_some() {
            Status::Assigned
        } else {
            Status::New
        };
        // Time-ordered ids keep this table's and its children's indexes
        // appending at the end instead of touching random pages.
        let id = Uuid::now_v7();
        let contract = intake.contract.as_ref();
        let calendar_name = contract.and_then(|contract| contract.calendar_name.clone());
        let model = service_requests::Model {
            id,
            number: request_numbers::format(year, seq),
            year,
            seq,
            customer_id: intake.customer.id,
            contact_id: new.contact_id,
            channel: encode(&new.channel),
            category: encode(&new.category),
            product_kind: encode(&new.product_kind),
            work_type: encode(&new.work_type),
            priority: encode(&new.priority),
            title: intake.title.clone(),
            description: new.description.trim().to_owned(),
            status: status.code().to_owned(),
            billable: contract.is_none(),
            contract_id: contract.map(|contract| contract.id),
            calendar_name,
            department: routed.reason.department.code().to_owned(),
            assignee_id: routed.assignee,
            routing_reason: to_json(&routed.reason)?,
            paused_since: None,
            pauses: serde_json::json!([]),
            quote: None,
            resolution_method: None,
            fault_description: None,
            solution: None,
            resolved_at: None,
            customer_signed_at: None,
            account_manager_signed_at: None,
            outstanding_issue: None,
            next_visit_at: None,
            parts: None,
            cancel_reason: None,
            created_by: intake.caller,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let request = ServiceRequest::from_model(model.clone())?;
        let calendar =
            calendar::for_request(conn, &self.settings, request.calendar_name.as_deref()).await?;
        let clocks = Clocks::new(calendar, batch.policy, id);
        let mut targets = vec![
            SlaTarget::response_target(new.priority),
            SlaTarget::resolution_target(new.work_type),
        ];
        if routed.assignee.is_some() {
            targets.push(SlaTarget::CallBack);
        }
        let sla = clocks.started(&targets, now)?;
        let mut events = vec![event(
            id,
            now,
            intake.caller,
            "created",
            None,
            Some(to_json(&request)?),
        )];
        if let Some(assignee) = routed.assignee {
            let before = serde_json::json!({"status": Status::New, "assignee_id": null});
            let after = serde_json::json!({
                "status": Status::Assigned,
                "assignee_id": assignee,
                "routing_reason": &request.routing_reason,
            });
            events.push(event(
                id,
                now,
                intake.caller,
                "assigned",
                Some(before),
                Some(after),
            ));
        }
        Ok(Draft {
            model,
            request,
            calendar: clocks.into_calendar(),
            sla,
            events,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use rapport_domain::request::{IntakeChannel, Priority, ProductKind, WorkType};
    use rapport_entity::users;
    use sea_orm::ActiveModelTrait;
    use sea_orm::ActiveValue::Set;

    use super::*;

    fn intake(caller: Uuid, customer: customers::Model) -> Intake {
        Intake {
            caller,
            new: NewRequest {
                customer_id: customer.id,
                contact_id: None,
                channel: IntakeChannel::Phone,
                category: Category::Fault,
                product_kind: ProductKind::Software,
                work_type: WorkType::Maintenance,
                priority: Priority::Routine,
                title: "系统无法登录".to_owned(),
                description: String::new(),
            },
            title: "系统无法登录".to_owned(),
            customer,
            contract: None,
        }
    }

    /// A batch with an intake that cannot be written (its customer is gone)
    /// fails as a whole; retried one by one, only that intake fails and the
    /// others keep gapless numbers.
    #[tokio::test]
    async fn one_bad_intake_fails_alone_and_the_rest_of_its_batch_is_taken_in() {
        let db = crate::db::connect_and_migrate("sqlite::memory:")
            .await
            .unwrap();
        let now: DateTime<Utc> = "2025-03-03T02:00:00Z".parse().unwrap();
        let user = users::ActiveModel {
            id: Set(Uuid::new_v4()),
            email: Set("desk@example.com".to_owned()),
            display_name: Set("服务台".to_owned()),
            password_hash: Set(String::new()),
            role: Set("service_desk".to_owned()),
            department: Set("service".to_owned()),
            skills: Set(serde_json::json!([])),
            active: Set(true),
            last_assigned_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&db)
        .await
        .unwrap();
        let customer = customers::ActiveModel {
            id: Set(Uuid::new_v4()),
            name: Set("有客户".to_owned()),
            industry: Set(String::new()),
            address: Set(String::new()),
            stage: Set("customer".to_owned()),
            tier: Set("ordinary".to_owned()),
            account_manager_id: Set(None),
            preferred_channel: Set("phone".to_owned()),
            verification: Set("verified".to_owned()),
            rejection_reason: Set(None),
            registered_by: Set(user.id),
            reviewed_by: Set(None),
            reviewed_at: Set(None),
            last_routine_visit_on: Set(None),
            archived_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&db)
        .await
        .unwrap();
        let ghost = customers::Model {
            id: Uuid::new_v4(),
            ..customer.clone()
        };
        let settings = Arc::new(settings::Cache::new(db.get_database_backend()));
        let queue = Queue::start(db, settings, Clock::fixed(now));

        // Queued together before the intake task runs: one batch.
        let (first, bad, second) = tokio::join!(
            queue.take_in(intake(user.id, customer.clone())),
            queue.take_in(intake(user.id, ghost)),
            queue.take_in(intake(user.id, customer)),
        );

        assert_eq!(first.unwrap().request.number, "SR-2025-000001");
        assert!(bad.is_err());
        assert_eq!(second.unwrap().request.number, "SR-2025-000002");
    }
}
