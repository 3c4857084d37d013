//! Table tests and properties of the warranty and free-contract windows.

use chrono::Datelike;
use proptest::prelude::*;

use super::*;
use crate::test_dates::{any_date, date};

#[test]
fn the_warranty_starts_at_installation_for_hardware_and_acceptance_for_software() {
    let installed = Some(date(2025, 3, 10));
    let invoiced = Some(date(2025, 3, 15));
    let accepted = Some(date(2025, 4, 2));
    let cases = [
        (
            ProductKind::Hardware,
            installed,
            invoiced,
            accepted,
            installed,
        ),
        (ProductKind::Hardware, None, invoiced, accepted, invoiced),
        (ProductKind::Hardware, installed, None, None, installed),
        (ProductKind::Hardware, None, None, accepted, None),
        (
            ProductKind::Software,
            installed,
            invoiced,
            accepted,
            accepted,
        ),
        (ProductKind::Software, None, None, accepted, accepted),
        (ProductKind::Software, installed, invoiced, None, None),
    ];
    for (kind, installation, invoice, acceptance, start) in cases {
        assert_eq!(
            warranty_start(kind, installation, invoice, acceptance),
            start,
            "{kind:?} {installation:?} {invoice:?} {acceptance:?}"
        );
    }
}

#[test]
fn the_free_year_ends_the_day_before_the_anniversary() {
    let cases = [
        (date(2025, 3, 10), date(2026, 3, 9)),
        (date(2025, 1, 1), date(2025, 12, 31)),
        (date(2024, 12, 31), date(2025, 12, 30)),
        (date(2024, 2, 29), date(2025, 2, 28)),
        (date(2024, 2, 28), date(2025, 2, 27)),
        (date(2025, 3, 1), date(2026, 2, 28)),
        (date(2023, 3, 1), date(2024, 2, 29)),
        (date(2023, 2, 28), date(2024, 2, 27)),
    ];
    for (start, end) in cases {
        let period = free_period(start);
        assert_eq!((period.start(), period.end()), (start, end), "{start}");
    }
}

#[test]
fn each_line_keeps_its_own_free_year() {
    // Hardware installed on Feb 1; software accepted on Mar 20, weeks after the order.
    let hardware = line_free_period(Some(date(2025, 2, 1))).unwrap();
    let software = line_free_period(Some(date(2025, 3, 20))).unwrap();
    assert_eq!(line_free_period(None), None);
    let cases = [
        (date(2025, 1, 31), false, false),
        (date(2025, 2, 1), true, false),
        (date(2025, 3, 19), true, false),
        (date(2025, 3, 20), true, true),
        (date(2025, 12, 31), true, true),
        (date(2026, 1, 1), true, true),
        (date(2026, 1, 31), true, true),
        (date(2026, 2, 1), false, true),
        (date(2026, 3, 19), false, true),
        (date(2026, 3, 20), false, false),
    ];
    for (day, hardware_covered, software_covered) in cases {
        assert_eq!(hardware.contains(day), hardware_covered, "{day}");
        assert_eq!(software.contains(day), software_covered, "{day}");
    }
    let span = free_span([software, hardware]).unwrap();
    assert_eq!(
        (span.start(), span.end()),
        (date(2025, 2, 1), date(2026, 3, 19))
    );
    assert_eq!(free_span([]), None);
}

#[test]
fn a_period_must_not_end_before_it_starts() {
    let one_day = ContractPeriod::new(date(2025, 3, 10), date(2025, 3, 10)).unwrap();
    assert!(one_day.contains(date(2025, 3, 10)));
    let backwards = ContractPeriod::new(date(2025, 3, 10), date(2025, 3, 9));
    assert_eq!(
        backwards.unwrap_err().to_string(),
        "a period cannot end (2025-03-09) before it starts (2025-03-10)"
    );
}

#[test]
fn a_period_covers_both_its_first_and_last_day() {
    let period = free_period(date(2025, 3, 10));
    let cases = [
        (date(2025, 3, 9), false),
        (date(2025, 3, 10), true),
        (date(2025, 12, 31), true),
        (date(2026, 3, 9), true),
        (date(2026, 3, 10), false),
    ];
    for (day, covered) in cases {
        assert_eq!(period.contains(day), covered, "{day}");
    }
}

#[test]
fn days_until_end_count_down_to_zero_on_the_last_day() {
    let period = free_period(date(2025, 3, 10));
    let cases = [
        (date(2026, 2, 7), 30, true),
        (date(2026, 2, 6), 31, false),
        (date(2026, 3, 9), 0, true),
        (date(2026, 3, 10), -1, false),
        (date(2025, 3, 10), 364, false),
    ];
    for (today, left, ending_in_30_days) in cases {
        assert_eq!(period.days_until_end(today), left, "{today}");
        assert_eq!(
            period.ending_within(today, 30),
            ending_in_30_days,
            "{today}"
        );
    }
}

