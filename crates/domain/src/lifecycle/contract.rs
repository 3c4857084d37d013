//! The lifecycle of a maintenance contract (SPEC section 5, seed 003).
//!
//! `draft` → `agreed` (verbal yes on the phone) → `signed` (printed, stamped,
//! delivered) → `invoiced` → `paid` (the negotiation ends); `expired` when its
//! period ends without renewal; `cancelled` before payment.

use serde::{Deserialize, Serialize};

use super::IllegalTransition;

/// Where a maintenance contract stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ContractStatus))]
pub enum Status {
    /// Being prepared by the service desk.
    Draft,
    /// The customer said yes on the phone; the paper is being prepared.
    Agreed,
    /// Printed, stamped and delivered to the customer.
    Signed,
    /// The invoice has been sent.
    Invoiced,
    /// Payment received; the negotiation is over.
    Paid,
    /// The period ended without renewal.
    Expired,
    /// Abandoned before payment.
    Cancelled,
}

/// Something that happens to a maintenance contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ContractAction))]
pub enum Action {
    /// The customer agrees verbally on the phone.
    Agree,
    /// The signed, stamped contract is delivered.
    Sign,
    /// The invoice is sent (method and date recorded by the caller).
    Invoice,
    /// Payment arrives.
    Pay,
    /// The period ends without renewal.
    Expire,
    /// The contract is abandoned.
    Cancel,
}

impl Status {
    /// Every state, in lifecycle order.
    pub const ALL: [Status; 7] = [
        Status::Draft,
        Status::Agreed,
        Status::Signed,
        Status::Invoiced,
        Status::Paid,
        Status::Expired,
        Status::Cancelled,
    ];

    /// The state's code as stored and sent on the wire.
    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Agreed => "agreed",
            Status::Signed => "signed",
            Status::Invoiced => "invoiced",
            Status::Paid => "paid",
            Status::Expired => "expired",
            Status::Cancelled => "cancelled",
        }
    }

    /// The state with this code, if there is one.
    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.code() == code)
    }

    /// Whether the contract obliges us to serve (within its period).
    ///
    /// A signed contract already binds us, even before the invoice is paid:
    /// seed 003 chases invoice and payment after signing while service goes on.
    pub fn is_in_force(self) -> bool {
        matches!(self, Status::Signed | Status::Invoiced | Status::Paid)
    }

    /// The state after `action`, or the refusal naming the current state.
    pub fn apply(self, action: Action) -> Result<Status, IllegalTransition> {
        use Action as A;
        use Status as S;
        match (self, action) {
            (S::Draft, A::Agree) => Ok(S::Agreed),
            (S::Agreed, A::Sign) => Ok(S::Signed),
            (S::Signed, A::Invoice) => Ok(S::Invoiced),
            (S::Invoiced, A::Pay) => Ok(S::Paid),

            // Only a contract that was in force can run out.
            (S::Signed, A::Expire) => Ok(S::Expired),
            (S::Invoiced, A::Expire) => Ok(S::Expired),
            (S::Paid, A::Expire) => Ok(S::Expired),

            // Once paid the deal is done; it can only expire.
            (S::Draft, A::Cancel) => Ok(S::Cancelled),
            (S::Agreed, A::Cancel) => Ok(S::Cancelled),
            (S::Signed, A::Cancel) => Ok(S::Cancelled),
            (S::Invoiced, A::Cancel) => Ok(S::Cancelled),

            (state, action) => Err(IllegalTransition {
                machine: "contract",
                state: state.code(),
                action: action.code(),
            }),
        }
    }
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 6] = [
        Action::Agree,
        Action::Sign,
        Action::Invoice,
        Action::Pay,
        Action::Expire,
        Action::Cancel,
    ];

    /// The action's code as stored and sent on the wire.
    pub fn code(self) -> &'static str {
        match self {
            Action::Agree => "agree",
            Action::Sign => "sign",
            Action::Invoice => "invoice",
            Action::Pay => "pay",
            Action::Expire => "expire",
            Action::Cancel => "cancel",
        }
    }

    /// The action with this code, if there is one.
    pub fn from_code(code: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|action| action.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::{Action as A, Status as S};

    /// Every legal transition of SPEC section 5; every other pair is refused.
    const LEGAL: [(S, A, S); 11] = [
        (S::Draft, A::Agree, S::Agreed),
        (S::Agreed, A::Sign, S::Signed),
        (S::Signed, A::Invoice, S::Invoiced),
        (S::Invoiced, A::Pay, S::Paid),
        (S::Signed, A::Expire, S::Expired),
        (S::Invoiced, A::Expire, S::Expired),
        (S::Paid, A::Expire, S::Expired),
        (S::Draft, A::Cancel, S::Cancelled),
        (S::Agreed, A::Cancel, S::Cancelled),
        (S::Signed, A::Cancel, S::Cancelled),
        (S::Invoiced, A::Cancel, S::Cancelled),
    ];

    #[test]
    fn every_state_and_action_pair_follows_the_transition_table() {
        for state in S::ALL {
            for action in A::ALL {
                let expected = LEGAL
                    .iter()
                    .find(|(from, by, _)| *from == state && *by == action)
                    .map(|(_, _, next)| *next);
                match (state.apply(action), expected) {
                    (Ok(next), Some(want)) => assert_eq!(next, want, "{state:?} + {action:?}"),
                    (Err(refusal), None) => {
                        assert_eq!(refusal.machine, "contract");
                        assert_eq!(refusal.state, state.code());
                        assert_eq!(refusal.action, action.code());
                        assert!(refusal.to_string().contains(state.code()));
                    }
                    (got, want) => panic!("{state:?} + {action:?}: got {got:?}, want {want:?}"),
                }
            }
        }
    }

    #[test]
    fn a_verbal_yes_must_come_before_signing() {
        let refusal = S::Draft.apply(A::Sign).unwrap_err();
        assert_eq!(
            refusal.to_string(),
            "a contract that is `draft` does not allow `sign`"
        );
    }

    #[test]
    fn a_contract_is_in_force_from_signing_until_it_expires() {
        let in_force: Vec<S> = S::ALL.into_iter().filter(|s| s.is_in_force()).collect();
        assert_eq!(in_force, [S::Signed, S::Invoiced, S::Paid]);
    }

    #[test]
    fn codes_match_the_wire_names_and_parse_back() {
        for state in S::ALL {
            let json = serde_json::to_string(&state).unwrap();
            assert_eq!(json, format!("\"{}\"", state.code()));
            assert_eq!(S::from_code(state.code()), Some(state));
        }
        for action in A::ALL {
            let json = serde_json::to_string(&action).unwrap();
            assert_eq!(json, format!("\"{}\"", action.code()));
            assert_eq!(A::from_code(action.code()), Some(action));
        }
    }
}
