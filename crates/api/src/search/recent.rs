//! The readings of the searches asked lately (see [`FullText::reading`]).
//!
//! [`FullText::reading`]: super::FullText::reading

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::Reading;

/// How long a search's [`Reading`] is remembered.
const REMEMBERED_FOR: Duration = Duration::from_secs(300);

/// The most searches remembered at once.
const MAX_REMEMBERED: usize = 4_096;

/// What [`FullText::reading`](super::FullText::reading) counted lately, by index and query, so that
/// the same search asked again (a common fault, looked up from many desks)
/// is not counted again for a few minutes. How many records hold a word
/// changes slowly, and an answer a little stale only reads the same
/// matches the other way. One per server, for its database.
#[derive(Debug, Default)]
pub struct RecentReadings {
    counted: Mutex<HashMap<Asked, (Instant, Reading)>>,
}

/// A search of one index: its table and its query.
type Asked = (&'static str, String);

impl RecentReadings {
    pub(super) fn get(&self, key: &Asked) -> Option<Reading> {
        let counted = self.counted.lock().unwrap_or_else(PoisonError::into_inner);
        counted
            .get(key)
            .filter(|(at, _)| at.elapsed() < REMEMBERED_FOR)
            .map(|(_, reading)| *reading)
    }

    pub(super) fn put(&self, key: Asked, reading: Reading) {
        let mut counted = self.counted.lock().unwrap_or_else(PoisonError::into_inner);
        if counted.len() >= MAX_REMEMBERED {
            counted.retain(|_, (at, _)| at.elapsed() < REMEMBERED_FOR);
            if counted.len() >= MAX_REMEMBERED {
                counted.clear();
            }
        }
        counted.insert(key, (Instant::now(), reading));
    }
}
