//! HTTP handlers over [`crate::services::contracts::free_batch`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::routes::extract::Json;
use crate::routes::responses::Refused;
#[allow(unused_imports)]
use crate::services::contracts::free_batch::*;
use crate::services::customers::ORG_TZ;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use rapport_entity::free_batches;
use rapport_types::free_batch::{FreeBatchOutcome, FreeBatchRun};
use rapport_types::problem::Problem;
use sea_orm::{ActiveModelTrait, Set};

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
    let month = body.0.month;
    let window = month.window();
    let today = state.clock.now().with_timezone(&ORG_TZ).date_naive();
    // Running before the window closes would leave the rest of its orders
    // without a free year for good, since a month runs only once.
    if today < window.until() {
        return Err(ApiError::conflict(
            "window_open",
            format!(
                "the {month} batch takes orders until {}; run it on or after that day",
                window.until()
            ),
        ));
    }
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let claimed = free_batches::ActiveModel {
        month: Set(month.to_string()),
        ran_at: Set(now),
        ran_by: Set(caller.id),
        contracts_created: Set(0),
        lines_covered: Set(0),
    }
    .insert(&txn)
    .await;
    let claimed = match claimed {
        Ok(claimed) => claimed,
        Err(error) if is_unique_violation(&error) => {
            drop(txn);
            return already_run(&state, month).await;
        }
        Err(error) => return Err(error.into()),
    };
    match create_contracts(&txn, &caller, month, claimed, now).await {
        Ok(outcome) => match txn.commit().await {
            Ok(()) => Ok(HttpResponse::Created().json(outcome)),
            Err(error) if is_unique_violation(&error) => already_run(&state, month).await,
            Err(error) => Err(error.into()),
        },
        Err(BatchError::Db(error)) if is_unique_violation(&error) => {
            drop(txn);
            already_run(&state, month).await
        }
        Err(BatchError::Db(error)) => Err(error.into()),
        Err(BatchError::Api(error)) => Err(error),
    }
}
