//! The lifecycles of service requests, maintenance contracts, complaints
//! and needs (SPEC sections 4, 5, 7 and 8).
//!
//! Each lifecycle is a `Status` and an `Action` enum; `Status::apply` holds the
//! whole transition table in one `match`, so a reader checks it against the
//! handbook in one place. Whatever the table does not list is refused with an
//! [`IllegalTransition`] that names the current state; a step its `plan`
//! refuses is a [`Refusal`] that also says why.

pub mod complaint;
pub mod contract;
pub mod need;
pub mod request;

use std::fmt::Debug;

use crate::messages::Message;
use crate::msg;
use thiserror::Error;

/// What the rules every lifecycle shares need to know of one: its kind of
/// record and the codes of its states and actions. Implemented by each
/// lifecycle's `Status`.
pub trait Lifecycle: Copy + Eq + Debug + 'static {
    /// Something that happens to the record.
    type Action: Copy + Eq + Debug + 'static;
    /// Which kind of record it is, as `key!` checked it: "service request",
    /// "contract", "complaint", "need" or "article".
    const MACHINE: &'static str;
    /// The codes of this state and of `action`, as stored and sent on the wire.
    fn codes(self, action: Self::Action) -> (&'static str, &'static str);
}

/// An action that the record's current state does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("{}", self.message().english())]
pub struct IllegalTransition {
    /// Which kind of record refused (its [`Lifecycle::MACHINE`]).
    pub machine: &'static str,
    /// The code of the state the record is in.
    pub state: &'static str,
    /// The code of the action that was refused.
    pub action: &'static str,
}

impl IllegalTransition {
    /// The refusal of `action` by the transition table of a record that is `state`.
    pub fn of<S: Lifecycle>(state: S, action: S::Action) -> IllegalTransition {
        let (state, action) = state.codes(action);
        IllegalTransition {
            machine: S::MACHINE,
            state,
            action,
        }
    }

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

/// A step the record's state does not allow, with why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("{}", self.message().english())]
pub struct Refusal<S: Lifecycle> {
    /// The action refused.
    pub action: S::Action,
    /// The state the record is in.
    pub status: S,
    /// Why, in words for the person who asked (checked by `key!`).
    pub reason: &'static str,
}

impl<S: Lifecycle> Refusal<S> {
    /// Why not, in either language.
    pub fn message(&self) -> Message {
        let (status, action) = self.status.codes(self.action);
        refused(S::MACHINE, action, status, self.reason)
    }
}

/// Why a `machine` that is `status` cannot take `action`, in either
/// language: "cannot sign a contract that is `draft`: …".
pub(crate) fn refused(
    machine: &'static str,
    action: &'static str,
    status: &'static str,
    reason: &'static str,
) -> Message {
    msg!(
        "cannot {action} a {machine} that is `{status}`: {reason}",
        action = action,
        machine = Message::from_key(machine),
        status = status,
        reason = Message::from_key(reason)
    )
}

/// Checks every lifecycle's table tests make.
#[cfg(test)]
pub(crate) mod checks {
    use super::{IllegalTransition, Lifecycle, Refusal};

    /// Checks `apply` against `legal` for every state and action: a listed
    /// pair goes where the list says, any other is refused with the
    /// [`IllegalTransition`] that names `machine`, the state and the action.
    pub(crate) fn assert_follows_table<S: Lifecycle>(
        machine: &str,
        states: &[S],
        actions: &[S::Action],
        legal: &[(S, S::Action, S)],
        apply: impl Fn(S, S::Action) -> Result<S, IllegalTransition>,
    ) {
        for &state in states {
            for &action in actions {
                let expected = legal
                    .iter()
                    .find(|(from, by, _)| *from == state && *by == action)
                    .map(|(_, _, next)| *next);
                match (apply(state, action), expected) {
                    (Ok(next), Some(want)) => assert_eq!(next, want, "{state:?} + {action:?}"),
                    (Err(refusal), None) => {
                        assert_eq!(refusal.machine, machine);
                        assert_eq!((refusal.state, refusal.action), state.codes(action));
                        assert!(refusal.to_string().contains(refusal.state));
                    }
                    (got, want) => panic!("{state:?} + {action:?}: got {got:?}, want {want:?}"),
                }
            }
        }
    }

    /// Checks `plan` (the state a step leads to) over every state and
    /// action: a step it takes goes where `apply` goes; a step it refuses
    /// is refused naming the action and the state, with a reason.
    pub(crate) fn assert_refusals_say_why<S: Lifecycle>(
        machine: &str,
        states: &[S],
        actions: &[S::Action],
        apply: impl Fn(S, S::Action) -> Result<S, IllegalTransition>,
        plan: impl Fn(S, S::Action) -> Result<S, Refusal<S>>,
    ) {
        for &state in states {
            for &action in actions {
                let refusal = match plan(state, action) {
                    Ok(next) => {
                        assert_eq!(apply(state, action), Ok(next), "{state:?} + {action:?}");
                        continue;
                    }
                    Err(refusal) => refusal,
                };
                assert_eq!((refusal.action, refusal.status), (action, state));
                assert!(!refusal.reason.is_empty());
                let (state, action) = state.codes(action);
                assert_eq!(
                    refusal.to_string(),
                    format!(
                        "cannot {action} a {machine} that is `{state}`: {}",
                        refusal.reason
                    )
                );
            }
        }
    }

    /// Checks that each of `values` is written on the wire as its `code`.
    pub(crate) fn assert_codes_on_the_wire<T: serde::Serialize + Copy>(
        values: &[T],
        code: impl Fn(T) -> &'static str,
    ) {
        for &value in values {
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(json, format!("\"{}\"", code(value)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{complaint, contract, need};
    use crate::messages::Lang;

    #[test]
    fn a_refusal_names_the_kind_of_record_in_the_readers_language() {
        let cases = [
            (
                complaint::Refusal {
                    action: complaint::Action::Resolve,
                    status: complaint::Status::SolutionProposed,
                    reason: "a manager approves a solution first",
                }
                .message(),
                "cannot resolve a complaint that is `solution_proposed`: a manager approves a solution first",
                "投诉当前为“solution_proposed”，不能执行“resolve”：需先由经理批准解决方案",
            ),
            (
                contract::Refusal {
                    action: contract::Action::Sign,
                    status: contract::Status::Draft,
                    reason: "the customer agrees on the phone first",
                }
                .message(),
                "cannot sign a contract that is `draft`: the customer agrees on the phone first",
                "合同当前为“draft”，不能执行“sign”：须先经客户电话同意",
            ),
            (
                need::Refusal {
                    action: need::Action::Plan,
                    status: need::Status::New,
                    reason: "evaluate it first",
                }
                .message(),
                "cannot plan a need that is `new`: evaluate it first",
                "需求当前为“new”，不能执行“plan”：请先评估",
            ),
            (
                super::refused(
                    "service request",
                    "resolve",
                    "new",
                    "it must be in progress",
                ),
                "cannot resolve a service request that is `new`: it must be in progress",
                "服务请求当前为“new”，不能执行“resolve”：请求须处于处理中",
            ),
        ];
        for (message, english, chinese) in cases {
            assert_eq!(message.render(Lang::En), english);
            assert_eq!(message.render(Lang::Zh), chinese);
        }
    }
}
