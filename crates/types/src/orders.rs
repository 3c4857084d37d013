//! Orders, their lines and warranty dates.

use chrono::{DateTime, NaiveDate, Utc};
use rapport_domain::request::ProductKind;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// An order with its lines.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Order {
    /// The order's id.
    pub id: Uuid,
    /// Who bought.
    pub customer_id: Uuid,
    /// The day of the sale.
    pub order_date: NaiveDate,
    /// Free text.
    pub note: String,
    /// Sum of the line totals, in fen.
    pub total_cents: i64,
    /// Who entered the order.
    pub created_by: Uuid,
    /// Send back on update.
    pub version: i32,
    /// When entered.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
    /// The lines, in the order they were entered.
    pub lines: Vec<OrderLine>,
}

/// One line of an order: product × quantity × unit price, and its delivery dates.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderLine {
    /// The line's id.
    pub id: Uuid,
    /// The order it belongs to.
    pub order_id: Uuid,
    /// The product sold.
    pub product_id: Uuid,
    /// The product's kind when sold.
    pub product_kind: ProductKind,
    /// How many.
    pub quantity: i32,
    /// Price of one, in fen.
    pub unit_price_cents: i64,
    /// quantity × unit price, in fen.
    pub line_total_cents: i64,
    /// Hardware: when installation was completed.
    pub installation_completed_on: Option<NaiveDate>,
    /// When the invoice was issued.
    pub invoiced_on: Option<NaiveDate>,
    /// Software: when the paper acceptance report was signed.
    pub acceptance_signed_on: Option<NaiveDate>,
    /// When the warranty (and the free year) starts, once known.
    pub warranty_start: Option<NaiveDate>,
    /// Send back on update.
    pub version: i32,
}

/// A new order.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewOrder {
    /// Who buys (a customer that is not archived).
    pub customer_id: Uuid,
    /// The day of the sale.
    pub order_date: NaiveDate,
    /// Free text.
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: String,
    /// 1 to 200 lines.
    #[validate(length(min = 1, max = 200), nested)]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 200))]
    pub lines: Vec<NewOrderLine>,
}

/// One line of a new order.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewOrderLine {
    /// A product that is not archived.
    pub product_id: Uuid,
    /// 1 to 100,000.
    #[validate(range(min = 1, max = 100_000))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100_000))]
    pub quantity: i32,
    /// Price of one in fen, 0 to 10^13.
    #[validate(range(min = 0, max = 10_000_000_000_000_i64))]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 0, maximum = 10_000_000_000_000_i64)
    )]
    pub unit_price_cents: i64,
}

/// Delivery dates of a line; absent fields stay as they are.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LineDelivery {
    /// The version of the line the client read.
    pub version: i32,
    /// Hardware: installation completed.
    pub installation_completed_on: Option<NaiveDate>,
    /// Invoice issued.
    pub invoiced_on: Option<NaiveDate>,
    /// Software: acceptance report signed.
    pub acceptance_signed_on: Option<NaiveDate>,
}

/// Filters for the order list.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct OrderFilter {
    /// Only this customer's orders.
    pub customer_id: Option<Uuid>,
    /// Orders dated on or after this day.
    pub from: Option<NaiveDate>,
    /// Orders dated on or before this day.
    pub to: Option<NaiveDate>,
}
