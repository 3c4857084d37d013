//! Pieces several pages use.

pub mod cells;
pub mod create;
pub mod draft;
pub mod filled;
pub mod form;
pub mod keys;
pub mod latest;
pub mod loaded;
pub mod pager;
pub mod query;
pub mod sla_badge;
pub mod steps;
pub mod tabs;
