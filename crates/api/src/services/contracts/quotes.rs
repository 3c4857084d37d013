//! Fee quotes (SPEC section 5): every active package's fee side by side, for
//! figures the caller gives (`POST /contracts/quote`) or for a customer's
//! real purchases and contracts (`GET /customers/{id}/quote`). The arithmetic
//! is `rapport_domain::fees`, the same code the browser runs.

use chrono::{DateTime, NaiveDate, Utc};
use rapport_domain::fees::{
    Fee, FeeError, Money, first_contract_fee, purchase_window, renewal_fee,
};
use rapport_domain::lifecycle::contract::Status;
use rapport_domain::msg;
use rapport_entity::{contracts, customers as customer_rows, order_lines, orders};
use rapport_types::contracts::ContractKind;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait, Select,
};
use uuid::Uuid;

use super::cover::first_cover;
use super::packages::{active, rate_of};
use super::service_stats;
use rapport_types::quotes::{CustomerQuote, PackageQuote, PackageQuotes, QuoteRequest};

use crate::error::ApiError;
use crate::services::customers::ORG_TZ;

/// Every active package's fee for the figures `asked`.
pub async fn quote(
    conn: &impl ConnectionTrait,
    asked: &QuoteRequest,
) -> Result<PackageQuotes, ApiError> {
    quote_all(conn, basis(asked)?).await
}

/// Customer `id`'s quote for a contract starting on `start` (default: the
/// organisation's today at `now`): a renewal of its last paid contract, or
/// a first contract.
pub async fn for_customer(
    conn: &impl ConnectionTrait,
    id: Uuid,
    start: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<CustomerQuote, ApiError> {
    let customer = crate::db::unique(conn, customer_rows::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound(msg!("customer")))?;
    let start = start.unwrap_or_else(|| now.with_timezone(&ORG_TZ).date_naive());
    let previous = previous_paid(conn, customer.id, start).await?;
    let found = customer_basis(conn, customer.id, start, previous).await?;
    let priced = quote_all(conn, found.basis).await?;
    Ok(CustomerQuote {
        customer_id: customer.id,
        start,
        kind: priced.kind,
        previous_contract_id: found.previous.as_ref().map(|c| c.id),
        previous_covered_cents: found.previous.as_ref().map(|c| c.covered_value_cents),
        purchases_cents: found.purchases.cents(),
        leaving_free_cents: found.leaving_free.cents(),
        covered_order_line_ids: found.lines,
        purchases_from: found.from,
        purchases_to: found.to,
        quotes: priced.quotes,
        last_year_service: service_stats::last_year(conn, customer.id, purchase_window(start), now)
            .await?,
    })
}

/// What a quote is computed from, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Basis {
    /// A first contract over this value.
    First {
        /// Purchases of the 12 months before the start, plus the lines
        /// leaving free maintenance by then.
        covered: Money,
    },
    /// A renewal.
    Renewal {
        /// The previous contract's cover.
        previous_covered: Money,
        /// Purchases during its period.
        new_purchases: Money,
    },
}

/// The checked figures of a quote request; 422 naming each amount at fault.
fn basis(asked: &QuoteRequest) -> Result<Basis, ApiError> {
    match asked {
        QuoteRequest::First {
            purchases_cents,
            leaving_free_cents,
        } => {
            let purchases = purchases_cents
                .money()
                .map_err(|message| ApiError::field("purchases_cents", message));
            let leaving = leaving_free_cents
                .as_ref()
                .map_or(Ok(Money::ZERO), |cents| cents.money())
                .map_err(|message| ApiError::field("leaving_free_cents", message));
            let (purchases, leaving) = both(purchases, leaving)?;
            let covered = purchases.checked_add(leaving).map_err(|_| {
                ApiError::field(
                    "leaving_free_cents",
                    msg!("is too large: the covered value cannot be computed"),
                )
            })?;
            Ok(Basis::First { covered })
        }
        QuoteRequest::Renewal {
            previous_covered_cents,
            new_purchases_cents,
        } => {
            let previous = previous_covered_cents
                .money()
                .map_err(|message| ApiError::field("previous_covered_cents", message));
            let new = new_purchases_cents
                .money()
                .map_err(|message| ApiError::field("new_purchases_cents", message));
            let (previous_covered, new_purchases) = both(previous, new)?;
            Ok(Basis::Renewal {
                previous_covered,
                new_purchases,
            })
        }
    }
}

/// Both amounts, or every field at fault.
fn both(
    a: Result<Money, ApiError>,
    b: Result<Money, ApiError>,
) -> Result<(Money, Money), ApiError> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(ApiError::Validation(mut a)), Err(ApiError::Validation(b))) => {
            a.extend(b);
            Err(ApiError::Validation(a))
        }
        (Err(error), _) | (_, Err(error)) => Err(error),
    }
}

impl Basis {
    /// The fee at `rate`; an overflow names the field that made it too large.
    pub(super) fn fee(self, rate: rapport_domain::fees::RateBp) -> Result<Fee, ApiError> {
        let (result, field) = match self {
            Basis::First { covered } => (first_contract_fee(covered, rate), "purchases_cents"),
            Basis::Renewal {
                previous_covered,
                new_purchases,
            } => (
                renewal_fee(previous_covered, new_purchases, rate),
                "new_purchases_cents",
            ),
        };
        result.map_err(|error| match error {
            FeeError::Overflow => {
                ApiError::field(field, msg!("is too large: the fee cannot be computed"))
            }
            other => ApiError::field(field, other.message()),
        })
    }

    /// A first contract's covered value; none for a renewal.
    pub(super) fn first_covered(self) -> Option<Money> {
        match self {
            Basis::First { covered } => Some(covered),
            Basis::Renewal { .. } => None,
        }
    }

