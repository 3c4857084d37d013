//! `needs`: the customer needs list (客户需求清单). `kind`, `priority` and
//! `status` are the domain's enums; the evaluation is three scores from 1
//! to 5 (all or none); `milestones` is `[{"title", "due", "done_at"}]`;
//! `respond_by` and `at_risk_from` time the priority's response target,
//! met at `responded_at`.

use rapport_domain::lifecycle::need::{Kind, Status};
use rapport_domain::request::Priority;
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "needs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub customer_id: Uuid,
    pub request_id: Option<Uuid>,
    pub kind: Kind,
    pub priority: Priority,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub status: Status,
    pub customer_value: Option<i16>,
    pub fit: Option<i16>,
    pub cost: Option<i16>,
    #[sea_orm(column_type = "Text", nullable)]
    pub solution_direction: Option<String>,
    pub owner_id: Option<Uuid>,
    #[sea_orm(column_type = "JsonBinary")]
    pub milestones: Json,
    pub respond_by: DateTimeUtc,
    pub at_risk_from: DateTimeUtc,
    pub responded_at: Option<DateTimeUtc>,
    pub delivered_at: Option<DateTimeUtc>,
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub rejected_reason: Option<String>,
    pub created_by: Uuid,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
