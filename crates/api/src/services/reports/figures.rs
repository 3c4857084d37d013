//! One month's figures, each read by one statement over a month's range of
//! an indexed column and aggregated by the database. Instants are compared
//! in SQL on both databases: SQLite holds them as text in one sortable UTC
//! format (see the migrations' conventions), PostgreSQL as timestamps.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use rapport_domain::reports::{Month, mean, median, share};
use rapport_domain::request::{Category, Priority};
use rapport_domain::sla::SlaTarget;
use rapport_entity::users;
use rapport_types::reports::{
    Breakdown, CallBackFigures, MonthFigures, RequestFigures, SatisfactionFigures, SlaOutcomes,
    TechnicianCount,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryResult, QuerySelect,
    Statement, Value,
};
use uuid::Uuid;

use super::{Scope, instants};
use crate::codes::encode;
use crate::error::ApiError;

mod complaints_and_contracts;

/// `month`'s figures for `scope`, open SLA targets judged at `now`.
pub(super) async fn month(
    conn: &impl ConnectionTrait,
    month: Month,
    scope: Scope,
    now: DateTime<Utc>,
) -> Result<MonthFigures, ApiError> {
    let (from, to) = instants(month);
    let days = month.days();
    let range = Range { from, to };
    let (opened, resolved, closed, sla, call_back, satisfaction, complaints, contracts) = tokio::try_join!(
        requests(conn, RequestsBy::Opened, range, scope),
        requests(conn, RequestsBy::Resolved, range, scope),
        requests(conn, RequestsBy::Closed, range, scope),
        sla(conn, range, scope, now),
        call_back(conn, range, scope),
        satisfaction(conn, range, scope),
        complaints_and_contracts::complaints(conn, range, scope, now),
        complaints_and_contracts::contracts(conn, range, days, scope),
    )?;
    let mut requests = RequestFigures {
        opened,
        resolved,
        closed,
    };
    name_technicians(conn, &mut requests).await?;
    Ok(MonthFigures {
        month: month.to_string(),
        from,
        to,
        requests,
        sla,
        call_back,
        satisfaction,
        complaints,
        contracts,
    })
}

/// A month's instants: `from` included, `to` excluded.
#[derive(Debug, Clone, Copy)]
struct Range {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
}

