//! The demo's product catalogue and the orders its customers placed.

use chrono::{DateTime, NaiveDate, Utc};
use rapport_domain::request::ProductKind;
use rapport_entity::{order_lines, orders, products};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use uuid::Uuid;

use super::local;
use crate::error::ApiError;

/// A product of the demo catalogue.
pub(super) struct DemoProduct {
    sku: &'static str,
    name: &'static str,
    kind: ProductKind,
    price_cents: i64,
}

pub(super) const PRODUCTS: [DemoProduct; 3] = [
    DemoProduct {
        sku: "ERP-STD",
        name: "远景ERP 标准版 (ERP, standard)",
        kind: ProductKind::Software,
        price_cents: 12_000_000,
    },
    DemoProduct {
        sku: "SRV-2U",
        name: "2U 机架服务器 (rack server)",
        kind: ProductKind::Hardware,
        price_cents: 4_500_000,
    },
    DemoProduct {
        sku: "WMS-PRO",
        name: "仓储管理系统 专业版 (WMS, professional)",
        kind: ProductKind::Software,
        price_cents: 8_800_000,
    },
];

pub(super) async fn product(
    conn: &impl ConnectionTrait,
    at: DateTime<Utc>,
    demo: &DemoProduct,
) -> Result<products::Model, ApiError> {
    Ok(products::ActiveModel {
        id: Set(Uuid::new_v4()),
        sku: Set(demo.sku.to_owned()),
        name: Set(demo.name.to_owned()),
        kind: Set(demo.kind),
        list_price_cents: Set(demo.price_cents),
        archived_at: Set(None),
        version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
    }
    .insert(conn)
    .await?)
}

pub(super) async fn order(
    conn: &impl ConnectionTrait,
    customer: Uuid,
    creator: Uuid,
    ordered_on: NaiveDate,
    lines: &[(&products::Model, i32)],
) -> Result<Vec<order_lines::Model>, ApiError> {
    let at = local(ordered_on, 11);
    let total: i64 = lines
        .iter()
        .map(|(product, quantity)| product.list_price_cents * i64::from(*quantity))
        .sum();
    let order = orders::ActiveModel {
        id: Set(Uuid::new_v4()),
        customer_id: Set(customer),
        order_date: Set(ordered_on),
        note: Set(String::new()),
        total_cents: Set(total),
        created_by: Set(creator),
        archived_at: Set(None),
        version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
    }
    .insert(conn)
    .await?;
    let mut saved = Vec::new();
    for (position, (product, quantity)) in (0..).zip(lines) {
        saved.push(
            order_lines::ActiveModel {
                id: Set(Uuid::new_v4()),
                order_id: Set(order.id),
                product_id: Set(product.id),
                product_kind: Set(product.kind),
                quantity: Set(*quantity),
                unit_price_cents: Set(product.list_price_cents),
                line_total_cents: Set(product.list_price_cents * i64::from(*quantity)),
                position: Set(position),
                installation_completed_on: Set(Some(ordered_on)),
                invoiced_on: Set(Some(ordered_on)),
                acceptance_signed_on: Set(Some(ordered_on)),
                warranty_start: Set(Some(ordered_on)),
                version: Set(1),
                created_at: Set(at),
                updated_at: Set(at),
            }
            .insert(conn)
            .await?,
        );
    }
    Ok(saved)
}
