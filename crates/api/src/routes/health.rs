//! `GET /healthz`: load balancers and the browser shell ask whether we are up.

use actix_web::{HttpResponse, get, web};
use sea_orm::DatabaseConnection;
use serde::Serialize;

/// The server's release version, shown in the app's footer.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Serialize)]
struct Health {
    status: &'static str,
    version: &'static str,
}

/// 200 with the version when the database answers, 503 when it does not.
#[get("/healthz")]
pub async fn healthz(db: web::Data<DatabaseConnection>) -> HttpResponse {
    match crate::db::ping(&db).await {
        Ok(()) => HttpResponse::Ok().json(Health {
            status: "ok",
            version: VERSION,
        }),
        Err(error) => {
            log::error!("health check: database did not answer: {error}");
            HttpResponse::ServiceUnavailable().json(Health {
                status: "database_unavailable",
                version: VERSION,
            })
        }
    }
}
