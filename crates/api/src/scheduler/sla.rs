//! SLA targets turning at risk, then breached (SPEC 11): the assignee
//! hears of both, the department's managers of a breach (and of a risk
//! while nobody is assigned). Whether a target is at risk or breached is
//! the domain's rule ([`StoredTarget::status`]) read at the request's
//! clock instant, so a request waiting on the customer turns neither. A
//! target found already breached (after downtime) is announced breached
//! only.
//!
//! A run first marks the requests whose running clocks stand breached
//! (`sla_breach_marked`), which PostgreSQL's breached view reads from an
//! index of its own (`services::requests::filter::breached_parts`).
//!
//! A run reads the running targets whose at-risk instant (or deadline)
//! came since the last run's watermark, less [`LOOKBACK`] (instances'
//! clocks differ a little, and a change may commit just after a run read):
//! a few index entries, however large the backlog. The instants only move
//! later (a wait on the customer extends them, a reopened request restarts
//! its targets from its reopening), so nothing comes due behind the
//! watermark. A restarted target is announced again: an announcement made
//! before the target started does not count.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, TimeDelta, Utc};
use rapport_domain::lifecycle::request::Status;
use rapport_domain::lifecycle::request::sla::{StoredTarget, clocks_read_at};
use rapport_domain::org::{Department, Role};
use rapport_domain::request::Priority;
use rapport_domain::sla::{SlaStatus, SlaTarget};
use rapport_entity::{customers, request_sla, service_requests, users};
use rapport_types::notifications::Notice;
use rapport_types::webhooks::{Event, SlaData};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ActiveEnum, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult,
    QueryFilter, QuerySelect,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::occurrences::not_announced;
use super::{Announcement, BATCH, Tally, fetch};
use crate::error::ApiError;

const AT_RISK: &str = "sla_at_risk";
const BREACHED: &str = "sla_breached";

/// How far before its watermark a run looks again.
const LOOKBACK: TimeDelta = TimeDelta::minutes(10);

/// How far the job has looked: the instants up to which it read targets
/// turning at risk and breached (none: from the beginning).
#[derive(Debug, Default, Serialize, Deserialize)]
struct Watermarks {
    at_risk: Option<DateTime<Utc>>,
    breached: Option<DateTime<Utc>>,
}

/// An unmet target of an open request, with what its announcement says.
#[derive(Debug, FromQueryResult)]
struct Candidate {
    request_id: Uuid,
    target: SlaTarget,
    started_at: DateTime<Utc>,
    deadline: DateTime<Utc>,
    at_risk_from: DateTime<Utc>,
    number: String,
    title: String,
    priority: Priority,
    customer_id: Uuid,
    customer_name: String,
    status: Status,
    department: Department,
    assignee_id: Option<Uuid>,
    paused_since: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
}

/// Announces the targets that turned at risk or breached by `now`, from
/// where the last run (its `progress`) left off.
pub async fn run(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    progress: Option<&serde_json::Value>,
) -> Result<Tally, ApiError> {
    let marks: Watermarks = progress
        .and_then(|progress| serde_json::from_value(progress.clone()).ok())
        .unwrap_or_default();
    let mut tally = Tally::default();
    let marked = rapport_migrations::sla_summary::mark_breached(db, now)
        .await
        .map_err(|error| ApiError::internal("marking the breached requests", error))?;
    tally.add("marked", marked);
    let managers = Managers::read(db).await?;
    // At risk: not yet announced at risk or breached.
    let at_risk = announce(db, &managers, Turn::AtRisk, marks.at_risk, now, &mut tally).await?;
    let breached = announce(
        db,
        &managers,
        Turn::Breached,
        marks.breached,
        now,
        &mut tally,
    )
    .await?;
    tally.progress = Some(serde_json::json!(Watermarks {
        at_risk: Some(at_risk),
        breached: Some(breached),
    }));
    Ok(tally)
}

