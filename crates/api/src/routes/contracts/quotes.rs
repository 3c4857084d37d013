//! Fee quotes (SPEC section 5): every active package's fee side by side, for
//! figures the caller gives (`POST /contracts/quote`) or for a customer's
//! real purchases and contracts (`GET /customers/{id}/quote`). The arithmetic
//! is `rapport_domain::fees`, the same code the browser runs.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, get, post, web};
use chrono::{Months, NaiveDate};
use rapport_domain::fees::{Fee, FeeError, Money, first_contract_fee, renewal_fee};
use rapport_domain::lifecycle::contract::Status;
use rapport_entity::{contracts, order_lines, orders};
use rapport_types::contracts::ContractKind;
use rapport_types::problem::Problem;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait,
};
use uuid::Uuid;

use super::packages::{active, rate_of};
use rapport_types::quotes::{
    CustomerQuote, PackageQuote, PackageQuotes, QuoteRequest, QuoteStart, ServiceStatistics,
};

use crate::auth::{Action, Caller};
use crate::codes::encode;
use crate::error::ApiError;
use crate::extract::Json;
use crate::routes::customers::{self, ORG_TZ};
use crate::state::AppState;

/// What a quote is computed from, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// A first contract over these purchases.
    First {
        /// Purchases of the 12 months before the start.
        purchases: Money,
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
        QuoteRequest::First { purchases_cents } => Ok(Basis::First {
            purchases: purchases_cents
                .money()
                .map_err(|message| ApiError::field("purchases_cents", message))?,
        }),
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
            match (previous, new) {
                (Ok(previous_covered), Ok(new_purchases)) => Ok(Basis::Renewal {
                    previous_covered,
                    new_purchases,
                }),
                (Err(ApiError::Validation(mut a)), Err(ApiError::Validation(b))) => {
                    a.extend(b);
                    Err(ApiError::Validation(a))
                }
                (Err(error), _) | (_, Err(error)) => Err(error),
            }
        }
    }
}

impl Basis {
    /// The fee at `rate`; an overflow names the field that made it too large.
    pub fn fee(self, rate: rapport_domain::fees::RateBp) -> Result<Fee, ApiError> {
        let (result, field) = match self {
            Basis::First { purchases } => (first_contract_fee(purchases, rate), "purchases_cents"),
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
                ApiError::field(field, "is too large: the fee cannot be computed")
            }
            other => ApiError::field(field, other.to_string()),
        })
    }

    fn kind(self) -> &'static str {
        match self {
            Basis::First { .. } => "first",
            Basis::Renewal { .. } => "renewal",
        }
    }
}

/// Quotes `basis` at every active package.
pub async fn quote_all(
    conn: &impl ConnectionTrait,
    basis: Basis,
) -> Result<PackageQuotes, ApiError> {
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

/// Quote every active package for given figures.
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = [])),
    request_body = QuoteRequest,
    responses(
        (status = 200, description = "Every active package's fee, by rate", body = PackageQuotes),
        (status = 400, description = "Malformed body, unknown kind or field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not see contracts", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A negative, fractional or too large amount", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/contracts/quote")]
pub async fn quote(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<QuoteRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadContracts)?;
    let basis = basis(&body.0)?;
    Ok(HttpResponse::Ok().json(quote_all(&state.db, basis).await?))
}

/// Where a customer's quote comes from: the basis, and what it was read from.
pub struct CustomerBasis {
    /// The figures.
    pub basis: Basis,
    /// The paid contract renewed, if any.
    pub previous: Option<contracts::Model>,
    /// The purchases counted and their dates.
    pub purchases: Money,
    /// First day counted.
    pub from: NaiveDate,
    /// Last day counted.
    pub to: NaiveDate,
}

/// The customer's latest paid (non-free) contract that was in force and ended before `start`.
pub async fn previous_paid(
    conn: &impl ConnectionTrait,
    customer_id: Uuid,
    start: NaiveDate,
) -> Result<Option<contracts::Model>, ApiError> {
    let was_in_force = [
        Status::Signed,
        Status::Invoiced,
        Status::Paid,
        Status::Expired,
    ]
    .map(|status| status.code().to_owned());
    Ok(contracts::Entity::find()
        .filter(contracts::Column::CustomerId.eq(customer_id))
        .filter(contracts::Column::Kind.eq(encode(&ContractKind::Paid)))
        .filter(contracts::Column::Status.is_in(was_in_force))
        .filter(contracts::Column::PeriodEnd.lt(start))
        .order_by_desc(contracts::Column::PeriodEnd)
        .one(conn)
        .await?)
}

/// The basis of a customer's contract starting on `start`: a renewal of
/// `previous` (its cover plus the purchases during its period), else a first
/// contract over the purchases of the 12 months before `start`.
pub async fn customer_basis(
    conn: &impl ConnectionTrait,
    customer_id: Uuid,
    start: NaiveDate,
    previous: Option<contracts::Model>,
) -> Result<CustomerBasis, ApiError> {
    let (from, to) = match &previous {
        Some(previous) => (previous.period_start, previous.period_end),
        None => (
            start
                .checked_sub_months(Months::new(12))
                .unwrap_or(NaiveDate::MIN),
            start.pred_opt().unwrap_or(start),
        ),
    };
    let purchases = purchases(conn, customer_id, from, to).await?;
    let basis = match &previous {
        Some(previous) => Basis::Renewal {
            previous_covered: Money::from_cents(previous.covered_value_cents).map_err(|error| {
                ApiError::internal(format!("reading contract {}", previous.id), error)
            })?,
            new_purchases: purchases,
        },
        None => Basis::First { purchases },
    };
    Ok(CustomerBasis {
        basis,
        previous,
        purchases,
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
                "the customer's purchases are too large to sum",
            )
        })
    })
}

/// A customer's quote: renewal of their last paid contract, or a first contract.
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The customer's id"), QuoteStart),
    responses(
        (status = 200, description = "Every active package's fee, with what it was computed from", body = CustomerQuote),
        (status = 400, description = "Malformed start date", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not see contracts", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such customer", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Amounts too large to quote", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/customers/{id}/quote")]
pub async fn customer_quote(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<QuoteStart>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadContracts)?;
    let customer = customers::find(&state.db, *id).await?;
    let start = query
        .start
        .unwrap_or_else(|| state.clock.now().with_timezone(&ORG_TZ).date_naive());
    let previous = previous_paid(&state.db, customer.id, start).await?;
    let found = customer_basis(&state.db, customer.id, start, previous).await?;
    let priced = quote_all(&state.db, found.basis).await?;
    Ok(HttpResponse::Ok().json(CustomerQuote {
        customer_id: customer.id,
        start,
        kind: priced.kind,
        previous_contract_id: found.previous.as_ref().map(|c| c.id),
        previous_covered_cents: found.previous.as_ref().map(|c| c.covered_value_cents),
        purchases_cents: found.purchases.cents(),
        purchases_from: found.from,
        purchases_to: found.to,
        quotes: priced.quotes,
        // Service requests arrive with the service-desk issue; until then
        // there is nothing to count, so the figures are empty, not invented.
        last_year_service: ServiceStatistics {
            requests_by_category: BTreeMap::new(),
            on_site_visits: 0,
            sla_compliance: None,
        },
    }))
}
