//! Reading one stored request with its SLA rows and its timeline in a single
//! statement. A get-by-id is the hottest read of the service desk, and each
//! statement costs a round trip (to PostgreSQL, or to sqlx's SQLite worker
//! thread) that dwarfs the work of the query itself; the join it replaces
//! also decoded the wide request row once per SLA row. The children come
//! back as JSON arrays built by the database, in the shape of their models.
//! The names shown beside its ids come from the names cache, as a list's
//! do (`crate::names`). And the request a stored row describes.

use rapport_domain::request::ResolutionMethod;
use rapport_entity::{request_events, request_sla, service_requests};
use rapport_types::requests::ServiceRequest;
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, QueryResult, Statement};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::error::ApiError;

/// A request's SLA rows and its timeline (oldest first).
#[derive(Debug, Clone)]
pub(super) struct Children {
    pub(super) sla: Vec<request_sla::Model>,
    pub(super) events: Vec<request_events::Model>,
}

/// SQLite keeps uuids as 16-byte blobs: `hex()` gives the 32-digit form
/// `Uuid` parses (and `''` for NULL, hence the `nullif`). Timestamps are
/// stored as RFC 3339 text, JSON columns as JSON text. Aggregate `ORDER BY`
/// needs SQLite 3.44 (sqlx bundles a newer one).
const SQLITE: &str = r#"
SELECT r.*,
  (SELECT json_group_array(json_object(
      'request_id', hex(s.request_id), 'target', s.target, 'clock', json(s.clock),
      'started_at', s.started_at, 'deadline', s.deadline,
      'at_risk_from', s.at_risk_from, 'met_at', s.met_at,
      'request_created_at', s.request_created_at))
   FROM request_sla s WHERE s.request_id = r.id) AS sla_rows,
  (SELECT json_group_array(json_object(
      'id', hex(e.id), 'request_id', hex(e.request_id), 'at', e.at,
      'actor_id', nullif(hex(e.actor_id), ''), 'kind', e.kind,
      'before', json(e."before"), 'after', json(e."after")) ORDER BY e.at, e.id)
   FROM request_events e WHERE e.request_id = r.id) AS event_rows
FROM service_requests r WHERE r.id = ?"#;

/// PostgreSQL renders a whole row as a JSON object keyed by its column
/// names, which are the models' field names; uuids and timestamps (ISO
/// 8601) come out in the form serde reads. `json_agg(s)` costs PostgreSQL
/// less than building each object field by field (about 13% more of these
/// statements per second under pgbench).
const POSTGRES: &str = r#"
SELECT r.*,
  (SELECT coalesce(json_agg(s), '[]')::text
   FROM request_sla s WHERE s.request_id = r.id) AS sla_rows,
  (SELECT coalesce(json_agg(e ORDER BY e.at, e.id), '[]')::text
   FROM request_events e WHERE e.request_id = r.id) AS event_rows
FROM service_requests r WHERE r.id = $1"#;

/// The request `id` with its children, if there is such a request.
pub(super) async fn read(
    conn: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<(service_requests::Model, Children)>, ApiError> {
    let Some(row) = row(conn, id).await? else {
        return Ok(None);
    };
    let request = service_requests::Model::from_query_result(&row, "")?;
    Ok(Some((request, Children::of(&row)?)))
}

/// The children of request `id`, for a caller that holds the request
/// itself: the same statement, without decoding the request row again.
pub(super) async fn children(
    conn: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<Children>, ApiError> {
    let Some(row) = row(conn, id).await? else {
        return Ok(None);
    };
    Ok(Some(Children::of(&row)?))
}

async fn row(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<QueryResult>, ApiError> {
    let backend = conn.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => POSTGRES,
        _ => SQLITE,
    };
    let statement = Statement::from_sql_and_values(backend, sql, [id.into()]);
    Ok(conn.query_one_raw(statement).await?)
}

impl Children {
    fn of(row: &QueryResult) -> Result<Children, ApiError> {
        Ok(Children {
            sla: json_column(row, "sla_rows")?,
            events: json_column(row, "event_rows")?,
        })
    }
}

/// The JSON array in `column`, as models.
fn json_column<T: DeserializeOwned>(row: &QueryResult, column: &str) -> Result<Vec<T>, ApiError> {
    let json: String = row.try_get("", column)?;
    serde_json::from_str(&json)
        .map_err(|error| ApiError::internal(format!("reading a request's {column}"), error))
}

/// The request a stored row describes.
pub(super) fn request_from_model(
    model: service_requests::Model,
) -> Result<ServiceRequest, ApiError> {
    let context = |what: &str| format!("reading the {what} of request {}", model.number);
    let routing_reason = serde_json::from_value(model.routing_reason.clone())
        .map_err(|error| ApiError::internal(context("routing reason"), error))?;
    let pauses = serde_json::from_value(model.pauses.clone())
        .map_err(|error| ApiError::internal(context("pauses"), error))?;
    let quote = model
        .quote
        .clone()
        .map(serde_json::from_value)
        .transpose()
        .map_err(|error| ApiError::internal(context("quote"), error))?;
    let parts = model
        .parts
        .clone()
        .map(serde_json::from_value)
        .transpose()
        .map_err(|error| ApiError::internal(context("parts"), error))?;
    Ok(ServiceRequest {
        id: model.id,
        customer_id: model.customer_id,
        customer_unverified: model.customer_unverified,
        contact_id: model.contact_id,
        channel: model.channel,
        category: model.category,
        product_kind: model.product_kind,
        work_type: model.work_type,
        priority: model.priority,
        title: model.title,
        description: model.description,
        status: model.status,
        billable: model.billable,
        contract_id: model.contract_id,
        calendar_name: model.calendar_name,
        department: model.department,
        assignee_id: model.assignee_id,
        routing_reason,
        paused_since: model.paused_since,
        pauses,
        quote,
        remote: model.resolution_method == Some(ResolutionMethod::Remote),
        resolution_method: model.resolution_method,
        fault_description: model.fault_description,
        solution: model.solution,
        resolved_at: model.resolved_at,
        customer_signed_at: model.customer_signed_at,
        account_manager_signed_at: model.account_manager_signed_at,
        outstanding_issue: model.outstanding_issue,
        next_visit_at: model.next_visit_at,
        parts,
        cancel_reason: model.cancel_reason,
        due: None,
        customer_name: None,
        assignee_name: None,
        created_by: model.created_by,
        version: model.version,
        created_at: model.created_at,
        updated_at: model.updated_at,
        number: model.number,
    })
}
