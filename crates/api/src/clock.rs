//! The server's notion of "now", injectable so tests can move time forward
//! instead of sleeping.

use std::sync::{Arc, RwLock};

use chrono::{DateTime, SubsecRound, TimeDelta, Utc};

/// Where "now" comes from.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    fixed: Option<Arc<RwLock<DateTime<Utc>>>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock { fixed: None }
    }

    /// A clock that stays at `at` until moved with [`Clock::advance`] or [`Clock::set`].
    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock {
            fixed: Some(Arc::new(RwLock::new(at))),
        }
    }

    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        match &self.fixed {
            Some(at) => *at.read().unwrap_or_else(|poisoned| poisoned.into_inner()),
            // PostgreSQL keeps microseconds; so do we, so a value reads back equal.
            None => Utc::now().trunc_subsecs(6),
        }
    }

    /// Moves a fixed clock forward; the system clock ignores it.
    pub fn advance(&self, by: TimeDelta) {
        if let Some(at) = &self.fixed {
            let mut at = at.write().unwrap_or_else(|poisoned| poisoned.into_inner());
            *at += by;
        }
    }

    /// Moves a fixed clock to `to`; the system clock ignores it.
    pub fn set(&self, to: DateTime<Utc>) {
        if let Some(at) = &self.fixed {
            *at.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = to;
        }
    }
}
