//! Warranty starts, the free first year of maintenance and the monthly batch
//! that creates free contracts (SPEC section 5, seed 003).

use crate::messages::Message;
use crate::msg;
use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::request::ProductKind;

/// The day of the month on which the free-contract batch window turns over.
const BATCH_DAY: u32 = 25;

/// The date a delivered order line's warranty starts, once it is known.
///
/// Hardware: the installation completion date, else the invoice date (施工完成,
/// 财务开票日期). Software: the date of the signed paper acceptance report
/// (双方验收报告); until that report is filed the warranty has not started.
pub fn warranty_start(
    kind: ProductKind,
    installation_completed: Option<NaiveDate>,
    invoiced: Option<NaiveDate>,
    acceptance_signed: Option<NaiveDate>,
) -> Option<NaiveDate> {
    match kind {
        ProductKind::Hardware => installation_completed.or(invoiced),
        ProductKind::Software => acceptance_signed,
    }
}

/// The free first year of maintenance that every new purchase gets from its warranty start.
///
/// It ends the day before the anniversary: 2025-03-10 → 2026-03-09. A start on
/// Feb 29 has no anniversary, so its year ends on Feb 28.
pub fn free_period(warranty_start: NaiveDate) -> ContractPeriod {
    ContractPeriod {
        start: warranty_start,
        end: end_after_months(warranty_start, 12),
    }
}

/// A covered line's own free year: from its warranty start, or none while
/// it has none (it is covered from the day it gets one).
pub fn line_free_period(warranty_start: Option<NaiveDate>) -> Option<ContractPeriod> {
    warranty_start.map(free_period)
}

/// The span of a free contract's line periods, from the first start to the
/// last end; none when no line's warranty has started.
pub fn free_span(periods: impl IntoIterator<Item = ContractPeriod>) -> Option<ContractPeriod> {
    periods.into_iter().reduce(|span, period| ContractPeriod {
        start: span.start.min(period.start),
        end: span.end.max(period.end),
    })
}

/// The last day of a period of `months` calendar months starting on `start`.
fn end_after_months(start: NaiveDate, months: u32) -> NaiveDate {
    match start.checked_add_months(Months::new(months)) {
        // The anniversary day exists: the period ends the day before it.
        Some(anniversary) if anniversary.day() == start.day() => {
            anniversary.pred_opt().unwrap_or(anniversary)
        }
        // Clamped (e.g. Feb 29 to Feb 28): the period runs to that month's end.
        Some(month_end) => month_end,
        // Beyond the end of chrono's calendar the period never ends.
        None => NaiveDate::MAX,
    }
}

/// A contract's or free period's dates, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "PeriodDates")]
pub struct ContractPeriod {
    start: NaiveDate,
    end: NaiveDate,
}

/// The unchecked shape of a period as it arrives on the wire.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodDates {
    start: NaiveDate,
    end: NaiveDate,
}

/// A period that ends before it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("{}", self.message().english())]
pub struct PeriodEndsBeforeStart {
    /// The first day asked for.
    pub start: NaiveDate,
    /// The last day asked for.
    pub end: NaiveDate,
}

impl PeriodEndsBeforeStart {
    /// What is wrong, in either language.
    pub fn message(&self) -> Message {
        msg!(
            "a period cannot end ({end}) before it starts ({start})",
            end = self.end,
            start = self.start
        )
    }
}

impl ContractPeriod {
    /// The period from `start` to `end`, both included; refused if it ends before it starts.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<ContractPeriod, PeriodEndsBeforeStart> {
        if start <= end {
            Ok(ContractPeriod { start, end })
        } else {
            Err(PeriodEndsBeforeStart { start, end })
        }
    }

    /// The first day of cover.
    pub fn start(self) -> NaiveDate {
        self.start
    }

    /// The last day of cover.
    pub fn end(self) -> NaiveDate {
        self.end
    }

    /// Whether `date` is covered.
    pub fn contains(self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// Days from `today` to the last day of cover: 0 on the last day, negative once it has ended.
    pub fn days_until_end(self, today: NaiveDate) -> i64 {
        (self.end - today).num_days()
    }

    /// Whether the cover has not ended yet but ends within `days` days of `today`.
    pub fn ending_within(self, today: NaiveDate, days: u32) -> bool {
        let left = self.days_until_end(today);
        0 <= left && left <= i64::from(days)
    }
}

