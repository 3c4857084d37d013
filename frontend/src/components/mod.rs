//! Pieces several pages use.

pub mod keys;
pub mod sla_badge;
