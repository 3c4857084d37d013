//! `/api/v1/calendar` and `/api/v1/calendars`: the organisation's business
//! calendar, its exceptions (holidays and make-up workdays), and named
//! calendars that contracts may run on (SPEC section 3). Every logged-in role
//! reads them; only admins change them. The domain's `BusinessCalendar`
//! checks every calendar before it is stored.

use std::collections::{BTreeMap, BTreeSet};

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, put, web};
use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;
use rapport_domain::calendar::{BusinessCalendar, CalendarError, CalendarException, CalendarSpec};
use sea_orm::ConnectionTrait;
use utoipa_actix_web::service_config::ServiceConfig;

use rapport_types::calendar::{Calendar, Exception, ExceptionList, YearQuery};

use rapport_types::problem::Problem;

use crate::audit::{self, Entry};
use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::extract::Json;
use crate::settings::{self, Document};
use crate::state::AppState;

/// The settings key of the organisation's calendar.
const ORGANISATION_KEY: &str = "calendar";
/// Named calendars are stored under this prefix followed by their name.
const NAMED_PREFIX: &str = "calendar:";
/// The most exceptions one upsert may carry (a year's worth and then some).
const MAX_EXCEPTIONS_PER_UPSERT: usize = 400;
/// The longest exception name, in characters.
const MAX_EXCEPTION_NAME: usize = 100;

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

/// The calendar as the API shows it, from its stored document.
pub fn calendar_from_document(document: &Document<BusinessCalendar>) -> Calendar {
    let spec = document.value.to_spec();
    Calendar {
        version: Some(document.version),
        time_zone: spec.time_zone.name().to_owned(),
        work_week: spec.work_week,
        periods: spec.periods,
        weekday_periods: spec.weekday_periods,
        exceptions: Some(spec.exceptions),
    }
}

/// The organisation's calendar (its default when never saved).
pub async fn organisation(
    conn: &impl ConnectionTrait,
) -> Result<Document<BusinessCalendar>, ApiError> {
    settings::load(conn, ORGANISATION_KEY).await
}

/// The named calendar `name`; 404 when there is none.
pub async fn named(
    conn: &impl ConnectionTrait,
    name: &str,
) -> Result<Document<BusinessCalendar>, ApiError> {
    settings::find(conn, &named_key(name)?)
        .await?
        .ok_or(ApiError::NotFound("calendar"))
}

/// The calendar a request runs on: its contract's named calendar, or the
/// organisation's when there is none (or the name no longer exists). Read
/// through the settings cache: every get-by-id and intake asks.
pub async fn for_request(
    conn: &impl ConnectionTrait,
    cache: &settings::Cache,
    name: Option<&str>,
) -> Result<BusinessCalendar, ApiError> {
    if let Some(name) = name {
        if let Ok(key) = named_key(name)
            && let Some(document) = cache.find::<BusinessCalendar>(conn, &key).await?
        {
            return Ok(document.value);
        }
        log::warn!("calendar {name:?} is missing; using the organisation's");
    }
    Ok(cache
        .load::<BusinessCalendar>(conn, ORGANISATION_KEY)
        .await?
        .value)
}

/// The settings key of a named calendar; the name is 1–64 of a-z, 0-9, `_` and `-`.
fn named_key(name: &str) -> Result<String, ApiError> {
    let valid = (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if valid {
        Ok(format!("{NAMED_PREFIX}{name}"))
    } else {
        Err(ApiError::field(
            "name",
            "must be 1 to 64 characters of a-z, 0-9, _ and -",
        ))
    }
}

/// The calendar a change describes, checked by the domain; absent
/// exceptions keep `stored`.
fn checked(
    changes: Calendar,
    stored: Vec<CalendarException>,
) -> Result<BusinessCalendar, ApiError> {
    let time_zone = changes.time_zone.parse::<Tz>().map_err(|_| {
        ApiError::field(
            "time_zone",
            CalendarError::UnknownTimeZone(changes.time_zone.clone()).to_string(),
        )
    })?;
    let exceptions = match changes.exceptions {
        Some(exceptions) => {
            for (index, exception) in exceptions.iter().enumerate() {
                check_name(&format!("exceptions[{index}].name"), &exception.name)?;
            }
            exceptions
        }
        None => stored,
    };
    let periods = changes.periods.clone();
    BusinessCalendar::new(CalendarSpec {
        time_zone,
        work_week: changes.work_week,
        periods: changes.periods,
        weekday_periods: changes.weekday_periods,
        exceptions,
    })
    .map_err(|error| {
        let field = match &error {
            CalendarError::UnknownTimeZone(_) => "time_zone",
            CalendarError::EmptyWorkWeek => "work_week",
            CalendarError::EmptyWeekdayPeriods(_) => "weekday_periods",
            CalendarError::OverlappingPeriods { first, .. } if !periods.contains(first) => {
                "weekday_periods"
            }
            CalendarError::DuplicateException(_) => "exceptions",
            _ => "periods",
        };
        ApiError::field(field, error.to_string())
    })
}

fn check_name(field: &str, name: &str) -> Result<(), ApiError> {
    if name.chars().count() > MAX_EXCEPTION_NAME {
        return Err(ApiError::field(
            field,
            format!("must be at most {MAX_EXCEPTION_NAME} characters long"),
        ));
    }
    Ok(())
}

/// Stores `calendar` under `key` at `expected` version, with an audit entry, in one transaction.
async fn store(
    state: &AppState,
    caller: Caller,
    key: &str,
    expected: i32,
    calendar: BusinessCalendar,
) -> Result<(Option<Calendar>, Calendar), ApiError> {
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let before = settings::find::<BusinessCalendar>(&txn, key)
        .await?
        .map(|document| calendar_from_document(&document));
    let version = settings::save(&txn, key, &calendar, expected, now).await?;
    let after = calendar_from_document(&Document {
        value: calendar,
        version,
    });
    audit::record(
        &txn,
        now,
        Entry {
            actor: Some(caller.id),
            action: "calendar.update",
            entity_type: "setting",
            entity_id: key.to_owned(),
            before: before
                .as_ref()
                .and_then(|before| serde_json::to_value(before).ok()),
            after: serde_json::to_value(&after).ok(),
        },
    )
    .await?;
    txn.commit().await?;
    state.settings.invalidate(key);
    Ok((before, after))
}

/// The organisation's business calendar.
#[utoipa::path(
    tag = "calendar",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The calendar, with every exception; version 0 when never saved", body = Calendar),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json")
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
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only admins change calendars", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown time zone, overlapping periods or no working time", body = Problem, content_type = "application/problem+json")
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
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json")
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
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only admins change calendars", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The calendar changed meanwhile", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty or too long list, repeated date or too long name", body = Problem, content_type = "application/problem+json")
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
        Entry {
            actor: Some(caller.id),
            action: "calendar.exceptions.upsert",
            entity_type: "setting",
            entity_id: ORGANISATION_KEY.to_owned(),
            before: serde_json::to_value(&before).ok(),
            after: serde_json::to_value(&after).ok(),
        },
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
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json")
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
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No calendar of that name", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name", body = Problem, content_type = "application/problem+json")
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
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only admins change calendars", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name, unknown time zone, overlapping periods or no working time", body = Problem, content_type = "application/problem+json")
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
