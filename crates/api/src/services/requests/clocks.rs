//! A request's SLA targets, one `request_sla` row each: started when the
//! policy says, met when its milestone happens, moved later by every wait on
//! the customer, and measured (status, time left) on the request's calendar.
//!
//! Each row also stores `at_risk_from`, the instant from which the running
//! target counts as at risk; after every change of a request's rows or
//! state, [`summarize`] keeps on the request where its clocks stand
//! (`rapport_migrations::sla_summary`), so that the list's SLA views are
//! range conditions on an index and its countdowns read with its rows.

use chrono::{DateTime, DurationRound, Utc};
use rapport_domain::calendar::BusinessCalendar;
use rapport_domain::lifecycle::request::sla::clocks_read_at;
use rapport_domain::sla::{self, Clock, ClockSpec, Pause, SlaPolicy, SlaStatus, SlaTarget};
use rapport_entity::request_sla;
use rapport_types::requests::{DueClock, ServiceRequest, SlaClock};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryTrait};
use uuid::Uuid;

use rapport_migrations::m20261221_000058_mark_breached_requests as marks;

use crate::codes::encode;
use crate::error::ApiError;
use crate::settings::Cache;
use crate::writes::Writes;

/// The nearest unmet target among one request's rows.
pub(super) fn due_of(rows: &[request_sla::Model]) -> Result<Option<DueClock>, ApiError> {
    let mut due: Option<DueClock> = None;
    for row in rows.iter().filter(|row| row.met_at.is_none()) {
        let clock = DueClock {
            target: row.target,
            deadline: row.deadline,
            at_risk_from: row.at_risk_from,
        };
        // Equal deadlines go to the target listed first, as the detail lists them.
        if due.is_none_or(|due| (clock.deadline, clock.target) < (due.deadline, due.target)) {
            due = Some(clock);
        }
    }
    Ok(due)
}

/// Starts targets of one request on its calendar and the policy in force.
pub struct Clocks {
    calendar: BusinessCalendar,
    policy: SlaPolicy,
    request_id: Uuid,
    /// When the request was taken in, stored on each of its targets.
    request_created_at: DateTime<Utc>,
    pauses: Vec<Pause>,
}

impl Clocks {
    /// The clocks of a request taken in at `created_at` that never waited
    /// on the customer.
    pub fn new(
        calendar: BusinessCalendar,
        policy: SlaPolicy,
        request_id: Uuid,
        created_at: DateTime<Utc>,
    ) -> Self {
        Clocks {
            calendar,
            policy,
            request_id,
            request_created_at: created_at,
            pauses: Vec::new(),
        }
    }

    /// The clocks of a stored request: its calendar, the policy in force and its waits so far.
    pub async fn for_request(
        conn: &impl ConnectionTrait,
        settings: &Cache,
        request: &ServiceRequest,
    ) -> Result<Clocks, ApiError> {
        let calendar = crate::services::calendar::for_request(
            conn,
            settings,
            request.calendar_name.as_deref(),
        )
        .await?;
        let policy = crate::services::sla::policy(conn, settings).await?;
        let pauses = request
            .pauses
            .iter()
            .map(|spec| {
                Pause::try_from(*spec)
                    .map_err(|error| ApiError::internal("reading a request's pauses", error))
            })
            .collect::<Result<_, _>>()?;
        Ok(Clocks {
            pauses,
            ..Clocks::new(calendar, policy, request.id, request.created_at)
        })
    }

    /// The calendar the request runs on.
    pub fn calendar(&self) -> &BusinessCalendar {
        &self.calendar
    }

    /// The request these clocks time.
    pub(super) fn request_id(&self) -> Uuid {
        self.request_id
    }

    /// The request's waits so far.
    pub(super) fn pauses(&self) -> &[Pause] {
        &self.pauses
    }

    /// Counts one more finished wait and moves every target still running
    /// later by it.
    pub(super) async fn add_pause(
        &mut self,
        conn: &impl ConnectionTrait,
        pause: Pause,
    ) -> Result<(), ApiError> {
        self.pauses.push(pause);
        self.extend(conn).await
    }

