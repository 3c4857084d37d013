//! The fixed role × action matrix of SPEC section 1. Row-level rules (a
//! contact's reveal by the customer's own account manager, say) are checked
//! by the handler on top of this.

use crate::org::Role;
use serde::{Deserialize, Serialize};

/// Something a caller may or may not do; also the scopes of an API token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Create, list, change and deactivate users, and issue API tokens.
    ManageUsers,
    /// See customers, contacts (masked) and follow-up records.
    ReadCustomers,
    /// Register and edit customers and their contacts.
    WriteCustomers,
    /// Verify or reject a registration.
    ReviewCustomers,
    /// Archive a customer.
    ArchiveCustomers,
    /// Log a follow-up with a customer.
    WriteFollowUps,
    /// See a contact's full phone and email (audited).
    RevealContacts,
    /// See products, orders and packages.
    ReadSales,
    /// Create products and orders, record delivery and acceptance dates.
    WriteOrders,
    /// Change package rates.
    WritePackages,
    /// See contracts and quotes.
    ReadContracts,
    /// Create contracts and move them through their lifecycle.
    WriteContracts,
    /// Run the monthly free-contract batch.
    RunFreeBatch,
    /// Read the audit log.
    ReadAudit,
    /// Change the business calendars and the SLA policy.
    ConfigureService,
    /// See complaints and their timelines.
    ReadComplaints,
    /// Take complaints and move them through investigation, resolution and the return visit.
    WriteComplaints,
    /// Approve a proposed complaint solution, or send it back.
    ApproveComplaints,
    /// See service requests, their timelines and SLA clocks.
    ReadRequests,
    /// Take in, assign, quote, reopen and cancel service requests.
    WriteRequests,
    /// Work a request: call back, wait on the customer, record visits and parts, resolve.
    /// A technician may do so only on requests assigned to them.
    WorkRequests,
    /// Sign on-site service forms as the account manager.
    SignServiceForms,
    /// Make and record return, executive and routine visits; send survey links.
    WriteVisits,
    /// Read the monthly report (figures only, no contact data).
    ReadReports,
    /// See the customer needs list (客户需求清单).
    ReadNeeds,
    /// Record needs and move them through evaluation, plan, delivery and confirmation.
    WriteNeeds,
    /// Search and read published knowledge-base articles (and drafts, for those who write them).
    ReadKnowledge,
    /// Write draft articles and promote a resolved request's solution to one.
    WriteKnowledge,
    /// Publish and unpublish articles.
    PublishKnowledge,
    /// Register webhook endpoints, rotate their secrets, read their delivery logs, re-send.
    ManageWebhooks,
    /// See the scheduler's jobs and run one now.
    ManageJobs,
}

impl Action {
    /// Every action, for the matrix tests.
    pub const ALL: [Action; 31] = [
        Action::ManageUsers,
        Action::ReadCustomers,
        Action::WriteCustomers,
        Action::ReviewCustomers,
        Action::ArchiveCustomers,
        Action::WriteFollowUps,
        Action::RevealContacts,
        Action::ReadSales,
        Action::WriteOrders,
        Action::WritePackages,
        Action::ReadContracts,
        Action::WriteContracts,
        Action::RunFreeBatch,
        Action::ReadAudit,
        Action::ConfigureService,
        Action::ReadComplaints,
        Action::WriteComplaints,
        Action::ApproveComplaints,
        Action::ReadRequests,
        Action::WriteRequests,
        Action::WorkRequests,
        Action::SignServiceForms,
        Action::WriteVisits,
        Action::ReadReports,
        Action::ReadNeeds,
        Action::WriteNeeds,
        Action::ReadKnowledge,
        Action::WriteKnowledge,
        Action::PublishKnowledge,
        Action::ManageWebhooks,
        Action::ManageJobs,
    ];
}

