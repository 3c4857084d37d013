//! The business calendar: when an organisation works, so that SLA clocks can
//! count business hours and working days (SPEC section 3).
//!
//! All instants are UTC; the calendar's time zone turns them into local dates
//! and times. Local times that do not exist (a daylight-saving gap) are moved
//! to the end of the gap, and local times that exist twice (a fold) take the
//! earlier instant, so no query ever fails or panics because of DST.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{
    DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc,
    Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Minutes in a local day; a period may end at 24:00, which is this value.
const MINUTES_PER_DAY: u16 = 1440;

/// How many consecutive days without working time a search walks through
/// before it concludes the calendar never works again (about ten years).
pub const MAX_SEARCH_DAYS: u32 = 3660;

/// Why a calendar could not be built or could not answer a question.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A time of day was not written as HH:MM between 00:00 and 24:00.
    #[error("“{0}” is not a time of day; write HH:MM between 00:00 and 24:00")]
    InvalidTime(String),
    /// A business period ends at or before its start.
    #[error("a business period must end after it starts, but {start}–{end} does not")]
    EmptyPeriod {
        /// The period's start as written (HH:MM).
        start: String,
        /// The period's end as written (HH:MM).
        end: String,
    },
    /// Two business periods of the same day overlap.
    #[error("business periods {first} and {second} overlap")]
    OverlappingPeriods {
        /// The earlier period.
        first: Period,
        /// The period that starts before the earlier one ends.
        second: Period,
    },
    /// The standard business hours have no period at all.
    #[error("business hours need at least one period")]
    NoPeriods,
    /// A weekday's own business hours were given as an empty list.
    #[error("the business hours for {0} are empty; remove {0} from the work week instead")]
    EmptyWeekdayPeriods(DayOfWeek),
    /// The work week has no day in it.
    #[error("the work week must have at least one working day")]
    EmptyWorkWeek,
    /// Two calendar exceptions name the same date.
    #[error("{0} has more than one calendar exception; a date is either a holiday or a workday")]
    DuplicateException(NaiveDate),
    /// The time zone name is not a known IANA time zone.
    #[error("“{0}” is not a known time zone (expected an IANA name such as Asia/Shanghai)")]
    UnknownTimeZone(String),
    /// A search for working time found none for about ten years.
    #[error("the calendar has no working time within {MAX_SEARCH_DAYS} days after {0}")]
    NoWorkingTime(NaiveDate),
    /// A day-specific question was asked about a day that is not worked.
    #[error("{0} is not a working day")]
    NotAWorkingDay(NaiveDate),
    /// Business time to add was negative.
    #[error("business time to add cannot be negative")]
    NegativeDuration,
    /// A date or instant fell outside the range the calendar can represent.
    #[error("the date is outside the range the calendar can represent")]
    OutOfRange,
}

/// A day of the week as it appears in calendar settings.
///
/// chrono's `Weekday` has no ordering (weeks start on different days in
/// different places), so it cannot key a `BTreeMap`; this one orders Monday
/// first, as the Chinese work week does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DayOfWeek {
    /// Monday (星期一).
    Monday,
    /// Tuesday (星期二).
    Tuesday,
    /// Wednesday (星期三).
    Wednesday,
    /// Thursday (星期四).
    Thursday,
    /// Friday (星期五).
    Friday,
    /// Saturday (星期六).
    Saturday,
    /// Sunday (星期日).
    Sunday,
}

impl DayOfWeek {
    /// Every day of the week, Monday first.
    pub const ALL: [DayOfWeek; 7] = [
        DayOfWeek::Monday,
        DayOfWeek::Tuesday,
        DayOfWeek::Wednesday,
        DayOfWeek::Thursday,
        DayOfWeek::Friday,
        DayOfWeek::Saturday,
        DayOfWeek::Sunday,
    ];

    /// The default work week, Monday to Friday.
    pub const MONDAY_TO_FRIDAY: [DayOfWeek; 5] = [
        DayOfWeek::Monday,
        DayOfWeek::Tuesday,
        DayOfWeek::Wednesday,
        DayOfWeek::Thursday,
        DayOfWeek::Friday,
    ];

    /// The day of the week a date falls on.
    pub fn of(date: NaiveDate) -> DayOfWeek {
        DayOfWeek::from(date.weekday())
    }
}

impl From<Weekday> for DayOfWeek {
    fn from(day: Weekday) -> Self {
        match day {
            Weekday::Mon => DayOfWeek::Monday,
            Weekday::Tue => DayOfWeek::Tuesday,
            Weekday::Wed => DayOfWeek::Wednesday,
            Weekday::Thu => DayOfWeek::Thursday,
            Weekday::Fri => DayOfWeek::Friday,
            Weekday::Sat => DayOfWeek::Saturday,
            Weekday::Sun => DayOfWeek::Sunday,
        }
    }
}

