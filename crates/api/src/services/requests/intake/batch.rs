//! What one batch of intakes writes: the numbers, the routing of each,
//! the requests with their clocks and timelines, the complaints of
//! complaint requests, the loads, the audit entries, the reviewers' notices
//! of requests for customers not yet verified and the answers stored under
//! their `Idempotency-Key`s, all in one go.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Utc};
use rapport_domain::lifecycle::request::{Status, told_of_assignment};
use rapport_domain::org::Department;
use rapport_domain::request::Category;
use rapport_domain::routing::{RequestFacts, RoutingRule};
use rapport_domain::sla::SlaTarget;
use rapport_entity::{request_events, request_sla, service_requests};
use sea_orm::sea_query::{Alias, Expr, InsertStatement, IntoIden, Query};
use sea_orm::{
    ActiveEnum, ConnectionTrait, DatabaseConnection, DatabaseTransaction, Iterable, ModelTrait,
};
use uuid::Uuid;

use rapport_types::notifications::Notice;

use super::{Intake, Written};
use crate::assignee_loads;
use crate::audit::{self, Entry};
use crate::error::ApiError;
use crate::idempotency::{Created, Key};
use crate::notify;
use crate::request_numbers;
use crate::services::complaints;
use crate::services::customers::ORG_TZ;
use crate::services::requests::stored::Children;
use crate::services::requests::{clocks, text_search};
use crate::services::requests::{
    detail_of, event, insert_events, mark_assigned, request_from_model, to_json,
};
use crate::services::routing::{self, Router};
use crate::settings;
use crate::webhooks::events::TakenIn;
use crate::writes::Writes;

/// Writes `intakes` in one transaction on `db`, in order, at `now` (who
/// hears of them read on `reader`); the transaction, to commit, and what
/// was written of each, in the same order.
pub(super) async fn write(
    db: &DatabaseConnection,
    reader: &DatabaseConnection,
    settings: &settings::Cache,
    now: DateTime<Utc>,
    intakes: &[Intake],
) -> Result<(DatabaseTransaction, Vec<Written>), ApiError> {
    // Who is told of the batch does not depend on the counter: read before
    // taking it, and not on the writer's transaction, these reads overlap
    // the previous batch's commit rather than wait for it.
    let audience = Audience::read(reader, intakes).await?;
    let txn = crate::db::begin(db).await?;
    // First statement: it takes SQLite's write lock (and the year's
    // counter row on PostgreSQL), so the reads below see every earlier
    // intake (loads, numbers) and none races this batch.
    let numbers = numbers(&txn, intakes).await?;
    let rules = routing::rules(&txn, settings).await?;
    let facts: Vec<RequestFacts> = intakes
        .iter()
        .map(Intake::facts)
        .collect::<Result<_, _>>()?;
    // Every department this batch goes to, in one read.
    let mut router = Router::default();
    router.read_for(&txn, &rules, &facts).await?;
    let mut drafts = Vec::with_capacity(intakes.len());
    for ((intake, facts), number) in intakes.iter().zip(&facts).zip(numbers) {
        drafts.push(draft(&txn, &mut router, &rules, intake, facts, number).await?);
    }
    // Everything else the batch writes, in one go (one statement on
    // PostgreSQL; see `Writes`).
    let mut writes = Writes::default();
    writes.push(insert_requests(&drafts)?);
    text_search::store(&mut writes, drafts.iter().map(|draft| &draft.model))?;
    let complaint_entries = open_complaints(&mut writes, intakes, &mut drafts)?;
    let written: Vec<Written> = drafts.into_iter().map(|draft| draft.written).collect();
    let sla: Vec<request_sla::Model> = written
        .iter()
        .flat_map(|w| w.children.sla.clone())
        .collect();
    clocks::store(&mut writes, &sla);
    let assigned: Vec<_> = written
        .iter()
        .filter_map(|w| {
            w.request
                .assignee_id
                .map(|person| (person, w.request.priority))
        })
        .collect();
    let people: Vec<Uuid> = assigned.iter().map(|(person, _)| *person).collect();
    mark_assigned(&mut writes, &people, now);
    assignee_loads::count_in(&mut writes, &assigned);
    let events: Vec<request_events::Model> = written
        .iter()
        .flat_map(|w| w.children.events.clone())
        .collect();
    insert_events(&mut writes, &events);
    let mut entries: Vec<Entry> = intakes
        .iter()
        .zip(&written)
        .map(|(intake, w)| Entry {
            actor: Some(intake.checked.caller),
            action: "request.create",
            entity_type: "request",
            entity_id: intake.id.to_string(),
            before: None,
            // The timeline's first entry holds the same record.
            after: w.children.events.first().and_then(|e| e.after.clone()),
        })
        .collect();
    entries.extend(complaint_entries);
    audit::record_all(&mut writes, now, entries);
    tell_reviewers(&mut writes, audience.reviewers, intakes, &written, now)?;
    tell_the_team(&mut writes, &audience.assistants, intakes, &written, now)?;
    let taken = intakes.iter().zip(&written);
    let taken = taken.map(|(i, w)| (&w.request, i.checked.customer.name.as_str()));
    audience.webhooks.write(&mut writes, taken, now)?;
    let answers = answers(intakes, &written)?;
    if let Some(keys) = Key::store_all(answers.iter().map(|(key, created)| (*key, created)), now) {
        writes.push(keys);
    }
    writes.execute(&txn).await?;
    Ok((txn, written))
}

