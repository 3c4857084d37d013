//! HTTP handlers over [`crate::services::calendar`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::routes::extract::Json;
use crate::routes::responses::{BadBody, Refused, Stale, Unauthenticated};
use crate::services::calendar as service;
use crate::state::AppState;
use actix_web::{HttpResponse, get, put, web};
use rapport_types::calendar::{Calendar, Exception, ExceptionList, YearQuery};
use rapport_types::problem::Problem;
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the calendar routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(get_organisation)
        .service(put_organisation)
        .service(list_exceptions)
        .service(upsert_exceptions)
        .service(list_named)
        .service(get_named)
        .service(put_named);
}

/// The organisation's business calendar.
#[utoipa::path(
    tag = "calendar",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The calendar, with every exception; version 0 when never saved", body = Calendar),
        Unauthenticated
    )
)]
#[get("/calendar")]
pub async fn get_organisation(
    state: web::Data<AppState>,
    _caller: Caller,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::get(&state.db).await?))
}

/// Change the organisation's time zone, business hours and work week (admins only).
#[utoipa::path(
    tag = "calendar",
    security(("bearer" = [])),
    request_body = Calendar,
    responses(
        (status = 200, description = "The changed calendar", body = Calendar),
        Stale,
        (status = 422, description = "Unknown time zone, overlapping periods or no working time", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[put("/calendar")]
pub async fn put_organisation(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<Calendar>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ConfigureService)?;
    let after = service::update(&state, caller.id, body.0).await?;
    Ok(HttpResponse::Ok().json(after))
}

/// One year's holidays and make-up workdays of the organisation's calendar, by date.
#[utoipa::path(
    tag = "calendar",
    security(("bearer" = [])),
    params(YearQuery),
    responses(
        (status = 200, description = "The year's exceptions, by date", body = Vec<Exception>),
        (status = 400, description = "Missing or malformed year", body = Problem, content_type = "application/problem+json"),
        Unauthenticated
    )
)]
#[get("/calendar/exceptions")]
pub async fn list_exceptions(
    state: web::Data<AppState>,
    _caller: Caller,
    query: web::Query<YearQuery>,
) -> Result<HttpResponse, ApiError> {
    let items = service::exceptions_in(&state.db, query.year).await?;
    Ok(HttpResponse::Ok().json(items))
}

/// Add or replace exceptions of the organisation's calendar by date (admins only).
#[utoipa::path(
    tag = "calendar",
    security(("bearer" = [])),
    request_body(content = Vec<Exception>, description = "1 to 400 exceptions, each date at most once"),
    responses(
        (status = 200, description = "Every exception of the calendar after the change, by date", body = Vec<Exception>),
        (status = 409, description = "The calendar changed meanwhile", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty or too long list, repeated date or too long name", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[put("/calendar/exceptions")]
pub async fn upsert_exceptions(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<ExceptionList>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ConfigureService)?;
    let items = service::upsert_exceptions(&state, caller.id, body.0.0).await?;
    Ok(HttpResponse::Ok().json(items))
}

/// The names of the named calendars.
#[utoipa::path(
    tag = "calendar",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Calendar names, in order", body = Vec<String>, example = json!(["premium_7x24"])),
        Unauthenticated
    )
)]
#[get("/calendars")]
pub async fn list_named(
    state: web::Data<AppState>,
    _caller: Caller,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::names(&state.db).await?))
}

/// A named calendar, e.g. the 7×24 hours of a premium contract.
#[utoipa::path(
    tag = "calendar",
    security(("bearer" = [])),
    params(("name" = String, Path, description = "The calendar's name: 1 to 64 of a-z, 0-9, _ and -", pattern = r"^[a-z0-9_-]{1,64}$")),
    responses(
        (status = 200, description = "The calendar", body = Calendar),
        (status = 404, description = "No calendar of that name", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name", body = Problem, content_type = "application/problem+json"),
        Unauthenticated
    )
)]
#[get("/calendars/{name}")]
pub async fn get_named(
    state: web::Data<AppState>,
    _caller: Caller,
    name: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(service::get_named(&state.db, &name).await?))
}

/// Create a named calendar (no `version`) or change it (admins only).
#[utoipa::path(
    tag = "calendar",
    security(("bearer" = [])),
    params(("name" = String, Path, description = "The calendar's name: 1 to 64 of a-z, 0-9, _ and -", pattern = r"^[a-z0-9_-]{1,64}$")),
    request_body = Calendar,
    responses(
        (status = 200, description = "The changed calendar", body = Calendar),
        (status = 201, description = "The created calendar", body = Calendar),
        Stale,
        (status = 422, description = "Invalid name, unknown time zone, overlapping periods or no working time", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[put("/calendars/{name}")]
pub async fn put_named(
    state: web::Data<AppState>,
    caller: Caller,
    name: web::Path<String>,
    body: Json<Calendar>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ConfigureService)?;
    let (created, after) = service::put_named(&state, caller.id, &name, body.0).await?;
    if created {
        Ok(HttpResponse::Created().json(after))
    } else {
        Ok(HttpResponse::Ok().json(after))
    }
}
