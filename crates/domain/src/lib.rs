//! Rapport's business rules, free of I/O so that the server and the browser
//! compute the same deadlines, fees and transitions.
//!
//! Every module holds one rule of the service handbooks (see `SPEC.md`):
//! the business calendar and SLA clocks, routing, maintenance fees, the
//! lifecycles of requests, contracts and complaints, and the small rules
//! (masking, visit cadence, warranty and free-contract windows), and the
//! role × action permission matrix that the server enforces and the app's
//! menus follow.
#![warn(missing_docs)]

pub mod calendar;
pub mod customer;
pub mod fees;
pub mod knowledge;
pub mod lifecycle;
pub mod masking;
pub mod messages;
pub mod org;
pub mod permissions;
pub mod reports;
pub mod request;
pub mod routing;
pub mod sla;
#[cfg(test)]
mod test_dates;
pub mod text;
pub mod visits;
pub mod warranty;