/// A statement written with `?` placeholders, numbered for PostgreSQL.
fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = match backend {
        DbBackend::Postgres => {
            let mut numbered = String::with_capacity(sql.len() + 16);
            let mut n = 0;
            for c in sql.chars() {
                if c == '?' {
                    n += 1;
                    numbered.push_str(&format!("${n}"));
                } else {
                    numbered.push(c);
                }
            }
            numbered
        }
        _ => sql.to_owned(),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

async fn rows(
    conn: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<QueryResult>, ApiError> {
    let statement = statement(conn.get_database_backend(), sql, values);
    Ok(conn.query_all_raw(statement).await?)
}

/// The conditions `scope` puts on the request aliased `r`, and their values.
fn request_scope(scope: Scope, values: &mut Vec<Value>) -> String {
    scoped_by(scope, values, "")
}

/// [`request_scope`] written so that SQLite filters on the scope's columns
/// without choosing an index for them: without statistics its planner
/// prefers an equality (all of a department's requests, ever) to the
/// month's range of the column the query counts by. A unary `+` keeps a
/// term off the indexes on SQLite; PostgreSQL plans by its statistics and
/// has no `+` for text.
fn request_scope_by_range(backend: DbBackend, scope: Scope, values: &mut Vec<Value>) -> String {
    let prefix = if backend == DbBackend::Sqlite {
        "+"
    } else {
        ""
    };
    scoped_by(scope, values, prefix)
}

fn scoped_by(scope: Scope, values: &mut Vec<Value>, prefix: &str) -> String {
    let mut sql = String::new();
    if let Some(department) = scope.department {
        sql.push_str(&format!(" AND {prefix}r.department = ?"));
        values.push(department.code().into());
    }
    if let Some(technician) = scope.technician {
        sql.push_str(&format!(" AND {prefix}r.assignee_id = ?"));
        values.push(technician.into());
    }
    sql
}

/// `FROM … WHERE` of the SLA targets (aliased `s`) of the requests taken
/// in during `range` that meet `conditions` and `scope`, binding the values
/// of all of them to `values` in the order they are written. The month is
/// a range of the index on `request_created_at`; with a scope the request
/// is joined, and its own month's range lets PostgreSQL match the two
/// months' rows instead of looking each target's request up.
fn targets_of_new_requests(
    range: Range,
    scope: Scope,
    conditions: &str,
    condition_values: Vec<Value>,
    values: &mut Vec<Value>,
) -> String {
    values.extend([range.from.into(), range.to.into()]);
    let mut sql = "FROM request_sla s".to_owned();
    let mut filter_values = Vec::new();
    let filter = request_scope(scope, &mut filter_values);
    if filter.is_empty() {
        sql.push_str(" WHERE s.request_created_at >= ? AND s.request_created_at < ?");
    } else {
        sql.push_str(
            " JOIN service_requests r ON r.id = s.request_id \
             WHERE s.request_created_at >= ? AND s.request_created_at < ? \
               AND r.created_at >= ? AND r.created_at < ?",
        );
        values.extend([range.from.into(), range.to.into()]);
    }
    sql.push_str(conditions);
    values.extend(condition_values);
    sql.push_str(&filter);
    values.extend(filter_values);
    sql
}

/// Which month's requests a breakdown counts.
#[derive(Debug, Clone, Copy)]
enum RequestsBy {
    /// Taken in.
    Opened,
    /// Resolved (their latest resolution).
    Resolved,
    /// Closed (a closed request stays closed).
    Closed,
}

async fn requests(
    conn: &impl ConnectionTrait,
    by: RequestsBy,
    range: Range,
    scope: Scope,
) -> Result<Breakdown, ApiError> {
    let mut values: Vec<Value> = vec![range.from.into(), range.to.into()];
    let source = match by {
        RequestsBy::Opened => {
            "FROM service_requests r WHERE r.created_at >= ? AND r.created_at < ?"
        }
        RequestsBy::Resolved => {
            "FROM service_requests r WHERE r.resolved_at >= ? AND r.resolved_at < ?"
        }
        RequestsBy::Closed => "FROM service_requests r WHERE r.closed_at >= ? AND r.closed_at < ?",
    };
    let filter = match by {
        RequestsBy::Resolved | RequestsBy::Closed => {
            request_scope_by_range(conn.get_database_backend(), scope, &mut values)
        }
        RequestsBy::Opened => request_scope(scope, &mut values),
    };
    let sql = format!(
        "SELECT r.category, r.priority, r.assignee_id, COUNT(*) AS n {source}{filter} \
         GROUP BY r.category, r.priority, r.assignee_id"
    );
    let mut breakdown = Breakdown {
        by_category: Category::ALL.iter().map(|c| (encode(c), 0)).collect(),
        by_priority: Priority::ALL.iter().map(|p| (encode(p), 0)).collect(),
        ..Breakdown::default()
    };
    let mut by_technician: BTreeMap<Option<Uuid>, u64> = BTreeMap::new();
    for row in rows(conn, &sql, values).await? {
        let category: String = row.try_get("", "category")?;
        let priority: String = row.try_get("", "priority")?;
        let assignee: Option<Uuid> = row.try_get("", "assignee_id")?;
        let n = count(&row, "n")?;
        breakdown.total += n;
        *breakdown.by_category.entry(category).or_insert(0) += n;
        *breakdown.by_priority.entry(priority).or_insert(0) += n;
        *by_technician.entry(assignee).or_insert(0) += n;
    }
    breakdown.by_technician = by_technician
        .into_iter()
        .map(|(technician_id, count)| TechnicianCount {
            technician_id,
            name: None,
            count,
        })
        .collect();
    Ok(breakdown)
}

/// Gives every counted technician their name, and orders them most first
/// (then by name; the unassigned last).
async fn name_technicians(
    conn: &impl ConnectionTrait,
    requests: &mut RequestFigures,
) -> Result<(), ApiError> {
    let breakdowns = [
        &mut requests.opened,
        &mut requests.resolved,
        &mut requests.closed,
    ];
    let ids: BTreeSet<Uuid> = breakdowns
        .iter()
        .flat_map(|b| b.by_technician.iter().filter_map(|t| t.technician_id))
        .collect();
    let mut names = BTreeMap::new();
    let ids: Vec<Uuid> = ids.into_iter().collect();
    for chunk in ids.chunks(500) {
        let found: Vec<(Uuid, String)> = users::Entity::find()
            .select_only()
            .columns([users::Column::Id, users::Column::DisplayName])
            .filter(users::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(conn)
            .await?;
        names.extend(found);
    }
    for breakdown in breakdowns {
        for counted in &mut breakdown.by_technician {
            counted.name = counted.technician_id.and_then(|id| names.get(&id).cloned());
        }
        breakdown.by_technician.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.technician_id.is_none().cmp(&b.technician_id.is_none()))
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.technician_id.cmp(&b.technician_id))
        });
    }
    Ok(())
}

