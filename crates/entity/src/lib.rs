//! Rapport's sea-orm entities, one module per table of the schema that
//! `rapport-migrations` creates. Plain data: behaviour lives in the API's
//! services and the domain crate. Relations are declared only where a
//! query joins through them; the foreign keys themselves are the
//! migrations'.
//!
//! Types: ids are [`Uuid`](sea_orm::prelude::Uuid); times are
//! [`DateTimeUtc`](sea_orm::prelude::DateTimeUtc), written in UTC so SQLite's
//! text timestamps sort chronologically; dates are
//! [`Date`](sea_orm::prelude::Date) (`chrono::NaiveDate`); money is `i64` fen;
//! coded columns are the enums of `rapport-domain` and `rapport-types`
//! themselves (active enums through those crates' `sea-orm` feature),
//! stored as their serde codes.

pub mod api_tokens;
pub mod assignee_loads;
pub mod audit_log;
pub mod care_greetings;
pub mod complaint_events;
pub mod complaints;
pub mod contacts;
pub mod contract_lines;
pub mod contracts;
pub mod customers;
pub mod follow_ups;
pub mod free_batches;
pub mod idempotency_keys;
pub mod jobs;
pub mod knowledge_article_uses;
pub mod knowledge_articles;
pub mod login_failures;
pub mod need_events;
pub mod needs;
pub mod notifications;
pub mod order_lines;
pub mod orders;
pub mod packages;
pub mod products;
pub mod refresh_tokens;
pub mod request_counters;
pub mod request_events;
pub mod request_sla;
pub mod return_visits;
pub mod scheduled_occurrences;
pub mod service_requests;
pub mod settings;
pub mod surveys;
pub mod users;
pub mod webhook_attempts;
pub mod webhook_deliveries;
pub mod webhook_endpoints;
pub mod webhook_events;

/// Every entity under its table's name: `Users`, `Customers`, ...
pub mod prelude {
    pub use super::api_tokens::Entity as ApiTokens;
    pub use super::assignee_loads::Entity as AssigneeLoads;
    pub use super::audit_log::Entity as AuditLog;
    pub use super::care_greetings::Entity as CareGreetings;
    pub use super::complaint_events::Entity as ComplaintEvents;
    pub use super::complaints::Entity as Complaints;
    pub use super::contacts::Entity as Contacts;
    pub use super::contract_lines::Entity as ContractLines;
    pub use super::contracts::Entity as Contracts;
    pub use super::customers::Entity as Customers;
    pub use super::follow_ups::Entity as FollowUps;
    pub use super::free_batches::Entity as FreeBatches;
    pub use super::idempotency_keys::Entity as IdempotencyKeys;
    pub use super::jobs::Entity as Jobs;
    pub use super::knowledge_article_uses::Entity as KnowledgeArticleUses;
    pub use super::knowledge_articles::Entity as KnowledgeArticles;
    pub use super::login_failures::Entity as LoginFailures;
    pub use super::need_events::Entity as NeedEvents;
    pub use super::needs::Entity as Needs;
    pub use super::notifications::Entity as Notifications;
    pub use super::order_lines::Entity as OrderLines;
    pub use super::orders::Entity as Orders;
    pub use super::packages::Entity as Packages;
    pub use super::products::Entity as Products;
    pub use super::refresh_tokens::Entity as RefreshTokens;
    pub use super::request_counters::Entity as RequestCounters;
    pub use super::request_events::Entity as RequestEvents;
    pub use super::request_sla::Entity as RequestSla;
    pub use super::return_visits::Entity as ReturnVisits;
    pub use super::scheduled_occurrences::Entity as ScheduledOccurrences;
    pub use super::service_requests::Entity as ServiceRequests;
    pub use super::settings::Entity as Settings;
    pub use super::surveys::Entity as Surveys;
    pub use super::users::Entity as Users;
    pub use super::webhook_attempts::Entity as WebhookAttempts;
    pub use super::webhook_deliveries::Entity as WebhookDeliveries;
    pub use super::webhook_endpoints::Entity as WebhookEndpoints;
    pub use super::webhook_events::Entity as WebhookEvents;
}