    fn kind(self) -> &'static str {
        match self {
            Basis::First { .. } => "first",
            Basis::Renewal { .. } => "renewal",
        }
    }
}

/// Quotes `basis` at every active package.
async fn quote_all(conn: &impl ConnectionTrait, basis: Basis) -> Result<PackageQuotes, ApiError> {
    let mut quotes = Vec::new();
    for package in active(conn).await? {
        let fee = basis.fee(rate_of(&package)?)?;
        quotes.push(PackageQuote {
            package: package.code,
            name: package.name,
            rate_bp: package.rate_bp,
            covered_value_cents: fee.covered_value.cents(),
            fee_cents: fee.fee.cents(),
        });
    }
    Ok(PackageQuotes {
        kind: basis.kind().to_owned(),
        quotes,
    })
}

/// Where a customer's quote comes from: the basis, and what it was read from.
pub(super) struct CustomerBasis {
    /// The figures.
    pub basis: Basis,
    /// The paid contract renewed, if any.
    pub previous: Option<contracts::Model>,
    /// The purchases counted (the 12 months before the start, or the
    /// previous contract's period) and their dates.
    pub purchases: Money,
    /// First contracts: the lines leaving free maintenance, bought earlier.
    pub leaving_free: Money,
    /// First contracts: the order lines covered, each once.
    pub lines: Vec<Uuid>,
    /// First day counted.
    pub from: NaiveDate,
    /// Last day counted.
    pub to: NaiveDate,
}

/// The customer's paid (non-free) contracts that were in force and ended
/// before `start`: those a contract starting then may renew.
fn renewable(customer_id: Uuid, start: NaiveDate) -> Select<contracts::Entity> {
    let was_in_force: Vec<&str> = Status::ALL
        .into_iter()
        .filter(|status| status.was_in_force())
        .map(Status::code)
        .collect();
    contracts::Entity::find()
        .filter(contracts::Column::CustomerId.eq(customer_id))
        .filter(contracts::Column::Kind.eq(ContractKind::Paid))
        .filter(contracts::Column::Status.is_in(was_in_force))
        .filter(contracts::Column::PeriodEnd.lt(start))
}

/// The customer's latest contract that one starting on `start` may renew.
pub(super) async fn previous_paid(
    conn: &impl ConnectionTrait,
    customer_id: Uuid,
    start: NaiveDate,
) -> Result<Option<contracts::Model>, ApiError> {
    Ok(renewable(customer_id, start)
        .order_by_desc(contracts::Column::PeriodEnd)
        .one(conn)
        .await?)
}

/// Contract `id`, if the customer's contract starting on `start` may renew
/// it; 422 on `previous_contract_id` otherwise.
pub(super) async fn renewed(
    conn: &impl ConnectionTrait,
    customer_id: Uuid,
    id: Uuid,
    start: NaiveDate,
) -> Result<contracts::Model, ApiError> {
    let query = renewable(customer_id, start).filter(contracts::Column::Id.eq(id));
    crate::db::unique(conn, query).await?.ok_or_else(|| {
        ApiError::field(
            "previous_contract_id",
            msg!("must be a paid contract of this customer that was signed and ended before the start"),
        )
    })
}

/// The basis of a customer's contract starting on `start`: a renewal of
/// `previous` (its cover plus the purchases during its period), else a first
/// contract over what [`first_cover`] finds (the purchases of the 12 months
/// before `start` and the lines leaving free maintenance by then).
pub(super) async fn customer_basis(
    conn: &impl ConnectionTrait,
    customer_id: Uuid,
    start: NaiveDate,
    previous: Option<contracts::Model>,
) -> Result<CustomerBasis, ApiError> {
    let Some(previous) = previous else {
        let cover = first_cover(conn, customer_id, start).await?;
        let (from, to) = purchase_window(start);
        return Ok(CustomerBasis {
            basis: Basis::First {
                covered: cover.value,
            },
            previous: None,
            purchases: cover.bought,
            leaving_free: cover.leaving_free,
            lines: cover.lines,
            from,
            to,
        });
    };
    let (from, to) = (previous.period_start, previous.period_end);
    let purchases = purchases(conn, customer_id, from, to).await?;
    Ok(CustomerBasis {
        basis: Basis::Renewal {
            previous_covered: Money::from_cents(previous.covered_value_cents).map_err(|error| {
                ApiError::internal(format!("reading contract {}", previous.id), error)
            })?,
            new_purchases: purchases,
        },
        previous: Some(previous),
        purchases,
        leaving_free: Money::ZERO,
        lines: Vec::new(),
        from,
        to,
    })
}

/// The sum of a customer's order lines dated `from` to `to`, both included.
async fn purchases(
    conn: &impl ConnectionTrait,
    customer_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Money, ApiError> {
    let totals: Vec<i64> = order_lines::Entity::find()
        .select_only()
        .column(order_lines::Column::LineTotalCents)
        .join(JoinType::InnerJoin, order_lines::Relation::Order.def())
        .filter(orders::Column::CustomerId.eq(customer_id))
        .filter(orders::Column::ArchivedAt.is_null())
        .filter(orders::Column::OrderDate.between(from, to))
        .into_tuple()
        .all(conn)
        .await?;
    totals.into_iter().try_fold(Money::ZERO, |sum, cents| {
        let cents = Money::from_cents(cents)
            .map_err(|error| ApiError::internal("reading an order line total", error))?;
        sum.checked_add(cents).map_err(|_| {
            ApiError::field(
                "purchases_cents",
                msg!("the customer's purchases are too large to sum"),
            )
        })
    })
}