/// Announces the targets that took `turn` since `from` (see
/// [`candidates`]), counting them in `tally`; answers where the next run
/// starts.
async fn announce(
    db: &DatabaseConnection,
    managers: &Managers,
    turn: Turn,
    from: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    tally: &mut Tally,
) -> Result<DateTime<Utc>, ApiError> {
    let (turned, counted, instant): (_, _, fn(&Candidate) -> DateTime<Utc>) = match turn {
        Turn::AtRisk => (SlaStatus::AtRisk, "at_risk", |c| c.at_risk_from),
        Turn::Breached => (SlaStatus::Breached, "breached", |c| c.deadline),
    };
    let found = fetch::<Candidate>(db, &candidates(turn, from, now)).await?;
    let mark = watermark(&found, instant, now);
    for candidate in found {
        let announced = announce_turned(db, managers, &candidate, turned, now).await;
        tally.count(counted, announced);
    }
    Ok(mark)
}

/// Where the next run starts: `now`, or the last instant read when the
/// batch was full (the rest comes next run).
fn watermark(
    found: &[Candidate],
    instant: impl Fn(&Candidate) -> DateTime<Utc>,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    match found.last() {
        Some(last) if found.len() as u64 >= BATCH => instant(last),
        _ => now,
    }
}

/// Which turn a run looks for.
#[derive(Debug, Clone, Copy)]
enum Turn {
    AtRisk,
    Breached,
}

/// Unmet targets of open requests whose instant of `turn` came between
/// `from` (less [`LOOKBACK`]) and `now` (by the wall clock: a paused
/// request's own instant is checked in Rust) and that were not announced
/// so far (at risk: nor breached) since they started; the oldest first.
fn candidates(turn: Turn, from: Option<DateTime<Utc>>, now: DateTime<Utc>) -> SelectStatement {
    use request_sla::Column as Sla;
    use service_requests::Column as Request;
    let (instant, kinds): (Sla, &[&str]) = match turn {
        Turn::AtRisk => (Sla::AtRiskFrom, &[AT_RISK, BREACHED]),
        Turn::Breached => (Sla::Deadline, &[BREACHED]),
    };
    let open = Status::ALL.into_iter().filter(|status| status.is_open());
    let mut select = Query::select()
        .columns([
            (request_sla::Entity, Sla::RequestId),
            (request_sla::Entity, Sla::Target),
            (request_sla::Entity, Sla::StartedAt),
            (request_sla::Entity, Sla::Deadline),
            (request_sla::Entity, Sla::AtRiskFrom),
        ])
        .columns([
            (service_requests::Entity, Request::Number),
            (service_requests::Entity, Request::Title),
            (service_requests::Entity, Request::Priority),
            (service_requests::Entity, Request::CustomerId),
            (service_requests::Entity, Request::Status),
            (service_requests::Entity, Request::Department),
            (service_requests::Entity, Request::AssigneeId),
            (service_requests::Entity, Request::PausedSince),
            (service_requests::Entity, Request::UpdatedAt),
        ])
        .expr_as(
            Expr::col((customers::Entity, customers::Column::Name)),
            Alias::new("customer_name"),
        )
        .from(request_sla::Entity)
        .inner_join(
            service_requests::Entity,
            Expr::col((service_requests::Entity, Request::Id))
                .equals((request_sla::Entity, Sla::RequestId)),
        )
        .inner_join(
            customers::Entity,
            Expr::col((customers::Entity, customers::Column::Id))
                .equals((service_requests::Entity, Request::CustomerId)),
        )
        .and_where(Expr::col((request_sla::Entity, Sla::MetAt)).is_null())
        .and_where(Expr::col((request_sla::Entity, instant)).lte(now))
        .and_where(Expr::col((service_requests::Entity, Request::Status)).is_in(open))
        .and_where(not_announced(
            kinds,
            (request_sla::Entity, Sla::RequestId),
            Expr::col((request_sla::Entity, Sla::Target)),
            Some(Expr::col((request_sla::Entity, Sla::StartedAt))),
        ))
        .order_by((request_sla::Entity, instant), sea_orm::Order::Asc)
        .limit(BATCH)
        .to_owned();
    if let Some(from) = from {
        select.and_where(Expr::col((request_sla::Entity, instant)).gte(from - LOOKBACK));
    }
    select
}

