//! Typed clients for the Rapport API.

pub mod health;
