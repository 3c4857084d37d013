//! How a customer is classified (SPEC section 2).

use serde::{Deserialize, Serialize};

/// Where the customer is in its relationship with us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Stage {
    /// Not yet a buyer.
    Potential,
    /// Bought recently.
    New,
    /// A customer of long standing.
    LongTerm,
}

/// How much attention a customer gets; sets the routine-visit cadence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Tier {
    /// Core customer: visited every month.
    Core,
    /// Potential customer: visited every two months.
    Potential,
    /// Ordinary customer: visited every quarter.
    Ordinary,
}

/// How a customer or contact prefers to be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Channel {
    /// By telephone.
    Phone,
    /// By email.
    Email,
    /// By WeChat.
    Wechat,
    /// In person.
    Visit,
}
