//! `orders`: a customer's purchase on a date; its lines are `order_lines`.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub customer_id: Uuid,
    pub order_date: Date,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub total_cents: i64,
    pub created_by: Uuid,
    pub archived_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::order_lines::Entity")]
    OrderLines,
}

impl Related<super::order_lines::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OrderLines.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