/// Where the candidate's target stands at `now`, by the domain's rule.
fn status(candidate: &Candidate, now: DateTime<Utc>) -> SlaStatus {
    let read_at = clocks_read_at(
        candidate.status,
        candidate.paused_since,
        candidate.updated_at,
        now,
    );
    let target = StoredTarget {
        deadline: candidate.deadline,
        at_risk_from: candidate.at_risk_from,
        met_at: None,
    };
    target.status(read_at)
}

/// Announces that the candidate's target is `turned` (at risk or
/// breached) if it stands so at `now`, once; false when it does not or was
/// announced already.
async fn announce_turned(
    db: &DatabaseConnection,
    managers: &Managers,
    candidate: &Candidate,
    turned: SlaStatus,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    if status(candidate, now) != turned {
        return Ok(false);
    }
    let target = candidate.target;
    let data = SlaData {
        request_id: candidate.request_id,
        number: candidate.number.clone(),
        title: candidate.title.clone(),
        priority: candidate.priority,
        customer_id: candidate.customer_id,
        customer_name: candidate.customer_name.clone(),
        assignee_id: candidate.assignee_id,
        target,
        deadline: candidate.deadline,
    };
    let (request_number, title, deadline) =
        (data.number.clone(), data.title.clone(), data.deadline);
    let breached = turned == SlaStatus::Breached;
    let (kind, notice, event) = if breached {
        let notice = Notice::SlaBreached {
            request_number,
            title,
            target,
            deadline,
        };
        (BREACHED, notice, Event::RequestSlaBreached(data))
    } else {
        let notice = Notice::SlaAtRisk {
            request_number,
            title,
            target,
            deadline,
        };
        (AT_RISK, notice, Event::RequestSlaAtRisk(data))
    };
    let mut recipients: BTreeSet<Uuid> = candidate.assignee_id.into_iter().collect();
    if breached || candidate.assignee_id.is_none() {
        recipients.extend(managers.of(candidate.department));
    }
    // The occasion is the target's stored code: the query for candidates
    // compares it with `request_sla.target`.
    let occasion = candidate.target.to_value();
    Announcement {
        kind,
        about: ("request", candidate.request_id),
        occasion: &occasion,
        recipients,
        notice,
        event: Some(event),
        since: Some(candidate.started_at),
    }
    .make(db, now)
    .await
}

/// The active managers by department, read once a run (a catch-up
/// announces hundreds of breaches).
struct Managers(BTreeMap<Department, BTreeSet<Uuid>>);

impl Managers {
    async fn read(conn: &impl ConnectionTrait) -> Result<Managers, ApiError> {
        let rows: Vec<(Uuid, Department)> = users::Entity::find()
            .select_only()
            .columns([users::Column::Id, users::Column::Department])
            .filter(users::Column::Role.eq(Role::Manager))
            .filter(users::Column::Active.eq(true))
            .into_tuple()
            .all(conn)
            .await?;
        let mut by_department: BTreeMap<Department, BTreeSet<Uuid>> = BTreeMap::new();
        for (id, department) in rows {
            by_department.entry(department).or_default().insert(id);
        }
        Ok(Managers(by_department))
    }

    /// The managers of `department`; all managers when it has none of its own.
    fn of(&self, department: Department) -> BTreeSet<Uuid> {
        match self.0.get(&department) {
            Some(own) => own.clone(),
            None => self.0.values().flatten().copied().collect(),
        }
    }
}
