//! `/api/v1/orders`: a customer's purchases (SPEC section 5). Each line keeps
//! the product's kind at the time of sale and the delivery dates its
//! warranty start is derived from (`rapport_domain::warranty`). Money is
//! integer fen and every sum is checked: an overflow is the client's 422,
//! never a wrapped number or a 500.

pub mod products;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use rapport_domain::customer::Use;
use rapport_domain::msg;
use rapport_domain::request::ProductKind;
use rapport_domain::warranty::warranty_start;
use rapport_entity::{order_lines, orders, products as product_rows};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use rapport_types::orders::{LineDelivery, NewOrder, NewOrderLine, Order, OrderFilter, OrderLine};
use rapport_types::page::{PageQuery, Paged};

use crate::audit::{self, Entry};
use crate::error::ApiError;
use crate::pagination::{Page, readable};

/// Enters order `new` for `caller` at `now` in `txn`: each line's total and
/// the order's are computed here, and each line keeps its product's kind.
pub async fn create(
    txn: &impl ConnectionTrait,
    caller: Uuid,
    new: &NewOrder,
    now: DateTime<Utc>,
) -> Result<Order, ApiError> {
    let (line_totals, total) = totals(&new.lines)?;
    let customer = crate::services::customers::named(txn, new.customer_id).await?;
    if customer.archived_at.is_some() {
        return Err(ApiError::conflict(
            "archived",
            msg!("this customer is archived and cannot place new orders"),
        ));
    }
    crate::services::customers::admit(&customer, Use::Order)?;
    let kinds = product_kinds(txn, &new.lines).await?;
    let order = orders::ActiveModel {
        id: Set(Uuid::new_v4()),
        customer_id: Set(customer.id),
        order_date: Set(new.order_date),
        note: Set(new.note.trim().to_owned()),
        total_cents: Set(total),
        created_by: Set(caller),
        archived_at: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await?;
    let mut lines = Vec::with_capacity(new.lines.len());
    let entered = new.lines.iter().zip(line_totals).zip(kinds);
    for (position, ((line, line_total), kind)) in (0..).zip(entered) {
        let saved = order_lines::ActiveModel {
            id: Set(Uuid::new_v4()),
            order_id: Set(order.id),
            product_id: Set(line.product_id),
            product_kind: Set(kind),
            quantity: Set(line.quantity),
            unit_price_cents: Set(line.unit_price_cents),
            line_total_cents: Set(line_total),
            position: Set(position),
            installation_completed_on: Set(None),
            invoiced_on: Set(None),
            acceptance_signed_on: Set(None),
            warranty_start: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(txn)
        .await?;
        lines.push(saved);
    }
    let order = order_from_models(order, lines)?;
    audit::record(
        txn,
        now,
        Entry::created(Some(caller), "order.create", "order", order.id, &order),
    )
    .await?;
    Ok(order)
}

/// One page of the orders not archived, newest order date first, each with its lines.
pub async fn list(
    conn: &impl ConnectionTrait,
    page: PageQuery,
    filter: OrderFilter,
) -> Result<Paged<Order>, ApiError> {
    let page = Page::from_query(page)?;
    let mut query = orders::Entity::find().filter(orders::Column::ArchivedAt.is_null());
    if let Some(id) = filter.customer_id {
        query = query.filter(orders::Column::CustomerId.eq(id));
    }
    if let Some(from) = filter.from {
        query = query.filter(orders::Column::OrderDate.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(orders::Column::OrderDate.lte(to));
    }
    query = query
        .order_by_desc(orders::Column::OrderDate)
        .order_by_desc(orders::Column::CreatedAt)
        .order_by_asc(orders::Column::Id);
    // Not `Page::fetch`: the lines of the whole page are read in one query.
    let (total, total_exact) = page.count(conn, query.clone()).await?;
    let rows = query
        .offset(page.offset())
        .limit(page.limit)
        .all(conn)
        .await?;
    let mut lines = lines_of(conn, rows.iter().map(|order| order.id).collect()).await?;
    let items = readable::<orders::Entity, _>(rows, |order| {
        let own = lines.remove(&order.id).unwrap_or_default();
        order_from_models(order, own)
    });
    Ok(Paged {
        items,
        page: page.page,
        limit: page.limit,
        total,
        total_exact,
        next_cursor: None,
    })
}

/// Order `id` with its lines.
pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> Result<Order, ApiError> {
    let order = crate::db::unique(conn, orders::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound(msg!("order")))?;
    let lines = lines_of(conn, vec![order.id])
        .await?
        .remove(&order.id)
        .unwrap_or_default();
    order_from_models(order, lines)
}

/// Records the delivery dates of line `line_id` of order `order_id`, read
/// at `delivery.version`; the line's warranty start follows from them.
pub async fn update_line(
    db: &DatabaseConnection,
    caller: Uuid,
    order_id: Uuid,
    line_id: Uuid,
    delivery: LineDelivery,
    now: DateTime<Utc>,
) -> Result<OrderLine, ApiError> {
    let txn = crate::db::begin(db).await?;
    let order = crate::db::unique(&txn, orders::Entity::find_by_id(order_id))
        .await?
        .ok_or(ApiError::NotFound(msg!("order")))?;
    let current = crate::db::unique(&txn, order_lines::Entity::find_by_id(line_id))
        .await?
        .filter(|line| line.order_id == order.id)
        .ok_or(ApiError::NotFound(msg!("order line")))?;
    let dates = [
        (
            "installation_completed_on",
            delivery.installation_completed_on,
        ),
        ("invoiced_on", delivery.invoiced_on),
        ("acceptance_signed_on", delivery.acceptance_signed_on),
    ];
    for (field, date) in dates {
        if date.is_some_and(|date| date < order.order_date) {
            return Err(ApiError::field(
                field,
                msg!(
                    "cannot be before the order date {order_date}",
                    order_date = order.order_date
                ),
            ));
        }
    }
    crate::db::expect_version(current.version, delivery.version)?;
    let before = order_line_from_model(current.clone())?;
    let installed = delivery
        .installation_completed_on
        .or(current.installation_completed_on);
    let invoiced = delivery.invoiced_on.or(current.invoiced_on);
    let accepted = delivery
        .acceptance_signed_on
        .or(current.acceptance_signed_on);
    let start = warranty_start(before.product_kind, installed, invoiced, accepted);
    let mut model = current.into_active_model();
    model.installation_completed_on = Set(installed);
    model.invoiced_on = Set(invoiced);
    model.acceptance_signed_on = Set(accepted);
    model.warranty_start = Set(start);
    model.updated_at = Set(now);
    let saved =
        crate::db::update_versioned(&txn, model, order_lines::Column::Version, delivery.version)
            .await?;
    // A free year waiting for this warranty start begins with it (SPEC 5).
    crate::services::contracts::free_batch::warranty_started(
        &txn,
        saved.id,
        saved.warranty_start,
        now,
    )
    .await?;
    let after = order_line_from_model(saved)?;
    audit::record(
        &txn,
        now,
        Entry::changed(
            Some(caller),
            "order_line.update",
            "order_line",
            after.id,
            &before,
            &after,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// The API's view of a stored line.
fn order_line_from_model(model: order_lines::Model) -> Result<OrderLine, ApiError> {
    Ok(OrderLine {
        id: model.id,
        order_id: model.order_id,
        product_id: model.product_id,
        product_kind: model.product_kind,
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
fn order_from_models(
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
fn totals(lines: &[NewOrderLine]) -> Result<(Vec<i64>, i64), ApiError> {
    let mut line_totals = Vec::with_capacity(lines.len());
    let mut total: i64 = 0;
    for (index, line) in lines.iter().enumerate() {
        let line_total = line
            .unit_price_cents
            .checked_mul(i64::from(line.quantity))
            .ok_or_else(|| {
                ApiError::field(
                    &format!("lines[{index}].unit_price_cents"),
                    msg!("quantity × unit price is too large"),
                )
            })?;
        total = total
            .checked_add(line_total)
            .ok_or_else(|| ApiError::field("lines", msg!("the order total is too large")))?;
        line_totals.push(line_total);
    }
    Ok((line_totals, total))
}

/// The kind of every line's product, in line order; unknown or archived products are refused.
async fn product_kinds(
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
                kinds.push(product.kind);
            }
            Some(_) => {
                errors.insert(
                    format!("lines[{index}].product_id"),
                    vec![msg!("this product is archived")],
                );
            }
            None => {
                errors.insert(
                    format!("lines[{index}].product_id"),
                    vec![msg!("no such product")],
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
async fn lines_of(
    conn: &impl ConnectionTrait,
    order_ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, Vec<order_lines::Model>>, ApiError> {
    let mut grouped: HashMap<Uuid, Vec<order_lines::Model>> = HashMap::new();
    if order_ids.is_empty() {
        return Ok(grouped);
    }
    let rows = order_lines::Entity::find()
        .filter(order_lines::Column::OrderId.is_in(order_ids))
        .order_by_asc(order_lines::Column::Position)
        .order_by_asc(order_lines::Column::Id)
        .all(conn)
        .await?;
    for row in rows {
        grouped.entry(row.order_id).or_default().push(row);
    }
    Ok(grouped)
}
