//! The event-driven events, one function per change that causes them, each
//! called with one line from the service that makes the change, in its
//! transaction. Each reads who subscribed first: an event nobody wants is
//! not even built (no customer or contact read). The time-driven events
//! (`request.sla_*`, `complaint.overdue`, `contract.expiring`,
//! `contract.expired`) come from the scheduler through [`outbox::emit`].

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rapport_domain::lifecycle::contract::Status as ContractStatus;
use rapport_domain::lifecycle::request::Status;
use rapport_entity::contracts;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use rapport_types::complaints::Complaint;
use rapport_types::requests::ServiceRequest;
use rapport_types::webhooks::{ContactData, ContractData, Event, EventKind, VisitData};

use crate::error::ApiError;
use crate::webhooks::data;
use crate::webhooks::outbox::{self, Subscribers};
use crate::writes::Writes;

/// What an intake batch's webhook events need, read before the batch
/// takes the year's request counter (see `requests::intake`): who
/// subscribed, and, if anyone wants these events, the masked contacts of
/// the batch's requests.
#[derive(Debug)]
pub struct TakenIn {
    subscribers: Subscribers,
    contacts: BTreeMap<Uuid, ContactData>,
}

impl TakenIn {
    /// Reads the subscribers and the contacts `contact_ids` (two reads at
    /// most; one when nobody wants requests' events).
    pub async fn read(
        conn: &impl ConnectionTrait,
        contact_ids: impl IntoIterator<Item = Uuid>,
    ) -> Result<TakenIn, ApiError> {
        let subscribers = Subscribers::read(conn).await?;
        let wanted = [EventKind::RequestCreated, EventKind::RequestAssigned];
        let contacts = if wanted.into_iter().any(|kind| subscribers.want(kind)) {
            data::contacts(conn, contact_ids).await?
        } else {
            BTreeMap::new()
        };
        Ok(TakenIn {
            subscribers,
            contacts,
        })
    }

    /// The batch's requests, each with its customer's name:
    /// `request.created` for each, and `request.assigned` for each routing
    /// gave to someone, in the batch's writes (two inserts).
    pub fn write<'a>(
        self,
        writes: &mut Writes,
        requests: impl IntoIterator<Item = (&'a ServiceRequest, &'a str)>,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let created = self.subscribers.want(EventKind::RequestCreated);
        let assigned = self.subscribers.want(EventKind::RequestAssigned);
        if !created && !assigned {
            return Ok(());
        }
        let mut events = Vec::new();
        for (request, customer_name) in requests {
            let contact = request
                .contact_id
                .and_then(|id| self.contacts.get(&id).cloned());
            let told = data::request_with(request, customer_name.to_owned(), contact);
            if assigned && request.assignee_id.is_some() {
                if created {
                    events.push(Event::RequestCreated(told.clone()));
                }
                events.push(Event::RequestAssigned(told));
            } else if created {
                events.push(Event::RequestCreated(told));
            }
        }
        for insert in self.subscribers.inserts(&events, now)? {
            writes.push(insert);
        }
        Ok(())
    }
}

/// A request went from `before` to `after` by an action: `request.assigned`
/// when it has a new assignee, `request.resolved` and `request.closed` when
/// it became so.
pub async fn request_changed(
    conn: &impl ConnectionTrait,
    before: &ServiceRequest,
    after: &ServiceRequest,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let mut kinds = Vec::new();
    if after.assignee_id.is_some() && after.assignee_id != before.assignee_id {
        kinds.push(EventKind::RequestAssigned);
    }
    if after.status != before.status {
        match after.status {
            Status::Resolved => kinds.push(EventKind::RequestResolved),
            Status::Closed => kinds.push(EventKind::RequestClosed),
            _ => {}
        }
    }
    if kinds.is_empty() {
        return Ok(());
    }
    let subscribers = Subscribers::read(conn).await?;
    kinds.retain(|&kind| subscribers.want(kind));
    if kinds.is_empty() {
        return Ok(());
    }
    let told = data::request(conn, after).await?;
    let events: Vec<Event> = kinds
        .into_iter()
        .map(|kind| match kind {
            EventKind::RequestResolved => Event::RequestResolved(told.clone()),
            EventKind::RequestClosed => Event::RequestClosed(told.clone()),
            _ => Event::RequestAssigned(told.clone()),
        })
        .collect();
    let backend = conn.get_database_backend();
    for insert in subscribers.inserts(&events, now)? {
        conn.execute_raw(backend.build(&insert)).await?;
    }
    Ok(())
}

/// A return visit of `request` scored `satisfaction` (1–3): `visit.dissatisfied`.
pub async fn dissatisfied(
    conn: &impl ConnectionTrait,
    request: &ServiceRequest,
    satisfaction: u8,
    suggestions: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if !Subscribers::read(conn)
        .await?
        .want(EventKind::VisitDissatisfied)
    {
        return Ok(());
    }
    let told = data::request(conn, request).await?;
    let event = Event::VisitDissatisfied(VisitData {
        request_id: told.request_id,
        number: told.number,
        customer_id: told.customer_id,
        customer_name: told.customer_name,
        satisfaction,
        suggestions: suggestions.to_owned(),
        contact: told.contact,
    });
    outbox::emit(conn, &event, now).await
}

/// `complaint` was taken: `complaint.created`.
pub async fn complaint_created(
    conn: &impl ConnectionTrait,
    complaint: &Complaint,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if !Subscribers::read(conn)
        .await?
        .want(EventKind::ComplaintCreated)
    {
        return Ok(());
    }
    let event = Event::ComplaintCreated(data::complaint(conn, complaint).await?);
    outbox::emit(conn, &event, now).await
}

/// A contract step left `after`: `contract.signed` when it became signed.
/// (Its expiry is the scheduler's to tell.)
pub async fn contract_stepped(
    conn: &impl ConnectionTrait,
    before: ContractStatus,
    after: &contracts::Model,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let status: ContractStatus = after.status;
    if status != ContractStatus::Signed || before == ContractStatus::Signed {
        return Ok(());
    }
    if !Subscribers::read(conn)
        .await?
        .want(EventKind::ContractSigned)
    {
        return Ok(());
    }
    let event = Event::ContractSigned(contract(conn, after, after.period_end).await?);
    outbox::emit(conn, &event, now).await
}

/// `model` as its events tell it, ending `ends_on` (for `contract.expiring`,
/// the day within 30 days; otherwise its `period_end`).
pub async fn contract(
    conn: &impl ConnectionTrait,
    model: &contracts::Model,
    ends_on: chrono::NaiveDate,
) -> Result<ContractData, ApiError> {
    Ok(ContractData {
        contract_id: model.id,
        customer_id: model.customer_id,
        customer_name: data::customer_name(conn, model.customer_id).await?,
        kind: model.kind,
        status: model.status,
        period_start: model.period_start,
        period_end: model.period_end,
        ends_on,
    })
}
