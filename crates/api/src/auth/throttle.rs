//! Throttling failed logins, per account and per client address, so that
//! passwords cannot be guessed at the server's speed.
//!
//! Counts live in this instance's memory: an attacker spreading guesses
//! over several instances on PostgreSQL gets each instance's allowance (a
//! shared table can replace this map without changing its callers). A
//! window starts at an account's (or address's) first failure; once it
//! holds the limit of failures, further attempts are refused with 429
//! until the window ends. A successful login clears its account's count,
//! not its address's.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, TimeDelta, Utc};

use crate::error::ApiError;

/// Failures one account may have in a window.
pub const PER_ACCOUNT: u32 = 5;
/// Failures one client address may have in a window, across accounts.
pub const PER_ADDRESS: u32 = 20;
/// How long a window lasts from its first failure.
pub const WINDOW: TimeDelta = TimeDelta::minutes(15);
/// Beyond this many tracked keys, ended windows are swept on the next failure.
const SWEEP_ABOVE: usize = 10_000;

const REFUSED: &str = "too many failed logins for this account or from this address";

/// Failed logins per account and per address.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    windows: Mutex<HashMap<Key, Window>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Account(String),
    Address(IpAddr),
}

#[derive(Debug, Clone, Copy)]
struct Window {
    started: DateTime<Utc>,
    failures: u32,
}

impl LoginThrottle {
    /// 429 with the seconds to wait if `email` or `address` is locked at `now`.
    pub fn check(
        &self,
        email: &str,
        address: Option<IpAddr>,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let windows = self.windows();
        let wait = keys(email, address)
            .filter_map(|(key, limit)| {
                let window = windows.get(&key)?;
                let ends = window.started + WINDOW;
                (window.failures >= limit && ends > now).then_some(ends - now)
            })
            .max();
        match wait {
            Some(wait) => Err(ApiError::TooManyRequests {
                detail: REFUSED,
                // Rounded up, so a client that waits exactly this is let in.
                retry_after: u64::try_from(wait.num_seconds() + 1).unwrap_or(1),
            }),
            None => Ok(()),
        }
    }

    /// Counts a failed login for `email` and `address` at `now`.
    pub fn failed(&self, email: &str, address: Option<IpAddr>, now: DateTime<Utc>) {
        let mut windows = self.windows();
        if windows.len() > SWEEP_ABOVE {
            windows.retain(|_, window| window.started + WINDOW > now);
        }
        for (key, _) in keys(email, address) {
            let window = windows.entry(key).or_insert(Window {
                started: now,
                failures: 0,
            });
            if window.started + WINDOW <= now {
                *window = Window {
                    started: now,
                    failures: 0,
                };
            }
            window.failures += 1;
        }
    }

    /// Clears `email`'s failures after it logged in.
    pub fn succeeded(&self, email: &str) {
        self.windows().remove(&Key::Account(email.to_owned()));
    }

    fn windows(&self) -> MutexGuard<'_, HashMap<Key, Window>> {
        // A panic while holding the lock leaves counts, not broken invariants.
        self.windows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn keys(email: &str, address: Option<IpAddr>) -> impl Iterator<Item = (Key, u32)> {
    let account = (Key::Account(email.to_owned()), PER_ACCOUNT);
    let address = address.map(|address| (Key::Address(address), PER_ADDRESS));
    std::iter::once(account).chain(address)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_locks_at_its_limit_for_the_rest_of_the_window() {
        let throttle = LoginThrottle::default();
        let start: DateTime<Utc> = "2025-03-03T02:00:00Z".parse().unwrap();
        for i in 0..PER_ACCOUNT {
            assert!(throttle.check("a@x", None, start).is_ok(), "attempt {i}");
            throttle.failed("a@x", None, start);
        }

        let refused = throttle.check("a@x", None, start + TimeDelta::minutes(5));

        assert!(matches!(
            refused,
            Err(ApiError::TooManyRequests {
                retry_after: 601,
                ..
            })
        ));
        assert!(throttle.check("b@x", None, start).is_ok());
        assert!(throttle.check("a@x", None, start + WINDOW).is_ok());
    }
}
