//! Black-box tests: each test starts the real server on port 0 with a fresh
//! database and talks to it over HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod api_tokens;
mod audit;
mod auth;
mod care;
mod complaint_input;
mod complaints;
mod contacts;
mod contract_actions;
mod contracts;
mod customer_gates;
mod customer_search;
mod customers;
mod demo;
mod free_batch;
mod health;
mod helpers;
mod idempotency;
mod intake_preview;
mod knowledge;
mod languages;
mod list_cursors;
mod list_paging;
mod needs;
mod notifications;
mod openapi;
mod orders;
mod packages;
mod permissions;
mod pool;
mod quotes;
mod reports;
mod request_actions;
mod request_lists;
mod request_refusals;
mod request_search;
mod request_views;
mod requests;
mod routing;
mod scheduler;
mod security;
mod sla;
mod users;
mod visits;
mod webhooks;
