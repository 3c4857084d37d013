//! Pieces several pages use.

pub mod create;
pub mod keys;
pub mod sla_badge;
