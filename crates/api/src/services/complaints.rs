//! `/api/v1/complaints`: customer complaints (投诉, SPEC section 7), moved
//! through `lifecycle::complaint`, which decides each action. Every change is
//! written three times in one transaction: the row (versioned), an entry on
//! the complaint's own timeline, and the audit log. [`open_all`] is also how
//! service-request intake files complaints inside its own transaction.

use chrono::{DateTime, Utc};
use rapport_domain::lifecycle::complaint::{self as lifecycle, Facts, Plan, Status, Step};
use rapport_domain::msg;
use rapport_domain::visits::Satisfaction;
use rapport_entity::{complaint_events, complaints, service_requests};
use rapport_migrations::m20261217_000050_index_overdue_needs_and_complaints;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, Order, QueryFilter, QueryOrder, QueryTrait, Select, Set,
};
use serde_json::{Map, Value};
use uuid::Uuid;

use rapport_types::complaints::{
    Complaint, ComplaintAction, ComplaintDetail, ComplaintEvent, ComplaintFilter, EventKind,
    NewComplaint,
};
use rapport_types::page::{PageQuery, Paged};

use crate::audit::{self, Entry};
use crate::error::{ApiError, exact_fields, non_blank, optional_text, required_text, required_to};
use crate::pagination::{Keyset, Page};
use crate::services::overdue::{Deadline, by_deadline};
use crate::settings::Cache;
use crate::writes::Writes;

/// Takes `new` as `received`, with its first timeline entry and the audit
/// entry, on `conn` (the caller's transaction).
pub async fn create(
    conn: &impl ConnectionTrait,
    actor: Uuid,
    new: NewComplaint,
    now: DateTime<Utc>,
) -> Result<ComplaintDetail, ApiError> {
    check(conn, &new, now).await?;
    let complaint = open(conn, new, actor, now).await?;
    crate::webhooks::events::complaint_created(conn, &complaint, now).await?;
    detail(conn, complaint).await
}

/// One page of the complaints `filter` finds, newest first; the overdue
/// ones (at `now`) most overdue first; `id` breaks ties. Paged by number
/// or by cursor, served by an index alone or after the status or the
/// customer (migration `m20261212_000038_index_list_cursors`), the
/// overdue from an index of the open ones
/// (`m20261217_000050_index_overdue_needs_and_complaints`).
pub async fn list(
    conn: &impl ConnectionTrait,
    names: &Cache,
    page: PageQuery,
    filter: ComplaintFilter,
    now: DateTime<Utc>,
) -> Result<Paged<Complaint>, ApiError> {
    let page = Page::from_query_or_cursor(page, filter.cursor.as_deref())?;
    let (query, keyset) = listed(&filter, now);
    let cursor = filter.cursor.as_deref();
    let mut page = page
        .fetch_keyed(conn, query, &keyset, cursor, |row| {
            complaint_from_model(row, now)
        })
        .await?;
    let names =
        crate::names::of_customers(names, conn, page.items.iter().map(|c| c.customer_id)).await?;
    for complaint in &mut page.items {
        complaint.customer_name = names.get(&complaint.customer_id).cloned();
    }
    Ok(page)
}

/// The complaints `filter` keeps at `now`, and the order they are listed in.
fn listed(
    filter: &ComplaintFilter,
    now: DateTime<Utc>,
) -> (Select<complaints::Entity>, Keyset<DateTime<Utc>>) {
    use complaints::Column as C;
    let mut query = complaints::Entity::find();
    if let Some(status) = filter.status {
        query = query.filter(C::Status.eq(status));
    }
    if let Some(id) = filter.customer_id {
        query = query.filter(C::CustomerId.eq(id));
    }
    // Written as the partial index of open complaints is, so that both
    // databases may read it.
    let open = m20261217_000050_index_overdue_needs_and_complaints::open_complaint_sql();
    let promised = Deadline {
        column: C::PromisedBy,
        tag: 'p',
        open: Expr::cust(open.clone()),
        closed: Expr::cust(open).not(),
    };
    let (query, tag, key, order) = by_deadline(query, filter.overdue, promised, C::CreatedAt, now);
    let id = Expr::col((complaints::Entity, C::Id));
    (query, Keyset::new(tag, key, order, id, Order::Asc))
}