/// Who hears of a batch's requests.
struct Audience {
    /// The active assistants of each department.
    assistants: BTreeMap<Department, BTreeSet<Uuid>>,
    /// Who reviews customers, read if a request of the batch is for a
    /// customer not yet verified.
    reviewers: BTreeSet<Uuid>,
    /// The webhook subscribers and what their events need.
    webhooks: TakenIn,
}

impl Audience {
    /// Reads who hears of `intakes`, wherever routing sends them: the
    /// reads go at once, each on a connection of its own, since the intake
    /// task waits for the slowest of them before it takes the counter.
    async fn read(conn: &DatabaseConnection, intakes: &[Intake]) -> Result<Audience, ApiError> {
        let unverified = intakes.iter().any(|intake| intake.checked.unverified);
        let contacts: Vec<Uuid> = intakes
            .iter()
            .filter_map(|intake| intake.checked.new.contact_id)
            .collect();
        let (assistants, reviewers, webhooks) = tokio::try_join!(
            notify::assistants(conn, Department::ALL.into()),
            async {
                if unverified {
                    notify::reviewers(conn).await
                } else {
                    Ok(BTreeSet::new())
                }
            },
            TakenIn::read(conn, contacts),
        )?;
        Ok(Audience {
            assistants,
            reviewers,
            webhooks,
        })
    }
}

/// The batch's requests in one insert, each with where its clocks stand
/// (the columns [`clocks::summarize`] keeps). At intake every target runs,
/// none is met and nothing waits, so the nearest target is what is due and
/// when the request turns breached, and the earliest at-risk instant when
/// it turns at risk (a test holds this to `summarize`). Written with the
/// row, not by `summarize` after it, which would write each new row twice
/// (on PostgreSQL in every index of the table).
fn insert_requests(drafts: &[Draft]) -> Result<InsertStatement, ApiError> {
    let columns: Vec<service_requests::Column> = service_requests::Column::iter().collect();
    let summary = [
        "sla_due",
        "sla_due_target",
        "sla_due_at_risk_from",
        "sla_at_risk_from",
        "sla_breached_from",
    ]
    .map(Alias::new);
    let mut insert = Query::insert();
    insert.into_table(service_requests::Entity).columns(
        (columns.iter().map(|column| column.into_iden()))
            .chain(summary.into_iter().map(IntoIden::into_iden)),
    );
    for draft in drafts {
        let sla = &draft.written.children.sla;
        let due = clocks::due_of(sla)?;
        let deadline = due.map(|due| due.deadline);
        let at_risk_from = sla.iter().map(|row| row.at_risk_from).min();
        let mut row: Vec<Expr> = columns
            .iter()
            .map(|&column| Expr::val(draft.model.get(column)))
            .collect();
        row.extend([
            Expr::val(deadline),
            Expr::val(due.map(|due| due.target.to_value())),
            Expr::val(due.map(|due| due.at_risk_from)),
            Expr::val(at_risk_from),
            Expr::val(deadline),
        ]);
        insert
            .values(row)
            .map_err(|error| ApiError::internal("inserting the batch's requests", error))?;
    }
    Ok(insert)
}

