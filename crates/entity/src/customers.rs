//! `customers`: companies (or people) Rapport serves. `stage`, `tier`,
//! `preferred_channel` and `verification` are the domain's enums.

use rapport_domain::customer::{Channel, Stage, Tier, Verification};
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "customers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub industry: String,
    #[sea_orm(column_type = "Text")]
    pub address: String,
    pub stage: Stage,
    pub tier: Tier,
    pub account_manager_id: Option<Uuid>,
    pub preferred_channel: Channel,
    pub verification: Verification,
    #[sea_orm(column_type = "Text", nullable)]
    pub rejection_reason: Option<String>,
    pub registered_by: Uuid,
    pub reviewed_by: Option<Uuid>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub last_routine_visit_on: Option<Date>,
    pub archived_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::contacts::Entity")]
    Contacts,
}

impl Related<super::contacts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Contacts.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
