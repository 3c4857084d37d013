//! Table tests and properties of the business calendar, and the calendars
//! other modules test with.

use super::*;
use chrono::{DateTime, TimeDelta, Utc};
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
        let parsed =
            Period::parse(start, end).map(|period| (period.start_minute(), period.end_minute()));
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
        work_week: [&DayOfWeek::MONDAY_TO_FRIDAY[..], &[DayOfWeek::Saturday]].concat(),
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
