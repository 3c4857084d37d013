//! Taking requests in, in batches (group commit).
//!
//! Every intake holds the year's request counter (SQLite: its write lock)
//! until it commits, so intakes run one at a time whatever else runs beside
//! them, and one by one each paid a dozen round trips to the database and a
//! commit while the next waited. Instead one task per server takes the
//! intakes waiting (up to [`MAX_BATCH`]) and writes them in one transaction:
//! one number allocation, one routing read for all its departments, one
//! multi-row insert per table (all sent as one statement on PostgreSQL, see
//! [`Writes`]), one commit. Numbers stay gapless and follow arrival
//! order; routing counts each assignment before the next pick, as if the
//! requests had come in one by one. A batch that fails is rolled back as a
//! whole and its intakes are retried one at a time (a lone intake gets one
//! more try), so an intake only ever fails for its own sake.
//!
//! What needs no number and no routing (the id, the SLA deadlines, the
//! answer's clock measurements) is computed by each caller before and after,
//! on the server's worker threads, so the one task does as little as it can.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Datelike, Utc};
use rapport_domain::calendar::BusinessCalendar;
use rapport_domain::customer::Tier;
use rapport_domain::lifecycle::request::Status;
use rapport_domain::request::Category;
use rapport_domain::routing::{RequestFacts, RoutingRule};
use rapport_domain::sla::SlaTarget;
use rapport_entity::{contracts, customers, request_events, request_sla, service_requests};
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryTrait};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use rapport_types::requests::{NewRequest, ServiceRequest, ServiceRequestDetail};

use super::clocks::{self, Clocks};
use super::stored::Children;
use super::{detail_of, event, to_json};
use crate::assignee_loads;
use crate::audit::{self, Entry};
use crate::clock::Clock;
use crate::codes::{decode, encode};
use crate::error::ApiError;
use crate::idempotency::{Created, Key};
use crate::request_numbers;
use crate::services::customers::ORG_TZ;
use crate::services::routing::{self, Router};
use crate::services::{calendar, complaints, sla};
use crate::settings;
use crate::state::AppState;
use crate::writes::Writes;

/// The most intakes written in one transaction.
pub const MAX_BATCH: usize = 64;
/// Intakes waiting beyond this make their senders wait (back-pressure).
const QUEUE_LEN: usize = 1024;

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
            tier: decode::<Tier>("customers.tier", &customer.tier)?,
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
    let clocks = Clocks::new(calendar, policy, Uuid::now_v7());
    let intake = Intake::prepare(checked, &clocks, now, key)?;
    let written = state.intake.send(intake).await?;
    // The same answer the batch stored under the key, if there was one.
    detail_of(written.request, written.children, clocks.calendar(), now)
}

type Reply = oneshot::Sender<Result<Written, ApiError>>;

/// Where handlers hand intakes to the server's intake task.
#[derive(Debug, Clone)]
pub struct Queue {
    sender: mpsc::Sender<(Intake, Reply)>,
}