/// Whether `role` may perform `action`.
pub fn allows(role: Role, action: Action) -> bool {
    use Role::*;
    let roles: &[Role] = match action {
        Action::ManageUsers
        | Action::WritePackages
        | Action::ConfigureService
        | Action::ManageWebhooks
        | Action::ManageJobs => &[Admin],
        Action::ReadCustomers
        | Action::ReadSales
        | Action::ReadContracts
        | Action::ReadComplaints
        | Action::ReadRequests => &Role::ALL,
        Action::WriteCustomers => &[Admin, Manager, AccountManager, Sales, Service],
        Action::ReviewCustomers | Action::ArchiveCustomers => &[Admin, Manager, AccountManager],
        Action::WriteFollowUps => &[Admin, Manager, AccountManager, Sales, Service],
        // Marketing never sees unmasked details; technicians only for their
        // own open requests (checked per row); account managers only for
        // their own customers (checked per row).
        Action::RevealContacts => &[
            Admin,
            Manager,
            Service,
            Assistant,
            AccountManager,
            Technician,
        ],
        Action::WriteOrders => &[Admin, Manager, Sales, Assistant],
        Action::WriteContracts => &[Admin, Manager, Service],
        Action::RunFreeBatch => &[Admin, Manager, Service],
        Action::ReadAudit => &[Admin, Manager],
        // The service desk takes complaints; only a manager approves the solution.
        Action::WriteComplaints => &[Admin, Manager, Service],
        Action::ApproveComplaints => &[Admin, Manager],
        Action::WriteRequests => &[Admin, Manager, Service, Assistant],
        Action::WorkRequests => &[Admin, Manager, Assistant, Technician],
        Action::SignServiceForms => &[Admin, Manager, AccountManager],
        Action::WriteVisits => &[Admin, Manager, AccountManager, Service],
        // Managers read reports, the service desk compiles the monthly one
        // (seed 003), marketing analyses them.
        Action::ReadReports => &[Admin, Manager, Service, Marketing],
        // Marketing reads needs for analysis; needs hold no contact details.
        Action::ReadNeeds | Action::ReadKnowledge => &Role::ALL,
        // Sales and account managers bring needs in, the service desk takes
        // them with requests (seed 002 step 1).
        Action::WriteNeeds => &[Admin, Manager, AccountManager, Sales, Service],
        // Those who solve problems write them down; a manager publishes.
        Action::WriteKnowledge => &[Admin, Manager, Service, Assistant, Technician],
        Action::PublishKnowledge => &[Admin, Manager],
    };
    roles.contains(&role)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole matrix, written out by role so a change shows up in review.
    const MATRIX: [(Role, &[Action]); 8] = [
        (Role::Admin, &Action::ALL),
        (
            Role::Manager,
            &[
                Action::ReadCustomers,
                Action::WriteCustomers,
                Action::ReviewCustomers,
                Action::ArchiveCustomers,
                Action::WriteFollowUps,
                Action::RevealContacts,
                Action::ReadSales,
                Action::WriteOrders,
                Action::ReadContracts,
                Action::WriteContracts,
                Action::RunFreeBatch,
                Action::ReadAudit,
                Action::ReadComplaints,
                Action::WriteComplaints,
                Action::ApproveComplaints,
                Action::ReadRequests,
                Action::WriteRequests,
                Action::WorkRequests,
                Action::SignServiceForms,
                Action::WriteVisits,
                Action::ReadReports,
                Action::ReadNeeds,
                Action::WriteNeeds,
                Action::ReadKnowledge,
                Action::WriteKnowledge,
                Action::PublishKnowledge,
            ],
        ),
        (
            Role::AccountManager,
            &[
                Action::ReadCustomers,
                Action::WriteCustomers,
                Action::ReviewCustomers,
                Action::ArchiveCustomers,
                Action::WriteFollowUps,
                Action::RevealContacts,
                Action::ReadSales,
                Action::ReadContracts,
                Action::ReadComplaints,
                Action::ReadRequests,
                Action::SignServiceForms,
                Action::WriteVisits,
                Action::ReadNeeds,
                Action::WriteNeeds,
                Action::ReadKnowledge,
            ],
        ),
        (
            Role::Sales,
            &[
                Action::ReadCustomers,
                Action::WriteCustomers,
                Action::WriteFollowUps,
                Action::ReadSales,
                Action::WriteOrders,
                Action::ReadContracts,
                Action::ReadComplaints,
                Action::ReadRequests,
                Action::ReadNeeds,
                Action::WriteNeeds,
                Action::ReadKnowledge,
            ],
        ),
        (
            Role::Service,
            &[
                Action::ReadCustomers,
                Action::WriteCustomers,
                Action::WriteFollowUps,
                Action::RevealContacts,
                Action::ReadSales,
                Action::ReadContracts,
                Action::WriteContracts,
                Action::RunFreeBatch,
                Action::ReadComplaints,
                Action::WriteComplaints,
                Action::ReadRequests,
                Action::WriteRequests,
                Action::WriteVisits,
                Action::ReadReports,
                Action::ReadNeeds,
                Action::WriteNeeds,
                Action::ReadKnowledge,
                Action::WriteKnowledge,
            ],
        ),
        (
            Role::Assistant,
            &[
                Action::ReadCustomers,
                Action::RevealContacts,
                Action::ReadSales,
                Action::WriteOrders,
                Action::ReadContracts,
                Action::ReadComplaints,
                Action::ReadRequests,
                Action::WriteRequests,
                Action::WorkRequests,
                Action::ReadNeeds,
                Action::ReadKnowledge,
                Action::WriteKnowledge,
            ],
        ),
        (
            Role::Technician,
            &[
                Action::ReadCustomers,
                Action::RevealContacts,
                Action::ReadSales,
                Action::ReadContracts,
                Action::ReadComplaints,
                Action::ReadRequests,
                Action::WorkRequests,
                Action::ReadNeeds,
                Action::ReadKnowledge,
                Action::WriteKnowledge,
            ],
        ),
        (
            Role::Marketing,
            &[
                Action::ReadCustomers,
                Action::ReadSales,
                Action::ReadContracts,
                Action::ReadComplaints,
                Action::ReadRequests,
                Action::ReadReports,
                Action::ReadNeeds,
                Action::ReadKnowledge,
            ],
        ),
    ];

    #[test]
    fn every_role_and_action_pair_follows_the_matrix() {
        for (role, allowed) in MATRIX {
            for action in Action::ALL {
                assert_eq!(
                    allows(role, action),
                    allowed.contains(&action),
                    "{role:?} × {action:?}"
                );
            }
        }
    }

    #[test]
    fn only_managers_and_admins_approve_complaint_solutions() {
        let approvers: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|role| allows(*role, Action::ApproveComplaints))
            .collect();
        assert_eq!(approvers, [Role::Admin, Role::Manager]);
    }

    #[test]
    fn marketing_never_sees_unmasked_contact_details() {
        assert!(!allows(Role::Marketing, Action::RevealContacts));
    }
}
