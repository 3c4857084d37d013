//! Notifications for the people told of an event.

use chrono::{DateTime, NaiveDate, Utc};
use rapport_domain::customer::Channel;
use rapport_domain::request::Priority;
use rapport_domain::sla::SlaTarget;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::visits::VisitKind;

/// What a notification tells: its kind and the facts the app needs to say
/// it in the reader's language.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Notice {
    /// A core customer declined the quote on a request (to its account manager).
    QuoteDeclined {
        /// The request's number.
        request_number: String,
        /// The customer's name.
        customer_name: String,
        /// What the customer said, if anything.
        note: Option<String>,
    },
    /// A return visit found the customer dissatisfied and reopened the
    /// request (to the request's department and the account manager).
    DissatisfiedVisit {
        /// The request's number.
        request_number: String,
        /// The customer's name.
        customer_name: String,
        /// The score given, 1 to 5.
        satisfaction: u8,
        /// What the customer suggested.
        suggestions: String,
    },
    /// A service request was taken in for a customer still
    /// `pending_review` (to the reviewers: SPEC 2).
    CustomerUnverified {
        /// The request's number.
        request_number: String,
        /// The customer's name.
        customer_name: String,
    },
    /// A request was assigned to the reader (by routing at intake, or by
    /// someone else).
    Assigned {
        /// The request's number.
        request_number: String,
        /// Its title.
        title: String,
        /// Its priority.
        priority: Priority,
    },
    /// A request was taken in today for the reader's department (its
    /// assistants hear of every one).
    NewRequest {
        /// The request's number.
        request_number: String,
        /// Its title.
        title: String,
        /// Its priority.
        priority: Priority,
    },
    /// One of a request's SLA targets turned at risk (to its assignee; to
    /// the department's managers while it has none).
    SlaAtRisk {
        /// The request's number.
        request_number: String,
        /// Its title.
        title: String,
        /// The target.
        target: SlaTarget,
        /// When it falls due.
        deadline: DateTime<Utc>,
    },
    /// One of a request's SLA targets passed its deadline unmet (to its
    /// assignee and the department's managers).
    SlaBreached {
        /// The request's number.
        request_number: String,
        /// Its title.
        title: String,
        /// The target.
        target: SlaTarget,
        /// When it fell due.
        deadline: DateTime<Utc>,
    },
    /// The handling time promised to a complaining customer passed before
    /// the complaint was resolved (to the service desk and the managers).
    ComplaintOverdue {
        /// The customer's name.
        customer_name: String,
        /// What the complaint is about.
        summary: String,
        /// The promised time.
        promised_by: DateTime<Utc>,
    },
    /// A maintenance contract ends within 30 days (to the account manager
    /// and the service desk).
    ContractExpiring {
        /// The customer's name.
        customer_name: String,
        /// Its last day.
        period_end: NaiveDate,
    },
    /// A free maintenance year ends within 30 days: the first paid
    /// contract is to be offered (to the account manager and the service desk).
    FreePeriodEnding {
        /// The customer's name.
        customer_name: String,
        /// The last free day.
        free_until: NaiveDate,
    },
    /// A maintenance contract ran out unrenewed and is now `expired` (to the
    /// account manager and the service desk).
    ContractExpired {
        /// The customer's name.
        customer_name: String,
        /// Its last day.
        period_end: NaiveDate,
    },
    /// A visit fell due (a return visit to the service desk; a routine or
    /// executive visit to the account manager).
    VisitDue {
        /// Which visit.
        visit: VisitKind,
        /// The customer's name.
        customer_name: String,
        /// The request it follows, for a return visit.
        request_number: Option<String>,
        /// When it fell due.
        due_on: NaiveDate,
    },
    /// A contact's birthday is within 7 days (to the account manager).
    Birthday {
        /// The contact's name.
        contact_name: String,
        /// The customer's name.
        customer_name: String,
        /// The day.
        on: NaiveDate,
        /// How the contact likes to be reached.
        channel: Channel,
    },
    /// A configured holiday is within 7 days: time to greet the customers
    /// (to each account manager).
    Holiday {
        /// The holiday's name, e.g. 春节.
        name: String,
        /// The day.
        on: NaiveDate,
    },
    /// A registration waits for review (to the reviewers).
    RegistrationWaiting {
        /// The customer's name.
        customer_name: String,
        /// When it was registered.
        registered_at: DateTime<Utc>,
    },
    /// A notification written before notices had kinds, as it was stored.
    Message {
        /// One line.
        subject: String,
        /// The details.
        body: String,
    },
}

/// A notice to the caller.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    /// The notification's id.
    pub id: Uuid,
    /// What it tells.
    pub notice: Notice,
    /// What it is about, e.g. `request`.
    pub entity_type: String,
    /// Its id.
    pub entity_id: String,
    /// When it was sent.
    pub created_at: DateTime<Utc>,
    /// When the caller read it.
    pub read_at: Option<DateTime<Utc>>,
}

/// Filters for the caller's notifications.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct NotificationFilter {
    /// Only unread ones.
    pub unread: Option<bool>,
}

/// The answer to marking every notification read.
#[derive(Debug, PartialEq, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkedRead {
    /// How many were unread and are read now.
    pub marked: u64,
}

/// What the caller's app knows of their notifications, to wait for a change.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct UnreadQuery {
    /// The newest notification the app has seen (none: it has seen none).
    pub latest: Option<Uuid>,
    /// The unread count it shows (at most 1,000,000).
    #[cfg_attr(feature = "openapi", param(maximum = 1_000_000))]
    pub unread: Option<u32>,
    /// How long to wait for either to change, in seconds (0 to 30; 0, the
    /// default, answers at once).
    #[cfg_attr(feature = "openapi", param(maximum = 30))]
    pub wait_seconds: Option<u32>,
}

/// The caller's unread count and newest notification.
#[derive(Debug, PartialEq, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unread {
    /// How many are unread.
    pub unread: u64,
    /// The newest one, read or not.
    pub latest: Option<Uuid>,
}
