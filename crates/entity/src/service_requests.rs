//! `service_requests`: one row per request (服务请求). `number` is
//! `SR-<year>-<seq>` (unique `ux_service_requests_number`); coded columns
//! are the domain's enums; `routing_reason` records why it went where it went.

use rapport_domain::lifecycle::request::Status;
use rapport_domain::org::Department;
use rapport_domain::request::{
    Category, IntakeChannel, Priority, ProductKind, ResolutionMethod, WorkType,
};
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "service_requests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub number: String,
    pub year: i32,
    pub seq: i32,
    pub customer_id: Uuid,
    /// Taken in while the customer was `pending_review` (the reviewers were told).
    pub customer_unverified: bool,
    pub contact_id: Option<Uuid>,
    pub channel: IntakeChannel,
    pub category: Category,
    pub product_kind: ProductKind,
    pub work_type: WorkType,
    pub priority: Priority,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub status: Status,
    pub billable: bool,
    pub contract_id: Option<Uuid>,
    pub department: Department,
    pub assignee_id: Option<Uuid>,
    #[sea_orm(column_type = "JsonBinary")]
    pub routing_reason: Json,
    pub calendar_name: Option<String>,
    pub paused_since: Option<DateTimeUtc>,
    /// `[{"from", "to"}]`, the finished waits on the customer.
    #[sea_orm(column_type = "JsonBinary")]
    pub pauses: Json,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub quote: Option<Json>,
    pub resolution_method: Option<ResolutionMethod>,
    #[sea_orm(column_type = "Text", nullable)]
    pub fault_description: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub solution: Option<String>,
    pub resolved_at: Option<DateTimeUtc>,
    /// When the request was closed (a closed request stays closed).
    pub closed_at: Option<DateTimeUtc>,
    pub customer_signed_at: Option<DateTimeUtc>,
    pub account_manager_signed_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub outstanding_issue: Option<String>,
    pub next_visit_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub parts: Option<Json>,
    pub cancel_reason: Option<String>,
    pub created_by: Uuid,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
