//! HTTP handlers over [`crate::services::orders`].

pub mod products;

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::idempotency;
use crate::routes::extract::{Json, Listing};
use crate::routes::responses::{BadBody, BadPage, BadQuery, Refused, Stale};
use crate::services::orders;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use rapport_types::orders::{LineDelivery, NewOrder, Order, OrderFilter, OrderLine};
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Registers the product and order routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(products::create)
        .service(products::list)
        .service(products::get_one)
        .service(products::update)
        .service(create)
        .service(list)
        .service(get_one)
        .service(update_line);
}

/// Enter an order; line totals and the order total are computed here.
#[utoipa::path(
    tag = "orders",
    security(("bearer" = [])),
    request_body = NewOrder,
    params(idempotency::KeyHeader),
    responses(
        (status = 201, description = "Entered", body = Order),
        (status = 409, description = "The customer is archived, or not verified (`customer_rejected`, `customer_unverified`: a `pending_review` customer gets no orders)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, unknown customer or product, or a total too large", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[post("/orders")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    body: Json<NewOrder>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteOrders)?;
    idempotency::create(&state, caller.id, &request, async |txn, now| {
        orders::create(txn, caller.id, &body.0, now).await
    })
    .await
}

/// List orders, newest order date first.
#[utoipa::path(
    tag = "orders",
    security(("bearer" = [])),
    params(PageQuery, OrderFilter),
    responses(
        (status = 200, description = "One page of orders with their lines", body = Paged<Order>),
        BadPage,
        Refused,
        BadQuery
    )
)]
#[get("/orders")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    Listing { page, filter }: Listing<OrderFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadSales)?;
    Ok(HttpResponse::Ok().json(orders::list(&state.reader, page, filter).await?))
}

/// One order with its lines.
#[utoipa::path(
    tag = "orders",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The order's id")),
    responses(
        (status = 200, description = "The order", body = Order),
        (status = 404, description = "No such order", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[get("/orders/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadSales)?;
    Ok(HttpResponse::Ok().json(orders::get(&state.reader, *id).await?))
}

/// Record a line's installation, invoice or acceptance date; its warranty start follows.
#[utoipa::path(
    tag = "orders",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "The order's id"),
        ("line_id" = Uuid, Path, description = "The line's id")
    ),
    request_body = LineDelivery,
    responses(
        (status = 200, description = "The changed line", body = OrderLine),
        (status = 404, description = "No such order or line", body = Problem, content_type = "application/problem+json"),
        Stale,
        (status = 422, description = "A date before the order date", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[patch("/orders/{id}/lines/{line_id}")]
pub async fn update_line(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<LineDelivery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteOrders)?;
    let (order_id, line_id) = path.into_inner();
    let now = state.clock.now();
    let line = orders::update_line(&state.db, caller.id, order_id, line_id, body.0, now).await?;
    Ok(HttpResponse::Ok().json(line))
}
