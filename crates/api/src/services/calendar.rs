//! `/api/v1/calendar` and `/api/v1/calendars`: the organisation's business
//! calendar, its exceptions (holidays and make-up workdays), and named
//! calendars that contracts may run on (SPEC section 3). Every logged-in role
//! reads them; only admins change them. The domain's `BusinessCalendar`
//! checks every calendar before it is stored.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;
use rapport_domain::calendar::{BusinessCalendar, CalendarError, CalendarException, CalendarSpec};
use rapport_domain::msg;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use rapport_types::calendar::{Calendar, Exception};

use crate::audit::{self, Entry};
use crate::error::ApiError;
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

/// The calendar as the API shows it, from its stored document.
fn calendar_from_document(document: &Document<BusinessCalendar>) -> Calendar {
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

/// The organisation's calendar as the API shows it.
pub async fn get(conn: &impl ConnectionTrait) -> Result<Calendar, ApiError> {
    Ok(calendar_from_document(&organisation(conn).await?))
}

/// Changes the organisation's calendar by `actor`; exceptions it leaves
/// out stay as they are.
pub async fn update(
    state: &AppState,
    actor: Uuid,
    changes: Calendar,
) -> Result<Calendar, ApiError> {
    let expected = changes.version.unwrap_or(0);
    let stored = organisation(&state.db).await?.value.to_spec().exceptions;
    let calendar = checked(changes, stored)?;
    let (_, after) = store(state, actor, ORGANISATION_KEY, expected, calendar).await?;
    Ok(after)
}

/// The organisation's exceptions in `year`, by date.
pub async fn exceptions_in(
    conn: &impl ConnectionTrait,
    year: i32,
) -> Result<Vec<Exception>, ApiError> {
    let calendar = organisation(conn).await?.value;
    Ok(calendar
        .exceptions()
        .filter(|exception| exception.date.year() == year)
        .map(Exception::from)
        .collect())
}

/// Adds `entries` to the organisation's calendar by `actor`, each
/// replacing the exception of its date; answers every exception after the
/// change, by date.
pub async fn upsert_exceptions(
    state: &AppState,
    actor: Uuid,
    entries: Vec<Exception>,
) -> Result<Vec<Exception>, ApiError> {
    if entries.is_empty() || entries.len() > MAX_EXCEPTIONS_PER_UPSERT {
        return Err(ApiError::field(
            "exceptions",
            msg!(
                "must hold 1 to {max} entries",
                max = MAX_EXCEPTIONS_PER_UPSERT
            ),
        ));
    }
    let mut dates = BTreeSet::new();
    for (index, entry) in entries.iter().enumerate() {
        check_name(&format!("[{index}].name"), &entry.name)?;
        if !dates.insert(entry.date) {
            return Err(ApiError::field(
                &format!("[{index}].date"),
                msg!("{date} appears more than once", date = entry.date),
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
        .map_err(|error| ApiError::field("exceptions", error.message()))?;
    settings::save(&txn, ORGANISATION_KEY, &calendar, current.version, now).await?;
    audit::record(
        &txn,
        now,
        Entry::changed(
            Some(actor),
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
    Ok(calendar.exceptions().map(Exception::from).collect())
}

/// The names of the named calendars, in order.
pub async fn names(conn: &impl ConnectionTrait) -> Result<Vec<String>, ApiError> {
    Ok(settings::keys_with_prefix(conn, NAMED_PREFIX)
        .await?
        .into_iter()
        .filter_map(|key| key.strip_prefix(NAMED_PREFIX).map(str::to_owned))
        .collect())
}

/// The named calendar `name` as the API shows it; 404 when there is none.
pub async fn get_named(conn: &impl ConnectionTrait, name: &str) -> Result<Calendar, ApiError> {
    Ok(calendar_from_document(&named(conn, name).await?))
}

/// Creates the named calendar `name` (no version) or changes it, by
/// `actor`; answers whether it was created, and the calendar.
pub async fn put_named(
    state: &AppState,
    actor: Uuid,
    name: &str,
    changes: Calendar,
) -> Result<(bool, Calendar), ApiError> {
    let key = named_key(name)?;
    let expected = changes.version.unwrap_or(0);
    let stored = settings::find::<BusinessCalendar>(&state.db, &key)
        .await?
        .map(|document| document.value.to_spec().exceptions)
        .unwrap_or_default();
    let calendar = checked(changes, stored)?;
    let (before, after) = store(state, actor, &key, expected, calendar).await?;
    Ok((before.is_none(), after))
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
        .ok_or(ApiError::NotFound(msg!("calendar")))
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
            msg!("must be 1 to 64 characters of a-z, 0-9, _ and -"),
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
            CalendarError::UnknownTimeZone(changes.time_zone.clone()).message(),
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
        ApiError::field(field, error.message())
    })
}

/// Refuses an exception name longer than [`MAX_EXCEPTION_NAME`], naming `field`.
fn check_name(field: &str, name: &str) -> Result<(), ApiError> {
    if name.chars().count() > MAX_EXCEPTION_NAME {
        return Err(ApiError::field(
            field,
            msg!(
                "must be at most {max} characters long",
                max = MAX_EXCEPTION_NAME
            ),
        ));
    }
    Ok(())
}

/// Stores `calendar` under `key` at `expected` version, with an audit entry, in one transaction.
async fn store(
    state: &AppState,
    actor: Uuid,
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
            actor: Some(actor),
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
