//! What every handler shares.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::tokens::JwtKeys;
use crate::clock::Clock;
use crate::pagination::RecentCounts;
use crate::search::{CommonSearches, FarSearches, SortedMatches};
use crate::services::requests::intake::Queue;
use crate::settings;

/// The database, the settings cache, the token keys, the clock, the intake
/// queue, and what recent searches and counts found.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The connection pool for writes and for every transaction.
    pub db: DatabaseConnection,
    /// For reads outside a transaction: the lists and records people read
    /// all day (see `db::connect_reader`); a read here sees everything
    /// committed before it began.
    pub reader: DatabaseConnection,
    /// For the lists of requests whose plans depend on their values (see
    /// `db::connect_lists`).
    pub lists: DatabaseConnection,
    /// The settings documents hot paths read (calendar, SLA policy, routing rules).
    pub settings: Arc<settings::Cache>,
    /// Signs and checks access tokens.
    pub keys: JwtKeys,
    /// "Now", injectable for tests.
    pub clock: Clock,
    /// Where intakes wait for the next batch written.
    pub intake: Queue,
    /// Whether the searches asked lately find many records.
    pub common_searches: Arc<CommonSearches>,
    /// The searches whose newest rows held none of their words lately.
    pub far_searches: Arc<FarSearches>,
    /// The capped counts of the lists asked lately.
    pub recent_counts: Arc<RecentCounts>,
    /// The sorted matches of common searches paged through lately.
    pub sorted_matches: Arc<SortedMatches>,
}
