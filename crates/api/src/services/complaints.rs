//! `/api/v1/complaints`: customer complaints (投诉, SPEC section 7), moved
//! through `lifecycle::complaint`. Every change is written three times in one
//! transaction: the row (versioned), an entry on the complaint's own
//! timeline, and the audit log. [`open`] is also how service-request intake
//! files a complaint inside its own transaction.

use chrono::{DateTime, Utc};
use rapport_domain::lifecycle::complaint::{Action as Step, Status};
use rapport_domain::org::Department;
use rapport_domain::visits::Satisfaction;
use rapport_entity::{complaint_events, complaints, customers, service_requests};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QueryTrait, Set,
};
use serde_json::{Map, Value};
use uuid::Uuid;

use rapport_types::complaints::{
    Complaint, ComplaintDetail, ComplaintEvent, ComplaintTransition, EventKind, NewComplaint,
};

use crate::audit::{self, Entry};
use crate::auth::Action;
use crate::codes::{decode, encode};
use crate::error::ApiError;
use crate::error::non_blank;
use crate::writes::Writes;

/// The API's view of a stored complaint; `now` decides whether it is overdue.
pub fn complaint_from_model(
    model: complaints::Model,
    now: DateTime<Utc>,
) -> Result<Complaint, ApiError> {
    let status: Status = decode("complaints.status", &model.status)?;
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
        contact_id: model.contact_id,
        request_id: model.request_id,
        summary: model.summary,
        details: model.details,
        status,
        promised_by: model.promised_by,
        overdue: status.is_open() && model.promised_by < now,
        responsible_department: model
            .responsible_department
            .as_deref()
            .map(|code| decode("complaints.responsible_department", code))
            .transpose()?,
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
pub fn complaint_event_from_model(
    model: complaint_events::Model,
) -> Result<ComplaintEvent, ApiError> {
    Ok(ComplaintEvent {
        id: model.id,
        version: model.version,
        at: model.at,
        actor_id: model.actor_id,
        kind: decode("complaint_events.kind", &model.kind)?,
        before: model.before,
        after: model.after,
    })
}

/// The references and the promise of a complaint taken over the API (the
/// body's own rules were checked by the extractor).
pub async fn check(
    conn: &impl ConnectionTrait,
    new: &NewComplaint,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    non_blank("summary", &new.summary)?;
    if new.promised_by <= now {
        return Err(ApiError::field("promised_by", "must be after now"));
    }
    let customer = crate::db::unique(conn, customers::Entity::find_by_id(new.customer_id))
        .await?
        .ok_or_else(|| ApiError::field("customer_id", "no such customer"))?;
    if customer.archived_at.is_some() {
        return Err(ApiError::conflict("archived", "this customer is archived"));
    }
    if let Some(contact_id) = new.contact_id {
        crate::services::contacts::of_customer(conn, "contact_id", customer.id, contact_id).await?;
    }
    if let Some(request_id) = new.request_id {
        crate::db::unique(conn, service_requests::Entity::find_by_id(request_id))
            .await?
            .filter(|request| request.customer_id == customer.id)
            .ok_or_else(|| {
                ApiError::field("request_id", "must be a service request of this customer")
            })?;
    }
    Ok(())
}

/// Stores a checked complaint as `received`, with its first timeline entry
/// and the audit entry, on `conn`, for the HTTP handler after `check`.
pub async fn open(
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
            status: Status::Received.code().to_owned(),
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

pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<complaints::Model, ApiError> {
    crate::db::unique(conn, complaints::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound("complaint"))
}

pub async fn detail(
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
            .map(complaint_event_from_model)
            .collect::<Result<_, _>>()?,
    })
}

/// Managers decide on a proposed solution; the service desk does the rest.
pub fn permission(step: Step) -> Action {
    match step {
        Step::Approve | Step::RejectSolution => Action::ApproveComplaints,
        Step::Investigate | Step::ProposeSolution | Step::Resolve | Step::Revisit => {
            Action::WriteComplaints
        }
    }
}

/// A transition's fields, checked against its action.
pub enum Change {
    Investigate {
        department: Department,
        cause: Option<String>,
    },
    ProposeSolution {
        solution: String,
        cause: Option<String>,
    },
    RejectSolution {
        reason: String,
    },
    Approve,
    Resolve,
    Revisit {
        satisfaction: Satisfaction,
        note: Option<String>,
    },
}