/// How each target of the month's new requests fared at `now`.
async fn sla(
    conn: &impl ConnectionTrait,
    range: Range,
    scope: Scope,
    now: DateTime<Utc>,
) -> Result<BTreeMap<String, SlaOutcomes>, ApiError> {
    let mut values: Vec<Value> = vec![now.into(), now.into()];
    let from = targets_of_new_requests(range, scope, "", Vec::new(), &mut values);
    let sql = format!(
        "SELECT s.target, \
           SUM(CASE WHEN s.met_at IS NOT NULL AND s.met_at <= s.deadline THEN 1 ELSE 0 END) AS in_time, \
           SUM(CASE WHEN s.met_at IS NOT NULL AND s.met_at > s.deadline THEN 1 ELSE 0 END) AS late, \
           SUM(CASE WHEN s.met_at IS NULL AND s.deadline <= ? THEN 1 ELSE 0 END) AS breached, \
           SUM(CASE WHEN s.met_at IS NULL AND s.deadline > ? THEN 1 ELSE 0 END) AS running \
         {from} \
         GROUP BY s.target"
    );
    let mut outcomes: BTreeMap<String, SlaOutcomes> = SlaTarget::ALL
        .iter()
        .map(|target| (encode(target), SlaOutcomes::default()))
        .collect();
    for row in rows(conn, &sql, values).await? {
        let target: String = row.try_get("", "target")?;
        let fared = SlaOutcomes {
            met_in_time: count(&row, "in_time")?,
            met_late: count(&row, "late")?,
            breached: count(&row, "breached")?,
            running: count(&row, "running")?,
            compliance: None,
        };
        outcomes.insert(target, fared);
    }
    for fared in outcomes.values_mut() {
        fared.compliance = share(
            fared.met_in_time,
            fared.met_in_time + fared.met_late + fared.breached,
        );
    }
    Ok(outcomes)
}

