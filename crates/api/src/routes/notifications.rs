//! HTTP handlers over [`crate::services::notifications`].

use crate::auth::Caller;
use crate::error::ApiError;
use crate::pagination::Page;
use crate::routes::extract::Listing;
use crate::routes::responses::{BadQuery, Unauthenticated};
#[allow(unused_imports)]
use crate::services::notifications::*;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use rapport_entity::notifications;
use rapport_types::notifications::{Notification, NotificationFilter};
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Registers the notification routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list).service(mark_read);
}

/// The caller's notifications, newest first.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(PageQuery, NotificationFilter),
    responses(
        (status = 200, description = "One page of notifications", body = Paged<Notification>),
        (status = 422, description = "Bad page or limit", body = Problem, content_type = "application/problem+json"),
        Unauthenticated,
        BadQuery
    )
)]
#[get("/notifications")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    Listing { page, filter }: Listing<NotificationFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = Page::from_query(page)?;
    let mut query =
        notifications::Entity::find().filter(notifications::Column::UserId.eq(caller.id));
    if filter.unread == Some(true) {
        query = query.filter(notifications::Column::ReadAt.is_null());
    }
    let query = query
        .order_by_desc(notifications::Column::CreatedAt)
        .order_by_desc(notifications::Column::Id);
    let page = page
        .fetch(&state.reader, query, |row| Ok(notification_from_model(row)))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Mark one of the caller's notifications read (again is harmless).
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The notification's id")),
    responses(
        (status = 200, description = "The notification, read", body = Notification),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such notification of the caller's", body = Problem, content_type = "application/problem+json"),
        Unauthenticated
    )
)]
#[post("/notifications/{id}/read")]
pub async fn mark_read(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    // Marks it read if it is the caller's and unread, then reads it back
    // (a notification of someone else's is as absent as a missing one).
    notifications::Entity::update_many()
        .col_expr(
            notifications::Column::ReadAt,
            Expr::value(state.clock.now()),
        )
        .filter(notifications::Column::Id.eq(*id))
        .filter(notifications::Column::UserId.eq(caller.id))
        .filter(notifications::Column::ReadAt.is_null())
        .exec(&state.db)
        .await?;
    let read = crate::db::unique(
        &state.db,
        notifications::Entity::find_by_id(*id).filter(notifications::Column::UserId.eq(caller.id)),
    )
    .await?
    .ok_or(ApiError::NotFound("notification"))?;
    Ok(HttpResponse::Ok().json(notification_from_model(read)))
}
