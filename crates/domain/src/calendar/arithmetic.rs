//! Counting with a calendar: which days are worked, and business time
//! between instants or after one.

use chrono::{
    DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc,
};

use super::{
    BusinessCalendar, CalendarError, DayOfWeek, ExceptionKind, MAX_SEARCH_DAYS, MINUTES_PER_DAY,
    Period,
};

impl BusinessCalendar {
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
        self.local_instant(date, last.end_minute())
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
            let start = self.local_instant(date, period.start_minute()).ok()?;
            let end = self.local_instant(date, period.end_minute()).ok()?;
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
