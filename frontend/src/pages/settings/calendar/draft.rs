//! A calendar being edited: its fields as typed, read back into a
//! calendar to save or to draw.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;
use chrono_tz::Tz;
use rapport_domain::calendar::{
    BusinessCalendar, CalendarException, CalendarSpec, DayOfWeek, Period,
};
use rapport_types::calendar::Calendar;

use super::list::{list_text, parse_list};
use crate::format;
use crate::i18n::{Lang, S};

/// What is wrong with the typed lists: by year, each line (from 1) and its mistake.
pub(super) type Mistakes = BTreeMap<i32, Vec<(usize, S)>>;

/// A calendar being edited.
#[derive(Clone, PartialEq)]
pub(super) struct Draft {
    pub(super) version: Option<i32>,
    pub(super) time_zone: String,
    pub(super) work_week: Vec<DayOfWeek>,
    /// Each period as typed, start and end.
    pub(super) periods: Vec<(String, String)>,
    /// Weekdays with hours of their own, as typed (`09:00-16:00, ...`).
    pub(super) weekday_periods: BTreeMap<DayOfWeek, String>,
    /// The exceptions as read.
    pub(super) stored: Vec<CalendarException>,
    /// The lists typed, by year; a year not here keeps what was read.
    pub(super) lists: BTreeMap<i32, String>,
}

impl Draft {
    pub(super) fn of(calendar: Calendar) -> Draft {
        Draft {
            version: calendar.version,
            time_zone: calendar.time_zone,
            work_week: calendar.work_week,
            periods: calendar
                .periods
                .iter()
                .map(|period| (clock(period.start_minute()), clock(period.end_minute())))
                .collect(),
            weekday_periods: calendar
                .weekday_periods
                .iter()
                .map(|(day, periods)| {
                    let typed = periods
                        .iter()
                        .map(|period| {
                            format!(
                                "{}-{}",
                                clock(period.start_minute()),
                                clock(period.end_minute())
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(", ");
                    (*day, typed)
                })
                .collect(),
            stored: calendar.exceptions.unwrap_or_default(),
            lists: BTreeMap::new(),
        }
    }

    /// The list of `year` as shown: as typed, else as read.
    pub(super) fn list(&self, year: i32, lang: Lang) -> String {
        match self.lists.get(&year) {
            Some(text) => text.clone(),
            None => list_text(
                self.stored
                    .iter()
                    .filter(|exception| exception.date.year() == year),
                lang,
            ),
        }
    }

    /// The exceptions of every year, the typed lists read; else each
    /// year's mistakes, by line.
    pub(super) fn exceptions(&self) -> Result<Vec<CalendarException>, Mistakes> {
        let mut all: Vec<CalendarException> = self
            .stored
            .iter()
            .filter(|exception| !self.lists.contains_key(&exception.date.year()))
            .cloned()
            .collect();
        let mut mistakes = BTreeMap::new();
        for (&year, text) in &self.lists {
            match parse_list(text, year) {
                Ok(found) => all.extend(found),
                Err(lines) => {
                    mistakes.insert(year, lines);
                }
            }
        }
        if mistakes.is_empty() {
            all.sort_by_key(|exception| exception.date);
            Ok(all)
        } else {
            Err(mistakes)
        }
    }

    /// The periods as typed, read; else the rows that are not periods.
    pub(super) fn read_periods(&self) -> Result<Vec<Period>, BTreeSet<usize>> {
        let mut bad = BTreeSet::new();
        let mut periods = Vec::new();
        for (row, (start, end)) in self.periods.iter().enumerate() {
            match Period::parse(start.trim(), end.trim()) {
                Ok(period) => periods.push(period),
                Err(_) => {
                    bad.insert(row);
                }
            }
        }
        if bad.is_empty() {
            Ok(periods)
        } else {
            Err(bad)
        }
    }

    /// The weekdays' own hours as typed, read (a day left blank keeps the
    /// standard periods); else the days whose hours are not periods.
    pub(super) fn read_weekday_periods(
        &self,
    ) -> Result<BTreeMap<DayOfWeek, Vec<Period>>, BTreeSet<DayOfWeek>> {
        let mut bad = BTreeSet::new();
        let mut read = BTreeMap::new();
        for (&day, typed) in &self.weekday_periods {
            if typed.trim().is_empty() {
                continue;
            }
            let periods: Option<Vec<Period>> = typed
                .split([',', '，', ';'])
                .filter(|part| !part.trim().is_empty())
                .map(|part| {
                    let (start, end) = part.split_once(['-', '–', '~'])?;
                    Period::parse(start.trim(), end.trim()).ok()
                })
                .collect();
            match periods {
                Some(periods) => {
                    read.insert(day, periods);
                }
                None => {
                    bad.insert(day);
                }
            }
        }
        if bad.is_empty() { Ok(read) } else { Err(bad) }
    }

    /// The calendar to draw: the draft where it reads, else what was read
    /// (the year's days depend on the work week and the exceptions only).
    pub(super) fn drawn(&self, year: i32) -> Option<BusinessCalendar> {
        let mut exceptions: Vec<CalendarException> = self
            .stored
            .iter()
            .filter(|exception| exception.date.year() != year)
            .cloned()
            .collect();
        let this_year = self.lists.get(&year).map_or_else(
            || {
                Ok(self
                    .stored
                    .iter()
                    .filter(|exception| exception.date.year() == year)
                    .cloned()
                    .collect())
            },
            |text| parse_list(text, year),
        );
        exceptions.extend(this_year.unwrap_or_default());
        BusinessCalendar::new(CalendarSpec {
            time_zone: self.time_zone.parse::<Tz>().unwrap_or(format::ORG_TZ),
            work_week: if self.work_week.is_empty() {
                DayOfWeek::MONDAY_TO_FRIDAY.to_vec()
            } else {
                self.work_week.clone()
            },
            periods: vec![Period::NINE_TO_SIX],
            weekday_periods: BTreeMap::new(),
            exceptions,
        })
        .ok()
    }
}

/// Minutes since midnight as `HH:MM` (`24:00` at the end of the day).
fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}
