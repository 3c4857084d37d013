//! `need_events`: a need's timeline, append-only. `kind` is `created`,
//! `updated` or the lifecycle action taken; `before`/`after` hold only the
//! fields the event changed (and what was said, such as a rework reason).
//! One event per need version (`ux_need_events_need_version`).

use rapport_types::needs::EventKind;
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "need_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub need_id: Uuid,
    /// The need's version this event produced; orders the timeline.
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
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
