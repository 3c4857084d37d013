//! `GET /healthz`: load balancers and the browser shell ask whether we are up.

use actix_web::{HttpResponse, get, web};

use rapport_types::health::Health;

use crate::state::AppState;

/// The server's release version, shown in the app's footer.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Health check: 200 with the version when the database answers, 503 when it does not.
#[utoipa::path(
    tag = "system",
    responses(
        (status = 200, description = "The server and its database are up", body = Health),
        (status = 503, description = "The database does not answer", body = Health)
    )
)]
#[get("/healthz")]
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    match crate::db::ping(&state.db).await {
        Ok(()) => HttpResponse::Ok().json(Health {
            status: "ok".to_owned(),
            version: VERSION.to_owned(),
        }),
        Err(error) => {
            log::error!("health check: database did not answer: {error}");
            HttpResponse::ServiceUnavailable().json(Health {
                status: "database_unavailable".to_owned(),
                version: VERSION.to_owned(),
            })
        }
    }
}
