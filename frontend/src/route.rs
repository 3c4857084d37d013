//! The app's addresses. Filters and paging of a list travel in the query
//! string, so a copied link reproduces the view.

use rapport_domain::permissions::Action;
use uuid::Uuid;
use yew_router::prelude::*;

/// Every page of the app.
#[derive(Debug, Clone, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/login")]
    Login,
    #[at("/requests")]
    Queue,
    #[at("/requests/new")]
    Intake,
    #[at("/requests/:id")]
    Request { id: Uuid },
    #[at("/notifications")]
    Notifications,
    #[at("/visits")]
    Visits,
    #[at("/visits/:id")]
    Visit { id: Uuid },
    #[at("/complaints")]
    Complaints,
    #[at("/complaints/:id")]
    Complaint { id: Uuid },
    #[at("/care")]
    Care,
    #[at("/reports")]
    Report,
    #[at("/needs")]
    Needs,
    #[at("/needs/:id")]
    Need { id: Uuid },
    #[at("/knowledge")]
    Knowledge,
    #[at("/knowledge/:id")]
    Article { id: Uuid },
    #[at("/customers")]
    Customers,
    #[at("/customers/:id")]
    Customer { id: Uuid },
    #[at("/customers/:id/quote")]
    Quote { id: Uuid },
    #[at("/contracts")]
    Contracts,
    #[at("/contracts/:id")]
    Contract { id: Uuid },
    #[at("/settings/users")]
    Users,
    #[at("/audit")]
    Audit,
    #[at("/survey/:token")]
    Survey { token: String },
    #[not_found]
    #[at("/404")]
    NotFound,
}

impl Route {
    /// What the caller must be allowed to do to open the page; `None` for
    /// pages every logged-in user opens.
    pub fn needs(&self) -> Option<Action> {
        match self {
            Route::Queue | Route::Request { .. } => Some(Action::ReadRequests),
            Route::Intake => Some(Action::WriteRequests),
            Route::Customers | Route::Customer { .. } => Some(Action::ReadCustomers),
            Route::Contracts | Route::Contract { .. } | Route::Quote { .. } => {
                Some(Action::ReadContracts)
            }
            Route::Visits | Route::Visit { .. } => Some(Action::ReadRequests),
            Route::Complaints | Route::Complaint { .. } => Some(Action::ReadComplaints),
            // Greetings are logged as follow-ups: the page is for those who log them.
            Route::Care => Some(Action::WriteFollowUps),
            Route::Report => Some(Action::ReadReports),
            Route::Knowledge | Route::Article { .. } => Some(Action::ReadKnowledge),
            Route::Needs | Route::Need { .. } => Some(Action::ReadNeeds),
            Route::Users => Some(Action::ManageUsers),
            Route::Audit => Some(Action::ReadAudit),
            Route::Home
            | Route::Login
            | Route::Notifications
            | Route::Survey { .. }
            | Route::NotFound => None,
        }
    }
}
