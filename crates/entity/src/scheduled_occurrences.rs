//! `scheduled_occurrences`: what the scheduled jobs announced, once each:
//! `kind` what (a target turning at risk, a birthday), `subject` the record
//! it is about (a request, a contact, …) and `occasion` which time of it
//! (the target, the year).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scheduled_occurrences")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub subject: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub occasion: String,
    pub occurred_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
