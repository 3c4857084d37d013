//! A year's holidays and make-up workdays as the list typed: one date or
//! date range a line, its kind and a name, in either language.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rapport_domain::calendar::{CalendarException, ExceptionKind};

use crate::i18n::{Lang, S};

/// The longest date range one line may span, in days (the Spring Festival
/// and National Day holidays are eight).
const MAX_RANGE_DAYS: i64 = 31;

/// How a kind is written in the list, in `lang`.
fn kind_word(kind: ExceptionKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (ExceptionKind::Holiday, Lang::Zh) => "休",
        (ExceptionKind::Workday, Lang::Zh) => "班",
        (ExceptionKind::Holiday, Lang::En) => "holiday",
        (ExceptionKind::Workday, Lang::En) => "workday",
    }
}

/// The kind a word of the list names, in either language.
fn kind_of(word: &str) -> Option<ExceptionKind> {
    match word.to_lowercase().as_str() {
        "holiday" | "休" | "假" => Some(ExceptionKind::Holiday),
        "workday" | "班" | "调休" => Some(ExceptionKind::Workday),
        _ => None,
    }
}

/// Exceptions as list lines, consecutive days of one kind and name as one
/// range: `2025-10-01..2025-10-08 休 国庆节`.
pub(super) fn list_text<'a>(
    exceptions: impl Iterator<Item = &'a CalendarException>,
    lang: Lang,
) -> String {
    let mut runs: Vec<(NaiveDate, &CalendarException)> = Vec::new();
    for exception in exceptions {
        match runs.last_mut() {
            Some((end, first))
                if first.kind == exception.kind
                    && first.name == exception.name
                    && end.succ_opt() == Some(exception.date) =>
            {
                *end = exception.date;
            }
            _ => runs.push((exception.date, exception)),
        }
    }
    runs.iter()
        .map(|(end, first)| {
            let dates = if *end == first.date {
                first.date.to_string()
            } else {
                format!("{}..{end}", first.date)
            };
            let line = format!("{dates} {} {}", kind_word(first.kind, lang), first.name);
            line.trim_end().to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The exceptions a year's list names, by date; else what is wrong, by
/// line (from 1). A line is `date[..date] kind [name]`; blank lines and
/// lines starting with `#` are skipped.
pub(super) fn parse_list(text: &str, year: i32) -> Result<Vec<CalendarException>, Vec<(usize, S)>> {
    let mut found: BTreeMap<NaiveDate, CalendarException> = BTreeMap::new();
    let mut mistakes = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        let dates = words.next().unwrap_or_default();
        let Some(kind) = words.next().and_then(kind_of) else {
            mistakes.push((index + 1, S::NoKind));
            continue;
        };
        let name = words.collect::<Vec<_>>().join(" ");
        let (from, to) = dates
            .split_once("..")
            .or_else(|| dates.split_once('~'))
            .unwrap_or((dates, dates));
        let parse = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
        let (Some(from), Some(to)) = (parse(from), parse(to)) else {
            mistakes.push((index + 1, S::NotADate));
            continue;
        };
        if to < from || (to - from).num_days() >= MAX_RANGE_DAYS {
            mistakes.push((index + 1, S::BadRange));
            continue;
        }
        if from.year() != year || to.year() != year {
            mistakes.push((index + 1, S::NotThisYear));
            continue;
        }
        for date in from.iter_days().take_while(|date| *date <= to) {
            let exception = CalendarException {
                date,
                kind,
                name: name.clone(),
            };
            if found.insert(date, exception).is_some() {
                mistakes.push((index + 1, S::DateTwice));
                break;
            }
        }
    }
    if mistakes.is_empty() {
        Ok(found.into_values().collect())
    } else {
        Err(mistakes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_list_reads_ranges_and_both_languages_and_writes_them_back() {
        let text = "2025-10-01..2025-10-03 休 国庆节\n\n# 调休\n2025-09-28 workday 国庆节调休";
        let read = parse_list(text, 2025).unwrap();
        assert_eq!(read.len(), 4);
        assert_eq!(read[0].date, day("2025-09-28"));
        assert_eq!(read[0].kind, ExceptionKind::Workday);
        assert_eq!(read[3].name, "国庆节");
        assert_eq!(
            list_text(read.iter(), Lang::Zh),
            "2025-09-28 班 国庆节调休\n2025-10-01..2025-10-03 休 国庆节"
        );
    }

    #[test]
    fn a_wrong_line_is_named_by_its_number() {
        let text = "2025-10-01 休\n2025-13-01 休\n2026-01-01 休\n2025-10-02 rest\n2025-10-01 班";
        assert_eq!(
            parse_list(text, 2025).unwrap_err(),
            vec![
                (2, S::NotADate),
                (3, S::NotThisYear),
                (4, S::NoKind),
                (5, S::DateTwice)
            ]
        );
    }
}
