//! Maintenance contracts and their lifecycle (SPEC section 5).

use chrono::{DateTime, NaiveDate, Utc};
pub use rapport_domain::lifecycle::contract::InvoiceMethod;
use rapport_domain::lifecycle::contract::{Action as Step, Status};
use rapport_domain::org::Department;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// Free (first year after a purchase, from the monthly batch) or paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum ContractKind {
    /// The free first year; priced 0.
    Free,
    /// A maintenance contract the customer pays for.
    Paid,
}

impl ContractKind {
    /// Every value, so the database can be told exactly which codes it may hold.
    pub const ALL: [ContractKind; 2] = [ContractKind::Free, ContractKind::Paid];
}

/// A contract as the API shows it.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contract {
    /// The contract's id.
    pub id: Uuid,
    /// The customer maintained.
    pub customer_id: Uuid,
    /// The customer's name, read with the contract (not stored here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    /// Free or paid.
    pub kind: ContractKind,
    /// Where it stands.
    pub status: Status,
    /// The package (paid contracts).
    pub package_code: Option<String>,
    /// First covered day (a free contract: the earliest of its lines' free years).
    pub period_start: NaiveDate,
    /// Last covered day, inclusive (a free contract: the latest end of its lines' free
    /// years; each line's own year is in `covered_lines`).
    pub period_end: NaiveDate,
    /// The value maintained, in fen.
    pub covered_value_cents: i64,
    /// The annual fee, in fen (0 for free contracts).
    pub fee_cents: i64,
    /// The paid contract this one renews.
    pub previous_contract_id: Option<Uuid>,
    /// The customer's contact for maintenance.
    pub maintenance_contact_id: Option<Uuid>,
    /// The technician responsible.
    pub technician_id: Option<Uuid>,
    /// The technician's name, read with one contract (not stored here, and
    /// not in lists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technician_name: Option<String>,
    /// Number of sites covered.
    pub sites: i32,
    /// Installed versions, free text.
    pub installed_versions: String,
    /// The named calendar its service requests run on (e.g. a 7×24 premium
    /// contract); the organisation's when none.
    pub calendar_name: Option<String>,
    /// How the invoice was sent.
    pub invoice_method: Option<InvoiceMethod>,
    /// When the invoice was sent.
    pub invoice_sent_on: Option<NaiveDate>,
    /// When payment arrived.
    pub paid_on: Option<NaiveDate>,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
    /// `YYYY-MM` of the batch that created a free contract.
    pub free_batch_month: Option<String>,
    /// Who created it.
    pub created_by: Uuid,
    /// Send back on update.
    pub version: i32,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// A technician a contract may name as responsible (an active user with
/// the technician role).
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Technician {
    /// The user's id, for `technician_id`.
    pub id: Uuid,
    /// Their name.
    pub display_name: String,
    /// Their department (software or hardware).
    pub department: Department,
}

/// An order line a contract covers, with the value it contributes.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoveredLine {
    /// The order line.
    pub order_line_id: Uuid,
    /// Its value in this contract, in fen.
    pub covered_value_cents: i64,
    /// Free contracts: the first day of this line's own free year (its
    /// warranty start); null while its warranty has not started, and on paid contracts.
    #[serde(default)]
    pub free_from: Option<NaiveDate>,
    /// Free contracts: the last day of this line's own free year.
    #[serde(default)]
    pub free_until: Option<NaiveDate>,
}

/// A contract with the order lines it covers.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractDetail {
    /// The contract.
    #[serde(flatten)]
    pub contract: Contract,
    /// The order lines covered.
    pub covered_lines: Vec<CoveredLine>,
}

/// A new paid contract; it starts as `draft`, priced from the customer's quote.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewContract {
    /// The customer (not archived).
    pub customer_id: Uuid,
    /// An active package.
    #[validate(length(min = 1, max = 32))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 32, pattern = r"\S")
    )]
    pub package_code: String,
    /// First covered day.
    pub period_start: NaiveDate,
    /// Last covered day (inclusive), not before the start.
    pub period_end: NaiveDate,
    /// The paid contract this renews; without it the customer's latest paid contract
    /// that ended before the start is renewed, if there is one (as the customer quote does).
    pub previous_contract_id: Option<Uuid>,
    /// A contact of this customer.
    pub maintenance_contact_id: Option<Uuid>,
    /// An active technician.
    pub technician_id: Option<Uuid>,
    /// Sites covered, 1 to 10000 (default 1).
    #[serde(default = "one")]
    #[validate(range(min = 1, max = 10_000))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10_000))]
    pub sites: i32,
    /// Installed versions, at most 2000 characters.
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub installed_versions: String,
    /// A named calendar (see `/calendars`) its requests run on instead of the organisation's.
    pub calendar_name: Option<String>,
    /// Order lines of this customer that the contract covers.
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_items = 2000))]
    pub order_line_ids: Vec<Uuid>,
}

/// Changes to a contract's people and installation; absent fields stay as they are.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContractChanges {
    /// The version the client read.
    pub version: i32,
    /// A contact of the contract's customer.
    pub maintenance_contact_id: Option<Uuid>,
    /// An active technician.
    pub technician_id: Option<Uuid>,
    /// Sites covered, 1 to 10000.
    #[validate(range(min = 1, max = 10_000))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10_000))]
    pub sites: Option<i32>,
    /// Installed versions, at most 2000 characters.
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub installed_versions: Option<String>,
    /// A named calendar its requests run on; an empty string goes back to the organisation's.
    pub calendar_name: Option<String>,
}

/// One step in the contract's lifecycle: `action`, the `version` read (a
/// stale one gets 409), and exactly the fields that action records.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContractAction {
    /// What happened.
    pub action: Step,
    /// The version the client read.
    pub version: i32,
    /// `invoice`: how the invoice was sent (required).
    pub invoice_method: Option<InvoiceMethod>,
    /// `invoice`: when it was sent (required).
    pub invoice_sent_on: Option<NaiveDate>,
    /// `pay`: when payment arrived (default today).
    pub paid_on: Option<NaiveDate>,
    /// `cancel`: why (required, 1 to 1000 characters).
    #[validate(length(min = 1, max = 1000))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 1000, pattern = r"\S")
    )]
    pub reason: Option<String>,
}

impl ContractAction {
    /// Each field an action may carry, and whether this one carries it: the
    /// server refuses any the action does not take (see [`Step::fields`]).
    pub fn given_fields(&self) -> [(&'static str, bool); 4] {
        [
            ("invoice_method", self.invoice_method.is_some()),
            ("invoice_sent_on", self.invoice_sent_on.is_some()),
            ("paid_on", self.paid_on.is_some()),
            ("reason", self.reason.is_some()),
        ]
    }
}

/// Filters for the contract list.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ContractFilter {
    /// Only this customer's contracts.
    pub customer_id: Option<Uuid>,
    /// Only this status.
    pub status: Option<Status>,
    /// Only this kind.
    pub kind: Option<ContractKind>,
    /// Only contracts in force whose last day is within this many days from today
    /// (0 to 3660), soonest first; a free contract is listed when one of its
    /// lines' own free years ends within them, at the soonest such end.
    #[cfg_attr(feature = "openapi", param(maximum = 3660))]
    pub ending_within_days: Option<u32>,
    /// Where the previous page ended: its `next_cursor`, with the same
    /// `ending_within_days` (given or not). The fast way through the list at any depth; not with `page`.
    pub cursor: Option<String>,
}

fn one() -> i32 {
    1
}
