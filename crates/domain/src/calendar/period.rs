//! Business periods: stretches of hours within one local day.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{CalendarError, MINUTES_PER_DAY};

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
