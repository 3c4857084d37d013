//! A calendar as an administrator writes it, and its dated exceptions.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::{DayOfWeek, Period};

/// Whether a calendar exception takes a day off or puts a day on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ExceptionKind {
    /// Not worked although it is a work-week day (a public holiday).
    Holiday,
    /// Worked although it is not a work-week day (a make-up day, 调休).
    Workday,
}

/// One dated exception to the work week, e.g. National Day or a make-up Sunday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarException {
    /// The local date the exception applies to.
    pub date: NaiveDate,
    /// Whether the date is taken off or worked.
    pub kind: ExceptionKind,
    /// What the day is called, e.g. "国庆节" or "国庆节调休".
    #[serde(default)]
    pub name: String,
}

/// A calendar as an administrator writes it, before it is checked; this is
/// what the API accepts. Missing fields take the defaults of
/// [`BusinessCalendar::default`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CalendarSpec {
    /// The IANA time zone the business hours are written in, e.g. "Asia/Shanghai".
    #[serde(with = "time_zone_name")]
    pub time_zone: Tz,
    /// The days normally worked.
    pub work_week: Vec<DayOfWeek>,
    /// The business periods of a normal working day.
    pub periods: Vec<Period>,
    /// Business periods for particular weekdays that differ from the normal ones.
    pub weekday_periods: BTreeMap<DayOfWeek, Vec<Period>>,
    /// Dated holidays and make-up workdays, at most one per date.
    pub exceptions: Vec<CalendarException>,
}

impl Default for CalendarSpec {
    fn default() -> Self {
        CalendarSpec {
            time_zone: Tz::Asia__Shanghai,
            work_week: DayOfWeek::MONDAY_TO_FRIDAY.to_vec(),
            periods: vec![Period::NINE_TO_SIX],
            weekday_periods: BTreeMap::new(),
            exceptions: Vec::new(),
        }
    }
}

/// Reads and writes a time zone as its IANA name.
mod time_zone_name {
    use chrono_tz::Tz;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    use crate::calendar::CalendarError;

    pub(super) fn serialize<S: Serializer>(zone: &Tz, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(zone.name())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Tz, D::Error> {
        let name = String::deserialize(deserializer)?;
        name.parse::<Tz>()
            .map_err(|_| D::Error::custom(CalendarError::UnknownTimeZone(name)))
    }
}