impl Queue {
    /// Starts the intake task on the current runtime.
    pub fn start(db: DatabaseConnection, settings: Arc<settings::Cache>, clock: Clock) -> Queue {
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

    /// Hands `intake` to the next batch; answers once it is committed.
    async fn send(&self, intake: Intake) -> Result<Written, ApiError> {
        let (reply, answer) = oneshot::channel();
        let closed = || {
            ApiError::internal(
                "taking a request in",
                std::io::Error::other("its batch was lost (see the server log)"),
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
///
/// A batch commits in a task of its own, so that the next one begins
/// meanwhile: on PostgreSQL its counter bump queues on the counter row and
/// goes on the moment the commit lands, a round trip sooner, and its routing
/// read, after the bump, sees that commit; on SQLite it waits for the one
/// writer connection. Numbers stay gapless, and an intake answered before
/// another was sent still has the lower number.
async fn run(writer: Writer, mut receiver: mpsc::Receiver<(Intake, Reply)>) {
    let writer = Arc::new(writer);
    let mut waiting = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut waiting, MAX_BATCH).await > 0 {
        let (intakes, replies): (Vec<Intake>, Vec<Reply>) = waiting.drain(..).unzip();
        // In a task of its own, so that a bug that panics loses this batch
        // (its callers get a 500) and not the intake of every later one.
        let batch = tokio::spawn(write_batch(Arc::clone(&writer), intakes, replies));
        if let Err(error) = batch.await {
            log::error!("a batch of intakes was lost: {error}");
        }
    }
}

/// Writes one batch and starts its commit.
async fn write_batch(writer: Arc<Writer>, intakes: Vec<Intake>, replies: Vec<Reply>) {
    let started = std::time::Instant::now();
    match writer.write(&intakes).await {
        Ok((txn, written)) => {
            tokio::spawn(async move {
                if let Err(error) = txn.commit().await {
                    return writer.retry(&intakes, replies, error.into()).await;
                }
                log::debug!(
                    "{} intakes written in {:?}",
                    intakes.len(),
                    started.elapsed()
                );
                for (reply, written) in replies.into_iter().zip(written) {
                    // The caller may have gone (client disconnected): the request stands.
                    let _ = reply.send(Ok(written));
                }
            });
        }
        Err(error) => writer.retry(&intakes, replies, error).await,
    }
}

/// What the intake task writes with.
struct Writer {
    db: DatabaseConnection,
    settings: Arc<settings::Cache>,
    clock: Clock,
}

/// One request of a batch, built in memory before anything is written.
struct Draft {
    model: service_requests::Model,
    written: Written,
}

impl Writer {
    /// Writes the intakes of a batch that failed (with `error`) one by one,
    /// so that each fails only for its own sake.
    async fn retry(&self, intakes: &[Intake], replies: Vec<Reply>, error: ApiError) {
        if intakes.len() > 1 {
            log::warn!(
                "a batch of {} intakes failed ({error}); retrying them one by one",
                intakes.len()
            );
        }
        for (intake, reply) in intakes.iter().zip(replies) {
            let _ = reply.send(self.write_one(intake).await);
        }
    }

    /// Writes and commits `intake` alone.
    async fn write_one(&self, intake: &Intake) -> Result<Written, ApiError> {
        let (txn, mut written) = self.write(std::slice::from_ref(intake)).await?;
        txn.commit().await?;
        written.pop().ok_or_else(|| {
            ApiError::internal(
                "taking a request in",
                std::io::Error::other("writing one intake wrote nothing"),
            )
        })
    }

    /// Writes `intakes` in one transaction, in order; the transaction, to
    /// commit, and what was written of each, in the same order.
    async fn write(
        &self,
        intakes: &[Intake],
    ) -> Result<(DatabaseTransaction, Vec<Written>), ApiError> {
        let now = self.clock.now();
        let txn = crate::db::begin(&self.db).await?;
        // First statement: it takes SQLite's write lock (and the year's
        // counter row on PostgreSQL), so the reads below see every earlier
        // intake (loads, numbers) and none races this batch.
        let numbers = numbers(&txn, intakes).await?;
        let rules = routing::rules(&txn, &self.settings).await?;
        let facts: Vec<RequestFacts> = intakes
            .iter()
            .map(Intake::facts)
            .collect::<Result<_, _>>()?;
        // Every department this batch goes to, in one read.
        let mut router = Router::default();
        router.read_for(&txn, &rules, &facts).await?;
        let mut drafts = Vec::with_capacity(intakes.len());
        for ((intake, facts), number) in intakes.iter().zip(&facts).zip(numbers) {
            drafts.push(draft(&txn, &mut router, &rules, intake, facts, number).await?);
        }
        // Everything else the batch writes, in one go (one statement on
        // PostgreSQL; see `Writes`).
        let mut writes = Writes::default();
        let models = drafts
            .iter()
            .map(|draft| service_requests::ActiveModel::from(draft.model.clone()));
        writes.push(service_requests::Entity::insert_many(models).into_query());
        let complaint_entries = open_complaints(&mut writes, intakes, &mut drafts)?;
        let written: Vec<Written> = drafts.into_iter().map(|draft| draft.written).collect();
        let sla: Vec<request_sla::Model> = written
            .iter()
            .flat_map(|w| w.children.sla.clone())
            .collect();
        clocks::store(&mut writes, &sla);
        let assigned: Vec<_> = written
            .iter()
            .filter_map(|w| {
                w.request
                    .assignee_id
                    .map(|person| (person, w.request.priority))
            })
            .collect();
        let people: Vec<Uuid> = assigned.iter().map(|(person, _)| *person).collect();
        super::mark_assigned(&mut writes, &people, now);
        assignee_loads::count_in(&mut writes, &assigned);
        let events: Vec<request_events::Model> = written
            .iter()
            .flat_map(|w| w.children.events.clone())
            .collect();
        super::insert_events(&mut writes, &events);
        let mut entries: Vec<Entry> = intakes
            .iter()
            .zip(&written)
            .map(|(intake, w)| Entry {
                actor: Some(intake.checked.caller),
                action: "request.create",
                entity_type: "request",
                entity_id: intake.id.to_string(),
                before: None,
                // The timeline's first entry holds the same record.
                after: w.children.events.first().and_then(|e| e.after.clone()),
            })
            .collect();
        entries.extend(complaint_entries);
        audit::record_all(&mut writes, now, entries);
        let answers = answers(intakes, &written)?;
        if let Some(keys) =
            Key::store_all(answers.iter().map(|(key, created)| (*key, created)), now)
        {
            writes.push(keys);
        }
        writes.execute(&txn).await?;
        Ok((txn, written))
    }
}

/// The answer of each intake with an `Idempotency-Key`, to store under it:
/// what its handler answers (`take_in`), measured at its intake.
fn answers<'a>(
    intakes: &'a [Intake],
    written: &[Written],
) -> Result<Vec<(&'a Key, Created)>, ApiError> {
    intakes
        .iter()
        .zip(written)
        .filter_map(|(intake, written)| Some((intake.keyed.as_ref()?, intake.at, written)))
        .map(|(keyed, at, written)| {
            let children = Children {
                sla: written.children.sla.clone(),
                events: written.children.events.clone(),
            };
            let detail = detail_of(written.request.clone(), children, &keyed.calendar, at)?;
            Ok((&keyed.key, Created::of(&detail)))
        })
        .collect()
}

/// Opens the complaint of each complaint request of the batch, promised by
/// its response deadline (after the requests' insert: a complaint refers to
/// its request), and notes it on the request's timeline; the complaints'
/// audit entries, to write with the batch's.
fn open_complaints(
    writes: &mut Writes,
    intakes: &[Intake],
    drafts: &mut [Draft],
) -> Result<Vec<Entry<'static>>, ApiError> {
    let complaining: Vec<usize> = (0..intakes.len())
        .filter(|&i| intakes[i].checked.new.category == Category::Complaint)
        .collect();
    let openings = complaining
        .iter()
        .map(|&i| {
            let (intake, written) = (&intakes[i], &drafts[i].written);
            let checked = &intake.checked;
            let response = encode(&SlaTarget::response_target(checked.new.priority));
            let promised_by = written
                .children
                .sla
                .iter()
                .find(|row| row.target == response)
                .ok_or_else(|| {
                    ApiError::internal(
                        "opening a complaint request's complaint",
                        std::io::Error::other("the request has no response clock"),
                    )
                })?
                .deadline;
            let new = rapport_types::complaints::NewComplaint {
                customer_id: checked.customer.id,
                contact_id: checked.new.contact_id,
                request_id: Some(intake.id),
                summary: checked.title.clone(),
                details: written.request.description.clone(),
                promised_by,
            };
            Ok(complaints::Opening {
                new,
                actor: checked.caller,
                at: intake.at,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    let opened = complaints::open_all(writes, openings)?;
    let mut entries = Vec::with_capacity(opened.len());
    for (&i, complaint) in complaining.iter().zip(&opened) {
        let intake = &intakes[i];
        let caller = intake.checked.caller;
        let after = serde_json::json!({"complaint_id": complaint.id});
        drafts[i].written.children.events.push(event(
            intake.id,
            intake.at,
            Some(caller),
            "complaint_opened",
            None,
            Some(after),
        ));
        entries.push(complaints::audit_entry(complaint, caller));
    }
    Ok(entries)
}

/// The numbers of `intakes`, in order: each from the counter of the year
/// (organisation time) it was received in; a batch spans two years only
/// around midnight on New Year's Eve.
async fn numbers(
    conn: &impl ConnectionTrait,
    intakes: &[Intake],
) -> Result<Vec<(i32, i32)>, ApiError> {
    let years: Vec<i32> = intakes
        .iter()
        .map(|intake| intake.at.with_timezone(&ORG_TZ).year())
        .collect();
    let mut counts: BTreeMap<i32, i32> = BTreeMap::new();
    for &year in &years {
        *counts.entry(year).or_default() += 1;
    }
    // Years in ascending order, so instances lock counters in one order.
    let mut next = BTreeMap::new();
    for (year, count) in counts {
        next.insert(year, request_numbers::take(conn, year, count).await?);
    }
    Ok(years
        .into_iter()
        .map(|year| {
            let seq = next.entry(year).or_default();
            *seq += 1;
            (year, *seq - 1)
        })
        .collect())
}

/// Numbers and routes one intake; in memory but for the first routing read
/// of each department.
async fn draft(
    conn: &impl ConnectionTrait,
    router: &mut Router,
    rules: &[RoutingRule],
    intake: &Intake,
    facts: &RequestFacts,
    (year, seq): (i32, i32),
) -> Result<Draft, ApiError> {
    let Intake {
        checked, id, at, ..
    } = intake;
    let (id, at, new) = (*id, *at, &checked.new);
    let routed = router.decide(conn, rules, facts, at).await?;
    let status = if routed.assignee.is_some() {
        Status::Assigned
    } else {
        Status::New
    };
    let contract = checked.contract.as_ref();
    let model = service_requests::Model {
        id,
        number: request_numbers::format(year, seq),
        year,
        seq,
        customer_id: checked.customer.id,
        contact_id: new.contact_id,
        channel: encode(&new.channel),
        category: encode(&new.category),
        product_kind: encode(&new.product_kind),
        work_type: encode(&new.work_type),
        priority: encode(&new.priority),
        title: checked.title.clone(),
        description: new.description.trim().to_owned(),
        status: status.code().to_owned(),
        billable: contract.is_none(),
        contract_id: contract.map(|contract| contract.id),
        calendar_name: contract.and_then(|contract| contract.calendar_name.clone()),
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
        created_by: checked.caller,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    let request = super::request_from_model(model.clone())?;
    let call_back = encode(&SlaTarget::CallBack);
    let sla = intake
        .sla
        .iter()
        .filter(|row| routed.assignee.is_some() || row.target != call_back)
        .cloned()
        .collect();
    let mut events = vec![event(
        id,
        at,
        Some(checked.caller),
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
            at,
            Some(checked.caller),
            "assigned",
            Some(before),
            Some(after),
        ));
    }
    Ok(Draft {
        model,
        written: Written {
            request,
            children: Children { sla, events },
        },
    })
}

#[cfg(test)]
mod tests {
    use rapport_domain::request::{IntakeChannel, Priority, ProductKind, WorkType};
    use rapport_domain::sla::SlaPolicy;
    use sea_orm::ActiveModelTrait;
    use sea_orm::ActiveValue::Set;

    use super::*;

    fn intake(caller: Uuid, customer: customers::Model, at: DateTime<Utc>) -> Intake {
        let checked = Checked {
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
        };
        let clocks = Clocks::new(
            BusinessCalendar::default(),
            SlaPolicy::default(),
            Uuid::now_v7(),
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
        let customer = customers::ActiveModel {
            id: Set(Uuid::new_v4()),
            name: Set("有客户".to_owned()),
            industry: Set(String::new()),
            address: Set(String::new()),
            stage: Set("long_term".to_owned()),
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
            queue.send(intake(user.id, customer.clone(), now)),
            queue.send(intake(user.id, ghost, now)),
            queue.send(intake(user.id, customer, now)),
        );

        assert_eq!(first.unwrap().request.number, "SR-2025-000001");
        assert!(bad.is_err());
        assert_eq!(second.unwrap().request.number, "SR-2025-000002");
    }
}
