//! HTTP handlers over [`crate::services::routing`].

use crate::auth::{Action, Caller};
use crate::codes::decode;
use crate::error::ApiError;
use crate::routes::extract::Json;
use crate::routes::responses::{BadBody, Refused, Unauthenticated};
use crate::services::requests;
#[allow(unused_imports)]
use crate::services::routing::*;
use crate::settings;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, put, web};
use rapport_domain::customer::Tier;
use rapport_domain::routing::RequestFacts;
use rapport_types::problem::Problem;
use rapport_types::routing::{PreviewRequest, PreviewResponse, RuleChanges, RuleList};
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routing routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(get_rules).service(put_rules).service(preview);
}

/// The routing rules in force.
#[utoipa::path(
    tag = "routing",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The rules; version 0 while they are the defaults", body = RuleList),
        Unauthenticated
    )
)]
#[get("/routing/rules")]
pub async fn get_rules(
    state: web::Data<AppState>,
    _caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let document = settings::load::<Rules>(&state.db, RULES_KEY).await?;
    Ok(HttpResponse::Ok().json(RuleList {
        version: document.version,
        rules: document.value.0,
    }))
}

/// Replace the routing rules (admins only).
#[utoipa::path(
    tag = "routing",
    security(("bearer" = [])),
    request_body = RuleChanges,
    responses(
        (status = 200, description = "The rules now in force", body = RuleList),
        (status = 400, description = "Malformed body, unknown field or code", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty list, blank names, too many keywords", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[put("/routing/rules")]
pub async fn put_rules(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<RuleChanges>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ConfigureService)?;
    let changes = body.0;
    check_rules(&changes.rules)?;
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let saved = save_rules(&txn, Some(caller.id), changes, now).await?;
    txn.commit().await?;
    forget_rules(&state.settings);
    Ok(HttpResponse::Ok().json(saved))
}

/// Where a request would go, and to whom, without taking it in.
#[utoipa::path(
    tag = "routing",
    security(("bearer" = [])),
    request_body = PreviewRequest,
    responses(
        (status = 200, description = "The department, person and reason", body = PreviewResponse),
        (status = 422, description = "Unknown customer or title too long", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[post("/routing/preview")]
pub async fn preview(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<PreviewRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteRequests)?;
    let asked = body.0;
    let now = state.clock.now();
    let customer = requests::live_customer(&state.db, asked.customer_id).await?;
    let contract = requests::contract_in_force(&state.db, customer.id, now).await?;
    let tier: Tier = decode("customers.tier", &customer.tier)?;
    let facts = RequestFacts {
        category: asked.category,
        product_kind: asked.product_kind,
        tier,
        priority: asked.priority,
        title: asked.title.trim().to_owned(),
    };
    let rules = rules(&state.db, &state.settings).await?;
    let routed = Router::default()
        .decide(&state.db, &rules, &facts, now)
        .await?;
    Ok(HttpResponse::Ok().json(PreviewResponse {
        assignee_id: routed.assignee,
        routing: routed.reason,
        billable: contract.is_none(),
        contract_id: contract.map(|contract| contract.id),
    }))
}