/// Tells `reviewers` of each request of the batch taken in for a customer
/// still `pending_review` (SPEC 2), in the batch's writes (one insert).
fn tell_reviewers(
    writes: &mut Writes,
    reviewers: BTreeSet<Uuid>,
    intakes: &[Intake],
    written: &[Written],
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let notices = intakes
        .iter()
        .zip(written)
        .filter(|(intake, _)| intake.checked.unverified)
        .map(|(intake, written)| {
            let notice = Notice::CustomerUnverified {
                request_number: written.request.number.clone(),
                customer_name: intake.checked.customer.name.clone(),
            };
            (
                reviewers.clone(),
                notice,
                ("request", intake.id.to_string()),
            )
        });
    if let Some(insert) = notify::insert(notices, now)? {
        writes.push(insert);
    }
    Ok(())
}

/// Tells of each request of the batch (SPEC 11): its assignee, if routing
/// gave it to someone other than who took it in, and the `assistants` of
/// its department; one insert, in the batch's writes.
fn tell_the_team(
    writes: &mut Writes,
    assistants: &BTreeMap<Department, BTreeSet<Uuid>>,
    intakes: &[Intake],
    written: &[Written],
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let mut notices = Vec::new();
    for (intake, written) in intakes.iter().zip(written) {
        let request = &written.request;
        let about = || ("request", request.id.to_string());
        if let Some(assignee) = told_of_assignment(None, request.assignee_id, intake.checked.caller)
        {
            let notice = Notice::Assigned {
                request_number: request.number.clone(),
                title: request.title.clone(),
                priority: request.priority,
            };
            notices.push((BTreeSet::from([assignee]), notice, about()));
        }
        if let Some(team) = assistants.get(&request.department) {
            let notice = Notice::NewRequest {
                request_number: request.number.clone(),
                title: request.title.clone(),
                priority: request.priority,
            };
            notices.push((team.clone(), notice, about()));
        }
    }
    if let Some(insert) = notify::insert(notices, now)? {
        writes.push(insert);
    }
    Ok(())
}

/// One request of a batch, built in memory before anything is written.
struct Draft {
    model: service_requests::Model,
    written: Written,
}

/// The answer of each intake with an `Idempotency-Key`, to store under it:
/// what its handler answers (`take_in`), measured at its intake.
fn answers<'a>(
    intakes: &'a [Intake],
    written: &[Written],
) -> Result<Vec<(&'a Key, Created)>, ApiError> {
    intakes
        .iter()
        .zip(written)
        .filter_map(|(intake, written)| Some((intake.keyed.as_ref()?, intake.at, written)))
        .map(|(keyed, at, written)| {
            let detail = detail_of(
                written.request.clone(),
                written.children.clone(),
                &keyed.calendar,
                at,
            )?;
            Ok((&keyed.key, Created::of(&detail)))
        })
        .collect()
}

