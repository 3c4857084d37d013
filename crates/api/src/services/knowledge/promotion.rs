//! Promoting a resolved service request to a draft article.

use rapport_domain::knowledge::{self as rules};
use rapport_domain::lifecycle::request::Status as RequestStatus;
use rapport_domain::msg;
use rapport_entity::{knowledge_articles as articles, service_requests};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::error::ApiError;

/// The request `id`, if it may be promoted: there (422 on `from_request`),
/// resolved or closed with a solution (409 `request_not_resolved`), not
/// promoted before (409 `duplicate` on `from_request`).
pub(super) async fn promotable(
    conn: &impl ConnectionTrait,
    id: Uuid,
) -> Result<service_requests::Model, ApiError> {
    let request = crate::db::unique(conn, service_requests::Entity::find_by_id(id))
        .await?
        .ok_or_else(|| ApiError::field("from_request", msg!("no such service request")))?;
    let status: RequestStatus = request.status;
    let has_solution = request
        .solution
        .as_deref()
        .is_some_and(|solution| !solution.trim().is_empty());
    rules::promotable(status, has_solution)
        .map_err(|refusal| ApiError::conflict("request_not_resolved", refusal.message()))?;
    let promoted = crate::db::unique(
        conn,
        articles::Entity::find().filter(articles::Column::SourceRequestId.eq(id)),
    )
    .await?;
    if let Some(article) = promoted {
        return Err(ApiError::duplicate(
            "from_request",
            msg!(
                "this request was already promoted to article {id}",
                id = article.id
            ),
        ));
    }
    Ok(request)
}

/// A promoted article's body: the problem, the fault found and the solution.
pub(super) fn body_of(request: &service_requests::Model) -> String {
    let mut parts = Vec::new();
    let description = request.description.trim();
    if !description.is_empty() {
        parts.push(format!("【问题】\n{description}"));
    }
    if let Some(fault) = request.fault_description.as_deref().map(str::trim)
        && !fault.is_empty()
    {
        parts.push(format!("【故障原因】\n{fault}"));
    }
    if let Some(solution) = request.solution.as_deref().map(str::trim) {
        parts.push(format!("【解决方案】\n{solution}"));
    }
    parts.join("\n\n")
}
