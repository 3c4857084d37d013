//! HTTP handlers over [`crate::services::requests::actions`].

use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::extract::Json;
use crate::routes::responses::Refused;
use crate::services::requests::actions;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use rapport_types::problem::Problem;
use rapport_types::request_actions::RequestAction;
use rapport_types::requests::ServiceRequestDetail;
use uuid::Uuid;

/// Carry out one action on a request: assign, call back, quote and its
/// answer, wait and resume, form signatures, second visit, parts, resolve,
/// reopen or cancel.
#[utoipa::path(
    tag = "requests",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The request's id")),
    request_body = RequestAction,
    responses(
        (status = 200, description = "The request after the action", body = ServiceRequestDetail),
        (status = 400, description = "Malformed body, unknown action or field", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or the current state does not allow the action (`illegal_transition`, naming the state)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is blank, too long or out of range", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[post("/requests/{id}/actions")]
pub async fn act(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<RequestAction>,
) -> Result<HttpResponse, ApiError> {
    let detail = actions::act(&state, &caller, *id, body.0).await?;
    Ok(HttpResponse::Ok().json(detail))
}