/// Call-back times of the month's new requests.
async fn call_back(
    conn: &impl ConnectionTrait,
    range: Range,
    scope: Scope,
) -> Result<CallBackFigures, ApiError> {
    let seconds = match conn.get_database_backend() {
        DbBackend::Postgres => {
            "CAST(ROUND(EXTRACT(EPOCH FROM (s.met_at - s.started_at))) AS BIGINT)"
        }
        _ => "CAST(ROUND((julianday(s.met_at) - julianday(s.started_at)) * 86400.0) AS INTEGER)",
    };
    let mut values: Vec<Value> = Vec::new();
    let from = targets_of_new_requests(
        range,
        scope,
        " AND s.target = ? AND s.met_at IS NOT NULL",
        vec![encode(&SlaTarget::CallBack).into()],
        &mut values,
    );
    let sql = format!("SELECT {seconds} AS seconds {from}");
    let mut seconds = rows(conn, &sql, values)
        .await?
        .iter()
        .map(|row| row.try_get::<i64>("", "seconds"))
        .collect::<Result<Vec<i64>, _>>()?;
    Ok(CallBackFigures {
        called_back: seconds.len() as u64,
        average_minutes: mean(&seconds).map(|s| s / 60.0),
        median_minutes: median(&mut seconds).map(|s| s / 60.0),
    })
}

/// Scores given at visits and in surveys during the month.
async fn satisfaction(
    conn: &impl ConnectionTrait,
    range: Range,
    scope: Scope,
) -> Result<SatisfactionFigures, ApiError> {
    let mut values: Vec<Value> = vec![range.from.into(), range.to.into()];
    let filter = request_scope(scope, &mut values);
    // Unfiltered, every visit counts (executive and routine ones have no
    // request); filtered, only those of the scope's requests.
    let join = if filter.is_empty() {
        ""
    } else {
        " JOIN service_requests r ON r.id = v.request_id"
    };
    let sql = format!(
        "SELECT v.satisfaction AS score, COUNT(*) AS n FROM return_visits v{join} \
         WHERE v.visited_at >= ? AND v.visited_at < ? AND v.satisfaction IS NOT NULL{filter} \
         GROUP BY v.satisfaction"
    );
    let mut figures = SatisfactionFigures {
        distribution: (1..=5).map(|score: i64| (score.to_string(), 0)).collect(),
        ..SatisfactionFigures::default()
    };
    let mut sum = 0;
    for row in rows(conn, &sql, values).await? {
        let score: i16 = row.try_get("", "score")?;
        let n = count(&row, "n")?;
        figures.visits += n;
        sum += i64::from(score) * n as i64;
        *figures.distribution.entry(score.to_string()).or_insert(0) += n;
    }
    figures.average = (figures.visits > 0).then(|| sum as f64 / figures.visits as f64);

    let mut values: Vec<Value> = vec![range.from.into(), range.to.into()];
    let filter = request_scope(scope, &mut values);
    let sql = format!(
        "SELECT COUNT(*) AS n, \
           COUNT(s.resolution) AS resolution_n, CAST(SUM(s.resolution) AS BIGINT) AS resolution_sum, \
           COUNT(s.speed) AS speed_n, CAST(SUM(s.speed) AS BIGINT) AS speed_sum, \
           COUNT(s.attitude) AS attitude_n, CAST(SUM(s.attitude) AS BIGINT) AS attitude_sum \
         FROM surveys s JOIN service_requests r ON r.id = s.request_id \
         WHERE s.answered_at >= ? AND s.answered_at < ?{filter}"
    );
    if let Some(row) = rows(conn, &sql, values).await?.first() {
        figures.surveys = count(row, "n")?;
        let average = |name: &str| -> Result<Option<f64>, ApiError> {
            let n = count(row, &format!("{name}_n"))?;
            let sum: Option<i64> = row.try_get("", &format!("{name}_sum"))?;
            Ok((n > 0).then(|| sum.unwrap_or(0) as f64 / n as f64))
        };
        figures.survey_resolution = average("resolution")?;
        figures.survey_speed = average("speed")?;
        figures.survey_attitude = average("attitude")?;
    }
    Ok(figures)
}

/// A count or sum column (NULL, a sum of nothing, reads as 0).
fn count(row: &QueryResult, column: &str) -> Result<u64, ApiError> {
    let value: Option<i64> = row.try_get("", column)?;
    Ok(u64::try_from(value.unwrap_or(0)).unwrap_or(0))
}
