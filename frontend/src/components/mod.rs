//! Pieces several pages use.

pub mod create;
pub mod filled;
pub mod keys;
pub mod latest;
pub mod loaded;
pub mod pager;
pub mod sla_badge;
pub mod tabs;
