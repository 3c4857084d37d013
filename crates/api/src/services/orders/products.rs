//! `/api/v1/products`: what is sold (SPEC section 5): SKU, name, kind and
//! list price. Products are archived, never deleted, so old orders keep them.

use chrono::{DateTime, Utc};
use rapport_domain::msg;
use rapport_entity::products;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set, SqlErr,
};
use uuid::Uuid;

use rapport_types::page::{PageQuery, Paged};
use rapport_types::products::{NewProduct, Product, ProductChanges, ProductFilter};

use crate::audit::{self, Entry};
use crate::error::{ApiError, non_blank};
use crate::pagination::Page;
use crate::services::customers::set_if_given;

/// Adds product `new` to the catalogue for `caller` at `now` in `txn`.
pub async fn create(
    txn: &impl ConnectionTrait,
    caller: Uuid,
    new: &NewProduct,
    now: DateTime<Utc>,
) -> Result<Product, ApiError> {
    let sku = non_blank("sku", &new.sku)?;
    let name = non_blank("name", &new.name)?;
    let model = products::ActiveModel {
        id: Set(Uuid::new_v4()),
        sku: Set(sku),
        name: Set(name),
        kind: Set(new.kind),
        list_price_cents: Set(new.list_price_cents),
        archived_at: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await
    .map_err(sku_taken)?;
    let product = product_from_model(model)?;
    audit::record(
        txn,
        now,
        Entry::created(
            Some(caller),
            "product.create",
            "product",
            product.id,
            &product,
        ),
    )
    .await?;
    Ok(product)
}

/// One page of products by SKU; archived ones only when asked for.
pub async fn list(
    conn: &impl ConnectionTrait,
    page: PageQuery,
    filter: ProductFilter,
) -> Result<Paged<Product>, ApiError> {
    let page = Page::from_query(page)?;
    let mut query = products::Entity::find();
    if !filter.include_archived.unwrap_or(false) {
        query = query.filter(products::Column::ArchivedAt.is_null());
    }
    if let Some(kind) = filter.kind {
        query = query.filter(products::Column::Kind.eq(kind));
    }
    let searched = [products::Column::Sku, products::Column::Name];
    if let Some(found) = crate::search::text_in(filter.q.as_deref(), &searched)? {
        query = query.filter(found);
    }
    query = query.order_by_asc(products::Column::Sku);
    page.fetch(conn, query, product_from_model).await
}

/// Product `id`, archived or not.
pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> Result<Product, ApiError> {
    product_from_model(find(conn, id).await?)
}

/// Changes or archives product `id`, read at `changes.version`; an archived
/// product stays as it is.
pub async fn update(
    db: &DatabaseConnection,
    caller: Uuid,
    id: Uuid,
    changes: ProductChanges,
    now: DateTime<Utc>,
) -> Result<Product, ApiError> {
    let sku = changes
        .sku
        .as_deref()
        .map(|sku| non_blank("sku", sku))
        .transpose()?;
    let name = changes
        .name
        .as_deref()
        .map(|name| non_blank("name", name))
        .transpose()?;
    let txn = crate::db::begin(db).await?;
    let current = find(&txn, id).await?;
    if current.archived_at.is_some() {
        return Err(ApiError::conflict(
            "archived",
            msg!("this product is archived"),
        ));
    }
    crate::db::expect_version(current.version, changes.version)?;
    let before = product_from_model(current.clone())?;
    let mut model = current.into_active_model();
    set_if_given(&mut model.sku, sku);
    set_if_given(&mut model.name, name);
    set_if_given(&mut model.list_price_cents, changes.list_price_cents);
    let archiving = changes.archived == Some(true);
    if archiving {
        model.archived_at = Set(Some(now));
    }
    model.updated_at = Set(now);
    let saved =
        crate::db::update_versioned(&txn, model, products::Column::Version, changes.version)
            .await
            .map_err(|error| match error {
                ApiError::Conflict {
                    code: "duplicate", ..
                } => ApiError::duplicate("sku", msg!("another product already has this SKU")),
                other => other,
            })?;
    let after = product_from_model(saved)?;
    let action = if archiving {
        "product.archive"
    } else {
        "product.update"
    };
    audit::record(
        &txn,
        now,
        Entry::changed(Some(caller), action, "product", after.id, &before, &after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// The product a stored row describes.
fn product_from_model(model: products::Model) -> Result<Product, ApiError> {
    Ok(Product {
        id: model.id,
        sku: model.sku,
        name: model.name,
        kind: model.kind,
        list_price_cents: model.list_price_cents,
        archived_at: model.archived_at,
        version: model.version,
        created_at: model.created_at,
        updated_at: model.updated_at,
    })
}

/// A unique violation on a product can only be its SKU.
fn sku_taken(error: DbErr) -> ApiError {
    match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            ApiError::duplicate("sku", msg!("another product already has this SKU"))
        }
        _ => error.into(),
    }
}

/// Product `id`, or 404.
async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<products::Model, ApiError> {
    crate::db::unique(conn, products::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound(msg!("product")))
}
