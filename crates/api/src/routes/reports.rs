//! HTTP handlers over [`crate::services::reports`].

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use rapport_domain::msg;
use rapport_types::problem::Problem;
use rapport_types::reports::{MonthlyReport, MonthlyReportQuery};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::routes::responses::{BadQuery, Refused};
use crate::services::reports::{self as service, csv};
use crate::state::AppState;

/// Registers this module's routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(monthly);
}

/// The monthly report (SPEC section 8): requests opened, resolved and
/// closed by category, priority and technician; SLA outcomes per target
/// and call-back times of the month's new requests; satisfaction from
/// visits and surveys; complaints; contracts signed, renewed, expiring,
/// invoiced and paid. The month before comes along for comparison. Months
/// run from midnight of their first day in the organisation's time zone.
/// JSON, or CSV for Excel (UTF-8 with a byte-order mark) with
/// `Accept: text/csv` or `format=csv`. Contains no contact data.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(MonthlyReportQuery),
    responses(
        (status = 200, description = "The month's figures and the month before's", content(
            (MonthlyReport = "application/json"),
            (String = "text/csv")
        )),
        (status = 422, description = "Missing or malformed month, unknown department or technician, or a format other than json or csv", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadQuery
    )
)]
#[get("/reports/monthly")]
pub async fn monthly(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    query: web::Query<MonthlyReportQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadReports)?;
    let as_csv = wants_csv(&request, query.format.as_deref())?;
    let report = service::monthly(&state, query.into_inner()).await?;
    if !as_csv {
        return Ok(HttpResponse::Ok().json(report));
    }
    Ok(HttpResponse::Ok()
        .content_type(csv::CONTENT_TYPE)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", csv::file_name(&report)),
        ))
        .body(csv::render(&report)))
}

/// CSV when `format=csv`, or no format and an `Accept` that names
/// `text/csv` and not JSON before it.
fn wants_csv(request: &HttpRequest, format: Option<&str>) -> Result<bool, ApiError> {
    match format.map(str::trim) {
        Some("csv") => return Ok(true),
        Some("json") => return Ok(false),
        Some(_) => return Err(ApiError::field("format", msg!("must be `json` or `csv`"))),
        None => {}
    }
    let accept = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let position = |media: &str| accept.find(media);
    Ok(match (position("text/csv"), position("application/json")) {
        (Some(_), None) => true,
        (Some(csv), Some(json)) => csv < json,
        _ => false,
    })
}
