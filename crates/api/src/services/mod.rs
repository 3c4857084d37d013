//! What the API does, one module per capability: the checks, the
//! transactions and the orchestration of business steps. Handlers in
//! `routes` extract, authorise, call one function here and serialise;
//! storage (`db`, `writes`, `audit`, the entity crate) sits below.

pub mod api_tokens;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod care;
pub mod complaints;
pub mod contacts;
pub mod contracts;
pub mod customers;
pub mod follow_ups;
pub mod knowledge;
pub mod needs;
pub mod notifications;
pub mod orders;
pub mod overdue;
pub mod reports;
pub mod requests;
pub mod routing;
pub mod sla;
pub mod surveys;
pub mod users;
pub mod visits;
pub mod webhooks;
