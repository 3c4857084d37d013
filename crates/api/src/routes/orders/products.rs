//! HTTP handlers over [`crate::services::orders::products`].

use crate::audit::{self, Entry};
use crate::auth::{Action, Caller};
use crate::codes::encode;
use crate::error::{ApiError, non_blank};
use crate::idempotency::{self, Created};
use crate::pagination::Page;
use crate::routes::extract::{Json, Listing};
use crate::routes::responses::{BadBody, BadQuery, Refused, Unauthenticated};
#[allow(unused_imports)]
use crate::services::orders::products::*;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use rapport_entity::products;
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use rapport_types::products::{NewProduct, Product, ProductChanges, ProductFilter};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

/// Add a product to the catalogue.
#[utoipa::path(
    tag = "products",
    security(("bearer" = [])),
    request_body = NewProduct,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retrying with the same key returns the first response")),
    responses(
        (status = 201, description = "Created", body = Product),
        (status = 409, description = "The SKU is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
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
    let new = body.0;
    let sku = non_blank("sku", &new.sku)?;
    let name = non_blank("name", &new.name)?;
    idempotency::once(&state, caller.id, &request, async |txn| {
        let now = state.clock.now();
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
        .insert(txn)
        .await
        .map_err(sku_taken)?;
        let product = product_from_model(model)?;
        audit::record(
            txn,
            now,
            Entry::created(
                Some(caller.id),
                "product.create",
                "product",
                product.id,
                &product,
            ),
        )
        .await?;
        Ok(Created::of(&product))
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
    let page = Page::from_query(page)?;
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
    let page = page.fetch(&state.db, query, product_from_model).await?;
    Ok(HttpResponse::Ok().json(page))
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
    let model = find(&state.db, *id).await?;
    Ok(HttpResponse::Ok().json(product_from_model(model)?))
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
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
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
    let txn = crate::db::begin(&state.db).await?;
    let current = find(&txn, *id).await?;
    if current.archived_at.is_some() {
        return Err(ApiError::conflict("archived", "this product is archived"));
    }
    crate::db::expect_version(current.version, changes.version)?;
    let before = product_from_model(current.clone())?;
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
    let after = product_from_model(saved)?;
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
