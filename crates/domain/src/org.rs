//! The people of a service organisation: roles and departments (SPEC section 1).

use serde::{Deserialize, Serialize};

/// What a user does in the organisation; every user has exactly one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum Role {
    /// Administrator: users, roles, packages, SLA policies, calendar, routing rules.
    Admin,
    /// Service manager: leads the team, sees everything, approves complaint solutions.
    Manager,
    /// Account manager (客户经理): owns and visits customers.
    AccountManager,
    /// Sales (销售): prospects, needs, orders, first contact.
    Sales,
    /// Service desk (客服专员): requests, complaints, quotes, return visits, contracts.
    Service,
    /// Assistant (助理): creates requests, assigns technicians, completes requests.
    Assistant,
    /// Technician (技术): works the requests assigned to them.
    Technician,
    /// Marketing (市场): events, surveys, analysis; never sees unmasked contacts.
    Marketing,
}

impl Role {
    /// Every role, in the order of SPEC section 1.
    pub const ALL: [Role; 8] = [
        Role::Admin,
        Role::Manager,
        Role::AccountManager,
        Role::Sales,
        Role::Service,
        Role::Assistant,
        Role::Technician,
        Role::Marketing,
    ];

    /// The role's code as stored and sent on the wire.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::AccountManager => "account_manager",
            Role::Sales => "sales",
            Role::Service => "service",
            Role::Assistant => "assistant",
            Role::Technician => "technician",
            Role::Marketing => "marketing",
        }
    }
}

/// The department a user belongs to and a request is routed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum Department {
    /// The service desk and assistants.
    Service,
    /// Sales.
    Sales,
    /// Software technicians.
    TechnicalSoftware,
    /// Hardware technicians (servers, network gear, UPSes).
    TechnicalHardware,
    /// Marketing.
    Marketing,
    /// Management.
    Management,
}

impl Department {
    /// Every department.
    pub const ALL: [Department; 6] = [
        Department::Service,
        Department::Sales,
        Department::TechnicalSoftware,
        Department::TechnicalHardware,
        Department::Marketing,
        Department::Management,
    ];

    /// The department's code as stored and sent on the wire.
    pub fn code(self) -> &'static str {
        match self {
            Department::Service => "service",
            Department::Sales => "sales",
            Department::TechnicalSoftware => "technical_software",
            Department::TechnicalHardware => "technical_hardware",
            Department::Marketing => "marketing",
            Department::Management => "management",
        }
    }
}
