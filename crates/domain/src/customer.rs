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

impl Stage {
    /// Every value, so the database can be told exactly which codes it may hold.
    pub const ALL: [Stage; 3] = [Stage::Potential, Stage::New, Stage::LongTerm];
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

impl Tier {
    /// Every value, so the database can be told exactly which codes it may hold.
    pub const ALL: [Tier; 3] = [Tier::Core, Tier::Potential, Tier::Ordinary];
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

impl Channel {
    /// Every value, so the database can be told exactly which codes it may hold.
    pub const ALL: [Channel; 4] = [
        Channel::Phone,
        Channel::Email,
        Channel::Wechat,
        Channel::Visit,
    ];
}
