//! `order_lines`: product × quantity × unit price, with the delivery dates
//! the line's warranty start is derived from.

use rapport_domain::request::ProductKind;
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "order_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub order_id: Uuid,
    pub product_id: Uuid,
    /// The product's kind when sold, so warranty rules never need a join.
    pub product_kind: ProductKind,
    pub quantity: i32,
    pub unit_price_cents: i64,
    pub line_total_cents: i64,
    /// Where the line stands in its order, from 0: its lines are read in this order.
    pub position: i32,
    pub installation_completed_on: Option<Date>,
    pub invoiced_on: Option<Date>,
    pub acceptance_signed_on: Option<Date>,
    pub warranty_start: Option<Date>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::orders::Entity",
        from = "Column::OrderId",
        to = "super::orders::Column::Id"
    )]
    Order,
}

impl Related<super::orders::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Order.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
