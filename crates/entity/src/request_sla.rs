//! `request_sla`: one row per SLA target a request runs (`target` is the
//! domain's `SlaTarget`), with the clock it was measured by, when it
//! started, its deadline and when its milestone was met.

use rapport_domain::sla::SlaTarget;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "request_sla")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub request_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub target: SlaTarget,
    /// `{"kind": "working_days", "amount": 3}`.
    #[sea_orm(column_type = "JsonBinary")]
    pub clock: Json,
    pub started_at: DateTimeUtc,
    pub deadline: DateTimeUtc,
    pub at_risk_from: DateTimeUtc,
    pub met_at: Option<DateTimeUtc>,
    /// When the request was taken in (its `created_at`, which never
    /// changes): the monthly report reads a month's targets by it.
    pub request_created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
