//! How a service request (服务请求) is classified at intake (SPEC section 4).

use serde::{Deserialize, Serialize};

/// What the customer is asking for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum Category {
    /// Something is broken.
    Fault,
    /// Training or configuration.
    Service,
    /// A feature wish.
    Feature,
    /// A question before or after a sale.
    Consultation,
    /// A complaint; opens a complaint record.
    Complaint,
}

impl Category {
    /// Every value, so the database can be told exactly which codes it may hold.
    pub const ALL: [Category; 5] = [
        Category::Fault,
        Category::Service,
        Category::Feature,
        Category::Consultation,
        Category::Complaint,
    ];
}

/// Whether the request concerns software or hardware.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum ProductKind {
    /// Software we sold or built.
    Software,
    /// Servers, network gear, UPSes.
    Hardware,
}

impl ProductKind {
    /// Every value, so the database can be told exactly which codes it may hold.
    pub const ALL: [ProductKind; 2] = [ProductKind::Software, ProductKind::Hardware];
}

/// Whether the work maintains something delivered or implements something new.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum WorkType {
    /// Keeping a delivered system running (resolution in 3 working days).
    Maintenance,
    /// Implementing or deploying (resolution in 7 working days).
    Implementation,
}

impl WorkType {
    /// Every value, so the database can be told exactly which codes it may hold.
    pub const ALL: [WorkType; 2] = [WorkType::Maintenance, WorkType::Implementation];
}

/// How urgent the request is; sets the response target and the routing load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum Priority {
    /// Affects the customer's core business.
    Urgent,
    /// Important but not stopping the business.
    Important,
    /// Routine.
    Routine,
}

impl Priority {
    /// Every value, so the database can be told exactly which codes it may hold.
    pub const ALL: [Priority; 3] = [Priority::Urgent, Priority::Important, Priority::Routine];
}

/// How a request reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum IntakeChannel {
    /// A phone call.
    Phone,
    /// An email.
    Email,
    /// The online form.
    Online,
    /// WeChat.
    Wechat,
    /// Raised on site.
    OnSite,
    /// Through the API.
    Api,
}

impl IntakeChannel {
    /// Every value, so the database can be told exactly which codes it may hold.
    pub const ALL: [IntakeChannel; 6] = [
        IntakeChannel::Phone,
        IntakeChannel::Email,
        IntakeChannel::Online,
        IntakeChannel::Wechat,
        IntakeChannel::OnSite,
        IntakeChannel::Api,
    ];
}

/// How a request was fixed (解决方式); a remote fix is tagged 远程 in lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum ResolutionMethod {
    /// Talked through on the phone.
    Phone,
    /// Fixed over a remote connection; the record is due within 2 hours.
    Remote,
    /// Fixed on site; needs the signed service form.
    OnSite,
}

impl ResolutionMethod {
    /// Every value, so the database can be told exactly which codes it may hold.
    pub const ALL: [ResolutionMethod; 3] = [
        ResolutionMethod::Phone,
        ResolutionMethod::Remote,
        ResolutionMethod::OnSite,
    ];
}
