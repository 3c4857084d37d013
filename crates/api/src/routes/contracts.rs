//! (being written)

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers this module's routes.
pub fn routes(_cfg: &mut ServiceConfig) {}
