//! HTTP handlers over [`crate::services::requests::assignees`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::routes::responses::Refused;
#[allow(unused_imports)]
use crate::services::requests::assignees::*;
use crate::services::routing;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use rapport_domain::routing::choose_assignee;
use rapport_entity::users;
use rapport_types::problem::Problem;
use rapport_types::requests::Assignee;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// The people who could take the request, the suggested one first.
#[utoipa::path(
    tag = "requests",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The request's id")),
    responses(
        (status = 200, description = "The department's active members, the one routing would pick first", body = Vec<Assignee>),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
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
    let request = crate::services::requests::find(&state.reader, *id).await?;
    let department = request.department;
    let skills = request.routing_reason.required_skills;
    let members = routing::members(&state.reader, department).await?;
    let suggested = choose_assignee(&members, department, &skills).map(|chosen| chosen.assignee);
    let names = users::Entity::find()
        .filter(users::Column::Id.is_in(members.iter().map(|member| member.id)))
        .all(&state.reader)
        .await?;
    let mut offered: Vec<Assignee> = members
        .iter()
        .map(|member| Assignee {
            id: member.id,
            display_name: names
                .iter()
                .find(|user| user.id == member.id)
                .map(|user| user.display_name.clone())
                .unwrap_or_default(),
            weighted_load: member.open_load.weighted(),
            has_skills: skills.is_subset(&member.skills),
            suggested: suggested == Some(member.id),
        })
        .collect();
    offered.sort_by(|a, b| {
        (
            !a.suggested,
            !a.has_skills,
            a.weighted_load,
            &a.display_name,
        )
            .cmp(&(
                !b.suggested,
                !b.has_skills,
                b.weighted_load,
                &b.display_name,
            ))
    });
    Ok(HttpResponse::Ok().json(offered))
}
