//! The scheduler: the time-driven work of SPEC section 11 (SLA targets
//! turning at risk and breached, complaint promises passing, contracts and
//! free years ending, visits falling due, birthdays and holidays, waiting
//! registrations) and the housekeeping (expired idempotency keys).
//!
//! Every instance ticks (`RAPPORT_SCHEDULER_TICK`, 30 seconds by default)
//! and, for each job whose interval has passed, tries to claim its row in
//! `jobs` for a while ([`LEASE`]): one statement that succeeds for one
//! instance only, on SQLite and PostgreSQL alike, so a job runs on one
//! instance at a time and never more often than its interval. What a job
//! announces it records in `scheduled_occurrences` in the same transaction
//! ([`occurrences::once`]); that key, not the lease, is what makes each
//! announcement happen exactly once, also when a job catches up after
//! downtime or a lease ran out under a slow run. Jobs look for everything
//! due and not yet announced, not for what fell due since the last run, so
//! downtime delays announcements but loses none.

mod care;
mod complaints;
mod contracts;
mod occurrences;
mod purge;
mod reviews;
mod sla;
mod visits;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use rapport_domain::msg;
use rapport_entity::jobs;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult,
    QueryFilter, Set,
};
use uuid::Uuid;

use rapport_types::jobs::{JobName, JobStatus};
use rapport_types::notifications::Notice;
use rapport_types::webhooks::Event;

use crate::clock::Clock;
use crate::error::{ApiError, error_chain};
use crate::notify;
use crate::webhooks::outbox;

/// How long a claimed job is its instance's: longer than any run takes, so
/// that only a crashed instance's claim runs out.
pub const LEASE: TimeDelta = TimeDelta::minutes(5);

/// At most this many announcements of one kind per run: a first run over
/// years of data, or a catch-up, spreads over a few ticks instead of
/// holding the database in one long run.
const BATCH: u64 = 500;

/// What a run did: how many of each thing it announced or changed, and
/// the first failure of one of them (the others still went ahead, so one
/// unreadable row does not stop a job).
#[derive(Debug, Default)]
pub struct Tally {
    counts: BTreeMap<&'static str, u64>,
    error: Option<String>,
    /// How far the job looked, for its next run (kept when none is given).
    progress: Option<serde_json::Value>,
}

impl Tally {
    /// Counts `count` of `what`.
    pub fn add(&mut self, what: &'static str, count: u64) {
        if count > 0 {
            *self.counts.entry(what).or_default() += count;
        }
    }

    /// Counts one `what` when `announced` says it happened; notes a failure.
    pub fn count(&mut self, what: &'static str, announced: Result<bool, ApiError>) {
        match announced {
            Ok(false) => {}
            Ok(true) => self.add(what, 1),
            Err(error) => {
                let error = error_chain(&error);
                log::warn!("scheduler: {what}: {error}");
                *self.counts.entry("failed").or_default() += 1;
                self.error.get_or_insert(error);
            }
        }
    }
}

/// This process, as it signs its claims.
static INSTANCE: LazyLock<String> = LazyLock::new(|| {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "rapport".to_owned());
    format!(
        "{host}:{}:{}",
        std::process::id(),
        &Uuid::now_v7().simple().to_string()[20..]
    )
});

/// How often each job runs.
fn every(job: JobName) -> TimeDelta {
    match job {
        JobName::SlaClocks | JobName::ComplaintPromises => TimeDelta::minutes(1),
        JobName::VisitsDue | JobName::RegistrationsWaiting => TimeDelta::minutes(5),
        JobName::Purge => TimeDelta::minutes(10),
        JobName::ContractsEnding | JobName::Care => TimeDelta::hours(1),
    }
}

/// Does one run of `job` at `now`, from where the last one left off.
async fn work(
    db: &DatabaseConnection,
    job: JobName,
    now: DateTime<Utc>,
    progress: Option<&serde_json::Value>,
) -> Result<Tally, ApiError> {
    match job {
        JobName::SlaClocks => sla::run(db, now, progress).await,
        JobName::ComplaintPromises => complaints::run(db, now).await,
        JobName::ContractsEnding => contracts::run(db, now).await,
        JobName::VisitsDue => visits::run(db, now).await,
        JobName::Care => care::run(db, now).await,
        JobName::RegistrationsWaiting => reviews::run(db, now).await,
        JobName::Purge => purge::run(db, now).await,
    }
}

