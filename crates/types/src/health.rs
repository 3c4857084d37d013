//! `GET /healthz`.

use serde::{Deserialize, Serialize};

/// Whether the server and its database answer, and the release version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok`, or `database_unavailable`.
    pub status: String,
    /// The server's release version.
    pub version: String,
}
