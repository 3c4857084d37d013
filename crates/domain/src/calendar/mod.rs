//! The business calendar: when an organisation works, so that SLA clocks can
//! count business hours and working days (SPEC section 3).
//!
//! All instants are UTC; the calendar's time zone turns them into local dates
//! and times. Local times that do not exist (a daylight-saving gap) are moved
//! to the end of the gap, and local times that exist twice (a fold) take the
//! earlier instant, so no query ever fails or panics because of DST.

mod arithmetic;
mod period;
mod spec;
#[cfg(test)]
pub(crate) mod tests;
mod week;

use crate::messages::Message;
use crate::msg;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

pub use period::Period;
pub use spec::{CalendarException, CalendarSpec, ExceptionKind};
pub use week::DayOfWeek;

/// Minutes in a local day; a period may end at 24:00, which is this value.
const MINUTES_PER_DAY: u16 = 1440;

/// How many consecutive days without working time a search walks through
/// before it concludes the calendar never works again (about ten years).
pub const MAX_SEARCH_DAYS: u32 = 3660;

/// Why a calendar could not be built or could not answer a question.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().english())]
pub enum CalendarError {
    /// A time of day was not written as HH:MM between 00:00 and 24:00.
    InvalidTime(String),
    /// A business period ends at or before its start.
    EmptyPeriod {
        /// The period's start as written (HH:MM).
        start: String,
        /// The period's end as written (HH:MM).
        end: String,
    },
    /// Two business periods of the same day overlap.
    OverlappingPeriods {
        /// The earlier period.
        first: Period,
        /// The period that starts before the earlier one ends.
        second: Period,
    },
    /// The standard business hours have no period at all.
    NoPeriods,
    /// A weekday's own business hours were given as an empty list.
    EmptyWeekdayPeriods(DayOfWeek),
    /// The work week has no day in it.
    EmptyWorkWeek,
    /// Two calendar exceptions name the same date.
    DuplicateException(NaiveDate),
    /// The time zone name is not a known IANA time zone.
    UnknownTimeZone(String),
    /// A search for working time found none for about ten years.
    NoWorkingTime(NaiveDate),
    /// A day-specific question was asked about a day that is not worked.
    NotAWorkingDay(NaiveDate),
    /// Business time to add was negative.
    NegativeDuration,
    /// A date or instant fell outside the range the calendar can represent.
    OutOfRange,
}

impl CalendarError {
    /// What is wrong, in either language.
    pub fn message(&self) -> Message {
        match self {
            CalendarError::InvalidTime(text) => msg!(
                "“{text}” is not a time of day; write HH:MM between 00:00 and 24:00",
                text = text
            ),
            CalendarError::EmptyPeriod { start, end } => msg!(
                "a business period must end after it starts, but {start}–{end} does not",
                start = start,
                end = end
            ),
            CalendarError::OverlappingPeriods { first, second } => msg!(
                "business periods {first} and {second} overlap",
                first = first,
                second = second
            ),
            CalendarError::NoPeriods => msg!("business hours need at least one period"),
            CalendarError::EmptyWeekdayPeriods(day) => msg!(
                "the business hours for {day} are empty; remove {day} from the work week instead",
                day = day
            ),
            CalendarError::EmptyWorkWeek => {
                msg!("the work week must have at least one working day")
            }
            CalendarError::DuplicateException(date) => msg!(
                "{date} has more than one calendar exception; a date is either a holiday or a workday",
                date = date
            ),
            CalendarError::UnknownTimeZone(name) => msg!(
                "“{name}” is not a known time zone (expected an IANA name such as Asia/Shanghai)",
                name = name
            ),
            CalendarError::NoWorkingTime(date) => msg!(
                "the calendar has no working time within {days} days after {date}",
                days = MAX_SEARCH_DAYS,
                date = date
            ),
            CalendarError::NotAWorkingDay(date) => {
                msg!("{date} is not a working day", date = date)
            }
            CalendarError::NegativeDuration => msg!("business time to add cannot be negative"),
            CalendarError::OutOfRange => {
                msg!("the date is outside the range the calendar can represent")
            }
        }
    }
}

/// An organisation's (or a contract's) business calendar: time zone, business
/// hours, work week and dated exceptions. Always valid once built.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "CalendarSpec", into = "CalendarSpec")]
pub struct BusinessCalendar {
    time_zone: Tz,
    work_week: Vec<DayOfWeek>,
    periods: Vec<Period>,
    weekday_periods: BTreeMap<DayOfWeek, Vec<Period>>,
    exceptions: BTreeMap<NaiveDate, CalendarException>,
}

