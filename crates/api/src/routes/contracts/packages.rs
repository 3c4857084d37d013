//! HTTP handlers over [`crate::services::contracts::packages`].

use crate::audit::{self, Entry};
use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::routes::extract::Json;
use crate::routes::responses::{BadBody, Refused};
#[allow(unused_imports)]
use crate::services::contracts::packages::*;
use crate::state::AppState;
use actix_web::{HttpResponse, get, put, web};
use rapport_domain::fees::{MAX_RATE_BP, PackageCode, RateBp};
use rapport_entity::packages;
use rapport_types::packages::{Package, PackageChanges};
use rapport_types::problem::Problem;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, QueryOrder, Set};

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
    let rows = packages::Entity::find()
        .order_by_asc(packages::Column::RateBp)
        .order_by_asc(packages::Column::Code)
        .all(&state.db)
        .await?;
    let items: Vec<Package> = rows.into_iter().map(package_from_model).collect();
    Ok(HttpResponse::Ok().json(items))
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
        (status = 409, description = "Stale version", body = Problem, content_type = "application/problem+json"),
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
    let code =
        PackageCode::parse(&code).map_err(|error| ApiError::field("code", error.to_string()))?;
    let changes = body.0;
    let name = changes
        .name
        .as_deref()
        .map(|name| crate::error::non_blank("name", name))
        .transpose()?;
    let rate = changes
        .rate_bp
        .map(|bp| {
            RateBp::new(bp)
                .map_err(|_| ApiError::field("rate_bp", format!("must be at most {MAX_RATE_BP}")))
        })
        .transpose()?;
    let rate_bp = rate
        .map(|rate| {
            i32::try_from(rate.bp()).map_err(|_| ApiError::field("rate_bp", "is too large"))
        })
        .transpose()?;
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let current =
        crate::db::unique(&txn, packages::Entity::find_by_id(code.as_str().to_owned())).await?;
    let (status, before, saved) = match (current, changes.version) {
        (None, Some(_)) => return Err(ApiError::NotFound("package")),
        (None, None) => {
            let (Some(name), Some(rate_bp)) = (name, rate_bp) else {
                return Err(ApiError::Validation(
                    [
                        ("name", "is required to create a package"),
                        ("rate_bp", "is required to create a package"),
                    ]
                    .into_iter()
                    .map(|(field, message)| (field.to_owned(), vec![message.to_owned()]))
                    .collect(),
                ));
            };
            let model = packages::ActiveModel {
                code: Set(code.as_str().to_owned()),
                name: Set(name),
                rate_bp: Set(rate_bp),
                active: Set(changes.active.unwrap_or(true)),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?;
            (actix_web::http::StatusCode::CREATED, None, model)
        }
        (Some(_), None) => {
            return Err(ApiError::field(
                "version",
                "is required to change an existing package",
            ));
        }
        (Some(current), Some(version)) => {
            crate::db::expect_version(current.version, version)?;
            let before = package_from_model(current.clone());
            let mut model = current.into_active_model();
            if let Some(name) = name {
                model.name = Set(name);
            }
            if let Some(rate_bp) = rate_bp {
                model.rate_bp = Set(rate_bp);
            }
            if let Some(active) = changes.active {
                model.active = Set(active);
            }
            model.updated_at = Set(now);
            let saved =
                crate::db::update_versioned(&txn, model, packages::Column::Version, version)
                    .await?;
            (actix_web::http::StatusCode::OK, Some(before), saved)
        }
    };
    let after = package_from_model(saved);
    audit::record(
        &txn,
        now,
        Entry {
            actor: Some(caller.id),
            action: if before.is_some() {
                "package.update"
            } else {
                "package.create"
            },
            entity_type: "package",
            entity_id: after.code.clone(),
            before: before.and_then(|before| serde_json::to_value(before).ok()),
            after: serde_json::to_value(&after).ok(),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::build(status).json(after))
}
