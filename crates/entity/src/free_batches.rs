//! `free_batches`: one row per monthly free-first-year batch that ran,
//! keyed by its `YYYY-MM` month.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "free_batches")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub month: String,
    pub ran_at: DateTimeUtc,
    pub ran_by: Uuid,
    pub contracts_created: i32,
    pub lines_covered: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