/// One complaint with its timeline, overdue or not at `now`.
pub async fn get(
    conn: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<ComplaintDetail, ApiError> {
    let complaint = complaint_from_model(find(conn, id).await?, now)?;
    detail(conn, complaint).await
}

/// Takes `asked` on complaint `id` for `actor` (whose permission the
/// handler checked): exactly the action's fields (422), the complaint (404)
/// at the version read (409 `stale_version`), the step its state allows
/// (409 `illegal_transition`); then the row, the timeline entry and the
/// audit entry in one transaction.
pub async fn act(
    db: &DatabaseConnection,
    actor: Uuid,
    id: Uuid,
    asked: ComplaintAction,
    now: DateTime<Utc>,
) -> Result<ComplaintDetail, ApiError> {
    let step = step_of(&asked)?;
    let txn = crate::db::begin(db).await?;
    let current = find(&txn, id).await?;
    crate::db::expect_version(current.version, asked.version)?;
    let before = complaint_from_model(current.clone(), now)?;
    let facts = Facts {
        status: before.status,
    };
    let plan = lifecycle::plan(step, &facts, now)
        .map_err(|refusal| ApiError::conflict("illegal_transition", refusal.message()))?;
    let mut model = current.into_active_model();
    let said = apply(plan, &mut model, actor);
    model.updated_at = Set(now);
    let saved =
        crate::db::update_versioned(&txn, model, complaints::Column::Version, asked.version)
            .await?;
    let after = complaint_from_model(saved.clone(), now)?;
    let (was, mut became) =
        audit::changed_fields(&before, &after, &["version", "updated_at", "overdue"])?;
    became.extend(said);
    let event = event(
        &saved,
        actor,
        EventKind::from(asked.action),
        Some(Value::Object(was)),
        Some(Value::Object(became)),
    );
    event.insert(&txn).await?;
    let action = format!("complaint.{}", asked.action.code());
    let entry = Entry::changed(Some(actor), &action, "complaint", after.id, &before, &after);
    audit::record(&txn, now, entry).await?;
    let detail = detail(&txn, after).await?;
    txn.commit().await?;
    Ok(detail)
}

/// The step `asked` describes: exactly the fields its action records
/// (`Action::fields`), text not blank, a satisfaction from 1 to 5.
fn step_of(asked: &ComplaintAction) -> Result<Step, ApiError> {
    let code = asked.action.code();
    let (required, optional) = asked.action.fields();
    exact_fields(code, required, optional, &asked.given_fields())?;
    Ok(match asked.action {
        lifecycle::Action::Investigate => Step::Investigate {
            department: required_to(code, "responsible_department", asked.responsible_department)?,
            cause: optional_text("cause", &asked.cause)?,
        },
        lifecycle::Action::ProposeSolution => Step::ProposeSolution {
            solution: required_text(code, "solution", &asked.solution)?,
            cause: optional_text("cause", &asked.cause)?,
        },
        lifecycle::Action::RejectSolution => Step::RejectSolution {
            reason: required_text(code, "reason", &asked.reason)?,
        },
        lifecycle::Action::Approve => Step::Approve,
        lifecycle::Action::Resolve => Step::Resolve,
        lifecycle::Action::Revisit => Step::Revisit {
            satisfaction: asked
                .satisfaction
                .and_then(|score| u8::try_from(score).ok())
                .and_then(|score| Satisfaction::new(score).ok())
                .ok_or_else(|| ApiError::field("satisfaction", msg!("must be between 1 and 5")))?,
            note: optional_text("note", &asked.note)?,
        },
    })
}

/// Writes `plan` into `model`, `actor` approving if it approves; returns
/// what was said that has no column, for the timeline.
fn apply(plan: Plan, model: &mut complaints::ActiveModel, actor: Uuid) -> Map<String, Value> {
    model.status = Set(plan.status);
    if let Some(department) = plan.responsible_department {
        model.responsible_department = Set(Some(department));
    }
    if let Some(cause) = plan.cause {
        model.cause = Set(Some(cause));
    }
    if let Some(solution) = plan.solution {
        model.solution = Set(solution);
    }
    if let Some(at) = plan.approved_at {
        model.approved_by = Set(Some(actor));
        model.approved_at = Set(Some(at));
    }
    if let Some(at) = plan.resolved_at {
        model.resolved_at = Set(Some(at));
    }
    if let Some(at) = plan.revisited_at {
        model.revisited_at = Set(Some(at));
    }
    if let Some(satisfaction) = plan.satisfaction {
        model.satisfaction = Set(Some(i16::from(satisfaction.value())));
    }
    plan.said
        .into_iter()
        .map(|(field, text)| (field.to_owned(), Value::String(text)))
        .collect()
}

/// The API's view of a stored complaint; `now` decides whether it is overdue.
fn complaint_from_model(
    model: complaints::Model,
    now: DateTime<Utc>,
) -> Result<Complaint, ApiError> {
    let status: Status = model.status;
    let satisfaction = model
        .satisfaction
        .map(|score| {
            u8::try_from(score).map_err(|error| {
                ApiError::internal(
                    format!("reading the satisfaction of complaint {}", model.id),
                    error,
                )
            })
        })
        .transpose()?;
    Ok(Complaint {
        id: model.id,
        customer_id: model.customer_id,
        customer_name: None,
        contact_id: model.contact_id,
        request_id: model.request_id,
        summary: model.summary,
        details: model.details,
        status,
        promised_by: model.promised_by,
        overdue: status.is_open() && model.promised_by < now,
        responsible_department: model.responsible_department,
        cause: model.cause,
        solution: model.solution,
        approved_by: model.approved_by,
        approved_at: model.approved_at,
        resolved_at: model.resolved_at,
        revisited_at: model.revisited_at,
        satisfaction,
        created_by: model.created_by,
        version: model.version,
        created_at: model.created_at,
        updated_at: model.updated_at,
    })
}

/// The complaint timeline entry a stored row describes.
fn event_from_model(model: complaint_events::Model) -> Result<ComplaintEvent, ApiError> {
    Ok(ComplaintEvent {
        id: model.id,
        version: model.version,
        at: model.at,
        actor_id: model.actor_id,
        kind: model.kind,
        before: model.before,
        after: model.after,
    })
}

/// The references and the promise of a complaint taken over the API (the
/// body's own rules were checked by the extractor).
async fn check(
    conn: &impl ConnectionTrait,
    new: &NewComplaint,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    non_blank("summary", &new.summary)?;
    if new.promised_by <= now {
        return Err(ApiError::field("promised_by", msg!("must be after now")));
    }
    let customer = crate::services::customers::named(conn, new.customer_id).await?;
    crate::services::customers::refuse_archived(&customer)?;
    if let Some(contact_id) = new.contact_id {
        crate::services::contacts::of_customer(conn, "contact_id", customer.id, contact_id).await?;
    }
    if let Some(request_id) = new.request_id {
        crate::db::unique(conn, service_requests::Entity::find_by_id(request_id))
            .await?
            .filter(|request| request.customer_id == customer.id)
            .ok_or_else(|| {
                ApiError::field(
                    "request_id",
                    msg!("must be a service request of this customer"),
                )
            })?;
    }
    Ok(())
}

/// Stores a checked complaint as `received`, with its first timeline entry
/// and the audit entry, on `conn`.
async fn open(
    conn: &impl ConnectionTrait,
    new: NewComplaint,
    actor: Uuid,
    now: DateTime<Utc>,
) -> Result<Complaint, ApiError> {
    let opening = Opening {
        new,
        actor,
        at: now,
    };
    let mut writes = Writes::default();
    let mut opened = open_all(&mut writes, vec![opening])?;
    let complaint = opened.pop().ok_or_else(|| {
        ApiError::internal(
            "opening a complaint",
            std::io::Error::other("storing one complaint stored none"),
        )
    })?;
    audit::record_all(&mut writes, now, vec![audit_entry(&complaint, actor)]);
    writes.execute(conn).await?;
    Ok(complaint)
}

/// A checked complaint to store, who took it and when.
pub struct Opening {
    pub new: NewComplaint,
    pub actor: Uuid,
    pub at: DateTime<Utc>,
}

/// Adds the statements storing `openings` as `received` complaints, with
/// their first timeline entries (two, whatever their number); the opened
/// complaints. Service-request intake opens those of a whole batch so,
/// having checked customer, contact and text itself, promising by each
/// request's response deadline. The caller adds their [`audit_entry`]s.
pub fn open_all(writes: &mut Writes, openings: Vec<Opening>) -> Result<Vec<Complaint>, ApiError> {
    if openings.is_empty() {
        return Ok(Vec::new());
    }
    let mut models = Vec::with_capacity(openings.len());
    let mut events = Vec::with_capacity(openings.len());
    let mut opened = Vec::with_capacity(openings.len());
    for Opening { new, actor, at } in openings {
        let model = complaints::Model {
            id: Uuid::new_v4(),
            customer_id: new.customer_id,
            contact_id: new.contact_id,
            request_id: new.request_id,
            summary: new.summary.trim().to_owned(),
            details: new.details.trim().to_owned(),
            status: Status::Received,
            promised_by: new.promised_by,
            responsible_department: None,
            cause: None,
            solution: None,
            approved_by: None,
            approved_at: None,
            resolved_at: None,
            revisited_at: None,
            satisfaction: None,
            created_by: actor,
            version: 1,
            created_at: at,
            updated_at: at,
        };
        let complaint = complaint_from_model(model.clone(), at)?;
        let promise = serde_json::json!({
            "status": complaint.status,
            "promised_by": complaint.promised_by,
        });
        events.push(event(
            &model,
            actor,
            EventKind::Received,
            None,
            Some(promise),
        ));
        models.push(complaints::ActiveModel::from(model));
        opened.push(complaint);
    }
    writes.push(complaints::Entity::insert_many(models).into_query());
    writes.push(complaint_events::Entity::insert_many(events).into_query());
    Ok(opened)
}

/// The audit entry of a complaint just opened by `actor`.
pub fn audit_entry(complaint: &Complaint, actor: Uuid) -> Entry<'static> {
    Entry::created(
        Some(actor),
        "complaint.create",
        "complaint",
        complaint.id,
        &complaint,
    )
}

