//! `jobs`: one row per scheduled job: who holds it until when, and what
//! its last run did.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    /// The instance running it now (until `leased_until`).
    pub leased_by: Option<String>,
    pub leased_until: Option<DateTimeUtc>,
    pub last_started_at: Option<DateTimeUtc>,
    pub last_finished_at: Option<DateTimeUtc>,
    pub last_duration_ms: Option<i64>,
    /// What the last run did: counts by what was announced or changed.
    pub last_outcome: Option<Json>,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTimeUtc>,
    pub runs: i64,
    pub failures: i64,
    /// How far the job has looked, its own shape (the SLA job's watermarks).
    pub progress: Option<Json>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
