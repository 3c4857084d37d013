//! `return_visits`: a return visit after a resolution, or an executive or
//! routine visit to a customer (回访), with what the customer said.

use rapport_types::visits::{VisitKind, VisitStatus};
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "return_visits")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `return`, `executive` or `routine`.
    pub kind: VisitKind,
    pub customer_id: Uuid,
    pub request_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    /// `due`, `done` or `cancelled`.
    pub status: VisitStatus,
    pub due_at: DateTimeUtc,
    pub visited_at: Option<DateTimeUtc>,
    pub visited_by: Option<Uuid>,
    pub satisfaction: Option<i16>,
    #[sea_orm(column_type = "Text", nullable)]
    pub suggestions: Option<String>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub checklist: Option<Json>,
    pub created_by: Uuid,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