#[test]
fn a_period_is_checked_when_it_arrives_on_the_wire() {
    let period: ContractPeriod =
        serde_json::from_str(r#"{"start":"2025-03-10","end":"2026-03-09"}"#).unwrap();
    assert_eq!(period, free_period(date(2025, 3, 10)));
    assert_eq!(
        serde_json::to_string(&period).unwrap(),
        r#"{"start":"2025-03-10","end":"2026-03-09"}"#
    );
    assert!(
        serde_json::from_str::<ContractPeriod>(r#"{"start":"2025-03-10","end":"2025-03-09"}"#)
            .is_err()
    );
    assert!(
        serde_json::from_str::<ContractPeriod>(
            r#"{"start":"2025-03-10","end":"2026-03-09","months":12}"#
        )
        .is_err()
    );
}

#[test]
fn a_batch_takes_orders_from_the_25th_of_last_month_until_the_25th_of_this_month() {
    let cases = [
        (2025, 1, date(2024, 12, 25), date(2025, 1, 25)),
        (2025, 3, date(2025, 2, 25), date(2025, 3, 25)),
        (2024, 3, date(2024, 2, 25), date(2024, 3, 25)),
        (2025, 12, date(2025, 11, 25), date(2025, 12, 25)),
    ];
    for (year, month, from, until) in cases {
        let window = free_batch_window(year, month).unwrap();
        assert_eq!(
            (window.from(), window.until()),
            (from, until),
            "{year}-{month}"
        );
    }
}

#[test]
fn a_batch_window_includes_its_first_day_and_excludes_its_last() {
    let january = free_batch_window(2025, 1).unwrap();
    let cases = [
        (date(2024, 12, 24), false),
        (date(2024, 12, 25), true),
        (date(2024, 12, 31), true),
        (date(2025, 1, 1), true),
        (date(2025, 1, 24), true),
        (date(2025, 1, 25), false),
    ];
    for (order_date, taken) in cases {
        assert_eq!(january.contains(order_date), taken, "{order_date}");
    }
}

#[test]
fn a_batch_month_must_exist() {
    let cases = [
        (2025, 0, BatchMonthError::NoSuchMonth(0)),
        (2025, 13, BatchMonthError::NoSuchMonth(13)),
        (i32::MAX, 1, BatchMonthError::YearOutOfRange(i32::MAX)),
    ];
    for (year, month, error) in cases {
        assert_eq!(free_batch_window(year, month), Err(error), "{year}-{month}");
    }
    assert_eq!(
        BatchMonthError::NoSuchMonth(13).to_string(),
        "there is no month 13; months run from 1 to 12"
    );
}

#[test]
fn a_batch_month_is_read_only_from_yyyy_mm() {
    let accepted = [
        ("2025-01", 2025, 1),
        ("2025-12", 2025, 12),
        ("0999-06", 999, 6),
    ];
    for (text, year, month) in accepted {
        let parsed = BatchMonth::parse(text).unwrap();
        assert_eq!((parsed.year(), parsed.month()), (year, month), "{text}");
        assert_eq!(parsed.to_string(), text);
    }
    let malformed = [
        "",
        "2025",
        "2025-1",
        "25-01",
        "2025-001",
        " 2025-01",
        "2025-01-01",
        "2025/01",
        "+202-01",
        "2025-+1",
        "２０２５-01",
        "abcd-ef",
    ];
    for text in malformed {
        assert_eq!(
            BatchMonth::parse(text),
            Err(BatchMonthError::Malformed(text.to_owned())),
            "{text}"
        );
    }
    assert_eq!(
        BatchMonth::parse("2025-13"),
        Err(BatchMonthError::NoSuchMonth(13))
    );
    assert_eq!(
        BatchMonth::parse("2025-00"),
        Err(BatchMonthError::NoSuchMonth(0))
    );
}

#[test]
fn a_batch_month_travels_as_yyyy_mm_text() {
    let march: BatchMonth = serde_json::from_str("\"2025-03\"").unwrap();
    assert_eq!(march.window(), free_batch_window(2025, 3).unwrap());
    assert_eq!(serde_json::to_string(&march).unwrap(), "\"2025-03\"");
    assert!(serde_json::from_str::<BatchMonth>("\"2025-3\"").is_err());
    assert!(serde_json::from_str::<BatchMonth>("202503").is_err());
}

proptest! {
    #[test]
    fn every_order_date_falls_in_exactly_one_batch(order_date in any_date()) {
        let (year, month) = (order_date.year(), order_date.month());
        let this = free_batch_window(year, month).unwrap();
        let next = if month == 12 {
            free_batch_window(year + 1, 1).unwrap()
        } else {
            free_batch_window(year, month + 1).unwrap()
        };
        prop_assert_eq!(next.from(), this.until());
        prop_assert!(this.contains(order_date) != next.contains(order_date));
    }

    #[test]
    fn a_free_year_lasts_365_or_366_days_and_covers_its_start(start in any_date()) {
        let period = free_period(start);
        let days = (period.end() - period.start()).num_days() + 1;
        prop_assert!(days == 365 || days == 366, "{} lasts {} days", start, days);
        prop_assert!(period.contains(start));
        prop_assert!(!period.contains(period.end().succ_opt().unwrap()));
    }
}
