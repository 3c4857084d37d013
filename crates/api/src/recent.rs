//! Answers a server remembers for a while instead of asking the database
//! again: how a search's words are best read ([`crate::search`]), and the
//! capped count of a long list ([`crate::pagination`]). Each is an answer
//! that changes slowly and that a little stale does no harm; each server
//! keeps its own, for its database.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The most answers remembered at once, of each kind.
const MAX_REMEMBERED: usize = 4_096;

/// Answers `V` by question `K`, each remembered for `SECONDS`.
#[derive(Debug)]
pub struct Recent<K, V, const SECONDS: u64> {
    answers: Mutex<HashMap<K, (Instant, V)>>,
}

impl<K, V, const SECONDS: u64> Default for Recent<K, V, SECONDS> {
    fn default() -> Self {
        Recent {
            answers: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash, V: Clone, const SECONDS: u64> Recent<K, V, SECONDS> {
    const REMEMBERED_FOR: Duration = Duration::from_secs(SECONDS);

    /// The answer to `key`, if it was given less than `SECONDS` ago.
    pub fn get(&self, key: &K) -> Option<V> {
        let answers = self.answers.lock().unwrap_or_else(PoisonError::into_inner);
        answers
            .get(key)
            .filter(|(at, _)| at.elapsed() < Self::REMEMBERED_FOR)
            .map(|(_, answer)| answer.clone())
    }

    /// Remembers `answer` to `key` from now; when full, forgets the stale
    /// answers first, and every answer if none is stale.
    pub fn put(&self, key: K, answer: V) {
        let mut answers = self.answers.lock().unwrap_or_else(PoisonError::into_inner);
        if answers.len() >= MAX_REMEMBERED {
            answers.retain(|_, (at, _)| at.elapsed() < Self::REMEMBERED_FOR);
            if answers.len() >= MAX_REMEMBERED {
                answers.clear();
            }
        }
        answers.insert(key, (Instant::now(), answer));
    }
}
