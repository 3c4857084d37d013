//! `care_greetings`: each birthday or holiday greeting made, once per
//! greeted record (`subject`: the contact for a birthday, the customer for
//! a holiday) and day, pointing to the follow-up it was logged as.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "care_greetings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `birthday` or `holiday`.
    pub occasion: String,
    pub subject: Uuid,
    pub day: Date,
    pub customer_id: Uuid,
    pub follow_up_id: Uuid,
    pub greeted_by: Uuid,
    pub greeted_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
