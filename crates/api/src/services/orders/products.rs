//! `/api/v1/products`: what is sold (SPEC section 5): SKU, name, kind and
//! list price. Products are archived, never deleted, so old orders keep them.

use rapport_entity::products;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, SqlErr};
use uuid::Uuid;

use rapport_types::products::Product;

use crate::codes::decode;
use crate::error::ApiError;

/// The largest price (or unit price) accepted: ¥100,000,000,000.00.
pub const MAX_PRICE_CENTS: i64 = 10_000_000_000_000;

/// The product a stored row describes.
pub fn product_from_model(model: products::Model) -> Result<Product, ApiError> {
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

/// A unique violation on a product can only be its SKU.
pub fn sku_taken(error: DbErr) -> ApiError {
    match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            ApiError::duplicate("sku", "another product already has this SKU")
        }
        _ => error.into(),
    }
}

pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<products::Model, ApiError> {
    crate::db::unique(conn, products::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound("product"))
}
