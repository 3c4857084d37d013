//! Contract fee quotes: from figures, or from a customer's real purchases.

use rapport_domain::messages::Message;
use rapport_domain::msg;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use rapport_domain::fees::Money;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;
use validator::Validate;
use validator::ValidationErrors;

/// An amount of fen as the client sent it. Kept as raw JSON so that a
/// negative, fractional, huge or non-numeric value is reported as a 422
/// naming its field instead of a parse error that cannot name it (serde
/// loses the path inside internally tagged enums).
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[serde(transparent)]
pub struct CentsInput(pub Value);

/// Figures to quote: a first contract or a renewal.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum QuoteRequest {
    /// A customer's first paid contract.
    First {
        /// The customer's purchases in the 12 months before the start, in fen.
        #[cfg_attr(feature = "openapi", schema(value_type = i64, minimum = 0))]
        purchases_cents: CentsInput,
        /// The lines leaving free maintenance on or before the start (free year
        /// ended), bought before those 12 months, in fen; 0 when absent.
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>, minimum = 0))]
        leaving_free_cents: Option<CentsInput>,
    },
    /// A renewal: previous cover plus what was bought since, with the 10% uplift.
    Renewal {
        /// The previous contract's covered value, in fen.
        #[cfg_attr(feature = "openapi", schema(value_type = i64, minimum = 0))]
        previous_covered_cents: CentsInput,
        /// Purchases during the previous contract's period, in fen.
        #[cfg_attr(feature = "openapi", schema(value_type = i64, minimum = 0))]
        new_purchases_cents: CentsInput,
    },
}

/// One package's fee.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackageQuote {
    /// The package's code.
    pub package: String,
    /// Its display name.
    pub name: String,
    /// Its annual rate in basis points.
    pub rate_bp: i32,
    /// The value covered, in fen.
    pub covered_value_cents: i64,
    /// The annual fee, in fen.
    pub fee_cents: i64,
}

/// Every active package's fee, cheapest rate first.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackageQuotes {
    /// `first` or `renewal`.
    pub kind: String,
    /// One entry per active package.
    pub quotes: Vec<PackageQuote>,
}

/// The day a customer quote is for.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct QuoteStart {
    /// The new contract's first day; defaults to today.
    pub start: Option<NaiveDate>,
}

/// Last year's service figures to negotiate with.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceStatistics {
    /// The first day counted (the same day a year before the start).
    pub from: NaiveDate,
    /// The last day counted (the day before the start).
    pub to: NaiveDate,
    /// Service requests taken in, by category.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub requests_by_category: BTreeMap<String, u64>,
    /// Requests resolved on site (visits made to the customer).
    pub on_site_visits: u64,
    /// Per SLA target (`response`, `call_back`, `resolution`, …) of the
    /// requests taken in: how many came due and how many were met in time.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub sla_by_target: BTreeMap<String, TargetCompliance>,
    /// Share of those targets met in time, 0 to 1; null when none came due.
    pub sla_compliance: Option<f64>,
    /// The average return-visit score, 1 to 5; null when none was given.
    pub average_satisfaction: Option<f64>,
}

/// How one SLA target fared over a period.
#[derive(Debug, PartialEq, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetCompliance {
    /// Targets whose deadline passed or that were met.
    pub due: u64,
    /// Of those, met by their deadline.
    pub met: u64,
}

/// A customer's quote from their real purchases and contracts.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerQuote {
    /// The customer.
    pub customer_id: Uuid,
    /// The new contract's first day.
    pub start: NaiveDate,
    /// `first` or `renewal`.
    pub kind: String,
    /// The paid contract being renewed.
    pub previous_contract_id: Option<Uuid>,
    /// Its covered value (renewals).
    pub previous_covered_cents: Option<i64>,
    /// Purchases counted: the 12 months before the start (first), or the previous period (renewal).
    pub purchases_cents: i64,
    /// First contracts: the lines leaving free maintenance (their free year ends on or
    /// before the start) bought before those 12 months, in fen; 0 on renewals.
    pub leaving_free_cents: i64,
    /// First contracts: the order lines covered, each once, none already under a paid
    /// contract; empty on renewals.
    pub covered_order_line_ids: Vec<Uuid>,
    /// First day of the purchases counted.
    pub purchases_from: NaiveDate,
    /// Last day of the purchases counted.
    pub purchases_to: NaiveDate,
    /// Every active package's fee.
    pub quotes: Vec<PackageQuote>,
    /// Last year's service statistics.
    pub last_year_service: ServiceStatistics,
}

impl CentsInput {
    /// The amount as money, or what is wrong with it.
    pub fn money(&self) -> Result<Money, Message> {
        match &self.0 {
            Value::Number(number) => {
                if let Some(cents) = number.as_i64() {
                    Money::from_cents(cents).map_err(|_| msg!("must not be negative"))
                } else if number.is_u64() {
                    Err(msg!("is too large (at most {max} fen)", max = i64::MAX))
                } else {
                    Err(msg!(
                        "must be a whole number of fen, at most {max}",
                        max = i64::MAX
                    ))
                }
            }
            _ => Err(msg!("must be a whole number of fen")),
        }
    }
}

/// Field checks happen when the amounts are read (`QuoteRequest::basis`), where the field can be named.
impl Validate for QuoteRequest {
    fn validate(&self) -> Result<(), ValidationErrors> {
        Ok(())
    }
}
