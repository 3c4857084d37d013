//! `/api/v1/packages`: maintenance packages and their annual rates (SPEC
//! section 5). Everyone who sees sales reads them; only admins change them.

use chrono::{DateTime, Utc};
use rapport_domain::fees::{MAX_RATE_BP, PackageCode, RateBp};
use rapport_domain::msg;
use rapport_entity::packages;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use rapport_types::packages::{Package, PackageChanges};

use crate::audit::{self, Entry};
use crate::error::{ApiError, non_blank};
use crate::services::customers::set_if_given;

/// What a put did: `PUT /packages/{code}` creates a package it does not find.
pub enum Put {
    /// A new package.
    Created(Package),
    /// An existing package, changed.
    Changed(Package),
}

/// Every package, active or not, cheapest first.
pub async fn list(conn: &impl ConnectionTrait) -> Result<Vec<Package>, ApiError> {
    let rows = packages::Entity::find()
        .order_by_asc(packages::Column::RateBp)
        .order_by_asc(packages::Column::Code)
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(package_from_model).collect())
}

/// Creates package `code` (without a version), or changes it at the
/// version read, for `caller` at `now`.
pub async fn put(
    db: &DatabaseConnection,
    caller: Uuid,
    code: &str,
    changes: PackageChanges,
    now: DateTime<Utc>,
) -> Result<Put, ApiError> {
    let code =
        PackageCode::parse(code).map_err(|error| ApiError::field("code", error.message()))?;
    let name = changes
        .name
        .as_deref()
        .map(|name| non_blank("name", name))
        .transpose()?;
    let rate = changes
        .rate_bp
        .map(|bp| {
            RateBp::new(bp).map_err(|_| {
                ApiError::field("rate_bp", msg!("must be at most {max}", max = MAX_RATE_BP))
            })
        })
        .transpose()?;
    let rate_bp = rate
        .map(|rate| {
            i32::try_from(rate.bp()).map_err(|_| ApiError::field("rate_bp", msg!("is too large")))
        })
        .transpose()?;
    let txn = crate::db::begin(db).await?;
    let current =
        crate::db::unique(&txn, packages::Entity::find_by_id(code.as_str().to_owned())).await?;
    let (before, saved) = match (current, changes.version) {
        (None, Some(_)) => return Err(ApiError::NotFound(msg!("package"))),
        (None, None) => {
            let (Some(name), Some(rate_bp)) = (name, rate_bp) else {
                return Err(ApiError::Validation(
                    ["name", "rate_bp"]
                        .into_iter()
                        .map(|field| {
                            let message = msg!("is required to create a package");
                            (field.to_owned(), vec![message])
                        })
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
            (None, model)
        }
        (Some(_), None) => {
            return Err(ApiError::field(
                "version",
                msg!("is required to change an existing package"),
            ));
        }
        (Some(current), Some(version)) => {
            crate::db::expect_version(current.version, version)?;
            let before = package_from_model(current.clone());
            let mut model = current.into_active_model();
            set_if_given(&mut model.name, name);
            set_if_given(&mut model.rate_bp, rate_bp);
            set_if_given(&mut model.active, changes.active);
            model.updated_at = Set(now);
            let saved =
                crate::db::update_versioned(&txn, model, packages::Column::Version, version)
                    .await?;
            (Some(before), saved)
        }
    };
    let after = package_from_model(saved);
    let entry = match &before {
        Some(before) => Entry::changed(
            Some(caller),
            "package.update",
            "package",
            &after.code,
            before,
            &after,
        ),
        None => Entry::created(
            Some(caller),
            "package.create",
            "package",
            &after.code,
            &after,
        ),
    };
    audit::record(&txn, now, entry).await?;
    txn.commit().await?;
    Ok(match before {
        Some(_) => Put::Changed(after),
        None => Put::Created(after),
    })
}

/// The package a stored row describes.
fn package_from_model(model: packages::Model) -> Package {
    Package {
        code: model.code,
        name: model.name,
        rate_bp: model.rate_bp,
        active: model.active,
        version: model.version,
        created_at: model.created_at,
        updated_at: model.updated_at,
    }
}

/// The stored rate of a package as the domain's checked type.
pub(super) fn rate_of(model: &packages::Model) -> Result<RateBp, ApiError> {
    u32::try_from(model.rate_bp)
        .ok()
        .and_then(|bp| RateBp::new(bp).ok())
        .ok_or_else(|| {
            ApiError::internal(
                format!("reading the rate of package {}", model.code),
                std::io::Error::other("stored rate out of range"),
            )
        })
}

/// Active packages, cheapest first.
pub(super) async fn active(conn: &impl ConnectionTrait) -> Result<Vec<packages::Model>, ApiError> {
    Ok(packages::Entity::find()
        .filter(packages::Column::Active.eq(true))
        .order_by_asc(packages::Column::RateBp)
        .order_by_asc(packages::Column::Code)
        .all(conn)
        .await?)
}
