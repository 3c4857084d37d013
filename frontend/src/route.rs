//! The app's addresses. Filters and paging of a list travel in the query
//! string, so a copied link reproduces the view.

use rapport_domain::permissions::Action;
use uuid::Uuid;
use yew_router::prelude::*;

use crate::i18n::S;

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
    #[at("/customers/:id/contracts/new")]
    NewContract { id: Uuid },
    #[at("/customers/:id/orders/new")]
    NewOrder { id: Uuid },
    #[at("/contracts")]
    Contracts,
    #[at("/contracts/:id")]
    Contract { id: Uuid },
    #[at("/settings")]
    Settings,
    #[at("/settings/users")]
    Users,
    #[at("/settings/calendar")]
    Calendar,
    #[at("/settings/calendars/:name")]
    NamedCalendar { name: String },
    #[at("/settings/sla")]
    Sla,
    #[at("/settings/routing")]
    Routing,
    #[at("/settings/packages")]
    Packages,
    #[at("/settings/products")]
    Products,
    #[at("/settings/tokens")]
    Tokens,
    #[at("/settings/webhooks")]
    Webhooks,
    #[at("/settings/jobs")]
    Jobs,
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
            Route::NewContract { .. } => Some(Action::WriteContracts),
            Route::NewOrder { .. } | Route::Products => Some(Action::WriteOrders),
            Route::Visits | Route::Visit { .. } => Some(Action::ReadRequests),
            Route::Complaints | Route::Complaint { .. } => Some(Action::ReadComplaints),
            // Greetings are logged as follow-ups: the page is for those who log them.
            Route::Care => Some(Action::WriteFollowUps),
            Route::Report => Some(Action::ReadReports),
            Route::Knowledge | Route::Article { .. } => Some(Action::ReadKnowledge),
            Route::Needs | Route::Need { .. } => Some(Action::ReadNeeds),
            Route::Users | Route::Tokens => Some(Action::ManageUsers),
            Route::Calendar | Route::NamedCalendar { .. } | Route::Sla | Route::Routing => {
                Some(Action::ConfigureService)
            }
            Route::Packages => Some(Action::WritePackages),
            Route::Webhooks => Some(Action::ManageWebhooks),
            Route::Jobs => Some(Action::ManageJobs),
            // Open to whoever may open one of its pages (see `open_to`).
            Route::Settings => None,
            Route::Audit => Some(Action::ReadAudit),
            Route::Home
            | Route::Login
            | Route::Notifications
            | Route::Survey { .. }
            | Route::NotFound => None,
        }
    }

    /// Whether someone who may do what `may` allows can open the page.
    pub fn open_to(&self, may: impl Fn(Action) -> bool + Copy) -> bool {
        match self {
            Route::Settings => SETTINGS.iter().any(|(page, _)| page.open_to(may)),
            _ => self.needs().is_none_or(may),
        }
    }

    /// Whether the page belongs to the settings area (and its sub-menu).
    pub fn is_settings(&self) -> bool {
        matches!(self, Route::Settings | Route::NamedCalendar { .. })
            || SETTINGS.iter().any(|(page, _)| page == self)
    }
}

/// The settings area's pages, in the order of its sub-menu.
pub const SETTINGS: [(Route, S); 9] = [
    (Route::Users, S::Users),
    (Route::Calendar, S::Calendars),
    (Route::Sla, S::SlaPolicy),
    (Route::Routing, S::RoutingRules),
    (Route::Packages, S::Packages),
    (Route::Products, S::Products),
    (Route::Tokens, S::ApiTokens),
    (Route::Webhooks, S::Webhooks),
    (Route::Jobs, S::Jobs),
];
