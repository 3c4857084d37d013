//! The small rules of the monthly report (SPEC section 8): which month a
//! `YYYY-MM` names, where it begins and ends in the organisation's zone,
//! and the averages and medians it shows.

use crate::messages::Message;
use crate::msg;
use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};

/// A calendar month, e.g. 2026-11.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

/// Why a text is not a month.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().english())]
pub struct NotAMonth;

impl Month {
    /// `text` as `YYYY-MM` (years 1970 to 9999, months 01 to 12).
    pub fn parse(text: &str) -> Result<Month, NotAMonth> {
        let bytes = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| {
            bytes[range.clone()]
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| text[range].parse::<u32>().ok())
                .flatten()
        };
        if bytes.len() != 7 || bytes[4] != b'-' {
            return Err(NotAMonth);
        }
        let (Some(year), Some(month)) = (digits(0..4), digits(5..7)) else {
            return Err(NotAMonth);
        };
        if !(1970..=9999).contains(&year) || !(1..=12).contains(&month) {
            return Err(NotAMonth);
        }
        Ok(Month {
            year: i32::try_from(year).map_err(|_| NotAMonth)?,
            month,
        })
    }

    /// The month `date` falls in.
    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    /// The month before this one.
    pub fn previous(self) -> Month {
        match self.month {
            1 => Month {
                year: self.year - 1,
                month: 12,
            },
            month => Month {
                year: self.year,
                month: month - 1,
            },
        }
    }

    /// The month after this one.
    pub fn next(self) -> Month {
        match self.month {
            12 => Month {
                year: self.year + 1,
                month: 1,
            },
            month => Month {
                year: self.year,
                month: month + 1,
            },
        }
    }

    /// The month's first day.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The month's days: from its first day (included) to the next month's
    /// first day (excluded).
    pub fn days(self) -> (NaiveDate, NaiveDate) {
        (self.first_day(), self.next().first_day())
    }

    /// The month's instants in zone `zone`: from midnight of its first day
    /// (included) to midnight of the next month's first day (excluded).
    pub fn instants<Tz: TimeZone>(self, zone: &Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            midnight(self.first_day(), zone),
            midnight(self.next().first_day(), zone),
        )
    }
}

impl NotAMonth {
    /// What is wrong, in either language.
    pub fn message(&self) -> Message {
        msg!("must be a month written YYYY-MM, e.g. 2026-11")
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The first instant of `day` in `zone` (the earliest, should the clocks
/// change at midnight).
fn midnight<Tz: TimeZone>(day: NaiveDate, zone: &Tz) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0)
        .and_then(|at| zone.from_local_datetime(&at).earliest())
        .map_or(DateTime::<Utc>::MIN_UTC, |at| at.with_timezone(&Utc))
}

/// The mean of `values`; `None` when there are none.
pub fn mean(values: &[i64]) -> Option<f64> {
    (!values.is_empty())
        .then(|| values.iter().map(|v| *v as f64).sum::<f64>() / values.len() as f64)
}

/// The median of `values` (the mean of the two middle ones when their
/// number is even); `None` when there are none. Sorts `values`.
pub fn median(values: &mut [i64]) -> Option<f64> {
    values.sort_unstable();
    let middle = values.len() / 2;
    match values.len() {
        0 => None,
        len if len % 2 == 1 => Some(values[middle] as f64),
        _ => Some((values[middle - 1] as f64 + values[middle] as f64) / 2.0),
    }
}

/// The share `part / whole`; `None` when `whole` is zero.
pub fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_only_when_written_yyyy_mm() {
        let cases: [(&str, Option<(i32, u32)>); 12] = [
            ("2026-11", Some((2026, 11))),
            ("2026-01", Some((2026, 1))),
            ("1970-12", Some((1970, 12))),
            ("2026-13", None),
            ("2026-00", None),
            ("2026-1", None),
            ("26-11", None),
            ("abc", None),
            ("", None),
            ("2026/11", None),
            ("+026-11", None),
            ("2026-11-01", None),
        ];
        for (text, expected) in cases {
            let parsed = Month::parse(text).ok().map(|m| (m.year, m.month));
            assert_eq!(parsed, expected, "{text:?}");
        }
    }

    #[test]
    fn previous_and_next_cross_the_year() {
        let january = Month::parse("2026-01").unwrap();
        assert_eq!(january.previous().to_string(), "2025-12");
        assert_eq!(january.previous().next(), january);
        assert_eq!(
            Month::parse("2025-12").unwrap().next().to_string(),
            "2026-01"
        );
    }

    #[test]
    fn a_shanghai_month_begins_at_sixteen_hundred_utc_the_day_before() {
        let (from, to) = Month::parse("2026-11")
            .unwrap()
            .instants(&chrono_tz::Asia::Shanghai);
        assert_eq!(from.to_rfc3339(), "2026-10-31T16:00:00+00:00");
        assert_eq!(to.to_rfc3339(), "2026-11-30T16:00:00+00:00");
        let (first, next) = Month::parse("2024-02").unwrap().days();
        assert_eq!(
            (first.to_string(), next.to_string()),
            ("2024-02-01".into(), "2024-03-01".into())
        );
    }

    #[test]
    fn medians_and_means_of_a_few_values() {
        let cases: [(&[i64], Option<f64>, Option<f64>); 4] = [
            (&[], None, None),
            (&[7], Some(7.0), Some(7.0)),
            (&[30, 10, 20], Some(20.0), Some(20.0)),
            (&[40, 10, 20, 30, 100, 0], Some(25.0), Some(200.0 / 6.0)),
        ];
        for (values, median_of, mean_of) in cases {
            assert_eq!(mean(values), mean_of, "{values:?}");
            assert_eq!(median(&mut values.to_vec()), median_of, "{values:?}");
        }
        assert_eq!(share(1, 4), Some(0.25));
        assert_eq!(share(0, 0), None);
    }
}
