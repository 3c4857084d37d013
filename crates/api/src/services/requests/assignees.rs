//! `GET /api/v1/requests/{id}/assignees`: who could take a request, for the
//! assign form: the active members of its department with their load,
//! whether they have the skills its routing rule asks for, and the one
//! routing would pick now (the same choice `assign` makes without a name).

use rapport_domain::routing::choose_assignee;
use rapport_entity::users;
use rapport_types::requests::Assignee;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::error::ApiError;
use crate::services::routing;

/// The people who could take request `id`, the suggested one first, then
/// those with the skills, the least loaded first; 404 when there is no
/// such request.
pub async fn offered(conn: &impl ConnectionTrait, id: Uuid) -> Result<Vec<Assignee>, ApiError> {
    let request = super::find(conn, id).await?;
    let department = request.department;
    let skills = request.routing_reason.required_skills;
    let members = routing::members(conn, department).await?;
    let suggested = choose_assignee(&members, department, &skills).map(|chosen| chosen.assignee);
    let names = users::Entity::find()
        .filter(users::Column::Id.is_in(members.iter().map(|member| member.id)))
        .all(conn)
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
    Ok(offered)
}
