//! How a service request (服务请求) is classified at intake (SPEC section 4).

use serde::{Deserialize, Serialize};

/// What the customer is asking for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// Whether the request concerns software or hardware.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ProductKind {
    /// Software we sold or built.
    Software,
    /// Servers, network gear, UPSes.
    Hardware,
}

/// Whether the work maintains something delivered or implements something new.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum WorkType {
    /// Keeping a delivered system running (resolution in 3 working days).
    Maintenance,
    /// Implementing or deploying (resolution in 7 working days).
    Implementation,
}

/// How urgent the request is; sets the response target and the routing load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Priority {
    /// Affects the customer's core business.
    Urgent,
    /// Important but not stopping the business.
    Important,
    /// Routine.
    Routine,
}

/// How a request reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// How a request was fixed (解决方式); a remote fix is tagged 远程 in lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ResolutionMethod {
    /// Talked through on the phone.
    Phone,
    /// Fixed over a remote connection; the record is due within 2 hours.
    Remote,
    /// Fixed on site; needs the signed service form.
    OnSite,
}
