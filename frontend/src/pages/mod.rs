//! One module per page.

pub mod action_form;
pub mod audit;
pub mod care;
pub mod complaint;
pub mod complaints;
pub mod contract;
pub mod contracts;
pub mod customer;
pub mod customer_panel;
pub mod customers;
pub mod home;
pub mod intake;
pub mod knowledge;
pub mod login;
pub mod needs;
pub mod notifications;
pub mod queue;
pub mod quote;
pub mod refusal;
pub mod report;
pub mod request;
pub mod timeline;
pub mod users;
pub mod visit;
pub mod visits;
pub mod webhooks;
