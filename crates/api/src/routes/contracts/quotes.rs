//! HTTP handlers over [`crate::services::contracts::quotes`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::routes::extract::Json;
use crate::routes::responses::{NoSuchCustomer, Refused};
use crate::services::contracts::quotes;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use rapport_types::problem::Problem;
use rapport_types::quotes::{CustomerQuote, PackageQuotes, QuoteRequest, QuoteStart};
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
    Ok(HttpResponse::Ok().json(quotes::quote(&state.db, &body.0).await?))
}

/// A customer's quote: renewal of their last paid contract, or a first contract.
///
/// A first contract covers the customer's purchases of the 12 months before
/// the start (the start day not counted) and the lines whose own free year
/// ends on or before the start, each once, none already under a signed paid
/// contract; drafting the contract covers the same lines.
#[utoipa::path(
    tag = "contracts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The customer's id"), QuoteStart),
    responses(
        (status = 200, description = "Every active package's fee, with what it was computed from", body = CustomerQuote),
        (status = 400, description = "Malformed start date", body = Problem, content_type = "application/problem+json"),
        NoSuchCustomer,
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
    let now = state.clock.now();
    let found = quotes::for_customer(&state.db, *id, query.start, now).await?;
    Ok(HttpResponse::Ok().json(found))
}
