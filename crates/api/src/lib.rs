//! Rapport's API server as a library, so that `main` and the black-box tests
//! start it the same way (`startup::Application::build`).

pub mod assignee_loads;
pub mod audit;
pub mod auth;
pub mod bootstrap;
pub mod clock;
pub mod codes;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod idempotency;
pub mod language;
pub mod names;
pub mod notify;
pub mod owner_only;
pub mod pagination;
pub mod recent;
pub mod request_numbers;
pub mod routes;
pub mod scheduler;
pub mod search;
pub mod security_headers;
pub mod services;
pub mod settings;
pub mod startup;
pub mod state;
#[cfg(test)]
mod test_fixtures;
pub mod webhooks;
pub mod writes;
