//! `complaints`: customer complaints (投诉) and where each stands. `promised_by`
//! is the handling time promised to the customer. `request_id` names the
//! service request a complaint came in with; it has no foreign key (see the
//! migration), so the API checks it.

use rapport_domain::lifecycle::complaint::Status;
use rapport_domain::org::Department;
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "complaints")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub customer_id: Uuid,
    pub contact_id: Option<Uuid>,
    pub request_id: Option<Uuid>,
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub details: String,
    pub status: Status,
    pub promised_by: DateTimeUtc,
    pub responsible_department: Option<Department>,
    #[sea_orm(column_type = "Text", nullable)]
    pub cause: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub solution: Option<String>,
    pub approved_by: Option<Uuid>,
    pub approved_at: Option<DateTimeUtc>,
    pub resolved_at: Option<DateTimeUtc>,
    pub revisited_at: Option<DateTimeUtc>,
    /// 1 to 5, given at the return visit.
    pub satisfaction: Option<i16>,
    pub created_by: Uuid,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::complaint_events::Entity")]
    ComplaintEvents,
}

impl Related<super::complaint_events::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ComplaintEvents.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
