//! HTTP handlers over [`crate::services::care`]: the greetings due, a
//! greeting made, and the holidays greeted for.

use actix_web::{HttpResponse, get, post, put, web};
use rapport_domain::org::Role;
use rapport_domain::permissions::Action;
use rapport_types::care::{
    CareReminder, Greeting, HolidayChanges, HolidayList, NewGreeting, ReminderFilter,
};
use rapport_types::problem::Problem;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::extract::Json;
use crate::routes::responses::{
    BadBody, BadQuery, NoSuchCustomer, Refused, Stale, Unauthenticated,
};
use crate::services::care as service;
use crate::state::AppState;

/// Registers the care routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(reminders)
        .service(greet)
        .service(holidays)
        .service(set_holidays);
}

/// The greetings due today or within 7 days: contacts' birthdays, and each
/// configured holiday per customer, with the channel to use and whether
/// the greeting was made. An account manager sees their own customers'
/// unless they name another account manager.
#[utoipa::path(
    tag = "care",
    security(("bearer" = [])),
    params(ReminderFilter),
    responses(
        (status = 200, description = "The greetings due, soonest first", body = Vec<CareReminder>),
        Unauthenticated,
        Refused,
        BadQuery
    )
)]
#[get("/care/reminders")]
pub async fn reminders(
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<ReminderFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadCustomers)?;
    let mut filter = filter.into_inner();
    if caller.role == Role::AccountManager && filter.account_manager_id.is_none() {
        filter.account_manager_id = Some(caller.id);
    }
    let now = state.clock.now();
    Ok(HttpResponse::Ok().json(service::reminders(&state.reader, filter, now).await?))
}

/// Record a greeting made: logged as a follow-up with the customer (and
/// the contact, for a birthday), once per contact or customer and day.
#[utoipa::path(
    tag = "care",
    security(("bearer" = [])),
    request_body = NewGreeting,
    responses(
        (status = 201, description = "The greeting, with its follow-up", body = Greeting),
        NoSuchCustomer,
        (status = 409, description = "Already greeted (`already_greeted`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not the contact's birthday, not a configured holiday, or a contact of another customer", body = Problem, content_type = "application/problem+json"),
        Unauthenticated,
        Refused,
        BadBody
    )
)]
#[post("/care/greetings")]
pub async fn greet(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<NewGreeting>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteFollowUps)?;
    let greeting = service::greet(&state, caller.id, body.0, state.clock.now()).await?;
    Ok(HttpResponse::Created().json(greeting))
}

/// The holidays customers are greeted for (春节, 中秋, …), by date.
#[utoipa::path(
    tag = "care",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The holidays and their version", body = HolidayList),
        Unauthenticated,
        Refused
    )
)]
#[get("/care/holidays")]
pub async fn holidays(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadCustomers)?;
    Ok(HttpResponse::Ok().json(service::holidays(&state.reader).await?))
}

/// Replace the holidays (administrators): each year's dates, since lunar
/// holidays move.
#[utoipa::path(
    tag = "care",
    security(("bearer" = [])),
    request_body = HolidayChanges,
    responses(
        (status = 200, description = "The holidays saved", body = HolidayList),
        Stale,
        (status = 422, description = "A blank name, a holiday listed twice, or more than 200", body = Problem, content_type = "application/problem+json"),
        Unauthenticated,
        Refused,
        BadBody
    )
)]
#[put("/care/holidays")]
pub async fn set_holidays(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<HolidayChanges>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ConfigureService)?;
    let saved = service::set_holidays(&state, caller.id, body.0, state.clock.now()).await?;
    Ok(HttpResponse::Ok().json(saved))
}