impl TryFrom<PeriodDates> for ContractPeriod {
    type Error = PeriodEndsBeforeStart;

    fn try_from(dates: PeriodDates) -> Result<Self, Self::Error> {
        ContractPeriod::new(dates.start, dates.end)
    }
}

/// The orders one monthly free-contract batch takes: from the 25th of the
/// previous month (included) to the 25th of the batch month (excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct BatchWindow {
    from: NaiveDate,
    until: NaiveDate,
}

impl BatchWindow {
    /// The first order date taken (the 25th of the previous month).
    pub fn from(self) -> NaiveDate {
        self.from
    }

    /// The first order date no longer taken (the 25th of the batch month).
    pub fn until(self) -> NaiveDate {
        self.until
    }

    /// Whether an order dated `date` belongs to this batch.
    pub fn contains(self, date: NaiveDate) -> bool {
        self.from <= date && date < self.until
    }
}

/// The window of the free-contract batch run for `month` (1–12) of `year`.
///
/// January's window starts on December 25 of the previous year.
pub fn free_batch_window(year: i32, month: u32) -> Result<BatchWindow, BatchMonthError> {
    BatchMonth::new(year, month).map(BatchMonth::window)
}

/// A month for which the free-contract batch runs, written `YYYY-MM` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BatchMonth {
    year: i32,
    month: u32,
    window: BatchWindow,
}

/// A batch month that does not exist.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}", self.message().english())]
pub enum BatchMonthError {
    /// The text is not a month written `YYYY-MM`.
    Malformed(String),
    /// The month number is not 1 to 12.
    NoSuchMonth(u32),
    /// The year lies outside the calendar the system can count in.
    YearOutOfRange(i32),
}

impl BatchMonthError {
    /// What is wrong, in either language.
    pub fn message(&self) -> Message {
        match self {
            BatchMonthError::Malformed(text) => msg!(
                "`{text}` is not a month written YYYY-MM (e.g. 2025-03)",
                text = text
            ),
            BatchMonthError::NoSuchMonth(month) => msg!(
                "there is no month {month}; months run from 1 to 12",
                month = month
            ),
            BatchMonthError::YearOutOfRange(year) => {
                msg!("the year {year} is outside the calendar", year = year)
            }
        }
    }
}

impl BatchMonth {
    /// The batch month `month` (1–12) of `year`.
    pub fn new(year: i32, month: u32) -> Result<BatchMonth, BatchMonthError> {
        if !(1..=12).contains(&month) {
            return Err(BatchMonthError::NoSuchMonth(month));
        }
        let until = NaiveDate::from_ymd_opt(year, month, BATCH_DAY)
            .ok_or(BatchMonthError::YearOutOfRange(year))?;
        let from = until
            .checked_sub_months(Months::new(1))
            .ok_or(BatchMonthError::YearOutOfRange(year))?;
        Ok(BatchMonth {
            year,
            month,
            window: BatchWindow { from, until },
        })
    }

    /// The batch month written `YYYY-MM`, e.g. `2025-03`.
    pub fn parse(text: &str) -> Result<BatchMonth, BatchMonthError> {
        let malformed = || BatchMonthError::Malformed(text.to_owned());
        let (year, month) = text.split_once('-').ok_or_else(malformed)?;
        let all_digits =
            |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(year, 4) || !all_digits(month, 2) {
            return Err(malformed());
        }
        let year = year.parse().map_err(|_| malformed())?;
        let month = month.parse().map_err(|_| malformed())?;
        BatchMonth::new(year, month)
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month of the year, 1 to 12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The order dates this month's batch takes.
    pub fn window(self) -> BatchWindow {
        self.window
    }
}

impl fmt::Display for BatchMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl TryFrom<String> for BatchMonth {
    type Error = BatchMonthError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        BatchMonth::parse(&text)
    }
}

impl From<BatchMonth> for String {
    fn from(month: BatchMonth) -> String {
        month.to_string()
    }
}

#[cfg(test)]
mod tests;
