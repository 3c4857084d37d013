//! `/api/v1/products`: what is sold (SPEC section 5): SKU, name, kind and
//! list price. Products are archived, never deleted, so old orders keep them.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use rapport_domain::request::ProductKind;
use rapport_entity::products;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, Set, SqlErr, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::audit::{self, Entry};
use crate::auth::{Action, Caller};
use crate::codes::{decode, encode};
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::idempotency::{self, Created};
use crate::pagination::{PageQuery, Paged};
use crate::state::AppState;

/// The largest price (or unit price) accepted: ¥100,000,000,000.00.
pub const MAX_PRICE_CENTS: i64 = 10_000_000_000_000;

/// A product as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Product {
    /// The product's id.
    pub id: Uuid,
    /// Stock-keeping unit, unique.
    pub sku: String,
    /// Name.
    pub name: String,
    /// Software or hardware; decides how a sold line's warranty starts.
    pub kind: ProductKind,
    /// List price in fen.
    pub list_price_cents: i64,
    /// Set when archived (no longer sold).
    pub archived_at: Option<DateTime<Utc>>,
    /// Send back on update.
    pub version: i32,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

impl Product {
    fn from_model(model: products::Model) -> Result<Product, ApiError> {
        Ok(Product {
            id: model.id,
            sku: model.sku,
            name: model.name,
            kind: decode("products.kind", &model.kind)?,
            list_price_cents: model.list_price_cents,
            archived_at: model.archived_at,
            version: model.version,
            created_at: model.created_at,
            updated_at: model.updated_at,
        })
    }
}

/// A new product.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProduct {
    /// Unique SKU.
    #[validate(length(min = 1, max = 64))]
    pub sku: String,
    /// Name.
    #[validate(length(min = 1, max = 200))]
    pub name: String,
    /// Software or hardware.
    pub kind: ProductKind,
    /// List price in fen, 0 to 10^13.
    #[validate(range(min = 0, max = 10_000_000_000_000_i64))]
    pub list_price_cents: i64,
}

/// Changes to a product; absent fields stay as they are.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductChanges {
    /// The version the client read.
    pub version: i32,
    /// New SKU (still unique).
    #[validate(length(min = 1, max = 64))]
    pub sku: Option<String>,
    /// New name.
    #[validate(length(min = 1, max = 200))]
    pub name: Option<String>,
    /// New list price in fen (orders already placed keep their prices).
    #[validate(range(min = 0, max = 10_000_000_000_000_i64))]
    pub list_price_cents: Option<i64>,
    /// `true` archives the product: it can no longer be ordered.
    pub archived: Option<bool>,
}

/// Filters for the product list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductFilter {
    /// Only this kind.
    pub kind: Option<ProductKind>,
    /// Text search in SKU and name.
    pub q: Option<String>,
    /// Include archived products (default false).
    pub include_archived: Option<bool>,
}

/// Add a product to the catalogue.
#[utoipa::path(
    tag = "products",
    security(("bearer" = [])),
    request_body = NewProduct,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retrying with the same key returns the first response")),
    responses(
        (status = 201, description = "Created", body = Product),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not write orders", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The SKU is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json")
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
    let new = body.0;
    let sku = non_blank("sku", &new.sku)?;
    let name = non_blank("name", &new.name)?;
    idempotency::once(&state, caller.id, &request, || async {
        let now = state.clock.now();
        let txn = state.db.begin().await?;
        let model = products::ActiveModel {
            id: Set(Uuid::new_v4()),
            sku: Set(sku),
            name: Set(name),
            kind: Set(encode(&new.kind)),
            list_price_cents: Set(new.list_price_cents),
            archived_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(sku_taken)?;
        let product = Product::from_model(model)?;
        audit::record(
            &txn,
            now,
            Entry {
                actor: Some(caller.id),
                action: "product.create",
                entity_type: "product",
                entity_id: product.id.to_string(),
                before: None,
                after: serde_json::to_value(&product).ok(),
            },
        )
        .await?;
        txn.commit().await?;
        Ok(Created::of(&product))
    })
    .await
}