impl Default for BusinessCalendar {
    /// Asia/Shanghai, Monday to Friday, 09:00–18:00, no exceptions.
    fn default() -> Self {
        BusinessCalendar {
            time_zone: Tz::Asia__Shanghai,
            work_week: DayOfWeek::MONDAY_TO_FRIDAY.to_vec(),
            periods: vec![Period::NINE_TO_SIX],
            weekday_periods: BTreeMap::new(),
            exceptions: BTreeMap::new(),
        }
    }
}

impl TryFrom<CalendarSpec> for BusinessCalendar {
    type Error = CalendarError;

    fn try_from(spec: CalendarSpec) -> Result<Self, Self::Error> {
        BusinessCalendar::new(spec)
    }
}

impl From<BusinessCalendar> for CalendarSpec {
    fn from(calendar: BusinessCalendar) -> Self {
        CalendarSpec {
            time_zone: calendar.time_zone,
            work_week: calendar.work_week,
            periods: calendar.periods,
            weekday_periods: calendar.weekday_periods,
            exceptions: calendar.exceptions.into_values().collect(),
        }
    }
}

/// Sorts a day's periods and refuses an empty list or overlapping periods.
fn checked_day_periods(mut periods: Vec<Period>) -> Result<Vec<Period>, CalendarError> {
    periods.sort();
    for pair in periods.windows(2) {
        if let [first, second] = pair
            && second.start_minute() < first.end_minute()
        {
            return Err(CalendarError::OverlappingPeriods {
                first: *first,
                second: *second,
            });
        }
    }
    if periods.is_empty() {
        return Err(CalendarError::NoPeriods);
    }
    Ok(periods)
}

impl BusinessCalendar {
    /// Checks an administrator's calendar and builds it.
    ///
    /// The work week is sorted and de-duplicated and each day's periods are
    /// sorted; overlapping periods, empty period lists, an empty work week
    /// (a calendar with no working time) and two exceptions on one date are
    /// refused.
    pub fn new(spec: CalendarSpec) -> Result<BusinessCalendar, CalendarError> {
        let mut work_week = spec.work_week;
        work_week.sort();
        work_week.dedup();
        if work_week.is_empty() {
            return Err(CalendarError::EmptyWorkWeek);
        }
        let periods = checked_day_periods(spec.periods)?;
        let mut weekday_periods = BTreeMap::new();
        for (day, day_periods) in spec.weekday_periods {
            let day_periods = checked_day_periods(day_periods).map_err(|error| match error {
                CalendarError::NoPeriods => CalendarError::EmptyWeekdayPeriods(day),
                other => other,
            })?;
            weekday_periods.insert(day, day_periods);
        }
        let mut exceptions = BTreeMap::new();
        for exception in spec.exceptions {
            let date = exception.date;
            if exceptions.insert(date, exception).is_some() {
                return Err(CalendarError::DuplicateException(date));
            }
        }
        Ok(BusinessCalendar {
            time_zone: spec.time_zone,
            work_week,
            periods,
            weekday_periods,
            exceptions,
        })
    }

    /// A round-the-clock calendar (a 7×24 premium contract): every day, 00:00–24:00.
    pub fn twenty_four_seven(time_zone: Tz) -> BusinessCalendar {
        BusinessCalendar {
            time_zone,
            work_week: DayOfWeek::ALL.to_vec(),
            periods: vec![Period::WHOLE_DAY],
            weekday_periods: BTreeMap::new(),
            exceptions: BTreeMap::new(),
        }
    }

    /// The time zone business hours are written in.
    pub fn time_zone(&self) -> Tz {
        self.time_zone
    }

    /// The days normally worked, Monday first.
    pub fn work_week(&self) -> &[DayOfWeek] {
        &self.work_week
    }

    /// The business periods of a normal working day.
    pub fn periods(&self) -> &[Period] {
        &self.periods
    }

    /// Business periods for weekdays that differ from the normal ones.
    pub fn weekday_periods(&self) -> &BTreeMap<DayOfWeek, Vec<Period>> {
        &self.weekday_periods
    }

    /// Every calendar exception, in date order.
    pub fn exceptions(&self) -> impl Iterator<Item = &CalendarException> {
        self.exceptions.values()
    }

    /// The exception on a date, if there is one.
    pub fn exception_on(&self, date: NaiveDate) -> Option<&CalendarException> {
        self.exceptions.get(&date)
    }

    /// The calendar as an administrator would write it.
    pub fn to_spec(&self) -> CalendarSpec {
        CalendarSpec::from(self.clone())
    }
}
