//! What every handler shares.

use sea_orm::DatabaseConnection;

use crate::auth::tokens::JwtKeys;
use crate::clock::Clock;

/// The database, the token keys and the clock.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The connection pool.
    pub db: DatabaseConnection,
    /// Signs and checks access tokens.
    pub keys: JwtKeys,
    /// "Now", injectable for tests.
    pub clock: Clock,
}
