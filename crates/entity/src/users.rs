//! `users`: staff accounts. `role` and `department` are the domain's enums;
//! `email` is stored lowercase (unique `ux_users_email`).

use rapport_domain::org::{Department, Role};
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub email: String,
    pub display_name: String,
    #[serde(skip)]
    pub password_hash: String,
    pub role: Role,
    pub department: Department,
    /// A JSON array of skill strings, matched by request routing.
    #[sea_orm(column_type = "JsonBinary")]
    pub skills: Json,
    pub active: bool,
    pub last_assigned_at: Option<DateTimeUtc>,
    pub version: i32,
    /// Access tokens issued before the last bump (logout, deactivation, a
    /// new password or role) carry a lower epoch and are refused.
    pub token_epoch: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::assignee_loads::Entity")]
    Loads,
}

impl Related<super::assignee_loads::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Loads.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
