//! The delivery worker, one per server: every [`POLL`] it looks for the
//! endpoints whose first delivery is due, claims that delivery with a
//! lease, POSTs it and the due ones behind it signed, and records the tries.
//!
//! - **Order per endpoint.** Only an endpoint's first pending delivery (by
//!   id, which is time-ordered) is ever due: the next waits while an
//!   earlier one waits for its retry, so a receiver sees events in the
//!   order they happened even across failures. The price: a receiver down
//!   for hours gets its backlog only once the first event is through (or
//!   dead, after a day).
//! - **Slow receivers stay apart.** Each try runs in a task of its own with
//!   a [`TIMEOUT`]; up to [`MAX_IN_FLIGHT`] endpoints are served at once,
//!   one delivery each. The API never waits for any of it: an event is a
//!   row written in the change's transaction.
//! - **Several instances.** A delivery is claimed by a conditional update
//!   (`claimed_until` empty or past, and still pending) that only one
//!   instance can win on either database (on PostgreSQL the loser's update
//!   waits for the winner's row lock and then finds the lease taken); the
//!   result is recorded only under the claim's token. A server that dies
//!   mid-try leaves a lease that runs out after [`LEASE`]; the delivery is
//!   then tried again. On SQLite there is one server, so one worker.
//! - **Time** is the server's clock (`Clock`), so tests move it past a
//!   backoff instead of sleeping; the poll itself runs on real time.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use rapport_domain::msg;
use rapport_entity::{webhook_deliveries, webhook_endpoints, webhook_events};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SubQueryStatement};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use rapport_types::webhooks::DeliveryStatus;

use crate::clock::Clock;
use crate::error::ApiError;
use crate::state::AppState;
use crate::webhooks::signature;

mod record;

/// How often the worker looks for due deliveries (real time).
pub const POLL: Duration = Duration::from_millis(250);
/// The longest one try may take, connecting included.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// Endpoints served at once by one server.
pub const MAX_IN_FLIGHT: usize = 32;
/// How long a claim holds a delivery (server clock) before another worker
/// may take it: far beyond [`TIMEOUT`], so only a dead server loses one.
pub const LEASE: TimeDelta = TimeDelta::minutes(5);
/// The most deliveries of one endpoint sent on one claim and recorded in
/// one transaction.
pub const BATCH: u64 = 32;
/// The most of an error message kept in the log.
const MAX_ERROR_CHARS: usize = 500;

/// Starts the delivery worker of this server.
pub fn start(state: &AppState) {
    let client = match reqwest::Client::builder()
        .timeout(TIMEOUT)
        .connect_timeout(TIMEOUT)
        // A receiver answers; it does not send us elsewhere.
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Rapport-Webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
    {
        Ok(client) => client,
        Err(error) => {
            log::error!("webhooks are not delivered: building the HTTP client: {error}");
            return;
        }
    };
    let worker = Arc::new(Worker {
        db: state.db.clone(),
        reader: state.reader.clone(),
        clock: state.clock.clone(),
        client,
        busy: Mutex::new(HashSet::new()),
    });
    tokio::spawn(run(worker));
}

struct Worker {
    db: DatabaseConnection,
    reader: DatabaseConnection,
    clock: Clock,
    client: reqwest::Client,
    /// The endpoints this server is sending to right now.
    busy: Mutex<HashSet<Uuid>>,
}

