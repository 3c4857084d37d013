//! `notifications`: one notice to one user (a dissatisfied return visit,
//! a declined quote), shown in the app until read. `kind` and `params`
//! say what it tells; `subject` and `body` hold the finished text of rows
//! written before notices had parameters (and are empty since).

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub kind: String,
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    /// The notice's kind and parameters, as the API's `Notice`.
    pub params: Option<Json>,
    pub entity_type: String,
    pub entity_id: String,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
