//! `/api/v1/needs`: the customer needs list (客户需求清单, SPEC section 8,
//! seed 002), moved through `lifecycle::need`, which decides each action.
//! A need's priority starts the response clock a service request of that
//! priority gets (the SLA policy's `response_<priority>` target, on the
//! organisation's calendar); evaluating or rejecting it answers it. Every
//! change is the row (versioned) and its audit entry, in one transaction.

mod actions;
mod rows;

use actions::{apply, milestones_json, milestones_of, step_of};
use rows::{IGNORED, detail, event, find, need_from_model, set_names};

use chrono::{DateTime, Utc};
use rapport_domain::customer::Verification;
use rapport_domain::lifecycle::need::{self as lifecycle, Facts, Status, Step};
use rapport_domain::msg;
use rapport_domain::request::Priority;
use rapport_domain::sla::{self, SlaTarget};
use rapport_entity::{needs, service_requests, users};
use rapport_migrations::m20261217_000050_index_overdue_needs_and_complaints::open_need_sql;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, Order, QueryFilter, Select, Set,
};
use serde_json::Value;
use uuid::Uuid;

use rapport_types::needs::{
    EventKind, Need, NeedAction, NeedChanges, NeedDetail, NeedFilter, NewNeed,
};
use rapport_types::page::{PageQuery, Paged};

use crate::audit::{self, Entry};
use crate::error::{ApiError, non_blank};
use crate::pagination::{Keyset, Page};
use crate::services::overdue::{Deadline, by_deadline};
use crate::settings::Cache;

