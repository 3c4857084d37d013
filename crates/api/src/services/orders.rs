//! `/api/v1/orders`: a customer's purchases (SPEC section 5). Each line keeps
//! the product's kind at the time of sale and the delivery dates its
//! warranty start is derived from (`rapport_domain::warranty`). Money is
//! integer fen and every sum is checked: an overflow is the client's 422,
//! never a wrapped number or a 500.

pub mod products;

use std::collections::{BTreeMap, HashMap};

use rapport_domain::request::ProductKind;
use rapport_entity::{order_lines, orders, products as product_rows};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use rapport_types::orders::{NewOrderLine, Order, OrderLine};

use crate::codes::decode;
use crate::error::ApiError;

/// The API's view of a stored line.
pub fn order_line_from_model(model: order_lines::Model) -> Result<OrderLine, ApiError> {
    Ok(OrderLine {
        id: model.id,
        order_id: model.order_id,
        product_id: model.product_id,
        product_kind: decode("order_lines.product_kind", &model.product_kind)?,
        quantity: model.quantity,
        unit_price_cents: model.unit_price_cents,
        line_total_cents: model.line_total_cents,
        installation_completed_on: model.installation_completed_on,
        invoiced_on: model.invoiced_on,
        acceptance_signed_on: model.acceptance_signed_on,
        warranty_start: model.warranty_start,
        version: model.version,
    })
}

/// The order stored rows describe, with its lines.
pub fn order_from_models(
    model: orders::Model,
    lines: Vec<order_lines::Model>,
) -> Result<Order, ApiError> {
    Ok(Order {
        id: model.id,
        customer_id: model.customer_id,
        order_date: model.order_date,
        note: model.note,
        total_cents: model.total_cents,
        created_by: model.created_by,
        version: model.version,
        created_at: model.created_at,
        updated_at: model.updated_at,
        lines: lines
            .into_iter()
            .map(order_line_from_model)
            .collect::<Result<_, _>>()?,
    })
}

/// Each line's quantity × unit price and their sum, all checked.
pub fn totals(lines: &[NewOrderLine]) -> Result<(Vec<i64>, i64), ApiError> {
    let mut line_totals = Vec::with_capacity(lines.len());
    let mut total: i64 = 0;
    for (index, line) in lines.iter().enumerate() {
        let line_total = line
            .unit_price_cents
            .checked_mul(i64::from(line.quantity))
            .ok_or_else(|| {
                ApiError::field(
                    &format!("lines[{index}].unit_price_cents"),
                    "quantity × unit price is too large",
                )
            })?;
        total = total
            .checked_add(line_total)
            .ok_or_else(|| ApiError::field("lines", "the order total is too large"))?;
        line_totals.push(line_total);
    }
    Ok((line_totals, total))
}

/// The kind of every line's product, in line order; unknown or archived products are refused.
pub async fn product_kinds(
    conn: &impl ConnectionTrait,
    lines: &[NewOrderLine],
) -> Result<Vec<ProductKind>, ApiError> {
    let ids: Vec<Uuid> = lines.iter().map(|line| line.product_id).collect();
    let found: HashMap<Uuid, product_rows::Model> = product_rows::Entity::find()
        .filter(product_rows::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|product| (product.id, product))
        .collect();
    let mut kinds = Vec::with_capacity(lines.len());
    let mut errors = BTreeMap::new();
    for (index, line) in lines.iter().enumerate() {
        match found.get(&line.product_id) {
            Some(product) if product.archived_at.is_none() => {
                kinds.push(decode("products.kind", &product.kind)?);
            }
            Some(_) => {
                errors.insert(
                    format!("lines[{index}].product_id"),
                    vec!["this product is archived".to_owned()],
                );
            }
            None => {
                errors.insert(
                    format!("lines[{index}].product_id"),
                    vec!["no such product".to_owned()],
                );
            }
        }
    }
    if errors.is_empty() {
        Ok(kinds)
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// The lines of these orders, grouped by order, each in entry order.
pub async fn lines_of(
    conn: &impl ConnectionTrait,
    order_ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, Vec<order_lines::Model>>, ApiError> {
    let mut grouped: HashMap<Uuid, Vec<order_lines::Model>> = HashMap::new();
    if order_ids.is_empty() {
        return Ok(grouped);
    }
    let rows = order_lines::Entity::find()
        .filter(order_lines::Column::OrderId.is_in(order_ids))
        .order_by_asc(order_lines::Column::CreatedAt)
        .order_by_asc(order_lines::Column::Id)
        .all(conn)
        .await?;
    for row in rows {
        grouped.entry(row.order_id).or_default().push(row);
    }
    Ok(grouped)
}
