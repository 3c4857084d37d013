//! The lifecycle of a maintenance contract (SPEC section 5, seed 003).
//!
//! `draft` → `agreed` (verbal yes on the phone) → `signed` (printed, stamped,
//! delivered) → `invoiced` → `paid` (the negotiation ends); `expired` when its
//! period ends without renewal; `cancelled` before payment.
//!
//! [`plan`] decides a step: whether the contract's state allows it, the state
//! after it and what it records; the API applies the [`Plan`] (row, audit)
//! and owns nothing of the rules.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{IllegalTransition, Lifecycle};

/// Where a maintenance contract stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ContractStatus))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
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

/// How an invoice reached the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum InvoiceMethod {
    /// By post.
    Post,
    /// By courier.
    Courier,
    /// Handed over in person.
    InPerson,
    /// An electronic invoice.
    Electronic,
}

impl InvoiceMethod {
    /// Every value, so the database can be told exactly which codes it may hold.
    pub const ALL: [InvoiceMethod; 4] = [
        InvoiceMethod::Post,
        InvoiceMethod::Courier,
        InvoiceMethod::InPerson,
        InvoiceMethod::Electronic,
    ];
}

/// Something that happens to a maintenance contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ContractActionKind))]
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

    /// Whether the contract obliges us to serve (within its period).
    ///
    /// A signed contract already binds us, even before the invoice is paid:
    /// seed 003 chases invoice and payment after signing while service goes on.
    pub fn is_in_force(self) -> bool {
        matches!(self, Status::Signed | Status::Invoiced | Status::Paid)
    }

    /// Whether the contract bound us at some time: in force, or run out
    /// since. Only such a contract can be renewed.
    pub fn was_in_force(self) -> bool {
        self.is_in_force() || self == Status::Expired
    }

    /// The state after `action`, or the refusal naming the current state.
    pub fn apply(self, action: Action) -> Result<Status, IllegalTransition> {
        self.next(action)
            .map_err(|_| IllegalTransition::of(self, action))
    }

    /// The whole transition table: the state after `action`, or why a
    /// contract in this state cannot take it.
    fn next(self, action: Action) -> Result<Status, &'static str> {
        use Action as A;
        use Status as S;
        match (self, action) {
            (S::Expired | S::Cancelled, _) => {
                Err(crate::key!("it is over; draft a new contract instead"))
            }

            (S::Draft, A::Agree) => Ok(S::Agreed),
            (_, A::Agree) => Err(crate::key!("the customer has already agreed")),

            (S::Agreed, A::Sign) => Ok(S::Signed),
            (S::Draft, A::Sign) => Err(crate::key!("the customer agrees on the phone first")),
            (_, A::Sign) => Err(crate::key!("it is already signed")),

            (S::Signed, A::Invoice) => Ok(S::Invoiced),
            (S::Draft | S::Agreed, A::Invoice) => Err(crate::key!("it is invoiced once signed")),
            (_, A::Invoice) => Err(crate::key!("it is already invoiced")),

            (S::Invoiced, A::Pay) => Ok(S::Paid),
            (S::Paid, A::Pay) => Err(crate::key!("it is already paid")),
            (_, A::Pay) => Err(crate::key!("it is paid once invoiced")),

            // Only a contract that was in force can run out.
            (S::Signed | S::Invoiced | S::Paid, A::Expire) => Ok(S::Expired),
            (_, A::Expire) => Err(crate::key!("it was never in force; cancel it instead")),

            // Once paid the deal is done; it can only expire.
            (S::Draft | S::Agreed | S::Signed | S::Invoiced, A::Cancel) => Ok(S::Cancelled),
            (S::Paid, A::Cancel) => Err(crate::key!(
                "once paid the deal is done; it can only expire"
            )),
        }
    }
}

impl Lifecycle for Status {
    type Action = Action;
    const MACHINE: &'static str = crate::key!("contract");

    fn codes(self, action: Action) -> (&'static str, &'static str) {
        (self.code(), action.code())
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
}

impl Action {
    /// The fields the action requires, and those it may take besides: the
    /// API refuses any other (`invoice` records how and when the invoice
    /// was sent, `pay` the day payment arrived, `cancel` why).
    pub fn fields(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Action::Agree | Action::Sign | Action::Expire => (&[], &[]),
            Action::Invoice => (&["invoice_method", "invoice_sent_on"], &[]),
            Action::Pay => (&[], &["paid_on"]),
            Action::Cancel => (&["reason"], &[]),
        }
    }
}

/// An action with what it records, its text trimmed and not blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The customer agrees verbally.
    Agree,
    /// The signed contract is delivered.
    Sign,
    /// The invoice went out.
    Invoice {
        /// How it was sent.
        method: InvoiceMethod,
        /// When it was sent.
        sent_on: NaiveDate,
    },
    /// Payment arrived.
    Pay {
        /// The day it arrived; today when not said.
        paid_on: Option<NaiveDate>,
    },
    /// The period ran out.
    Expire,
    /// The contract is abandoned.
    Cancel {
        /// Why.
        reason: String,
    },
}

impl Step {
    /// The action this step takes.
    pub fn action(&self) -> Action {
        match self {
            Step::Agree => Action::Agree,
            Step::Sign => Action::Sign,
            Step::Invoice { .. } => Action::Invoice,
            Step::Pay { .. } => Action::Pay,
            Step::Expire => Action::Expire,
            Step::Cancel { .. } => Action::Cancel,
        }
    }
}

/// What is known of the contract when a step is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    /// Where it stands.
    pub status: Status,
    /// The organisation's calendar day when the step is taken.
    pub today: NaiveDate,
}

/// What a step does to the contract. A field left `None` keeps its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The state after the step.
    pub status: Status,
    /// How the invoice was sent.
    pub invoice_method: Option<InvoiceMethod>,
    /// When the invoice was sent.
    pub invoice_sent_on: Option<NaiveDate>,
    /// When payment arrived.
    pub paid_on: Option<NaiveDate>,
    /// Why the contract was cancelled.
    pub cancel_reason: Option<String>,
}

impl Plan {
    /// A step to `status` that records nothing.
    fn to(status: Status) -> Plan {
        Plan {
            status,
            invoice_method: None,
            invoice_sent_on: None,
            paid_on: None,
            cancel_reason: None,
        }
    }
}

/// A step the contract's state does not allow, with why.
pub type Refusal = super::Refusal<Status>;

/// Decides `step` on a contract described by `facts`: the state after it
/// and what it records, or why it is refused.
pub fn plan(step: Step, facts: &Facts) -> Result<Plan, Refusal> {
    let action = step.action();
    let status = facts.status.next(action).map_err(|reason| Refusal {
        action,
        status: facts.status,
        reason,
    })?;
    let mut plan = Plan::to(status);
    match step {
        Step::Invoice { method, sent_on } => {
            plan.invoice_method = Some(method);
            plan.invoice_sent_on = Some(sent_on);
        }
        Step::Pay { paid_on } => plan.paid_on = Some(paid_on.unwrap_or(facts.today)),
        Step::Cancel { reason } => plan.cancel_reason = Some(reason),
        Step::Agree | Step::Sign | Step::Expire => {}
    }
    Ok(plan)
}

#[cfg(test)]
mod tests;
