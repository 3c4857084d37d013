//! HTTP handlers over [`crate::services::calendar`].

use crate::audit::{self, Entry};
use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::routes::extract::Json;
use crate::routes::responses::{BadBody, Refused, Unauthenticated};
#[allow(unused_imports)]
use crate::services::calendar::*;
use crate::settings::{self};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, put, web};
use chrono::{Datelike, NaiveDate};
use rapport_domain::calendar::{BusinessCalendar, CalendarException};
use rapport_types::calendar::{Calendar, Exception, ExceptionList, YearQuery};
use rapport_types::problem::Problem;
use std::collections::{BTreeMap, BTreeSet};
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
    let document = organisation(&state.db).await?;
    Ok(HttpResponse::Ok().json(calendar_from_document(&document)))
}

/// Change the organisation's time zone, business hours and work week (admins only).
#[utoipa::path(
    tag = "calendar",
    security(("bearer" = [])),
    request_body = Calendar,
    responses(
        (status = 200, description = "The changed calendar", body = Calendar),
        (status = 409, description = "Stale version", body = Problem, content_type = "application/problem+json"),
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
    let expected = body.0.version.unwrap_or(0);
    let stored = organisation(&state.db).await?.value.to_spec().exceptions;
    let calendar = checked(body.0, stored)?;
    let (_, after) = store(&state, caller, ORGANISATION_KEY, expected, calendar).await?;
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
    let calendar = organisation(&state.db).await?.value;
    let items: Vec<Exception> = calendar
        .exceptions()
        .filter(|exception| exception.date.year() == query.year)
        .map(Exception::from)
        .collect();
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
    let entries = body.0.0;
    if entries.is_empty() || entries.len() > MAX_EXCEPTIONS_PER_UPSERT {
        return Err(ApiError::field(
            "exceptions",
            format!("must hold 1 to {MAX_EXCEPTIONS_PER_UPSERT} entries"),
        ));
    }
    let mut dates = BTreeSet::new();
    for (index, entry) in entries.iter().enumerate() {
        check_name(&format!("[{index}].name"), &entry.name)?;
        if !dates.insert(entry.date) {
            return Err(ApiError::field(
                &format!("[{index}].date"),
                format!("{} appears more than once", entry.date),
            ));
        }
    }
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let current = organisation(&txn).await?;
    let mut spec = current.value.to_spec();
    let mut by_date: BTreeMap<NaiveDate, CalendarException> = spec
        .exceptions
        .into_iter()
        .map(|exception| (exception.date, exception))
        .collect();
    let mut before = Vec::new();
    let mut after = Vec::new();
    for entry in entries {
        let exception = CalendarException::from(entry);
        after.push(Exception::from(&exception));
        if let Some(replaced) = by_date.insert(exception.date, exception) {
            before.push(Exception::from(&replaced));
        }
    }
    spec.exceptions = by_date.into_values().collect();
    let calendar = BusinessCalendar::new(spec)
        .map_err(|error| ApiError::field("exceptions", error.to_string()))?;
    settings::save(&txn, ORGANISATION_KEY, &calendar, current.version, now).await?;
    audit::record(
        &txn,
        now,
        Entry::changed(
            Some(caller.id),
            "calendar.exceptions.upsert",
            "setting",
            ORGANISATION_KEY,
            &before,
            &after,
        ),
    )
    .await?;
    txn.commit().await?;
    state.settings.invalidate(ORGANISATION_KEY);
    let items: Vec<Exception> = calendar.exceptions().map(Exception::from).collect();
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
    let names: Vec<String> = settings::keys_with_prefix(&state.db, NAMED_PREFIX)
        .await?
        .into_iter()
        .filter_map(|key| key.strip_prefix(NAMED_PREFIX).map(str::to_owned))
        .collect();
    Ok(HttpResponse::Ok().json(names))
}

/// A named calendar, e.g. the 7×24 hours of a premium contract.
#[utoipa::path(
    tag = "calendar",
    security(("bearer" = [])),
    params(("name" = String, Path, description = "The calendar's name: 1 to 64 of a-z, 0-9, _ and -")),
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
    let document = named(&state.db, &name).await?;
    Ok(HttpResponse::Ok().json(calendar_from_document(&document)))
}

/// Create a named calendar (no `version`) or change it (admins only).
#[utoipa::path(
    tag = "calendar",
    security(("bearer" = [])),
    params(("name" = String, Path, description = "The calendar's name: 1 to 64 of a-z, 0-9, _ and -")),
    request_body = Calendar,
    responses(
        (status = 200, description = "The changed calendar", body = Calendar),
        (status = 201, description = "The created calendar", body = Calendar),
        (status = 409, description = "Stale version", body = Problem, content_type = "application/problem+json"),
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
    let key = named_key(&name)?;
    let expected = body.0.version.unwrap_or(0);
    let stored = settings::find::<BusinessCalendar>(&state.db, &key)
        .await?
        .map(|document| document.value.to_spec().exceptions)
        .unwrap_or_default();
    let calendar = checked(body.0, stored)?;
    let (before, after) = store(&state, caller, &key, expected, calendar).await?;
    let status = if before.is_some() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok(HttpResponse::build(status).json(after))
}
