//! `login_failures`: failed logins counted per account and per client
//! address over a window, shared by every instance so that spreading
//! guesses over several servers earns no extra tries.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_failures")]
pub struct Model {
    /// `account:<email>` or `address:<ip>`.
    #[sea_orm(primary_key, auto_increment = false, column_type = "Text")]
    pub key: String,
    /// When the current window began (its first failure).
    pub started_at: DateTimeUtc,
    pub failures: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