impl From<DayOfWeek> for Weekday {
    fn from(day: DayOfWeek) -> Self {
        match day {
            DayOfWeek::Monday => Weekday::Mon,
            DayOfWeek::Tuesday => Weekday::Tue,
            DayOfWeek::Wednesday => Weekday::Wed,
            DayOfWeek::Thursday => Weekday::Thu,
            DayOfWeek::Friday => Weekday::Fri,
            DayOfWeek::Saturday => Weekday::Sat,
            DayOfWeek::Sunday => Weekday::Sun,
        }
    }
}

impl fmt::Display for DayOfWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            DayOfWeek::Monday => "Monday",
            DayOfWeek::Tuesday => "Tuesday",
            DayOfWeek::Wednesday => "Wednesday",
            DayOfWeek::Thursday => "Thursday",
            DayOfWeek::Friday => "Friday",
            DayOfWeek::Saturday => "Saturday",
            DayOfWeek::Sunday => "Sunday",
        };
        f.write_str(name)
    }
}

/// A stretch of business hours within one local day, e.g. 09:00–12:00.
///
/// On the wire it is `{"start":"09:00","end":"18:00"}`; an end of "24:00"
/// lets a 7×24 calendar run to midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "PeriodText", into = "PeriodText")]
pub struct Period {
    start: u16,
    end: u16,
}

impl Period {
    /// The whole day, 00:00–24:00.
    pub const WHOLE_DAY: Period = Period {
        start: 0,
        end: MINUTES_PER_DAY,
    };

    /// The default business hours, 09:00–18:00.
    pub const NINE_TO_SIX: Period = Period {
        start: 9 * 60,
        end: 18 * 60,
    };

    /// Reads a period from two HH:MM times; the end must come after the start.
    pub fn parse(start: &str, end: &str) -> Result<Period, CalendarError> {
        Period::from_minutes(parse_time_of_day(start)?, parse_time_of_day(end)?)
    }

    /// Builds a period from minutes since local midnight (the end may be 1440).
    pub fn from_minutes(start: u16, end: u16) -> Result<Period, CalendarError> {
        if end > MINUTES_PER_DAY {
            return Err(CalendarError::InvalidTime(format_time_of_day(end)));
        }
        if start >= end {
            return Err(CalendarError::EmptyPeriod {
                start: format_time_of_day(start),
                end: format_time_of_day(end),
            });
        }
        Ok(Period { start, end })
    }

    /// When the period starts, in minutes since local midnight.
    pub fn start_minute(&self) -> u16 {
        self.start
    }

    /// When the period ends, in minutes since local midnight (1440 is 24:00).
    pub fn end_minute(&self) -> u16 {
        self.end
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}–{}",
            format_time_of_day(self.start),
            format_time_of_day(self.end)
        )
    }
}

/// A period as written on the wire, before it is checked.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodText {
    start: String,
    end: String,
}

impl TryFrom<PeriodText> for Period {
    type Error = CalendarError;

    fn try_from(text: PeriodText) -> Result<Self, Self::Error> {
        Period::parse(&text.start, &text.end)
    }
}

impl From<Period> for PeriodText {
    fn from(period: Period) -> Self {
        PeriodText {
            start: format_time_of_day(period.start),
            end: format_time_of_day(period.end),
        }
    }
}

/// Reads "HH:MM" (or "H:MM") into minutes since midnight; "24:00" is allowed.
fn parse_time_of_day(text: &str) -> Result<u16, CalendarError> {
    let invalid = || CalendarError::InvalidTime(text.to_owned());
    let (hours, minutes) = text.split_once(':').ok_or_else(invalid)?;
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(hours) || hours.len() > 2 || !all_digits(minutes) || minutes.len() != 2 {
        return Err(invalid());
    }
    let hours: u16 = hours.parse().map_err(|_| invalid())?;
    let minutes: u16 = minutes.parse().map_err(|_| invalid())?;
    let total = hours * 60 + minutes;
    if minutes >= 60 || total > MINUTES_PER_DAY {
        return Err(invalid());
    }
    Ok(total)
}

