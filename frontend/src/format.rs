//! How times, durations and money read on screen: times in the
//! organisation's zone, money as `¥1,234.56`.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

/// The organisation's time zone, where every time is shown.
pub const ORG_TZ: Tz = chrono_tz::Asia::Shanghai;

/// A coded value as it travels (`at_risk`, `urgent`), for attributes and options.
pub fn code<V: serde::Serialize>(value: V) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(code)) => code,
        _ => String::new(),
    }
}

/// The coded value `text` names, if any.
pub fn from_code<V: serde::de::DeserializeOwned>(text: &str) -> Option<V> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
}

/// The browser's clock now.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// Midnight that began the organisation's today.
pub fn start_of_today() -> DateTime<Utc> {
    let today = now().with_timezone(&ORG_TZ).date_naive();
    today
        .and_hms_opt(0, 0, 0)
        .and_then(|midnight| midnight.and_local_timezone(ORG_TZ).earliest())
        .map(|midnight| midnight.with_timezone(&Utc))
        .unwrap_or_else(now)
}

/// The organisation's today.
pub fn today() -> NaiveDate {
    now().with_timezone(&ORG_TZ).date_naive()
}

/// The first instant of `day` in the organisation's zone.
pub fn start_of(day: NaiveDate) -> Option<DateTime<Utc>> {
    day.and_hms_opt(0, 0, 0)
        .and_then(|midnight| midnight.and_local_timezone(ORG_TZ).earliest())
        .map(|midnight| midnight.with_timezone(&Utc))
}

/// A `datetime-local` input's value (`2025-03-10T18:00`) read in the
/// organisation's zone.
pub fn local_time(text: &str) -> Option<DateTime<FixedOffset>> {
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").ok()?;
    let local = ORG_TZ.from_local_datetime(&naive).earliest()?;
    Some(local.fixed_offset())
}

/// `at` as a `datetime-local` input's value in the organisation's zone.
pub fn local_input(at: DateTime<Utc>) -> String {
    at.with_timezone(&ORG_TZ)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// `2025-03-10 18:00` in the organisation's zone.
pub fn time(at: DateTime<Utc>) -> String {
    at.with_timezone(&ORG_TZ)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// A span as `2d 03:15:09`, `03:15:09` or `-00:05:00` once past.
pub fn countdown(left: TimeDelta) -> String {
    let sign = if left < TimeDelta::zero() { "-" } else { "" };
    let total = left.num_seconds().unsigned_abs();
    let (days, rest) = (total / 86_400, total % 86_400);
    let clock = format!(
        "{:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    );
    if days > 0 {
        format!("{sign}{days}d {clock}")
    } else {
        format!("{sign}{clock}")
    }
}

/// Fen as `¥1,234.56`.
pub fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let yuan = (cents / 100).to_string();
    let mut grouped = String::new();
    for (index, digit) in yuan.chars().enumerate() {
        if index > 0 && (yuan.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}¥{grouped}.{:02}", cents % 100)
}

/// Yuan typed by a person (`1234.5`, `1,234.56`) as fen; `None` when it is not an amount.
pub fn parse_yuan(text: &str) -> Option<i64> {
    let text: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '¥')
        .collect();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty() || fraction.len() > 2 || !whole.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let fen = format!("{fraction:0<2}").parse::<i64>().ok()?;
    whole
        .parse::<i64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(fen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands_and_keeps_two_decimals() {
        assert_eq!(money(123_456), "¥1,234.56");
        assert_eq!(money(5), "¥0.05");
        assert_eq!(money(100_000_000), "¥1,000,000.00");
        assert_eq!(money(-1999), "-¥19.99");
    }

    #[test]
    fn typed_yuan_become_fen() {
        assert_eq!(parse_yuan("1,234.5"), Some(123_450));
        assert_eq!(parse_yuan("12"), Some(1200));
        assert_eq!(parse_yuan("0.05"), Some(5));
        assert_eq!(parse_yuan("1.234"), None);
        assert_eq!(parse_yuan("abc"), None);
        assert_eq!(parse_yuan(""), None);
    }

    #[test]
    fn a_typed_local_time_is_read_in_the_organisations_zone_and_shown_back() {
        let at = local_time("2025-03-10T18:00").unwrap();
        assert_eq!(at.to_rfc3339(), "2025-03-10T18:00:00+08:00");
        assert_eq!(local_input(at.with_timezone(&Utc)), "2025-03-10T18:00");
        assert_eq!(local_time("2025-03-10 18:00"), None);
        let day = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        assert_eq!(
            start_of(day).map(|at| at.to_rfc3339()),
            Some("2025-02-28T16:00:00+00:00".to_owned())
        );
    }

    #[test]
    fn countdowns_show_days_and_go_negative() {
        assert_eq!(
            countdown(TimeDelta::seconds(3 * 86_400 + 3723)),
            "3d 01:02:03"
        );
        assert_eq!(countdown(TimeDelta::seconds(59)), "00:00:59");
        assert_eq!(countdown(TimeDelta::seconds(-300)), "-00:05:00");
    }
}
