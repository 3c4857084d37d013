//! Days for the tests of the date rules (visit cadences, warranties, free
//! batches): one written as numbers, and any day for property tests.

use chrono::NaiveDate;
use proptest::prelude::*;

/// The day `y`-`m`-`d`, which must exist.
pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Any day from 1900 to 2199 (day 366 of a common year stands for its last).
pub(crate) fn any_date() -> impl Strategy<Value = NaiveDate> {
    (1900i32..2200, 1u32..=366).prop_map(|(year, ordinal)| {
        NaiveDate::from_yo_opt(year, ordinal)
            .unwrap_or_else(|| NaiveDate::from_yo_opt(year, 365).unwrap())
    })
}