/// Something a job tells, once: `notice` to `recipients` and, where an
/// endpoint subscribed, `event` to the webhooks.
pub struct Announcement<'a> {
    /// What is announced, e.g. `sla_breached`.
    pub kind: &'a str,
    /// The record it is about: its kind (as notifications name it) and id.
    pub about: (&'a str, Uuid),
    /// Which time of it, e.g. the target, the year.
    pub occasion: &'a str,
    /// Who is told.
    pub recipients: BTreeSet<Uuid>,
    /// What they are told.
    pub notice: Notice,
    /// The webhook event, if the announcement is one.
    pub event: Option<Event>,
    /// An announcement of the occasion made before this does not count
    /// (see [`occurrences::once`]).
    pub since: Option<DateTime<Utc>>,
}

impl Announcement<'_> {
    /// Makes the announcement at `now` in one transaction, unless it was
    /// made before; answers whether it was made now.
    pub async fn make(self, db: &DatabaseConnection, now: DateTime<Utc>) -> Result<bool, ApiError> {
        let (entity_type, id) = self.about;
        let txn = crate::db::begin(db).await?;
        if !occurrences::once(&txn, self.kind, id, self.occasion, self.since, now).await? {
            return Ok(false);
        }
        let about = (entity_type, id.to_string());
        notify::send(&txn, self.recipients, &self.notice, about, now).await?;
        if let Some(event) = &self.event {
            outbox::emit(&txn, event, now).await?;
        }
        txn.commit().await?;
        Ok(true)
    }
}

/// The rows `select` reads, as `T`s; one it cannot read is logged and left out.
async fn fetch<T: FromQueryResult>(
    db: &DatabaseConnection,
    select: &SelectStatement,
) -> Result<Vec<T>, ApiError> {
    let mut read = Vec::new();
    for row in db.query_all(select).await? {
        match T::from_query_result(&row, "") {
            Ok(found) => read.push(found),
            // A code this version does not know (a newer version sharing
            // the database added it): the other rows still get their turn.
            Err(error) => log::error!("scheduler: left out a row it cannot read: {error}"),
        }
    }
    Ok(read)
}

/// Starts ticking every `tick` (none: this instance runs no jobs; another does).
pub fn start(db: DatabaseConnection, clock: Clock, tick: Option<Duration>) {
    let Some(tick) = tick else { return };
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(tick);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // Every job's row, once: a tick then only claims (one update a job).
        while let Err(error) = register(&db).await {
            log::warn!("scheduler: registering the jobs: {}", error_chain(&error));
            ticks.tick().await;
        }
        loop {
            ticks.tick().await;
            for job in JobName::ALL {
                match run(&db, job, clock.now(), Due::OnSchedule).await {
                    Ok(_) => {}
                    Err(error) => log::warn!("scheduler: {}: {}", job.code(), error_chain(&error)),
                }
            }
        }
    });
}

/// Whether a run waits for its job's interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Only when the interval has passed since the last run (the ticks).
    OnSchedule,
    /// Now (an administrator asked), unless another instance runs it.
    Now,
}