    /// Starts (or restarts, e.g. the call-back after a reassignment) `target`
    /// at `at`; returns its deadline.
    pub async fn start(
        &self,
        conn: &impl ConnectionTrait,
        target: SlaTarget,
        at: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, ApiError> {
        let rows = self.start_all(conn, &[target], at).await?;
        Ok(rows[0].deadline)
    }

    /// Starts (or restarts) every one of `targets` at `at`, in one statement;
    /// returns the stored rows in the order asked.
    pub(super) async fn start_all(
        &self,
        conn: &impl ConnectionTrait,
        targets: &[SlaTarget],
        at: DateTime<Utc>,
    ) -> Result<Vec<request_sla::Model>, ApiError> {
        let rows = self.started(targets, at)?;
        let mut writes = Writes::default();
        store(&mut writes, &rows);
        writes.execute(conn).await?;
        summarize(conn, [self.request_id]).await?;
        Ok(rows)
    }

    /// The rows of `targets` started at `at`, in the order asked, to `store`.
    pub fn started(
        &self,
        targets: &[SlaTarget],
        at: DateTime<Utc>,
    ) -> Result<Vec<request_sla::Model>, ApiError> {
        targets
            .iter()
            .map(|&target| {
                let clock = self.policy.clock(target);
                let (deadline, at_risk_from) =
                    due(&self.calendar, at, clock, &self.pauses, target)?;
                Ok(request_sla::Model {
                    request_id: self.request_id,
                    target,
                    clock: crate::services::requests::to_json(&ClockSpec::from(clock))?,
                    started_at: at,
                    deadline,
                    at_risk_from,
                    met_at: None,
                    request_created_at: self.request_created_at,
                })
            })
            .collect()
    }

    /// Moves every target still running later by the request's waits.
    async fn extend(&self, conn: &impl ConnectionTrait) -> Result<(), ApiError> {
        let mut running = request_sla::Entity::find()
            .filter(request_sla::Column::RequestId.eq(self.request_id))
            .filter(request_sla::Column::MetAt.is_null())
            .all(conn)
            .await?;
        for row in &mut running {
            let target: SlaTarget = row.target;
            let clock = stored_clock(row)?;
            (row.deadline, row.at_risk_from) =
                due(&self.calendar, row.started_at, clock, &self.pauses, target)?;
        }
        let mut writes = Writes::default();
        upsert(
            &mut writes,
            &running,
            [
                request_sla::Column::Deadline,
                request_sla::Column::AtRiskFrom,
            ],
        );
        writes.execute(conn).await?;
        summarize(conn, [self.request_id]).await
    }
}

/// Adds the statement storing started rows (of any number of requests);
/// a target a request already has is restarted.
pub(super) fn store(writes: &mut Writes, rows: &[request_sla::Model]) {
    upsert(
        writes,
        rows,
        [
            request_sla::Column::Clock,
            request_sla::Column::StartedAt,
            request_sla::Column::Deadline,
            request_sla::Column::AtRiskFrom,
            request_sla::Column::MetAt,
        ],
    );
}

/// Adds the statement writing `rows`; a target the request already has
/// gets its `columns` from the row.
fn upsert(
    writes: &mut Writes,
    rows: &[request_sla::Model],
    columns: impl IntoIterator<Item = request_sla::Column>,
) {
    if rows.is_empty() {
        return;
    }
    let models = rows.iter().cloned().map(request_sla::ActiveModel::from);
    writes.push(
        request_sla::Entity::insert_many(models)
            .on_conflict(
                OnConflict::columns([request_sla::Column::RequestId, request_sla::Column::Target])
                    .update_columns(columns)
                    .to_owned(),
            )
            .into_query(),
    );
}

/// The deadline and at-risk instant of a clock started at `start`.
fn due(
    calendar: &BusinessCalendar,
    start: DateTime<Utc>,
    clock: Clock,
    pauses: &[Pause],
    target: SlaTarget,
) -> Result<(DateTime<Utc>, DateTime<Utc>), ApiError> {
    let deadline = sla::deadline(calendar, start, clock, pauses)
        .map_err(|error| ApiError::internal(format!("computing the {target:?} deadline"), error))?;
    // Stored to the microsecond (all PostgreSQL keeps): round up, so a stored
    // instant is never at risk before the domain says it is.
    let exact = sla::at_risk_from(calendar, clock.kind(), start, deadline);
    let at_risk_from = exact
        .duration_round_up(chrono::TimeDelta::microseconds(1))
        .unwrap_or(exact);
    Ok((deadline, at_risk_from))
}

fn stored_clock(row: &request_sla::Model) -> Result<Clock, ApiError> {
    let spec: ClockSpec = serde_json::from_value(row.clock.clone()).map_err(|error| {
        ApiError::internal(format!("reading the clock of {:?}", row.target), error)
    })?;
    Clock::try_from(spec).map_err(|error| {
        ApiError::internal(format!("reading the clock of {:?}", row.target), error)
    })
}

/// Marks `targets` met at `at` where they still run.
pub async fn meet(
    conn: &impl ConnectionTrait,
    request_id: Uuid,
    targets: &[SlaTarget],
    at: DateTime<Utc>,
) -> Result<(), ApiError> {
    request_sla::Entity::update_many()
        .col_expr(request_sla::Column::MetAt, Expr::value(at))
        .filter(request_sla::Column::RequestId.eq(request_id))
        .filter(request_sla::Column::Target.is_in(targets.iter().copied()))
        .filter(request_sla::Column::MetAt.is_null())
        .exec(conn)
        .await?;
    summarize(conn, [request_id]).await
}

impl Clocks {
    /// Records a target that started and ended at known instants (a remote
    /// fix's record, completed `at` for a fix at `started_at`).
    pub(super) async fn record_done(
        &self,
        conn: &impl ConnectionTrait,
        target: SlaTarget,
        started_at: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        self.start(conn, target, started_at).await?;
        meet(conn, self.request_id, &[target], at).await
    }
}

/// Every target of `rows` measured at `measured_at`, in policy order.
pub(super) fn measure(
    calendar: &BusinessCalendar,
    rows: Vec<request_sla::Model>,
    measured_at: DateTime<Utc>,
) -> Result<Vec<SlaClock>, ApiError> {
    let mut clocks = Vec::with_capacity(rows.len());
    for row in rows {
        let target: SlaTarget = row.target;
        let clock = stored_clock(&row)?;
        let status = sla::status(
            calendar,
            clock.kind(),
            row.started_at,
            row.deadline,
            row.met_at,
            measured_at,
        );
        let left = match row.met_at {
            Some(_) => chrono::TimeDelta::zero(),
            None => sla::time_left(calendar, clock.kind(), row.deadline, measured_at),
        };
        clocks.push(SlaClock {
            target,
            clock: ClockSpec::from(clock),
            started_at: row.started_at,
            deadline: row.deadline,
            at_risk_from: row.at_risk_from,
            met_at: row.met_at,
            status,
            time_left_seconds: left.num_seconds().max(0),
        });
    }
    clocks.sort_by_key(|clock| clock.target);
    Ok(clocks)
}

/// The instant a request's clocks are read at (see [`clocks_read_at`]);
/// [`request_sla_status_is`] says the same in SQL.
pub(super) fn measured_at(request: &ServiceRequest, now: DateTime<Utc>) -> DateTime<Utc> {
    clocks_read_at(
        request.status,
        request.paused_since,
        request.updated_at,
        now,
    )
}

/// Writes on each of the requests `ids` where its clocks stand (see the
/// module's doc), from its SLA rows and state as they are now in `conn`'s
/// transaction: after every change of either.
pub async fn summarize(
    conn: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<(), ApiError> {
    rapport_migrations::sla_summary::summarize(conn, ids)
        .await
        .map_err(|error| ApiError::internal("keeping where a request's clocks stand", error))
}

/// SQL: whether a `service_requests` row's clocks stand at `status` at
/// `now` (read where [`clocks_read_at`] says, as the request's worst
/// target), from the summary [`summarize`] keeps: a request whose clocks
/// stand still has its status stored (`sla_frozen`); one whose clocks run
/// is breached from `sla_breached_from` on, else at risk from
/// `sla_at_risk_from` on, else running, or met with nothing left to run.
/// The test below holds it to the domain's rule over 676 requests.
///
/// At risk are few (clocks running now, or stopped there): their index
/// ranges are read. Breached, running (requests cancelled while their
/// clocks ran stay running) and met may hold a large share of all
/// requests: SQLite is kept from their indexes (unary `+`), so it walks
/// the list's order and stops at a page, where reading every match and
/// sorting them would read a large share of the table.
pub(super) fn request_sla_status_is(
    status: SlaStatus,
    now: DateTime<Utc>,
    backend: DbBackend,
) -> Expr {
    let r = "service_requests";
    let sql = status_sql(status, backend);
    // SQLite, which cannot tell that these are few, would rather walk
    // another filter's index (a department's) and test every row: asked
    // as a set of rows, it reads the set from these indexes first. By
    // rowid, each row of the set is read from the table at once, not
    // looked up through the index of ids first.
    let sql = match (status, backend) {
        (SlaStatus::AtRisk, DbBackend::Sqlite) => {
            format!("{r}.rowid IN (SELECT {r}.rowid FROM {r} WHERE {sql})")
        }
        _ => sql,
    };
    with_now(&sql, now, backend)
}

/// SQL of [`request_sla_status_is`], reading the instant as `{now}`.
fn status_sql(status: SlaStatus, backend: DbBackend) -> String {
    let r = "service_requests";
    let wide = match backend {
        DbBackend::Postgres => "",
        _ => "+",
    };
    let frozen = |status: SlaStatus| format!("{r}.sla_frozen = '{}'", encode(&status));
    match status {
        SlaStatus::Breached => format!(
            "({wide}{r}.sla_breached_from < {{now}} OR {wide}{})",
            frozen(status)
        ),
        SlaStatus::AtRisk => format!(
            "({} OR ({r}.sla_breached_from >= {{now}} AND {r}.sla_at_risk_from <= {{now}}))",
            frozen(status)
        ),
        SlaStatus::Running => format!(
            "({wide}{} OR ({wide}{r}.sla_breached_from >= {{now}} \
             AND {wide}{r}.sla_at_risk_from > {{now}}))",
            frozen(status)
        ),
        SlaStatus::Met => format!(
            "({wide}{} OR ({r}.sla_frozen IS NULL AND {wide}{r}.sla_breached_from IS NULL \
             AND EXISTS (SELECT 1 FROM request_sla s WHERE s.request_id = {r}.id)))",
            frozen(status)
        ),
    }
}

/// `sql` with `now` bound wherever it says `{now}`.
fn with_now(sql: &str, now: DateTime<Utc>, backend: DbBackend) -> Expr {
    // PostgreSQL numbers its placeholders and can reuse one; SQLite's `?`
    // takes one value each.
    match backend {
        DbBackend::Postgres => Expr::cust_with_values(sql.replace("{now}", "$1"), [now]),
        _ => {
            let uses = sql.matches("{now}").count();
            if uses == 0 {
                return Expr::cust(sql.to_owned());
            }
            Expr::cust_with_values(sql.replace("{now}", "?"), vec![now; uses])
        }
    }
}

/// "Breached" as two disjoint parts, for PostgreSQL's list
/// (`filter::breached_parts`): the requests whose clocks stopped breached
/// or that the SLA job marked, each still tested (a mark is never taken
/// back, and a wait's business hours can move a breach later again); and
/// the running ones breached and not marked, those that
/// breached since the job's last run. Whatever the marks say, the two
/// together hold every breached request; the marks decide only how few
/// the second part reads (`m20261221_000058_mark_breached_requests`).
pub(super) fn breached_parts(now: DateTime<Utc>, backend: DbBackend) -> [Expr; 2] {
    let r = "service_requests";
    let breached = status_sql(SlaStatus::Breached, backend);
    [
        format!("{} AND {breached}", marks::breached_or_marked_sql()),
        format!(
            "{} AND {r}.sla_breached_from < {{now}}",
            marks::unmarked_sql()
        ),
    ]
    .map(|sql| with_now(&sql, now, backend))
}

/// The column holding the request's nearest deadline still running (NULL
/// when none runs), kept by [`summarize`].
pub(super) const NEXT_DEADLINE: &str = "sla_due";

#[cfg(test)]
mod tests;
