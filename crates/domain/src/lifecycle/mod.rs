//! The lifecycles of service requests, maintenance contracts and complaints
//! (SPEC sections 4, 5 and 7).
//!
//! Each lifecycle is a `Status` and an `Action` enum; `Status::apply` holds the
//! whole transition table in one `match`, so a reader checks it against the
//! handbook in one place. Whatever the table does not list is refused with an
//! [`IllegalTransition`] that names the current state.

pub mod complaint;
pub mod contract;
pub mod need;
pub mod request;

use crate::messages::Message;
use crate::msg;
use thiserror::Error;

/// An action that the record's current state does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("{}", self.message().english())]
pub struct IllegalTransition {
    /// Which kind of record refused: "service request", "contract" or "complaint".
    pub machine: &'static str,
    /// The code of the state the record is in.
    pub state: &'static str,
    /// The code of the action that was refused.
    pub action: &'static str,
}

impl IllegalTransition {
    /// What is wrong, in either language.
    pub fn message(&self) -> Message {
        msg!(
            "a {machine} that is `{state}` does not allow `{action}`",
            machine = Message::from_key(self.machine),
            state = self.state,
            action = self.action
        )
    }
}
