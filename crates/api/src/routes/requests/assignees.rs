//! HTTP handlers over [`crate::services::requests::assignees`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::routes::responses::{MalformedId, Refused};
use crate::services::requests::assignees::offered;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use rapport_types::problem::Problem;
use rapport_types::requests::Assignee;
use uuid::Uuid;

/// The people who could take the request, the suggested one first.
#[utoipa::path(
    tag = "requests",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The request's id")),
    responses(
        (status = 200, description = "The department's active members, the one routing would pick first", body = Vec<Assignee>),
        MalformedId,
        (status = 404, description = "No such request", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[get("/requests/{id}/assignees")]
pub async fn assignees(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteRequests)?;
    let people = offered(&state.reader, *id).await?;
    Ok(HttpResponse::Ok().json(people))
}
