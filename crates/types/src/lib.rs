//! Rapport's wire types: every request body, answer and query of the
//! API, one module per resource. The server and the app both use them, so
//! a field renamed on one side fails to compile on the other. Validation
//! rules sit beside the fields (validator); OpenAPI schemas come with the
//! `openapi` feature, which the server turns on and the app leaves off.
#![warn(missing_docs)]

pub mod api_tokens;
pub mod app;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod care;
pub mod checks;
pub mod complaints;
pub mod contacts;
pub mod contracts;
pub mod customers;
pub mod follow_ups;
pub mod free_batch;
pub mod health;
pub mod jobs;
pub mod knowledge;
pub mod needs;
pub mod notifications;
pub mod orders;
pub mod packages;
pub mod page;
pub mod problem;
pub mod products;
pub mod quotes;
pub mod reports;
pub mod request_actions;
pub mod requests;
pub mod routing;
#[cfg(feature = "openapi")]
mod schemas;
pub mod sla;
pub mod surveys;
pub mod users;
pub mod visits;
pub mod webhooks;