/// Records `new` as `new`, its response clock started at `now`, with its
/// audit entry, on `conn` (the caller's transaction).
pub async fn create(
    conn: &impl ConnectionTrait,
    settings: &Cache,
    actor: Uuid,
    new: NewNeed,
    now: DateTime<Utc>,
) -> Result<NeedDetail, ApiError> {
    let title = non_blank("title", &new.title)?;
    check_customer(conn, new.customer_id).await?;
    if let Some(request_id) = new.request_id {
        crate::db::unique(conn, service_requests::Entity::find_by_id(request_id))
            .await?
            .filter(|request| request.customer_id == new.customer_id)
            .ok_or_else(|| {
                ApiError::field(
                    "request_id",
                    msg!("must be a service request of this customer"),
                )
            })?;
    }
    if let Some(owner) = new.owner_id {
        check_owner(conn, "owner_id", owner).await?;
    }
    let clock = response_clock(conn, settings, new.priority, now).await?;
    let model = needs::Model {
        id: Uuid::now_v7(),
        customer_id: new.customer_id,
        request_id: new.request_id,
        kind: new.kind,
        priority: new.priority,
        title,
        description: new.description.trim().to_owned(),
        status: Status::New,
        customer_value: None,
        fit: None,
        cost: None,
        solution_direction: None,
        owner_id: new.owner_id,
        milestones: Value::Array(Vec::new()),
        respond_by: clock.0,
        at_risk_from: clock.1,
        responded_at: None,
        delivered_at: None,
        confirmed_by: None,
        confirmed_at: None,
        rejected_reason: None,
        created_by: actor,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    needs::ActiveModel::from(model.clone()).insert(conn).await?;
    let need = need_from_model(model.clone(), now)?;
    let opened = serde_json::json!({"status": need.status, "type": need.kind,
        "priority": need.priority, "response_deadline": need.response.deadline});
    event(&model, actor, EventKind::Created, None, Some(opened))
        .insert(conn)
        .await?;
    let entry = Entry::created(Some(actor), "need.create", "need", need.id, &need);
    audit::record(conn, now, entry).await?;
    detail(conn, need).await
}

/// One page of the needs `filter` finds, newest first; the overdue ones
/// (at `now`) most overdue first; `id` breaks ties. Paged by number or by
/// cursor, served by an index alone or after the customer, the status or
/// the owner (migration `m20261212_000038_index_list_cursors`), the
/// overdue from an index of the open ones
/// (`m20261217_000050_index_overdue_needs_and_complaints`).
pub async fn list(
    conn: &impl ConnectionTrait,
    names: &Cache,
    page: PageQuery,
    filter: NeedFilter,
    now: DateTime<Utc>,
) -> Result<Paged<Need>, ApiError> {
    let page = Page::from_query_or_cursor(page, filter.cursor.as_deref())?;
    let (query, keyset) = listed(&filter, now)?;
    let cursor = filter.cursor.as_deref();
    let mut page = page
        .fetch_keyed(conn, query, &keyset, cursor, |row| {
            need_from_model(row, now)
        })
        .await?;
    let customers = page.items.iter().map(|n| n.customer_id).collect();
    let owners = page.items.iter().filter_map(|n| n.owner_id).collect();
    let names = crate::names::of(names, conn, customers, owners).await?;
    set_names(&mut page.items, &names);
    Ok(page)
}

/// The needs `filter` keeps at `now`, and the order they are listed in.
fn listed(
    filter: &NeedFilter,
    now: DateTime<Utc>,
) -> Result<(Select<needs::Entity>, Keyset<DateTime<Utc>>), ApiError> {
    let mut query = needs::Entity::find();
    // Needs are a short list per organisation: a LIKE over two columns
    // (the shared full-text index is for the lists of many records).
    let columns = [needs::Column::Title, needs::Column::Description];
    if let Some(found) = crate::search::text_in(filter.q.as_deref(), &columns)? {
        query = query.filter(found);
    }
    if let Some(id) = filter.customer_id {
        query = query.filter(needs::Column::CustomerId.eq(id));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(needs::Column::Kind.eq(kind));
    }
    if let Some(status) = filter.status {
        query = query.filter(needs::Column::Status.eq(status));
    }
    if let Some(owner) = filter.owner_id {
        query = query.filter(needs::Column::OwnerId.eq(owner));
    }
    if let Some(priority) = filter.priority {
        query = query.filter(needs::Column::Priority.eq(priority));
    }
    if let Some(request) = filter.request_id {
        query = query.filter(needs::Column::RequestId.eq(request));
    }
    let respond_by = Deadline {
        column: needs::Column::RespondBy,
        tag: 'r',
        // As the partial index of open needs is written.
        open: Expr::cust(open_need_sql()),
        closed: needs::Column::RespondedAt.is_not_null(),
    };
    let created = needs::Column::CreatedAt;
    let (query, tag, key, order) = by_deadline(query, filter.overdue, respond_by, created, now);
    let id = Expr::col((needs::Entity, needs::Column::Id));
    Ok((query, Keyset::new(tag, key, order, id, Order::Desc)))
}

/// One need, its response target measured at `now`.
pub async fn get(
    conn: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<NeedDetail, ApiError> {
    let need = need_from_model(find(conn, id).await?, now)?;
    detail(conn, need).await
}

/// Applies `changes` to open need `id` at the version read (409
/// `stale_version`; 409 `need_closed` once confirmed or rejected). A new
/// priority restarts nothing: the deadline becomes the new priority's,
/// counted from when the need was recorded.
pub async fn update(
    db: &DatabaseConnection,
    settings: &Cache,
    actor: Uuid,
    id: Uuid,
    changes: NeedChanges,
    now: DateTime<Utc>,
) -> Result<NeedDetail, ApiError> {
    let txn = crate::db::begin(db).await?;
    let current = find(&txn, id).await?;
    crate::db::expect_version(current.version, changes.version)?;
    let before = need_from_model(current.clone(), now)?;
    if !before.status.is_open() {
        return Err(ApiError::conflict(
            "need_closed",
            msg!(
                "a need that is `{status}` no longer changes",
                status = before.status.code()
            ),
        ));
    }
    let mut model = current.clone().into_active_model();
    if let Some(title) = &changes.title {
        model.title = Set(non_blank("title", title)?);
    }
    if let Some(description) = &changes.description {
        model.description = Set(description.trim().to_owned());
    }
    if let Some(direction) = &changes.solution_direction {
        model.solution_direction = Set(Some(non_blank("solution_direction", direction)?));
    }
    if let Some(kind) = changes.kind {
        model.kind = Set(kind);
    }
    if let Some(owner) = changes.owner_id {
        check_owner(&txn, "owner_id", owner).await?;
        model.owner_id = Set(Some(owner));
    }
    if let Some(milestones) = &changes.milestones {
        let planned = matches!(
            before.status,
            Status::Planned | Status::InProgress | Status::Delivered
        );
        if planned && milestones.is_empty() {
            return Err(ApiError::field(
                "milestones",
                msg!("a planned need keeps at least one milestone"),
            ));
        }
        let milestones = milestones_of(milestones, true, now)?;
        if before.status == Status::Delivered && milestones.iter().any(|m| m.done_at.is_none()) {
            return Err(ApiError::field(
                "milestones",
                msg!("a delivered need's milestones are all done; rework it first"),
            ));
        }
        model.milestones = Set(milestones_json(&milestones)?);
    }
    if let Some(priority) = changes.priority {
        // The response is measured against the need's priority as it is
        // now, answered or not, so its target and deadline never disagree.
        model.priority = Set(priority);
        let (deadline, at_risk) =
            response_clock(&txn, settings, priority, current.created_at).await?;
        model.respond_by = Set(deadline);
        model.at_risk_from = Set(at_risk);
    }
    model.updated_at = Set(now);
    let saved =
        crate::db::update_versioned(&txn, model, needs::Column::Version, changes.version).await?;
    let after = need_from_model(saved.clone(), now)?;
    let (was, became) = audit::changed_fields(&before, &after, IGNORED)?;
    event(
        &saved,
        actor,
        EventKind::Updated,
        Some(Value::Object(was)),
        Some(Value::Object(became)),
    )
    .insert(&txn)
    .await?;
    let entry = Entry::changed(
        Some(actor),
        "need.update",
        "need",
        after.id,
        &before,
        &after,
    );
    audit::record(&txn, now, entry).await?;
    let need = detail(&txn, after).await?;
    txn.commit().await?;
    Ok(need)
}

/// Takes `asked` on need `id` for `actor`: exactly the action's fields
/// (422), the need (404) at the version read (409 `stale_version`), the
/// step its state and milestones allow (409 `illegal_transition`); then
/// the row and the audit entry (with what was said) in one transaction.
pub async fn act(
    db: &DatabaseConnection,
    actor: Uuid,
    id: Uuid,
    asked: NeedAction,
    now: DateTime<Utc>,
) -> Result<NeedDetail, ApiError> {
    let step = step_of(&asked, now)?;
    let txn = crate::db::begin(db).await?;
    let current = find(&txn, id).await?;
    crate::db::expect_version(current.version, asked.version)?;
    let before = need_from_model(current.clone(), now)?;
    if let Step::CompleteMilestone { index, .. } = &step {
        let count = before.milestones.len();
        let allowed = before.status.apply(lifecycle::Action::CompleteMilestone);
        if *index >= count && allowed.is_ok() {
            return Err(ApiError::field(
                "milestone",
                msg!("must be from 0 to {max}", max = count.saturating_sub(1)),
            ));
        }
    }
    let facts = Facts {
        status: before.status,
        milestones: before.milestones.clone(),
        responded: current.responded_at.is_some(),
        created_at: current.created_at,
    };
    let plan = lifecycle::plan(step, &facts, now)
        .map_err(|refusal| ApiError::conflict("illegal_transition", refusal.message()))?;
    if let Some(owner) = asked.owner_id {
        check_owner(&txn, "owner_id", owner).await?;
    }
    let mut model = current.into_active_model();
    let said = apply(plan, &mut model, asked.owner_id)?;
    model.updated_at = Set(now);
    let saved =
        crate::db::update_versioned(&txn, model, needs::Column::Version, asked.version).await?;
    let after = need_from_model(saved.clone(), now)?;
    let (was, mut became) = audit::changed_fields(&before, &after, IGNORED)?;
    for (field, text) in &said {
        became.insert((*field).to_owned(), Value::String(text.clone()));
    }
    event(
        &saved,
        actor,
        EventKind::from(asked.action),
        Some(Value::Object(was)),
        Some(Value::Object(became)),
    )
    .insert(&txn)
    .await?;
    let action = format!("need.{}", asked.action.code());
    let mut entry = Entry::changed(Some(actor), &action, "need", after.id, &before, &after);
    if let Some(Value::Object(fields)) = entry.after.as_mut() {
        for (field, text) in said {
            fields.insert(format!("said_{field}"), Value::String(text));
        }
    }
    audit::record(&txn, now, entry).await?;
    let need = detail(&txn, after).await?;
    txn.commit().await?;
    Ok(need)
}

/// The response deadline of `priority` for a need recorded at `start`, and
/// the instant it turns at risk: the request's policy and the
/// organisation's calendar.
async fn response_clock(
    conn: &impl ConnectionTrait,
    settings: &Cache,
    priority: Priority,
    start: DateTime<Utc>,
) -> Result<(DateTime<Utc>, DateTime<Utc>), ApiError> {
    let calendar = crate::services::calendar::for_request(conn, settings, None).await?;
    let policy = crate::services::sla::policy(conn, settings).await?;
    let clock = policy.clock(SlaTarget::response_target(priority));
    let deadline = sla::deadline(&calendar, start, clock, &[])
        .map_err(|error| ApiError::internal("timing a need's response", error))?;
    let at_risk = sla::at_risk_from(&calendar, clock.kind(), start, deadline);
    Ok((deadline, at_risk))
}

/// The customer a need is recorded for: there (422), not archived and not
/// rejected at review (409).
async fn check_customer(conn: &impl ConnectionTrait, id: Uuid) -> Result<(), ApiError> {
    let customer = crate::services::customers::named(conn, id).await?;
    crate::services::customers::refuse_archived(&customer)?;
    let review: Verification = customer.verification;
    if review == Verification::Rejected {
        return Err(ApiError::conflict(
            "customer_rejected",
            msg!("a `rejected` customer gets no needs"),
        ));
    }
    Ok(())
}

/// An owner must be an active user (422 on `field`).
async fn check_owner(conn: &impl ConnectionTrait, field: &str, id: Uuid) -> Result<(), ApiError> {
    match crate::db::unique(conn, users::Entity::find_by_id(id)).await? {
        Some(user) if user.active => Ok(()),
        _ => Err(ApiError::field(field, msg!("must be an active user"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The overdue are read from the index of needs not yet responded to
    /// in the list's order: a page reads a page of entries, however many
    /// answered needs are past their deadline.
    #[tokio::test]
    async fn the_overdue_are_read_in_order_from_the_open_ones_index() {
        let now: DateTime<Utc> = "2025-03-05T06:00:00Z".parse().unwrap();
        let (db, _) = crate::test_fixtures::database_with_desk_user(now).await;
        let filter = serde_json::from_value(serde_json::json!({ "overdue": true })).unwrap();
        let (query, keyset) = listed(&filter, now).unwrap();
        let index = "ix_needs_open_respond_by_id";
        crate::test_fixtures::assert_read_in_order(&db, keyset.order(query), index).await;
    }
}
