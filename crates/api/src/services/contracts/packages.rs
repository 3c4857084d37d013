//! `/api/v1/packages`: maintenance packages and their annual rates (SPEC
//! section 5). Everyone who sees sales reads them; only admins change them.

use rapport_domain::fees::RateBp;
use rapport_entity::packages;
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};

use rapport_types::packages::Package;

use crate::error::ApiError;

/// The package a stored row describes.
pub fn package_from_model(model: packages::Model) -> Package {
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
pub fn rate_of(model: &packages::Model) -> Result<RateBp, ApiError> {
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
pub async fn active(conn: &impl ConnectionTrait) -> Result<Vec<packages::Model>, ApiError> {
    use sea_orm::{ColumnTrait, QueryFilter};
    Ok(packages::Entity::find()
        .filter(packages::Column::Active.eq(true))
        .order_by_asc(packages::Column::RateBp)
        .order_by_asc(packages::Column::Code)
        .all(conn)
        .await?)
}