/// Runs `job` if this instance can claim it at `now`; answers its status
/// after the run, or `None` when it was not due or another instance holds
/// it. A failed run is recorded on the job, not returned.
pub async fn run(
    db: &DatabaseConnection,
    job: JobName,
    now: DateTime<Utc>,
    due: Due,
) -> Result<Option<JobStatus>, ApiError> {
    if due == Due::Now {
        // Asked by an administrator, maybe before any tick (or with none).
        register(db).await?;
    }
    if !claim(db, job, now, due).await? {
        return Ok(None);
    }
    let progress = jobs::Entity::find_by_id(job.code())
        .one(db)
        .await?
        .and_then(|row| row.progress);
    let started = Instant::now();
    let result = work(db, job, now, progress.as_ref()).await;
    let duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    let mut row = jobs::ActiveModel {
        name: Set(job.code().to_owned()),
        leased_by: Set(None),
        leased_until: Set(None),
        last_finished_at: Set(Some(now + TimeDelta::milliseconds(duration_ms))),
        last_duration_ms: Set(Some(duration_ms)),
        ..Default::default()
    };
    let error = match result {
        Ok(tally) => {
            row.last_outcome = Set(Some(serde_json::json!(tally.counts)));
            if let Some(progress) = tally.progress {
                row.progress = Set(Some(progress));
            }
            tally.error
        }
        Err(error) => {
            let error = error_chain(&error);
            log::warn!("scheduler: {} failed: {error}", job.code());
            Some(error)
        }
    };
    let failed = error.is_some();
    if failed {
        row.last_error = Set(error);
        row.last_error_at = Set(Some(now));
    }
    jobs::Entity::update_many()
        .set(row)
        .col_expr(jobs::Column::Runs, Expr::col(jobs::Column::Runs).add(1))
        .col_expr(
            jobs::Column::Failures,
            Expr::col(jobs::Column::Failures).add(i64::from(failed)),
        )
        .filter(jobs::Column::Name.eq(job.code()))
        .exec(db)
        .await?;
    Ok(Some(status(db, job).await?))
}

/// Every job's status, in the order of [`JobName::ALL`].
pub async fn list(db: &DatabaseConnection) -> Result<Vec<JobStatus>, ApiError> {
    register(db).await?;
    let rows = jobs::Entity::find().all(db).await?;
    let mut statuses = Vec::new();
    for job in JobName::ALL {
        if let Some(row) = rows.iter().find(|row| row.name == job.code()) {
            statuses.push(status_of(job, row));
        }
    }
    Ok(statuses)
}

/// One job's status.
async fn status(db: &DatabaseConnection, job: JobName) -> Result<JobStatus, ApiError> {
    let row = jobs::Entity::find_by_id(job.code())
        .one(db)
        .await?
        .ok_or(ApiError::NotFound(msg!("job")))?;
    Ok(status_of(job, &row))
}

fn status_of(job: JobName, row: &jobs::Model) -> JobStatus {
    JobStatus {
        name: job,
        every_seconds: every(job).num_seconds(),
        running_on: row.leased_by.clone(),
        last_started_at: row.last_started_at,
        last_finished_at: row.last_finished_at,
        last_duration_ms: row.last_duration_ms,
        last_outcome: row
            .last_outcome
            .as_ref()
            .and_then(|outcome| serde_json::from_value(outcome.clone()).ok())
            .unwrap_or_default(),
        last_error: row.last_error.clone(),
        last_error_at: row.last_error_at,
        runs: row.runs,
        failures: row.failures,
    }
}

/// Makes sure every job has its row (a new job on an old database, the first start).
async fn register(db: &DatabaseConnection) -> Result<(), ApiError> {
    let rows = JobName::ALL.map(|job| jobs::ActiveModel {
        name: Set(job.code().to_owned()),
        runs: Set(0),
        failures: Set(0),
        ..Default::default()
    });
    jobs::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(jobs::Column::Name)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Claims `job` for this instance at `now` when nobody holds it (or a
/// holder's lease ran out) and, on schedule, its interval has passed: one
/// conditional update, which only one instance can win.
async fn claim(
    db: &DatabaseConnection,
    job: JobName,
    now: DateTime<Utc>,
    due: Due,
) -> Result<bool, ApiError> {
    let mut free = Condition::all().add(jobs::Column::Name.eq(job.code())).add(
        Condition::any()
            .add(jobs::Column::LeasedUntil.is_null())
            .add(jobs::Column::LeasedUntil.lte(now)),
    );
    if due == Due::OnSchedule {
        free = free.add(
            Condition::any()
                .add(jobs::Column::LastStartedAt.is_null())
                .add(jobs::Column::LastStartedAt.lte(now - every(job))),
        );
    }
    let claimed = jobs::Entity::update_many()
        .set(jobs::ActiveModel {
            leased_by: Set(Some(INSTANCE.clone())),
            leased_until: Set(Some(now + LEASE)),
            last_started_at: Set(Some(now)),
            ..Default::default()
        })
        .filter(free)
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}
