//! Rapport's API server as a library, so that `main` and the black-box tests
//! start it the same way (`startup::Application::build`).

pub mod config;
pub mod db;
pub mod routes;
pub mod startup;
