//! HTTP handlers over [`crate::services::orders::products`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::idempotency;
use crate::routes::extract::{Json, Listing};
use crate::routes::responses::{BadBody, BadQuery, Invalid, Refused, Unauthenticated};
use crate::services::orders::products;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use rapport_types::products::{NewProduct, Product, ProductChanges, ProductFilter};
use uuid::Uuid;

/// Add a product to the catalogue.
#[utoipa::path(
    tag = "products",
    security(("bearer" = [])),
    request_body = NewProduct,
    params(idempotency::KeyHeader),
    responses(
        (status = 201, description = "Created", body = Product),
        (status = 409, description = "The SKU is taken", body = Problem, content_type = "application/problem+json"),
        Invalid,
        Refused,
        BadBody
    )
)]
#[post("/products")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    body: Json<NewProduct>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteOrders)?;
    idempotency::create(&state, caller.id, &request, async |txn, now| {
        products::create(txn, caller.id, &body.0, now).await
    })
    .await
}

/// List products.
#[utoipa::path(
    tag = "products",
    security(("bearer" = [])),
    params(PageQuery, ProductFilter),
    responses(
        (status = 200, description = "One page of products, by SKU", body = Paged<Product>),
        (status = 422, description = "Bad page, limit or search text", body = Problem, content_type = "application/problem+json"),
        Unauthenticated,
        BadQuery
    )
)]
#[get("/products")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    Listing { page, filter }: Listing<ProductFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadSales)?;
    Ok(HttpResponse::Ok().json(products::list(&state.db, page, filter).await?))
}

/// One product, archived or not.
#[utoipa::path(
    tag = "products",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The product's id")),
    responses(
        (status = 200, description = "The product", body = Product),
        (status = 404, description = "No such product", body = Problem, content_type = "application/problem+json"),
        Unauthenticated
    )
)]
#[get("/products/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadSales)?;
    Ok(HttpResponse::Ok().json(products::get(&state.db, *id).await?))
}

/// Change or archive a product (with the version read).
#[utoipa::path(
    tag = "products",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The product's id")),
    request_body = ProductChanges,
    responses(
        (status = 200, description = "The changed product", body = Product),
        (status = 404, description = "No such product", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, archived, or SKU taken", body = Problem, content_type = "application/problem+json"),
        Invalid,
        Refused,
        BadBody
    )
)]
#[patch("/products/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<ProductChanges>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteOrders)?;
    let now = state.clock.now();
    let product = products::update(&state.db, caller.id, *id, body.0, now).await?;
    Ok(HttpResponse::Ok().json(product))
}