/// A unique violation on a product can only be its SKU.
fn sku_taken(error: DbErr) -> ApiError {
    match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            ApiError::duplicate("sku", "another product already has this SKU")
        }
        _ => error.into(),
    }
}

/// Trims `value`; an all-blank value is refused naming `field`.
pub fn non_blank(field: &str, value: &str) -> Result<String, ApiError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(ApiError::field(field, "must not be blank"));
    }
    Ok(trimmed.to_owned())
}

/// List products.
#[utoipa::path(
    tag = "products",
    security(("bearer" = [])),
    params(PageQuery, ProductFilter),
    responses(
        (status = 200, description = "One page of products, by SKU", body = Paged<Product>),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad page, limit or search text", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/products")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    page: web::Query<PageQuery>,
    filter: web::Query<ProductFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadSales)?;
    let page = page.into_inner().check()?;
    let mut query = products::Entity::find();
    if !filter.include_archived.unwrap_or(false) {
        query = query.filter(products::Column::ArchivedAt.is_null());
    }
    if let Some(kind) = &filter.kind {
        query = query.filter(products::Column::Kind.eq(encode(kind)));
    }
    let searched = [products::Column::Sku, products::Column::Name];
    if let Some(found) = crate::search::text_in(filter.q.as_deref(), &searched)? {
        query = query.filter(found);
    }
    query = query.order_by_asc(products::Column::Sku);
    let page = page.fetch(&state.db, query, Product::from_model).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One product, archived or not.
#[utoipa::path(
    tag = "products",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The product's id")),
    responses(
        (status = 200, description = "The product", body = Product),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such product", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/products/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadSales)?;
    let model = find(&state.db, *id).await?;
    Ok(HttpResponse::Ok().json(Product::from_model(model)?))
}

async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<products::Model, ApiError> {
    crate::db::unique(conn, products::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound("product"))
}

/// Change or archive a product (with the version read).
#[utoipa::path(
    tag = "products",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The product's id")),
    request_body = ProductChanges,
    responses(
        (status = 200, description = "The changed product", body = Product),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not write orders", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such product", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, archived, or SKU taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json")
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
    let changes = body.0;
    let sku = changes
        .sku
        .as_deref()
        .map(|sku| non_blank("sku", sku))
        .transpose()?;
    let name = changes
        .name
        .as_deref()
        .map(|name| non_blank("name", name))
        .transpose()?;
    let now = state.clock.now();
    let txn = state.db.begin().await?;
    let current = find(&txn, *id).await?;
    if current.archived_at.is_some() {
        return Err(ApiError::conflict("archived", "this product is archived"));
    }
    if current.version != changes.version {
        return Err(ApiError::StaleVersion {
            current: current.version,
        });
    }
    let before = Product::from_model(current.clone())?;
    let mut model = current.into_active_model();
    if let Some(sku) = sku {
        model.sku = Set(sku);
    }
    if let Some(name) = name {
        model.name = Set(name);
    }
    if let Some(price) = changes.list_price_cents {
        model.list_price_cents = Set(price);
    }
    let archiving = changes.archived == Some(true);
    if archiving {
        model.archived_at = Set(Some(now));
    }
    model.version = Set(changes.version + 1);
    model.updated_at = Set(now);
    let saved =
        crate::db::update_versioned(&txn, model, products::Column::Version, changes.version)
            .await
            .map_err(|error| match error {
                ApiError::Conflict {
                    code: "duplicate", ..
                } => ApiError::duplicate("sku", "another product already has this SKU"),
                other => other,
            })?;
    let after = Product::from_model(saved)?;
    audit::record(
        &txn,
        now,
        Entry {
            actor: Some(caller.id),
            action: if archiving {
                "product.archive"
            } else {
                "product.update"
            },
            entity_type: "product",
            entity_id: after.id.to_string(),
            before: serde_json::to_value(&before).ok(),
            after: serde_json::to_value(&after).ok(),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(after))
}
