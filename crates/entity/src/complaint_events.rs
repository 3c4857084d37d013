//! `complaint_events`: a complaint's timeline, append-only. `kind` is
//! `received` or the lifecycle action taken; `before`/`after` hold only the
//! fields the event changed (and what was said, such as a rejection reason).
//! One event per complaint version (`ux_complaint_events_complaint_version`).

use rapport_types::complaints::EventKind;
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "complaint_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub complaint_id: Uuid,
    /// The complaint's version this event produced; orders the timeline.
    pub version: i32,
    pub at: DateTimeUtc,
    pub actor_id: Uuid,
    pub kind: EventKind,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub before: Option<Json>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub after: Option<Json>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::complaints::Entity",
        from = "Column::ComplaintId",
        to = "super::complaints::Column::Id"
    )]
    Complaint,
}

impl Related<super::complaints::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Complaint.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
