//! HTTP handlers over [`crate::services::orders`].

pub mod products;

use crate::audit::{self, Entry};
use crate::auth::{Action, Caller};
use crate::codes::encode;
use crate::error::ApiError;
use crate::idempotency::{self, Created};
use crate::pagination::{Page, readable};
use crate::routes::extract::{Json, Listing};
use crate::routes::responses::{BadBody, BadQuery, Refused};
#[allow(unused_imports)]
use crate::services::orders::*;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use rapport_domain::warranty::warranty_start;
use rapport_entity::{order_lines, orders};
use rapport_types::orders::{LineDelivery, NewOrder, Order, OrderFilter, OrderLine};
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
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
    params(("Idempotency-Key" = Option<String>, Header, description = "Retrying with the same key returns the first response")),
    responses(
        (status = 201, description = "Entered", body = Order),
        (status = 409, description = "The customer is archived", body = Problem, content_type = "application/problem+json"),
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
    let new = body.0;
    let (line_totals, total) = totals(&new.lines)?;
    idempotency::once(&state, caller.id, &request, async |txn| {
        let now = state.clock.now();
        let customer = crate::db::unique(
            txn,
            rapport_entity::customers::Entity::find_by_id(new.customer_id),
        )
        .await?
        .ok_or_else(|| ApiError::field("customer_id", "no such customer"))?;
        if customer.archived_at.is_some() {
            return Err(ApiError::conflict(
                "archived",
                "this customer is archived and cannot place new orders",
            ));
        }
        let kinds = product_kinds(txn, &new.lines).await?;
        let order = orders::ActiveModel {
            id: Set(Uuid::new_v4()),
            customer_id: Set(customer.id),
            order_date: Set(new.order_date),
            note: Set(new.note.trim().to_owned()),
            total_cents: Set(total),
            created_by: Set(caller.id),
            archived_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(txn)
        .await?;
        let mut lines = Vec::with_capacity(new.lines.len());
        for ((line, line_total), kind) in new.lines.iter().zip(line_totals).zip(kinds) {
            let saved = order_lines::ActiveModel {
                id: Set(Uuid::new_v4()),
                order_id: Set(order.id),
                product_id: Set(line.product_id),
                product_kind: Set(encode(&kind)),
                quantity: Set(line.quantity),
                unit_price_cents: Set(line.unit_price_cents),
                line_total_cents: Set(line_total),
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
            Entry::created(Some(caller.id), "order.create", "order", order.id, &order),
        )
        .await?;
        Ok(Created::of(&order))
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
        (status = 422, description = "Bad page or limit", body = Problem, content_type = "application/problem+json"),
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
    let total = query.clone().count(&state.db).await?;
    let rows = query
        .offset(page.offset())
        .limit(page.limit)
        .all(&state.db)
        .await?;
    let mut lines = lines_of(&state.db, rows.iter().map(|order| order.id).collect()).await?;
    let items = readable::<orders::Entity, _>(rows, |order| {
        let own = lines.remove(&order.id).unwrap_or_default();
        order_from_models(order, own)
    });
    Ok(HttpResponse::Ok().json(Paged {
        items,
        page: page.page,
        limit: page.limit,
        total,
    }))
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
    let order = crate::db::unique(&state.db, orders::Entity::find_by_id(*id))
        .await?
        .ok_or(ApiError::NotFound("order"))?;
    let lines = lines_of(&state.db, vec![order.id])
        .await?
        .remove(&order.id)
        .unwrap_or_default();
    Ok(HttpResponse::Ok().json(order_from_models(order, lines)?))
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
        (status = 409, description = "Stale version", body = Problem, content_type = "application/problem+json"),
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
    let delivery = body.0;
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let order = crate::db::unique(&txn, orders::Entity::find_by_id(order_id))
        .await?
        .ok_or(ApiError::NotFound("order"))?;
    let current = crate::db::unique(&txn, order_lines::Entity::find_by_id(line_id))
        .await?
        .filter(|line| line.order_id == order.id)
        .ok_or(ApiError::NotFound("order line"))?;
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
                format!("cannot be before the order date {}", order.order_date),
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
    let after = order_line_from_model(saved)?;
    audit::record(
        &txn,
        now,
        Entry::changed(
            Some(caller.id),
            "order_line.update",
            "order_line",
            after.id,
            &before,
            &after,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(after))
}
