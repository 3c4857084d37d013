//! HTTP handlers over [`crate::services::contracts::free_batch`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::routes::extract::Json;
use crate::routes::responses::Refused;
use crate::services::contracts::free_batch;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use rapport_types::free_batch::{FreeBatchOutcome, FreeBatchRun};
use rapport_types::problem::Problem;

/// Run the free-first-year batch for a month (once; later runs create nothing).
#[utoipa::path(
    tag = "contracts",
    operation_id = "run_free_batch",
    security(("bearer" = [])),
    request_body = FreeBatchRun,
    responses(
        (status = 201, description = "The batch ran and created these contracts", body = FreeBatchOutcome),
        (status = 200, description = "The month had already run; nothing was created", body = FreeBatchOutcome),
        (status = 400, description = "Malformed body or month", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The month's window has not closed yet (`window_open`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The covered value is too large", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[post("/contracts/free-batch")]
pub async fn run(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<FreeBatchRun>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::RunFreeBatch)?;
    let outcome = free_batch::run(&state.db, &caller, body.0.month, state.clock.now()).await?;
    if outcome.already_run {
        Ok(HttpResponse::Ok().json(outcome))
    } else {
        Ok(HttpResponse::Created().json(outcome))
    }
}
