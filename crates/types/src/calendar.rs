//! Business calendars: periods, work week, holidays and make-up days.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rapport_domain::calendar::{
    BusinessCalendar, CalendarError, CalendarException, CalendarSpec, DayOfWeek, ExceptionKind,
    Period,
};
use serde::{Deserialize, Serialize};
use validator::Validate;

/// A business calendar as the API shows and takes it.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    /// The version read; send it back to change the calendar (0 or absent
    /// when it was never saved).
    pub version: Option<i32>,
    /// IANA time zone name.
    #[cfg_attr(feature = "openapi", schema(example = "Asia/Shanghai"))]
    pub time_zone: String,
    /// The working days of a normal week.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 7, example = json!(["monday", "tuesday", "wednesday", "thursday", "friday"])))]
    pub work_week: Vec<DayOfWeek>,
    /// Business hours of a working day, as HH:MM periods ("24:00" ends at midnight).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<PeriodSchema>, example = json!([{"start": "09:00", "end": "12:00"}, {"start": "13:30", "end": "18:00"}])))]
    pub periods: Vec<Period>,
    /// Business hours of particular weekdays that differ from `periods`, keyed by weekday.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<DayOfWeek, Vec<PeriodSchema>>, example = json!({"friday": [{"start": "09:00", "end": "16:00"}]})))]
    pub weekday_periods: BTreeMap<DayOfWeek, Vec<Period>>,
    /// Holidays and make-up workdays. Absent on a change keeps the stored ones.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<Exception>>))]
    pub exceptions: Option<Vec<CalendarException>>,
}

/// A date that is worked or not against the work week.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Exception {
    /// The local date.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date, example = "2025-01-28"))]
    pub date: NaiveDate,
    /// `holiday` (not worked although a weekday) or `workday` (worked although a weekend day).
    #[cfg_attr(feature = "openapi", schema(example = "holiday"))]
    pub kind: ExceptionKind,
    /// What it is called, at most 100 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 100, example = "春节"))]
    pub name: String,
}

/// The wire shape of a [`Period`], for the document only (the domain type
/// is read through its own checked text form).
#[cfg(feature = "openapi")]
#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = Period)]
#[serde(deny_unknown_fields)]
#[expect(dead_code, reason = "a schema, never built")]
pub struct PeriodSchema {
    /// Local start time, HH:MM.
    #[schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "09:00")]
    start: String,
    /// Local end time, HH:MM after the start ("24:00" ends at midnight).
    #[schema(
        pattern = r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$",
        example = "18:00"
    )]
    end: String,
}

/// Exceptions to add or replace, by date.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[serde(transparent)]
pub struct ExceptionList(pub Vec<Exception>);

/// Which year's exceptions to list.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct YearQuery {
    /// The calendar year, e.g. 2025.
    pub year: i32,
}

impl From<Exception> for CalendarException {
    fn from(exception: Exception) -> Self {
        CalendarException {
            date: exception.date,
            kind: exception.kind,
            name: exception.name,
        }
    }
}

impl From<&CalendarException> for Exception {
    fn from(exception: &CalendarException) -> Self {
        Exception {
            date: exception.date,
            kind: exception.kind,
            name: exception.name.clone(),
        }
    }
}

impl Validate for ExceptionList {
    /// Checked in the handler, which names the entry at fault.
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        Ok(())
    }
}

impl Calendar {
    /// The business calendar this describes, checked by the domain (the
    /// app previews deadlines on it; a calendar the server sent is valid).
    pub fn business_calendar(&self) -> Result<BusinessCalendar, CalendarError> {
        let time_zone = self
            .time_zone
            .parse()
            .map_err(|_| CalendarError::UnknownTimeZone(self.time_zone.clone()))?;
        BusinessCalendar::new(CalendarSpec {
            time_zone,
            work_week: self.work_week.clone(),
            periods: self.periods.clone(),
            weekday_periods: self.weekday_periods.clone(),
            exceptions: self.exceptions.clone().unwrap_or_default(),
        })
    }
}
