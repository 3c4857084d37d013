//! HTTP handlers over [`crate::services::contracts::packages`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::routes::extract::Json;
use crate::routes::responses::{BadBody, Refused, Stale};
use crate::services::contracts::packages::{self, Put};
use crate::state::AppState;
use actix_web::{HttpResponse, get, put, web};
use rapport_types::packages::{Package, PackageChanges};
use rapport_types::problem::Problem;

/// Every package, cheapest first.
#[utoipa::path(
    tag = "packages",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "All packages, active or not, by rate", body = Vec<Package>),
        Refused
    )
)]
#[get("/packages")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadSales)?;
    Ok(HttpResponse::Ok().json(packages::list(&state.db).await?))
}

/// Create a package, or change its name, rate or whether it is sold (admins only).
#[utoipa::path(
    tag = "packages",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "The package's code: 1 to 32 of A-Z, 0-9 and _")),
    request_body = PackageChanges,
    responses(
        (status = 200, description = "The changed package", body = Package),
        (status = 201, description = "The created package", body = Package),
        (status = 404, description = "A version was sent for a package that does not exist", body = Problem, content_type = "application/problem+json"),
        Stale,
        (status = 422, description = "Invalid code or fields", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[put("/packages/{code}")]
pub async fn put(
    state: web::Data<AppState>,
    caller: Caller,
    code: web::Path<String>,
    body: Json<PackageChanges>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WritePackages)?;
    let now = state.clock.now();
    match packages::put(&state.db, caller.id, &code, body.0, now).await? {
        Put::Created(package) => Ok(HttpResponse::Created().json(package)),
        Put::Changed(package) => Ok(HttpResponse::Ok().json(package)),
    }
}