impl Change {
    /// Writes the change into `model`; returns what was said that has no
    /// column (a rejection reason, a visit note), for the timeline.
    pub fn apply(
        self,
        model: &mut complaints::ActiveModel,
        actor: Uuid,
        now: DateTime<Utc>,
    ) -> Map<String, Value> {
        let mut said = Map::new();
        match self {
            Change::Investigate { department, cause } => {
                model.responsible_department = Set(Some(encode(&department)));
                if cause.is_some() {
                    model.cause = Set(cause);
                }
            }
            Change::ProposeSolution { solution, cause } => {
                model.solution = Set(Some(solution));
                if cause.is_some() {
                    model.cause = Set(cause);
                }
            }
            Change::RejectSolution { reason } => {
                // The rejected solution stays on the timeline, not on the complaint.
                model.solution = Set(None);
                said.insert("reason".to_owned(), Value::String(reason));
            }
            Change::Approve => {
                model.approved_by = Set(Some(actor));
                model.approved_at = Set(Some(now));
            }
            Change::Resolve => model.resolved_at = Set(Some(now)),
            Change::Revisit { satisfaction, note } => {
                model.satisfaction = Set(Some(i16::from(satisfaction.value())));
                model.revisited_at = Set(Some(now));
                if let Some(note) = note {
                    said.insert("note".to_owned(), Value::String(note));
                }
            }
        }
        said
    }
}

/// The fields each action records: (required, optional).
pub fn fields_of(step: Step) -> (&'static [&'static str], &'static [&'static str]) {
    match step {
        Step::Investigate => (&["responsible_department"], &["cause"]),
        Step::ProposeSolution => (&["solution"], &["cause"]),
        Step::RejectSolution => (&["reason"], &[]),
        Step::Approve | Step::Resolve => (&[], &[]),
        Step::Revisit => (&["satisfaction"], &["note"]),
    }
}

/// Each action takes exactly the fields it records, and required text is not blank.
pub fn check_step_fields(step: &ComplaintTransition) -> Result<Change, ApiError> {
    let code = step.action.code();
    let (required, optional) = fields_of(step.action);
    let given = [
        (
            "responsible_department",
            step.responsible_department.is_some(),
        ),
        ("cause", step.cause.is_some()),
        ("solution", step.solution.is_some()),
        ("reason", step.reason.is_some()),
        ("satisfaction", step.satisfaction.is_some()),
        ("note", step.note.is_some()),
    ];
    crate::error::exact_fields(code, required, optional, &given)?;
    let text = |field: &str, value: &Option<String>| -> Result<Option<String>, ApiError> {
        value.as_deref().map(|v| non_blank(field, v)).transpose()
    };
    let needed = |field: &str, value: &Option<String>| -> Result<String, ApiError> {
        text(field, value)?
            .ok_or_else(|| ApiError::field(field, format!("is required to `{code}`")))
    };
    Ok(match step.action {
        Step::Investigate => Change::Investigate {
            department: step.responsible_department.ok_or_else(|| {
                ApiError::field("responsible_department", format!("is required to `{code}`"))
            })?,
            cause: text("cause", &step.cause)?,
        },
        Step::ProposeSolution => Change::ProposeSolution {
            solution: needed("solution", &step.solution)?,
            cause: text("cause", &step.cause)?,
        },
        Step::RejectSolution => Change::RejectSolution {
            reason: needed("reason", &step.reason)?,
        },
        Step::Approve => Change::Approve,
        Step::Resolve => Change::Resolve,
        Step::Revisit => Change::Revisit {
            satisfaction: step
                .satisfaction
                .and_then(|score| u8::try_from(score).ok())
                .and_then(|score| Satisfaction::new(score).ok())
                .ok_or_else(|| ApiError::field("satisfaction", "must be between 1 and 5"))?,
            note: text("note", &step.note)?,
        },
    })
}

/// Appends the timeline entry for the version `complaint` is now at.
pub async fn record_event(
    conn: &impl ConnectionTrait,
    complaint: &complaints::Model,
    actor: Uuid,
    kind: EventKind,
    before: Option<Value>,
    after: Option<Value>,
) -> Result<(), ApiError> {
    event(complaint, actor, kind, before, after)
        .insert(conn)
        .await?;
    Ok(())
}

/// The timeline entry for the version `complaint` is now at.
pub fn event(
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
        kind: Set(encode(&kind)),
        before: Set(before),
        after: Set(after),
    }
}
