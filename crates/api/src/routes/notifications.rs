//! HTTP handlers over [`crate::services::notifications`].

use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::extract::Listing;
use crate::routes::responses::{BadPage, BadQuery, MalformedId, Unauthenticated};
use crate::services::notifications as service;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use rapport_types::notifications::{
    MarkedRead, Notification, NotificationFilter, Unread, UnreadQuery,
};
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Registers the notification routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(unread)
        .service(mark_all_read)
        .service(mark_read);
}

/// The caller's notifications, newest first.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(PageQuery, NotificationFilter),
    responses(
        (status = 200, description = "One page of notifications", body = Paged<Notification>),
        BadPage,
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
    let page = service::list(&state.reader, caller.id, page, filter).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// The caller's unread count and newest notification; with
/// `wait_seconds`, answered as soon as either differs from what the app
/// says it shows (`unread`, `latest`), else when the wait is over: a long
/// poll, so the app learns of a new notification within a second or so
/// without reloading.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(UnreadQuery),
    responses(
        (status = 200, description = "The unread count and the newest notification", body = Unread),
        (status = 422, description = "`wait_seconds` above 30", body = Problem, content_type = "application/problem+json"),
        Unauthenticated,
        BadQuery
    )
)]
#[get("/notifications/unread")]
pub async fn unread(
    state: web::Data<AppState>,
    caller: Caller,
    known: web::Query<UnreadQuery>,
) -> Result<HttpResponse, ApiError> {
    let unread = service::unread(&state.reader, caller.id, known.into_inner()).await?;
    Ok(HttpResponse::Ok().json(unread))
}

/// Mark one of the caller's notifications read (again is harmless).
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The notification's id")),
    responses(
        (status = 200, description = "The notification, read", body = Notification),
        MalformedId,
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
    let now = state.clock.now();
    let read = service::mark_read(&state.db, caller.id, *id, now).await?;
    Ok(HttpResponse::Ok().json(read))
}

/// Mark every unread notification of the caller read.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "How many were marked read", body = MarkedRead),
        Unauthenticated
    )
)]
#[post("/notifications/read-all")]
pub async fn mark_all_read(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    let marked = service::mark_all_read(&state.db, caller.id, now).await?;
    Ok(HttpResponse::Ok().json(marked))
}