/// Writes minutes since midnight as "HH:MM".
fn format_time_of_day(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

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

    use super::CalendarError;

    pub(super) fn serialize<S: Serializer>(zone: &Tz, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(zone.name())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Tz, D::Error> {
        let name = String::deserialize(deserializer)?;
        name.parse::<Tz>()
            .map_err(|_| D::Error::custom(CalendarError::UnknownTimeZone(name)))
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
            && second.start < first.end
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

    /// The local date of an instant in this calendar's time zone.
    pub fn local_date(&self, instant: DateTime<Utc>) -> NaiveDate {
        instant.with_timezone(&self.time_zone).date_naive()
    }

    /// Whether a local date is worked: a work-week day that is not a holiday,
    /// or a make-up workday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.exceptions.get(&date).map(|exception| exception.kind) {
            Some(ExceptionKind::Holiday) => false,
            Some(ExceptionKind::Workday) => true,
            None => self.work_week.contains(&DayOfWeek::of(date)),
        }
    }

    /// The first working day strictly after a date.
    pub fn next_working_day(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let mut day = date;
        for _ in 0..MAX_SEARCH_DAYS {
            day = day.succ_opt().ok_or(CalendarError::OutOfRange)?;
            if self.is_working_day(day) {
                return Ok(day);
            }
        }
        Err(CalendarError::NoWorkingTime(date))
    }

    /// The business periods of a date; empty when the date is not worked.
    ///
    /// A weekday's own periods apply whenever that weekday is worked, so a
    /// make-up Sunday without Sunday periods uses the normal periods.
    pub fn periods_on(&self, date: NaiveDate) -> &[Period] {
        if !self.is_working_day(date) {
            return &[];
        }
        self.weekday_periods
            .get(&DayOfWeek::of(date))
            .unwrap_or(&self.periods)
    }

    /// Close of business on a working day: the end of its last period.
    pub fn close_of_business(&self, date: NaiveDate) -> Result<DateTime<Utc>, CalendarError> {
        let last = self
            .periods_on(date)
            .last()
            .ok_or(CalendarError::NotAWorkingDay(date))?;
        self.local_instant(date, last.end)
    }

    /// How much business time lies between two instants; zero if `to` is not after `from`.
    pub fn business_time_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> TimeDelta {
        let mut total = TimeDelta::zero();
        if to <= from {
            return total;
        }
        // A fold at midnight can put instants of one local date after the
        // start of the next, so look one day further on each side.
        let first = self.local_date(from).pred_opt().unwrap_or(NaiveDate::MIN);
        let last = self.local_date(to).succ_opt().unwrap_or(NaiveDate::MAX);
        for date in first.iter_days().take_while(|date| *date <= last) {
            for (start, end) in self.business_intervals(date) {
                let start = start.max(from);
                let end = end.min(to);
                if end > start {
                    total += end - start;
                }
            }
        }
        total
    }

    /// The instant at which `amount` of business time, counted from `start`,
    /// has elapsed.
    ///
    /// Adding zero returns `start` itself, even outside business hours. When
    /// the amount runs out exactly at the end of a period, the answer is that
    /// period's end, not the next period's start.
    pub fn add_business_time(
        &self,
        start: DateTime<Utc>,
        amount: TimeDelta,
    ) -> Result<DateTime<Utc>, CalendarError> {
        if amount < TimeDelta::zero() {
            return Err(CalendarError::NegativeDuration);
        }
        if amount.is_zero() {
            return Ok(start);
        }
        let start_date = self.local_date(start);
        let mut date = start_date.pred_opt().ok_or(CalendarError::OutOfRange)?;
        let mut remaining = amount;
        let mut idle_days = 0;
        loop {
            let mut worked = false;
            for (period_start, period_end) in self.business_intervals(date) {
                if period_end <= start {
                    continue;
                }
                let from = period_start.max(start);
                let available = period_end - from;
                if available >= remaining {
                    return from
                        .checked_add_signed(remaining)
                        .ok_or(CalendarError::OutOfRange);
                }
                remaining -= available;
                worked = true;
            }
            idle_days = if worked { 0 } else { idle_days + 1 };
            if idle_days > MAX_SEARCH_DAYS {
                return Err(CalendarError::NoWorkingTime(start_date));
            }
            date = date.succ_opt().ok_or(CalendarError::OutOfRange)?;
        }
    }

    /// The business periods of a date as UTC intervals, skipping any that a
    /// daylight-saving gap has emptied.
    fn business_intervals(
        &self,
        date: NaiveDate,
    ) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + '_ {
        self.periods_on(date).iter().filter_map(move |period| {
            let start = self.local_instant(date, period.start).ok()?;
            let end = self.local_instant(date, period.end).ok()?;
            (end > start).then_some((start, end))
        })
    }

    /// The instant a local wall-clock time (minutes after a date's midnight,
    /// up to 24:00) happens: the earlier one in a fold, the gap's end in a gap.
    fn local_instant(&self, date: NaiveDate, minute: u16) -> Result<DateTime<Utc>, CalendarError> {
        let local = date
            .and_time(NaiveTime::MIN)
            .checked_add_signed(TimeDelta::minutes(i64::from(minute)))
            .ok_or(CalendarError::OutOfRange)?;
        match self.time_zone.from_local_datetime(&local) {
            LocalResult::Single(instant) | LocalResult::Ambiguous(instant, _) => {
                Ok(instant.with_timezone(&Utc))
            }
            LocalResult::None => self.end_of_gap(local),
        }
    }

    /// The first instant after a local time that a daylight-saving (or
    /// date-line) jump skipped. Transitions fall on whole minutes and no gap
    /// is longer than a day, so walking minute by minute finds it.
    fn end_of_gap(&self, skipped: NaiveDateTime) -> Result<DateTime<Utc>, CalendarError> {
        (1..=i64::from(MINUTES_PER_DAY))
            .filter_map(|minutes| skipped.checked_add_signed(TimeDelta::minutes(minutes)))
            .find_map(|later| self.time_zone.from_local_datetime(&later).earliest())
            .map(|instant| instant.with_timezone(&Utc))
            .ok_or(CalendarError::OutOfRange)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// China's 2025 public holidays and make-up workdays, as listed in SPEC
    /// section 3. Test data only: real calendars come from the administrator.
    pub(crate) fn china_2025_exceptions() -> Vec<CalendarException> {
        let holidays = [
            ("2025-01-01", "2025-01-01", "元旦"),
            ("2025-01-28", "2025-02-04", "春节"),
            ("2025-04-04", "2025-04-06", "清明节"),
            ("2025-05-01", "2025-05-05", "劳动节"),
            ("2025-05-31", "2025-06-02", "端午节"),
            ("2025-10-01", "2025-10-08", "国庆节、中秋节"),
        ];
        let workdays = [
            ("2025-01-26", "春节调休"),
            ("2025-02-08", "春节调休"),
            ("2025-04-27", "劳动节调休"),
            ("2025-09-28", "国庆节调休"),
            ("2025-10-11", "国庆节调休"),
        ];
        let mut exceptions = Vec::new();
        for (first, last, name) in holidays {
            let (first, last) = (date(first), date(last));
            for day in first.iter_days().take_while(|day| *day <= last) {
                exceptions.push(CalendarException {
                    date: day,
                    kind: ExceptionKind::Holiday,
                    name: name.to_owned(),
                });
            }
        }
        for (day, name) in workdays {
            exceptions.push(CalendarException {
                date: date(day),
                kind: ExceptionKind::Workday,
                name: name.to_owned(),
            });
        }
        exceptions
    }

    /// The spec's worked-example calendar: Asia/Shanghai, 09:00–18:00,
    /// Monday to Friday, China 2025 holidays and make-up days.
    pub(crate) fn china_2025() -> BusinessCalendar {
        BusinessCalendar::new(CalendarSpec {
            exceptions: china_2025_exceptions(),
            ..CalendarSpec::default()
        })
        .unwrap()
    }

    /// The China 2025 calendar with a lunch break: 09:00–12:00 and 13:30–18:00.
    pub(crate) fn china_2025_with_lunch() -> BusinessCalendar {
        BusinessCalendar::new(CalendarSpec {
            periods: vec![lunch_morning(), lunch_afternoon()],
            exceptions: china_2025_exceptions(),
            ..CalendarSpec::default()
        })
        .unwrap()
    }

    /// A Berlin calendar (which has DST) working every day 01:00–04:00 and 09:00–18:00.
    pub(crate) fn berlin_every_day() -> BusinessCalendar {
        BusinessCalendar::new(CalendarSpec {
            time_zone: Tz::Europe__Berlin,
            work_week: DayOfWeek::ALL.to_vec(),
            periods: vec![
                Period::parse("01:00", "04:00").unwrap(),
                Period::NINE_TO_SIX,
            ],
            ..CalendarSpec::default()
        })
        .unwrap()
    }

    fn lunch_morning() -> Period {
        Period::parse("09:00", "12:00").unwrap()
    }

    fn lunch_afternoon() -> Period {
        Period::parse("13:30", "18:00").unwrap()
    }

    pub(crate) fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// An instant written in RFC 3339 with its offset, e.g. "2025-03-03T10:00:00+08:00".
    pub(crate) fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    fn hours(n: i64) -> TimeDelta {
        TimeDelta::hours(n)
    }

    fn minutes(n: i64) -> TimeDelta {
        TimeDelta::minutes(n)
    }

    #[test]
    fn china_2025_fixture_puts_make_up_days_on_weekends_and_has_one_exception_per_date() {
        let calendar = china_2025();
        for exception in calendar.exceptions() {
            if exception.kind == ExceptionKind::Workday {
                assert!(
                    matches!(
                        DayOfWeek::of(exception.date),
                        DayOfWeek::Saturday | DayOfWeek::Sunday
                    ),
                    "{} is a make-up day but not a weekend",
                    exception.date
                );
            }
        }
        assert_eq!(calendar.exceptions().count(), china_2025_exceptions().len());
    }

    #[test]
    fn periods_parse_from_hh_mm_and_refuse_nonsense() {
        type Case = (
            &'static str,
            &'static str,
            Result<(u16, u16), CalendarError>,
        );
        let cases: [Case; 10] = [
            ("09:00", "18:00", Ok((540, 1080))),
            ("9:00", "12:30", Ok((540, 750))),
            ("00:00", "24:00", Ok((0, 1440))),
            ("13:30", "18:00", Ok((810, 1080))),
            (
                "18:00",
                "09:00",
                Err(CalendarError::EmptyPeriod {
                    start: "18:00".into(),
                    end: "09:00".into(),
                }),
            ),
            (
                "09:00",
                "09:00",
                Err(CalendarError::EmptyPeriod {
                    start: "09:00".into(),
                    end: "09:00".into(),
                }),
            ),
            (
                "09:00",
                "24:01",
                Err(CalendarError::InvalidTime("24:01".into())),
            ),
            (
                "09:60",
                "18:00",
                Err(CalendarError::InvalidTime("09:60".into())),
            ),
            (
                "+9:00",
                "18:00",
                Err(CalendarError::InvalidTime("+9:00".into())),
            ),
            (
                "0900",
                "18:00",
                Err(CalendarError::InvalidTime("0900".into())),
            ),
        ];
        for (start, end, expected) in cases {
            let parsed = Period::parse(start, end)
                .map(|period| (period.start_minute(), period.end_minute()));
            assert_eq!(parsed, expected, "{start}–{end}");
        }
    }

    #[test]
    fn a_period_reads_and_writes_hh_mm_strings_on_the_wire() {
        let period: Period = serde_json::from_str(r#"{"start":"13:30","end":"24:00"}"#).unwrap();
        assert_eq!(period, Period::from_minutes(810, 1440).unwrap());
        assert_eq!(
            serde_json::to_string(&period).unwrap(),
            r#"{"start":"13:30","end":"24:00"}"#
        );
        assert!(serde_json::from_str::<Period>(r#"{"start":"18:00","end":"09:00"}"#).is_err());
    }

    #[test]
    fn calendar_construction_refuses_invalid_settings() {
        let overlapping = CalendarSpec {
            periods: vec![
                Period::parse("09:00", "12:30").unwrap(),
                Period::parse("12:00", "18:00").unwrap(),
            ],
            ..CalendarSpec::default()
        };
        let no_periods = CalendarSpec {
            periods: vec![],
            ..CalendarSpec::default()
        };
        let empty_saturday = CalendarSpec {
            weekday_periods: BTreeMap::from([(DayOfWeek::Saturday, vec![])]),
            ..CalendarSpec::default()
        };
        let no_work_week = CalendarSpec {
            work_week: vec![],
            ..CalendarSpec::default()
        };
        let twice_on_one_date = CalendarSpec {
            exceptions: vec![
                CalendarException {
                    date: date("2025-10-01"),
                    kind: ExceptionKind::Holiday,
                    name: "国庆节".into(),
                },
                CalendarException {
                    date: date("2025-10-01"),
                    kind: ExceptionKind::Workday,
                    name: "调休".into(),
                },
            ],
            ..CalendarSpec::default()
        };
        let cases = [
            (
                overlapping,
                CalendarError::OverlappingPeriods {
                    first: Period::parse("09:00", "12:30").unwrap(),
                    second: Period::parse("12:00", "18:00").unwrap(),
                },
            ),
            (no_periods, CalendarError::NoPeriods),
            (
                empty_saturday,
                CalendarError::EmptyWeekdayPeriods(DayOfWeek::Saturday),
            ),
            (no_work_week, CalendarError::EmptyWorkWeek),
            (
                twice_on_one_date,
                CalendarError::DuplicateException(date("2025-10-01")),
            ),
        ];
        for (spec, expected) in cases {
            assert_eq!(
                BusinessCalendar::new(spec),
                Err(expected.clone()),
                "{expected}"
            );
        }
    }

    #[test]
    fn construction_sorts_periods_and_the_work_week() {
        let calendar = BusinessCalendar::new(CalendarSpec {
            work_week: vec![DayOfWeek::Friday, DayOfWeek::Monday, DayOfWeek::Monday],
            periods: vec![lunch_afternoon(), lunch_morning()],
            ..CalendarSpec::default()
        })
        .unwrap();
        assert_eq!(calendar.work_week(), [DayOfWeek::Monday, DayOfWeek::Friday]);
        assert_eq!(calendar.periods(), [lunch_morning(), lunch_afternoon()]);
    }

    #[test]
    fn a_calendar_round_trips_through_json_and_defaults_missing_fields() {
        let calendar = china_2025_with_lunch();
        let json = serde_json::to_string(&calendar).unwrap();
        assert!(json.contains(r#""time_zone":"Asia/Shanghai""#), "{json}");
        assert!(json.contains(r#""work_week":["monday","#), "{json}");
        let back: BusinessCalendar = serde_json::from_str(&json).unwrap();
        assert_eq!(back, calendar);

        let empty: BusinessCalendar = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, BusinessCalendar::default());
    }

    #[test]
    fn calendar_json_is_validated_and_strict() {
        let bad = [
            r#"{"time_zone":"Mars/Olympus"}"#,
            r#"{"work_week":[]}"#,
            r#"{"periods":[{"start":"09:00","end":"12:00"},{"start":"11:00","end":"18:00"}]}"#,
            r#"{"holidays":[]}"#,
            r#"{"work_week":["Mon"]}"#,
        ];
        for json in bad {
            assert!(
                serde_json::from_str::<BusinessCalendar>(json).is_err(),
                "{json}"
            );
        }
    }

    #[test]
    fn working_days_follow_the_work_week_holidays_and_make_up_days() {
        let calendar = china_2025();
        let cases = [
            ("2025-03-03", true),  // ordinary Monday
            ("2025-03-08", false), // ordinary Saturday
            ("2025-03-09", false), // ordinary Sunday
            ("2025-01-01", false), // New Year on a Wednesday
            ("2025-01-28", false), // Spring Festival Tuesday
            ("2025-02-04", false), // last Spring Festival day
            ("2025-01-26", true),  // make-up Sunday
            ("2025-02-08", true),  // make-up Saturday
            ("2025-10-08", false), // National Day Wednesday
            ("2025-10-11", true),  // make-up Saturday
            ("2025-10-12", false), // the Sunday after it
            ("2025-05-31", false), // Dragon Boat Saturday, a holiday anyway
        ];
        for (day, expected) in cases {
            assert_eq!(calendar.is_working_day(date(day)), expected, "{day}");
        }
    }

    #[test]
    fn next_working_day_skips_weekends_and_holidays_and_takes_make_up_days() {
        let calendar = china_2025();
        let cases = [
            ("2025-03-03", "2025-03-04"),
            ("2025-03-07", "2025-03-10"),
            ("2025-03-08", "2025-03-10"),
            ("2025-01-24", "2025-01-26"),
            ("2025-01-27", "2025-02-05"),
            ("2025-09-26", "2025-09-28"),
            ("2025-09-30", "2025-10-09"),
            ("2025-04-30", "2025-05-06"),
        ];
        for (day, expected) in cases {
            assert_eq!(
                calendar.next_working_day(date(day)),
                Ok(date(expected)),
                "after {day}"
            );
        }
    }

    #[test]
    fn periods_on_uses_weekday_overrides_then_the_standard_periods() {
        let saturday_morning = Period::parse("09:00", "12:00").unwrap();
        let calendar = BusinessCalendar::new(CalendarSpec {
            work_week: vec![
                DayOfWeek::Monday,
                DayOfWeek::Tuesday,
                DayOfWeek::Wednesday,
                DayOfWeek::Thursday,
                DayOfWeek::Friday,
                DayOfWeek::Saturday,
            ],
            weekday_periods: BTreeMap::from([(DayOfWeek::Saturday, vec![saturday_morning])]),
            exceptions: china_2025_exceptions(),
            ..CalendarSpec::default()
        })
        .unwrap();
        let cases: [(&str, &[Period]); 5] = [
            ("2025-03-07", &[Period::NINE_TO_SIX]),
            ("2025-03-08", &[saturday_morning]),
            ("2025-03-09", &[]),
            ("2025-01-26", &[Period::NINE_TO_SIX]), // make-up Sunday: standard hours
            ("2025-05-31", &[]),                    // holiday Saturday
        ];
        for (day, expected) in cases {
            assert_eq!(calendar.periods_on(date(day)), expected, "{day}");
        }
    }

    #[test]
    fn close_of_business_is_the_end_of_the_last_period_and_refuses_days_off() {
        let calendar = china_2025_with_lunch();
        assert_eq!(
            calendar.close_of_business(date("2025-03-03")),
            Ok(at("2025-03-03T18:00:00+08:00"))
        );
        assert_eq!(
            calendar.close_of_business(date("2025-09-28")),
            Ok(at("2025-09-28T18:00:00+08:00"))
        );
        assert_eq!(
            calendar.close_of_business(date("2025-10-01")),
            Err(CalendarError::NotAWorkingDay(date("2025-10-01")))
        );
    }

    #[test]
    fn business_time_between_counts_only_periods_of_working_days() {
        let lunch = china_2025_with_lunch();
        let cases = [
            // Same morning.
            (
                "2025-03-03T10:00:00+08:00",
                "2025-03-03T11:00:00+08:00",
                minutes(60),
            ),
            // Across the lunch break.
            (
                "2025-03-03T11:00:00+08:00",
                "2025-03-03T14:00:00+08:00",
                minutes(90),
            ),
            // Start and end inside the lunch break.
            (
                "2025-03-03T12:10:00+08:00",
                "2025-03-03T13:20:00+08:00",
                minutes(0),
            ),
            // A whole working day from midnight to midnight.
            (
                "2025-03-03T00:00:00+08:00",
                "2025-03-04T00:00:00+08:00",
                minutes(450),
            ),
            // Friday evening to Monday morning.
            (
                "2025-03-07T17:00:00+08:00",
                "2025-03-10T10:00:00+08:00",
                minutes(120),
            ),
            // Over the whole National Day week, only make-up Saturday Oct 11 counts.
            (
                "2025-09-30T18:00:00+08:00",
                "2025-10-09T09:00:00+08:00",
                minutes(0),
            ),
            (
                "2025-10-10T18:00:00+08:00",
                "2025-10-12T00:00:00+08:00",
                minutes(450),
            ),
            // Reversed and empty ranges.
            (
                "2025-03-03T11:00:00+08:00",
                "2025-03-03T10:00:00+08:00",
                minutes(0),
            ),
            (
                "2025-03-03T11:00:00+08:00",
                "2025-03-03T11:00:00+08:00",
                minutes(0),
            ),
        ];
        for (from, to, expected) in cases {
            assert_eq!(
                lunch.business_time_between(at(from), at(to)),
                expected,
                "{from} → {to}"
            );
        }
    }

    #[test]
    fn add_business_time_walks_through_periods_and_days_off() {
        let lunch = china_2025_with_lunch();
        let plain = china_2025();
        let cases = [
            // Adding zero inside and outside business hours returns the start.
            (
                &lunch,
                "2025-03-03T10:00:00+08:00",
                minutes(0),
                "2025-03-03T10:00:00+08:00",
            ),
            (
                &lunch,
                "2025-03-08T11:00:00+08:00",
                minutes(0),
                "2025-03-08T11:00:00+08:00",
            ),
            (
                &lunch,
                "2025-03-03T12:30:00+08:00",
                minutes(0),
                "2025-03-03T12:30:00+08:00",
            ),
            // Inside a period.
            (
                &lunch,
                "2025-03-03T10:00:00+08:00",
                minutes(30),
                "2025-03-03T10:30:00+08:00",
            ),
            // Running out exactly at the lunch break gives 12:00, not 13:30.
            (
                &lunch,
                "2025-03-03T10:00:00+08:00",
                hours(2),
                "2025-03-03T12:00:00+08:00",
            ),
            // One minute more jumps over lunch.
            (
                &lunch,
                "2025-03-03T10:00:00+08:00",
                minutes(121),
                "2025-03-03T13:31:00+08:00",
            ),
            // Starting in the lunch break counts from 13:30.
            (
                &lunch,
                "2025-03-03T12:30:00+08:00",
                hours(1),
                "2025-03-03T14:30:00+08:00",
            ),
            // Starting before opening counts from 09:00.
            (
                &lunch,
                "2025-03-03T07:00:00+08:00",
                hours(1),
                "2025-03-03T10:00:00+08:00",
            ),
            // Running out exactly at close of business gives 18:00 that day.
            (
                &plain,
                "2025-03-03T09:00:00+08:00",
                hours(9),
                "2025-03-03T18:00:00+08:00",
            ),
            (
                &plain,
                "2025-03-07T17:00:00+08:00",
                hours(2),
                "2025-03-10T10:00:00+08:00",
            ),
            // Starting on a weekend or after closing.
            (
                &plain,
                "2025-03-08T11:00:00+08:00",
                hours(1),
                "2025-03-10T10:00:00+08:00",
            ),
            (
                &plain,
                "2025-03-03T20:00:00+08:00",
                hours(1),
                "2025-03-04T10:00:00+08:00",
            ),
            // Spring Festival: the make-up Sunday counts, the holidays do not.
            (
                &plain,
                "2025-01-24T17:00:00+08:00",
                hours(2),
                "2025-01-26T10:00:00+08:00",
            ),
            (
                &plain,
                "2025-01-27T17:00:00+08:00",
                hours(2),
                "2025-02-05T10:00:00+08:00",
            ),
        ];
        for (calendar, start, amount, expected) in cases {
            assert_eq!(
                calendar.add_business_time(at(start), amount),
                Ok(at(expected)),
                "{start} + {amount}"
            );
        }
    }

    #[test]
    fn add_business_time_refuses_a_negative_amount() {
        assert_eq!(
            china_2025().add_business_time(at("2025-03-03T10:00:00+08:00"), minutes(-1)),
            Err(CalendarError::NegativeDuration)
        );
    }

    #[test]
    fn a_seven_by_twenty_four_calendar_counts_every_hour() {
        let calendar = BusinessCalendar::twenty_four_seven(Tz::Asia__Shanghai);
        let cases = [
            (
                "2025-10-01T20:00:00+08:00",
                hours(4),
                "2025-10-02T00:00:00+08:00",
            ),
            (
                "2025-10-04T23:30:00+08:00",
                hours(49),
                "2025-10-07T00:30:00+08:00",
            ),
            (
                "2025-01-01T00:00:00+08:00",
                hours(24),
                "2025-01-02T00:00:00+08:00",
            ),
        ];
        for (start, amount, expected) in cases {
            assert_eq!(
                calendar.add_business_time(at(start), amount),
                Ok(at(expected)),
                "{start} + {amount}"
            );
            assert_eq!(
                calendar.business_time_between(at(start), at(expected)),
                amount
            );
        }
        assert!(calendar.is_working_day(date("2025-10-01")));
        assert_eq!(
            calendar.close_of_business(date("2025-10-01")),
            Ok(at("2025-10-02T00:00:00+08:00"))
        );
    }

    #[test]
    fn daylight_saving_days_in_berlin_are_23_and_25_hours_long_around_the_clock() {
        let calendar = BusinessCalendar::twenty_four_seven(Tz::Europe__Berlin);
        let spring = calendar.business_time_between(
            at("2025-03-30T00:00:00+01:00"),
            at("2025-03-31T00:00:00+02:00"),
        );
        let autumn = calendar.business_time_between(
            at("2025-10-26T00:00:00+02:00"),
            at("2025-10-27T00:00:00+01:00"),
        );
        assert_eq!((spring, autumn), (hours(23), hours(25)));
        assert_eq!(
            calendar.add_business_time(at("2025-03-30T00:00:00+01:00"), hours(3)),
            Ok(at("2025-03-30T04:00:00+02:00"))
        );
    }

    #[test]
    fn a_period_crossing_the_spring_gap_loses_the_skipped_hour() {
        // 2025-03-30 in Berlin: 02:00 CET jumps to 03:00 CEST.
        let calendar = berlin_every_day();
        let day_start = at("2025-03-30T00:00:00+01:00");
        let day_end = at("2025-03-31T00:00:00+02:00");
        assert_eq!(
            calendar.business_time_between(day_start, day_end),
            hours(2 + 9)
        );
        assert_eq!(
            calendar.add_business_time(day_start, hours(1) + minutes(30)),
            Ok(at("2025-03-30T03:30:00+02:00"))
        );
    }

    #[test]
    fn a_period_starting_inside_the_spring_gap_starts_at_the_gap_end() {
        let calendar = BusinessCalendar::new(CalendarSpec {
            time_zone: Tz::Europe__Berlin,
            work_week: DayOfWeek::ALL.to_vec(),
            periods: vec![Period::parse("02:30", "04:00").unwrap()],
            ..CalendarSpec::default()
        })
        .unwrap();
        assert_eq!(
            calendar.add_business_time(at("2025-03-30T00:00:00+01:00"), minutes(10)),
            Ok(at("2025-03-30T03:10:00+02:00"))
        );
    }

    #[test]
    fn a_period_crossing_the_autumn_fold_counts_the_repeated_hour() {
        // 2025-10-26 in Berlin: 03:00 CEST falls back to 02:00 CET.
        let calendar = berlin_every_day();
        let day_start = at("2025-10-26T00:00:00+02:00");
        let day_end = at("2025-10-27T00:00:00+01:00");
        assert_eq!(
            calendar.business_time_between(day_start, day_end),
            hours(4 + 9)
        );
        assert_eq!(
            calendar.add_business_time(day_start, hours(4)),
            Ok(at("2025-10-26T04:00:00+01:00"))
        );
        assert_eq!(
            calendar.close_of_business(date("2025-10-26")),
            Ok(at("2025-10-26T18:00:00+01:00"))
        );
    }

    #[test]
    fn a_calendar_that_never_works_again_gives_up_instead_of_looping() {
        let spec = CalendarSpec {
            work_week: vec![DayOfWeek::Monday],
            exceptions: date("2025-01-01")
                .iter_days()
                .take(4000)
                .map(|day| CalendarException {
                    date: day,
                    kind: ExceptionKind::Holiday,
                    name: "closed".into(),
                })
                .collect(),
            ..CalendarSpec::default()
        };
        let calendar = BusinessCalendar::new(spec).unwrap();
        assert_eq!(
            calendar.next_working_day(date("2025-01-01")),
            Err(CalendarError::NoWorkingTime(date("2025-01-01")))
        );
        assert_eq!(
            calendar.add_business_time(at("2025-01-01T10:00:00+08:00"), hours(1)),
            Err(CalendarError::NoWorkingTime(date("2025-01-01")))
        );
    }

    /// Calendars the properties run on: Chinese with lunch, Berlin with DST, 7×24 Berlin.
    pub(crate) fn any_calendar() -> impl Strategy<Value = BusinessCalendar> {
        prop_oneof![
            Just(china_2025()),
            Just(china_2025_with_lunch()),
            Just(berlin_every_day()),
            Just(BusinessCalendar::twenty_four_seven(Tz::Europe__Berlin)),
        ]
    }

    /// Instants from late 2024 to early 2026, to the second.
    pub(crate) fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
        let first = at("2024-12-01T00:00:00Z").timestamp();
        let last = at("2026-02-01T00:00:00Z").timestamp();
        (first..last).prop_map(|seconds| DateTime::from_timestamp(seconds, 0).unwrap())
    }

    proptest! {
        #[test]
        fn adding_business_time_then_measuring_it_gives_it_back(
            calendar in any_calendar(),
            start in any_instant(),
            seconds in 0i64..(200 * 3600),
        ) {
            let amount = TimeDelta::seconds(seconds);
            let end = calendar.add_business_time(start, amount).unwrap();
            prop_assert!(end >= start);
            prop_assert_eq!(calendar.business_time_between(start, end), amount);
        }

        #[test]
        fn business_time_is_additive_over_a_split_point(
            calendar in any_calendar(),
            a in any_instant(),
            b in any_instant(),
            c in any_instant(),
        ) {
            let mut points = [a, b, c];
            points.sort();
            let [a, b, c] = points;
            prop_assert_eq!(
                calendar.business_time_between(a, b) + calendar.business_time_between(b, c),
                calendar.business_time_between(a, c)
            );
        }
    }
}
