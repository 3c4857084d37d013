//! HTTP handlers over [`crate::scheduler`]: what the jobs did, and running one now.

use actix_web::{HttpResponse, get, post, web};
use rapport_domain::msg;
use rapport_domain::permissions::Action;
use rapport_types::jobs::{JobName, JobStatus};
use rapport_types::problem::Problem;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::responses::{Refused, Unauthenticated};
use crate::scheduler::{self, Due};
use crate::state::AppState;

/// Registers the job routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list).service(run);
}

/// Every scheduled job: how often it runs, its last run's start, duration,
/// what it did and its last error (admin).
#[utoipa::path(
    tag = "jobs",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every job", body = Vec<JobStatus>),
        Unauthenticated,
        Refused
    )
)]
#[get("/jobs")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageJobs)?;
    Ok(HttpResponse::Ok().json(scheduler::list(&state.db).await?))
}

/// Run a job now rather than at its next turn (admin); its work is still
/// done once: what it already announced it does not announce again.
#[utoipa::path(
    tag = "jobs",
    security(("bearer" = [])),
    params(("name" = JobName, Path, description = "The job")),
    responses(
        (status = 200, description = "The job after the run (a failure is in `last_error`)", body = JobStatus),
        (status = 404, description = "No such job", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another instance is running it (`job_running`)", body = Problem, content_type = "application/problem+json"),
        Unauthenticated,
        Refused
    )
)]
#[post("/jobs/{name}/run")]
pub async fn run(
    state: web::Data<AppState>,
    caller: Caller,
    name: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageJobs)?;
    let job = JobName::ALL
        .into_iter()
        .find(|job| job.code() == name.as_str())
        .ok_or(ApiError::NotFound(msg!("job")))?;
    let now = state.clock.now();
    match scheduler::run(&state.db, job, now, Due::Now).await? {
        Some(status) => Ok(HttpResponse::Ok().json(status)),
        None => Err(ApiError::conflict(
            "job_running",
            msg!(
                "{job} is running on another instance; try again shortly",
                job = job.code()
            ),
        )),
    }
}
