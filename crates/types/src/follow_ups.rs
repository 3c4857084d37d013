//! Follow-up records with a customer.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// How the contact took place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum Method {
    /// A phone call.
    Phone,
    /// An email.
    Email,
    /// WeChat.
    Wechat,
    /// A visit.
    Visit,
    /// A meeting.
    Meeting,
}

impl Method {
    /// Every value, so the database can be told exactly which codes it may hold.
    pub const ALL: [Method; 5] = [
        Method::Phone,
        Method::Email,
        Method::Wechat,
        Method::Visit,
        Method::Meeting,
    ];
}

/// One logged contact with a customer.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUp {
    /// The record's id.
    pub id: Uuid,
    /// The customer.
    pub customer_id: Uuid,
    /// The contact spoken to, if any.
    pub contact_id: Option<Uuid>,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// How.
    pub method: Method,
    /// What was discussed.
    pub summary: String,
    /// What the customer said.
    pub feedback: String,
    /// What came of it.
    pub outcome: String,
    /// What happens next.
    pub next_step: String,
    /// Who logged it.
    pub recorded_by: Uuid,
    /// When it was logged.
    pub created_at: DateTime<Utc>,
}

/// A contact to log.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewFollowUp {
    /// The contact spoken to (must belong to the customer).
    pub contact_id: Option<Uuid>,
    /// When it happened (RFC 3339 with offset); not in the future.
    pub occurred_at: DateTime<Utc>,
    /// How.
    pub method: Method,
    /// What was discussed.
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "crate::checks::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 2000, pattern = r"\S")
    )]
    pub summary: String,
    /// What the customer said.
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub feedback: String,
    /// What came of it.
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub outcome: String,
    /// What happens next.
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub next_step: String,
}
