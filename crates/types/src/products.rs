//! The product catalogue.

use chrono::{DateTime, Utc};
use rapport_domain::request::ProductKind;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// A product as the API shows it.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// A new product.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewProduct {
    /// Unique SKU.
    #[validate(length(min = 1, max = 64))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 64, pattern = r"\S")
    )]
    pub sku: String,
    /// Name.
    #[validate(length(min = 1, max = 200))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = r"\S")
    )]
    pub name: String,
    /// Software or hardware.
    pub kind: ProductKind,
    /// List price in fen, 0 to 10^13.
    #[validate(range(min = 0, max = 10_000_000_000_000_i64))]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 0, maximum = 10_000_000_000_000_i64)
    )]
    pub list_price_cents: i64,
}

/// Changes to a product; absent fields stay as they are.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductChanges {
    /// The version the client read.
    pub version: i32,
    /// New SKU (still unique).
    #[validate(length(min = 1, max = 64))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 64, pattern = r"\S")
    )]
    pub sku: Option<String>,
    /// New name.
    #[validate(length(min = 1, max = 200))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = r"\S")
    )]
    pub name: Option<String>,
    /// New list price in fen (orders already placed keep their prices).
    #[validate(range(min = 0, max = 10_000_000_000_000_i64))]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 0, maximum = 10_000_000_000_000_i64)
    )]
    pub list_price_cents: Option<i64>,
    /// `true` archives the product: it can no longer be ordered.
    pub archived: Option<bool>,
}

/// Filters for the product list.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ProductFilter {
    /// Only this kind.
    pub kind: Option<ProductKind>,
    /// Text search in SKU and name.
    pub q: Option<String>,
    /// Include archived products (default false).
    pub include_archived: Option<bool>,
}
