//! HTTP handlers over [`crate::services::contracts::quotes`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::routes::extract::Json;
use crate::routes::responses::Refused;
#[allow(unused_imports)]
use crate::services::contracts::quotes::*;
use crate::services::customers::{self, ORG_TZ};
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use rapport_types::problem::Problem;
use rapport_types::quotes::{
    CustomerQuote, PackageQuotes, QuoteRequest, QuoteStart, ServiceStatistics,
};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Quote every active package for given figures.
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = [])),
    request_body = QuoteRequest,
    responses(
        (status = 200, description = "Every active package's fee, by rate", body = PackageQuotes),
        (status = 400, description = "Malformed body, unknown kind or field", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A negative, fractional or too large amount", body = Problem, content_type = "application/problem+json"),
        Refused
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

/// A customer's quote: renewal of their last paid contract, or a first contract.
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The customer's id"), QuoteStart),
    responses(
        (status = 200, description = "Every active package's fee, with what it was computed from", body = CustomerQuote),
        (status = 400, description = "Malformed start date", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such customer", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Amounts too large to quote", body = Problem, content_type = "application/problem+json"),
        Refused
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
