//! When a failed delivery is tried again: exponential backoff from
//! [`FIRST_DELAY`], doubling up to [`MAX_DELAY`], each delay jittered by
//! ±20% so that the deliveries that failed together (a receiver down) do
//! not all come back at the same instant; no try after the delivery's retry
//! window ([`RETRY_WINDOW`]), and it is dead.

use chrono::{DateTime, TimeDelta, Utc};

/// The delay after the first failure.
pub const FIRST_DELAY: TimeDelta = TimeDelta::seconds(30);
/// The longest delay between two tries.
pub const MAX_DELAY: TimeDelta = TimeDelta::hours(1);
/// How long a delivery is tried, from its event (or its re-send).
pub const RETRY_WINDOW: TimeDelta = TimeDelta::hours(24);

/// The delay after `failures` failed tries (1 or more), before jitter.
pub fn delay(failures: u32) -> TimeDelta {
    let doublings = failures.saturating_sub(1).min(16);
    let delay = FIRST_DELAY * (1_i32 << doublings);
    delay.min(MAX_DELAY)
}

/// When to try again after `failures` failed tries at `now`, with `jitter`
/// in `[0, 1)` (0.5 keeps the delay as is); `None` when that is past
/// `retry_until`: the delivery is dead.
pub fn next_attempt(
    failures: u32,
    now: DateTime<Utc>,
    retry_until: DateTime<Utc>,
    jitter: f64,
) -> Option<DateTime<Utc>> {
    let base = delay(failures).num_milliseconds() as f64;
    let factor = 0.8 + 0.4 * jitter.clamp(0.0, 1.0);
    let at = now + TimeDelta::milliseconds((base * factor) as i64);
    (at <= retry_until).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_from_thirty_seconds_to_an_hour() {
        let table = [
            (1, 30),
            (2, 60),
            (3, 120),
            (4, 240),
            (7, 1920),
            (8, 3600),
            (30, 3600),
            (u32::MAX, 3600),
        ];
        for (failures, seconds) in table {
            assert_eq!(delay(failures), TimeDelta::seconds(seconds), "{failures}");
        }
    }

    #[test]
    fn jitter_stays_within_a_fifth_of_the_delay() {
        let now: DateTime<Utc> = "2026-12-01T00:00:00Z".parse().unwrap();
        let until = now + RETRY_WINDOW;
        let low = next_attempt(3, now, until, 0.0).unwrap();
        let high = next_attempt(3, now, until, 0.999).unwrap();
        assert_eq!(low - now, TimeDelta::seconds(96));
        assert!(high - now < TimeDelta::seconds(144));
        assert!(high - now > TimeDelta::seconds(143));
    }

    #[test]
    fn past_the_window_there_is_no_next_try() {
        let now: DateTime<Utc> = "2026-12-01T00:00:00Z".parse().unwrap();
        assert_eq!(
            next_attempt(9, now, now + TimeDelta::minutes(10), 0.5),
            None
        );
    }

    #[test]
    fn a_receiver_down_for_a_day_is_tried_about_thirty_times() {
        let start: DateTime<Utc> = "2026-12-01T00:00:00Z".parse().unwrap();
        let until = start + RETRY_WINDOW;
        let (mut at, mut tries) = (start, 1);
        while let Some(next) = next_attempt(tries, at, until, 0.5) {
            at = next;
            tries += 1;
        }
        assert!((25..=35).contains(&tries), "{tries}");
    }
}