async fn run(worker: Arc<Worker>) {
    let mut tick = tokio::time::interval(POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut failing = false;
    loop {
        tick.tick().await;
        match round(&worker).await {
            Ok(()) => failing = false,
            // Once per outage, not four times a second.
            Err(error) if !failing => {
                failing = true;
                log::warn!("webhook worker: {error}");
            }
            Err(_) => {}
        }
    }
}

/// Claims what is due and starts a try of each.
async fn round(worker: &Arc<Worker>) -> Result<(), ApiError> {
    let free = MAX_IN_FLIGHT.saturating_sub(busy(worker).len());
    if free == 0 {
        return Ok(());
    }
    let now = worker.clock.now();
    for (id, endpoint) in due(&worker.reader, now, free as u64 * 2, None).await? {
        if !busy(worker).insert(endpoint) {
            continue;
        }
        let token = Uuid::new_v4();
        match claim(&worker.db, id, token, now).await {
            Ok(true) => {
                let worker = Arc::clone(worker);
                tokio::spawn(async move {
                    drain(&worker, endpoint, id, token).await;
                    busy(&worker).remove(&endpoint);
                });
            }
            Ok(false) => {
                busy(worker).remove(&endpoint);
            }
            Err(error) => {
                busy(worker).remove(&endpoint);
                return Err(error);
            }
        }
        if busy(worker).len() >= MAX_IN_FLIGHT {
            break;
        }
    }
    Ok(())
}

/// Sends claimed delivery `head` and the ones due after it, a batch at a
/// time; while the batches are full and all delivered, the next goes at
/// once rather than at the next poll, so a backlog drains as fast as the
/// endpoint takes it. A batch that is not full ends the turn: the events of
/// the next [`POLL`] then go together, a few commits per poll however many
/// events a second come in, for at most a poll's delay.
async fn drain(worker: &Worker, endpoint: Uuid, mut head: Uuid, mut token: Uuid) {
    loop {
        match send_batch(worker, endpoint, head, token).await {
            Ok(true) => {}
            Ok(false) => return,
            Err(error) => {
                log::warn!("webhook endpoint {endpoint}: {error}");
                return;
            }
        }
        let now = worker.clock.now();
        let next = match due(&worker.reader, now, 1, Some(endpoint)).await {
            Ok(next) => next.first().map(|(id, _)| *id),
            Err(error) => {
                log::warn!("webhook endpoint {endpoint}: {error}");
                return;
            }
        };
        let Some(next) = next else { return };
        token = Uuid::new_v4();
        match claim(&worker.db, next, token, now).await {
            Ok(true) => head = next,
            Ok(false) => return,
            Err(error) => {
                log::warn!("webhook delivery {next}: {error}");
                return;
            }
        }
    }
}

fn busy(worker: &Worker) -> std::sync::MutexGuard<'_, HashSet<Uuid>> {
    worker.busy.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The first pending delivery of each active endpoint (or of `endpoint`
/// only), if it is due and nobody holds it: `(delivery, endpoint)`, oldest
/// first. Each endpoint's first is found through its queue's index, so a
/// poll costs a lookup per endpoint however long a dead receiver's backlog
/// grows (testing each pending delivery for an earlier one read the whole
/// backlog every poll: docs/benchmarks.md, twenty-first session).
async fn due(
    conn: &DatabaseConnection,
    now: DateTime<Utc>,
    limit: u64,
    endpoint: Option<Uuid>,
) -> Result<Vec<(Uuid, Uuid)>, ApiError> {
    use webhook_deliveries::Column as D;
    use webhook_endpoints::Column as E;
    let queued = Alias::new("queued");
    let first_of_endpoint = Query::select()
        .column((queued.clone(), D::Id))
        .from_as(webhook_deliveries::Entity, queued.clone())
        .and_where(
            Expr::col((queued.clone(), D::EndpointId)).equals((webhook_endpoints::Entity, E::Id)),
        )
        .and_where(Expr::col((queued.clone(), D::Status)).eq(DeliveryStatus::Pending.code()))
        .order_by((queued, D::Id), sea_orm::Order::Asc)
        .limit(1)
        .to_owned();
    let mut firsts = Query::select();
    firsts
        .expr(Expr::SubQuery(
            None,
            Box::new(SubQueryStatement::SelectStatement(first_of_endpoint)),
        ))
        .from(webhook_endpoints::Entity)
        .and_where(E::Active.eq(true))
        .and_where(E::ArchivedAt.is_null());
    if let Some(endpoint) = endpoint {
        firsts.and_where(E::Id.eq(endpoint));
    }
    Ok(webhook_deliveries::Entity::find()
        .select_only()
        .columns([D::Id, D::EndpointId])
        .filter(D::Id.in_subquery(firsts))
        .filter(D::NextAttemptAt.lte(now))
        .filter(
            Condition::any()
                .add(D::ClaimedUntil.is_null())
                .add(D::ClaimedUntil.lte(now)),
        )
        .order_by_asc(D::Id)
        .limit(limit)
        .into_tuple()
        .all(conn)
        .await?)
}

/// Takes delivery `id` under `token` until `now + LEASE`, if it is still
/// pending and nobody holds it; whether it was taken.
async fn claim(
    db: &DatabaseConnection,
    id: Uuid,
    token: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    use webhook_deliveries::Column as D;
    let claimed = webhook_deliveries::Entity::update_many()
        .col_expr(D::ClaimedUntil, Expr::value(now + LEASE))
        .col_expr(D::ClaimToken, Expr::value(token))
        .filter(D::Id.eq(id))
        .filter(D::Status.eq(DeliveryStatus::Pending.code()))
        .filter(
            Condition::any()
                .add(D::ClaimedUntil.is_null())
                .add(D::ClaimedUntil.lte(now)),
        )
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}

/// What one try came to.
struct Outcome {
    status_code: Option<u16>,
    response_ms: u32,
    error: Option<String>,
}

/// Sends `endpoint`'s claimed delivery `head` and up to [`BATCH`] − 1 due
/// after it, in order, stopping at the first that fails, and records them
/// all in one transaction; whether it was a full batch, all delivered.
///
/// Holding the head holds the endpoint's whole queue: no other worker
/// finds a due first delivery there, so the ones behind it are sent under
/// the head's claim without one of their own. One claim and one commit per
/// batch instead of per event keep the worker off SQLite's single writer.
async fn send_batch(
    worker: &Worker,
    endpoint_id: Uuid,
    head: Uuid,
    token: Uuid,
) -> Result<bool, ApiError> {
    let now = worker.clock.now();
    let deliveries = queue_from(&worker.reader, endpoint_id, head, token, now).await?;
    if deliveries.is_empty() {
        // The lease ran out and another worker took the head over.
        return Ok(false);
    }
    let endpoint = crate::db::unique(
        &worker.reader,
        webhook_endpoints::Entity::find_by_id(endpoint_id),
    )
    .await?
    .ok_or(ApiError::NotFound(msg!("webhook endpoint")))?;
    let events: HashMap<Uuid, webhook_events::Model> = webhook_events::Entity::find()
        .filter(webhook_events::Column::Id.is_in(deliveries.iter().map(|d| d.event_id)))
        .all(&worker.reader)
        .await?
        .into_iter()
        .map(|event| (event.id, event))
        .collect();
    let mut tried = Vec::with_capacity(deliveries.len());
    let mut all_delivered = true;
    for delivery in &deliveries {
        let event = events
            .get(&delivery.event_id)
            .ok_or(ApiError::NotFound(msg!("webhook event")))?;
        let sent_at = worker.clock.now();
        let outcome = send(worker, &endpoint, event, sent_at).await;
        let failed = outcome.error.is_some();
        tried.push((delivery, sent_at, outcome));
        if failed {
            all_delivered = false;
            break;
        }
    }
    record::record(worker, head, tried, token).await?;
    Ok(all_delivered && deliveries.len() as u64 == BATCH)
}

/// `endpoint`'s pending deliveries from `head` on, in order: the head if
/// `token` still holds it, then the ones behind it as long as each is due
/// and nobody holds it (at most [`BATCH`] in all; none if the head was
/// lost).
async fn queue_from(
    conn: &DatabaseConnection,
    endpoint: Uuid,
    head: Uuid,
    token: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<webhook_deliveries::Model>, ApiError> {
    use webhook_deliveries::Column as D;
    let rows = webhook_deliveries::Entity::find()
        .filter(D::EndpointId.eq(endpoint))
        .filter(D::Status.eq(DeliveryStatus::Pending.code()))
        .filter(D::Id.gte(head))
        .order_by_asc(D::Id)
        .limit(BATCH)
        .all(conn)
        .await?;
    let mut rows = rows.into_iter();
    let Some(first) = rows
        .next()
        .filter(|row| row.id == head && row.claim_token == Some(token))
    else {
        return Ok(Vec::new());
    };
    let behind = rows.take_while(|row| {
        row.next_attempt_at <= now && row.claimed_until.is_none_or(|until| until <= now)
    });
    Ok(std::iter::once(first).chain(behind).collect())
}

/// POSTs `event` to `endpoint`, signed at `at`.
async fn send(
    worker: &Worker,
    endpoint: &webhook_endpoints::Model,
    event: &webhook_events::Model,
    at: DateTime<Utc>,
) -> Outcome {
    let body = event.body.clone().into_bytes();
    let signature = signature::header(&endpoint.secret, at.timestamp(), &body);
    let started = Instant::now();
    let sent = worker
        .client
        .post(&endpoint.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(signature::HEADER, signature)
        .header("Rapport-Event", &event.event)
        .header("Rapport-Event-Id", event.id.to_string())
        .body(body)
        .send()
        .await;
    let response_ms = || u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX);
    match sent {
        Ok(response) => {
            let status = response.status();
            // The answer's body is not read: a receiver says all with its status.
            drop(response);
            Outcome {
                status_code: Some(status.as_u16()),
                response_ms: response_ms(),
                error: (!status.is_success()).then(|| format!("the receiver answered {status}")),
            }
        }
        Err(error) => {
            let what = if error.is_timeout() {
                format!("no answer within {} s", TIMEOUT.as_secs())
            } else if error.is_connect() {
                "could not connect".to_owned()
            } else {
                "the request failed".to_owned()
            };
            let mut message = format!("{what}: {}", crate::error::error_chain(&error));
            if message.chars().count() > MAX_ERROR_CHARS {
                message = message.chars().take(MAX_ERROR_CHARS).collect();
            }
            Outcome {
                status_code: None,
                response_ms: response_ms(),
                error: Some(message),
            }
        }
    }
}