/// Opens the complaint of each complaint request of the batch, promised by
/// its response deadline (after the requests' insert: a complaint refers to
/// its request), and notes it on the request's timeline; the complaints'
/// audit entries, to write with the batch's.
fn open_complaints(
    writes: &mut Writes,
    intakes: &[Intake],
    drafts: &mut [Draft],
) -> Result<Vec<Entry<'static>>, ApiError> {
    let complaining: Vec<usize> = (0..intakes.len())
        .filter(|&i| intakes[i].checked.new.category == Category::Complaint)
        .collect();
    let openings = complaining
        .iter()
        .map(|&i| {
            let (intake, written) = (&intakes[i], &drafts[i].written);
            let checked = &intake.checked;
            let response = SlaTarget::response_target(checked.new.priority);
            let promised_by = written
                .children
                .sla
                .iter()
                .find(|row| row.target == response)
                .ok_or_else(|| {
                    ApiError::internal(
                        "opening a complaint request's complaint",
                        std::io::Error::other("the request has no response clock"),
                    )
                })?
                .deadline;
            let new = rapport_types::complaints::NewComplaint {
                customer_id: checked.customer.id,
                contact_id: checked.new.contact_id,
                request_id: Some(intake.id),
                summary: checked.title.clone(),
                details: written.request.description.clone(),
                promised_by,
            };
            Ok(complaints::Opening {
                new,
                actor: checked.caller,
                at: intake.at,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    let opened = complaints::open_all(writes, openings)?;
    let mut entries = Vec::with_capacity(opened.len());
    for (&i, complaint) in complaining.iter().zip(&opened) {
        let intake = &intakes[i];
        let caller = intake.checked.caller;
        let after = serde_json::json!({"complaint_id": complaint.id});
        drafts[i].written.children.events.push(event(
            intake.id,
            intake.at,
            Some(caller),
            "complaint_opened",
            None,
            Some(after),
        ));
        entries.push(complaints::audit_entry(complaint, caller));
    }
    Ok(entries)
}

/// The numbers of `intakes`, in order: each from the counter of the year
/// (organisation time) it was received in; a batch spans two years only
/// around midnight on New Year's Eve.
async fn numbers(
    conn: &impl ConnectionTrait,
    intakes: &[Intake],
) -> Result<Vec<(i32, i32)>, ApiError> {
    let years: Vec<i32> = intakes
        .iter()
        .map(|intake| intake.at.with_timezone(&ORG_TZ).year())
        .collect();
    let mut counts: BTreeMap<i32, i32> = BTreeMap::new();
    for &year in &years {
        *counts.entry(year).or_default() += 1;
    }
    // Years in ascending order, so instances lock counters in one order.
    let mut next = BTreeMap::new();
    for (year, count) in counts {
        next.insert(year, request_numbers::take(conn, year, count).await?);
    }
    Ok(years
        .into_iter()
        .map(|year| {
            let seq = next.entry(year).or_default();
            *seq += 1;
            (year, *seq - 1)
        })
        .collect())
}

/// Numbers and routes one intake; in memory but for the first routing read
/// of each department.
async fn draft(
    conn: &impl ConnectionTrait,
    router: &mut Router,
    rules: &[RoutingRule],
    intake: &Intake,
    facts: &RequestFacts,
    (year, seq): (i32, i32),
) -> Result<Draft, ApiError> {
    let Intake {
        checked, id, at, ..
    } = intake;
    let (id, at, new) = (*id, *at, &checked.new);
    let routed = router.decide(conn, rules, facts, at).await?;
    let status = if routed.assignee.is_some() {
        Status::Assigned
    } else {
        Status::New
    };
    let contract = checked.contract.as_ref();
    let model = service_requests::Model {
        id,
        number: request_numbers::format(year, seq),
        year,
        seq,
        customer_id: checked.customer.id,
        customer_unverified: checked.unverified,
        contact_id: new.contact_id,
        channel: new.channel,
        category: new.category,
        product_kind: new.product_kind,
        work_type: new.work_type,
        priority: new.priority,
        title: checked.title.clone(),
        description: new.description.trim().to_owned(),
        status,
        billable: contract.is_none(),
        contract_id: contract.map(|contract| contract.id),
        calendar_name: contract.and_then(|contract| contract.calendar_name.clone()),
        department: routed.reason.department,
        assignee_id: routed.assignee,
        routing_reason: to_json(&routed.reason)?,
        paused_since: None,
        pauses: serde_json::json!([]),
        quote: None,
        resolution_method: None,
        fault_description: None,
        solution: None,
        resolved_at: None,
        closed_at: None,
        customer_signed_at: None,
        account_manager_signed_at: None,
        outstanding_issue: None,
        next_visit_at: None,
        parts: None,
        cancel_reason: None,
        created_by: checked.caller,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    let request = request_from_model(model.clone())?;
    let sla = intake
        .sla
        .iter()
        .filter(|row| routed.assignee.is_some() || row.target != SlaTarget::CallBack)
        .cloned()
        .collect();
    let mut events = vec![event(
        id,
        at,
        Some(checked.caller),
        "created",
        None,
        Some(to_json(&request)?),
    )];
    if let Some(assignee) = routed.assignee {
        let before = serde_json::json!({"status": Status::New, "assignee_id": null});
        let after = serde_json::json!({
            "status": Status::Assigned,
            "assignee_id": assignee,
            "routing_reason": &request.routing_reason,
        });
        events.push(event(
            id,
            at,
            Some(checked.caller),
            "assigned",
            Some(before),
            Some(after),
        ));
    }
    Ok(Draft {
        model,
        written: Written {
            request,
            children: Children { sla, events },
        },
    })
}