async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<complaints::Model, ApiError> {
    crate::db::unique(conn, complaints::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound(msg!("complaint")))
}

async fn detail(
    conn: &impl ConnectionTrait,
    complaint: Complaint,
) -> Result<ComplaintDetail, ApiError> {
    let events = complaint_events::Entity::find()
        .filter(complaint_events::Column::ComplaintId.eq(complaint.id))
        .order_by_asc(complaint_events::Column::Version)
        .all(conn)
        .await?;
    Ok(ComplaintDetail {
        complaint,
        timeline: events
            .into_iter()
            .map(event_from_model)
            .collect::<Result<_, _>>()?,
    })
}

/// The timeline entry for the version `complaint` is now at.
fn event(
    complaint: &complaints::Model,
    actor: Uuid,
    kind: EventKind,
    before: Option<Value>,
    after: Option<Value>,
) -> complaint_events::ActiveModel {
    complaint_events::ActiveModel {
        id: Set(Uuid::new_v4()),
        complaint_id: Set(complaint.id),
        version: Set(complaint.version),
        at: Set(complaint.updated_at),
        actor_id: Set(actor),
        kind: Set(kind),
        before: Set(before),
        after: Set(after),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The overdue are read from the index of open complaints in the
    /// list's order: a page reads a page of entries, however many closed
    /// complaints are past their promise.
    #[tokio::test]
    async fn the_overdue_are_read_in_order_from_the_open_ones_index() {
        let now: DateTime<Utc> = "2025-03-05T06:00:00Z".parse().unwrap();
        let (db, _) = crate::test_fixtures::database_with_desk_user(now).await;
        let filter = serde_json::from_value(serde_json::json!({ "overdue": true })).unwrap();
        let (query, keyset) = listed(&filter, now);
        let index = "ix_complaints_open_promised_by_id";
        crate::test_fixtures::assert_read_in_order(&db, keyset.order(query), index).await;
    }
}
