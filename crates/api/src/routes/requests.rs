//! `/api/v1/requests`: service requests (服务请求, SPEC section 4): intake
//! with numbering, the contract check, routing and SLA clocks in one
//! transaction; reading one with its timeline and clocks; the filtered list.
//!
//! The rules themselves (routing, SLA deadlines, states) live in the domain
//! crate; this module only gathers the facts they need and stores results.

use std::collections::{BTreeMap, BTreeSet};

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Datelike, Utc};
use rapport_domain::calendar::BusinessCalendar;
use rapport_domain::customer::Tier;
use rapport_domain::lifecycle::contract::Status as ContractStatus;
use rapport_domain::lifecycle::request::Status;
use rapport_domain::org::Department;
use rapport_domain::request::{Category, IntakeChannel, Priority, ProductKind, WorkType};
use rapport_domain::routing::{
    Candidate, DecidedBy, OpenLoad, RequestFacts, choose_assignee, route,
};
use rapport_domain::sla::{self, ClockSpec, SlaStatus, SlaTarget};
use rapport_entity::{
    contacts, contracts, customers, request_events, request_sla, service_requests, users,
};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

use crate::audit::{self, Entry};
use crate::auth::{Action, Caller};
use crate::codes::{decode, encode};
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::idempotency::{self, Created};
use crate::pagination::{PageQuery, Paged};
use crate::routes::orders::products::non_blank;
use crate::service_desk;
use crate::state::AppState;

/// Registers the request routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(create).service(list).service(get_one);
}

/// Why a request went to its department and person.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RoutingReason {
    /// The routing rule that matched (none: no rule matched, the service desk takes it).
    pub rule: Option<String>,
    /// The department the request went to.
    pub department: Department,
    /// How the assignee was chosen; none when nobody was available.
    pub decided_by: Option<DecidedBy>,
    /// The assignee's open requests by priority when chosen.
    pub load: Option<OpenLoad>,
    /// That load weighted urgent 3, important 2, routine 1.
    pub weighted_load: Option<u64>,
    /// How many people of the department could have taken it.
    pub eligible_count: usize,
}

/// A service request as lists show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceRequest {
    /// The request's id.
    pub id: Uuid,
    /// `SR-<year>-<000001>`, gapless per year.
    pub number: String,
    /// The customer.
    pub customer_id: Uuid,
    /// The customer's contact who raised it.
    pub contact_id: Option<Uuid>,
    /// How it came in.
    pub channel: IntakeChannel,
    /// What kind of request it is.
    pub category: Category,
    /// Software or hardware.
    pub product_kind: ProductKind,
    /// Maintenance or implementation.
    pub work_type: WorkType,
    /// Urgent, important or routine.
    pub priority: Priority,
    /// Short summary.
    pub title: String,
    /// What the customer reported.
    pub description: String,
    /// Where the request stands.
    pub status: Status,
    /// True when no contract covered it at intake: the work is charged.
    pub billable: bool,
    /// The contract in force that covers it.
    pub contract_id: Option<Uuid>,
    /// The department it was routed to.
    pub department: Department,
    /// The person working on it.
    pub assignee_id: Option<Uuid>,
    /// Why it went where it went.
    pub routing_reason: RoutingReason,
    /// Since when it waits on the customer (clocks stopped).
    pub paused_since: Option<DateTime<Utc>>,
    /// Who took it in.
    pub created_by: Uuid,
    /// Send back on update.
    pub version: i32,
    /// When taken in.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

impl ServiceRequest {
    fn from_model(model: service_requests::Model) -> Result<ServiceRequest, ApiError> {
        let status = Status::from_code(&model.status).ok_or_else(|| {
            ApiError::internal(
                format!("reading the status of request {}", model.number),
                UnknownCode(model.status.clone()),
            )
        })?;
        let routing_reason = serde_json::from_value(model.routing_reason).map_err(|error| {
            ApiError::internal(
                format!("reading the routing reason of request {}", model.number),
                error,
            )
        })?;
        Ok(ServiceRequest {
            id: model.id,
            customer_id: model.customer_id,
            contact_id: model.contact_id,
            channel: decode("service_requests.channel", &model.channel)?,
            category: decode("service_requests.category", &model.category)?,
            product_kind: decode("service_requests.product_kind", &model.product_kind)?,
            work_type: decode("service_requests.work_type", &model.work_type)?,
            priority: decode("service_requests.priority", &model.priority)?,
            title: model.title,
            description: model.description,
            status,
            billable: model.billable,
            contract_id: model.contract_id,
            department: decode("service_requests.department", &model.department)?,
            assignee_id: model.assignee_id,
            routing_reason,
            paused_since: model.paused_since,
            created_by: model.created_by,
            version: model.version,
            created_at: model.created_at,
            updated_at: model.updated_at,
            number: model.number,
        })
    }
}

/// A stored code no variant matches.
#[derive(Debug, thiserror::Error)]
#[error("unknown code {0:?}")]
struct UnknownCode(String);

/// One SLA target of a request, measured at the server's clock.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlaClock {
    /// Which target.
    pub target: SlaTarget,
    /// The clock it is measured by.
    pub clock: ClockSpec,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it falls due.
    pub deadline: DateTime<Utc>,
    /// When its milestone happened.
    pub met_at: Option<DateTime<Utc>>,
    /// Running, at risk (under 20% left), met or breached.
    pub status: SlaStatus,
    /// Seconds left until the deadline, in the clock's own time (business
    /// time for business-hour and working-day clocks); 0 once passed.
    pub time_left_seconds: i64,
}

/// One entry of a request's timeline (never rewritten).
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEvent {
    /// When.
    pub at: DateTime<Utc>,
    /// Who (none for the system).
    pub actor_id: Option<Uuid>,
    /// What happened: `created`, `assigned`, ...
    pub kind: String,
    /// The changed fields before.
    pub before: Option<serde_json::Value>,
    /// The changed fields after.
    pub after: Option<serde_json::Value>,
}

/// A service request with its SLA clocks and timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceRequestDetail {
    /// The request.
    #[serde(flatten)]
    pub request: ServiceRequest,
    /// Its SLA targets.
    pub sla: Vec<SlaClock>,
    /// What happened to it, oldest first.
    pub timeline: Vec<TimelineEvent>,
}

/// A request being taken in.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRequest {
    /// The customer.
    pub customer_id: Uuid,
    /// A contact of that customer.
    pub contact_id: Option<Uuid>,
    /// How it came in.
    pub channel: IntakeChannel,
    /// What kind of request it is.
    pub category: Category,
    /// Software or hardware.
    pub product_kind: ProductKind,
    /// Maintenance or implementation.
    pub work_type: WorkType,
    /// Urgent, important or routine.
    pub priority: Priority,
    /// Short summary.
    #[validate(length(min = 1, max = 200))]
    pub title: String,
    /// What the customer reported.
    #[serde(default)]
    #[validate(length(max = 10000))]
    pub description: String,
}

/// Filters for the request list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestFilter {
    /// Only this status.
    pub status: Option<Status>,
    /// Only this priority.
    pub priority: Option<Priority>,
    /// Only this department.
    pub department: Option<Department>,
    /// Only requests assigned to this person.
    pub assignee_id: Option<Uuid>,
    /// Only this customer's requests.
    pub customer_id: Option<Uuid>,
    /// Only requests assigned to the caller.
    pub mine: Option<bool>,
    /// Text search in title and number.
    pub q: Option<String>,
}

/// Take in a service request: numbered, checked against the customer's
/// contracts, routed and assigned, with its SLA clocks started.
#[utoipa::path(
    tag = "requests",
    security(("bearer" = [])),
    request_body = NewRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retrying with the same key returns the first response")),
    responses(
        (status = 201, description = "Taken in", body = ServiceRequestDetail),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not take in requests", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/requests")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    body: Json<NewRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteRequests)?;
    let new = body.0;
    let title = non_blank("title", &new.title)?;
    idempotency::once(&state, caller.id, &request, || async {
        let now = state.clock.now();
        let calendar = service_desk::calendar();
        let today = calendar.local_date(now);
        let txn = state.db.begin().await?;
        // First statement: on SQLite it takes the write lock, so the reads
        // below see every earlier intake (loads, numbers) and none races.
        let seq = service_desk::next_number(&txn, today.year()).await?;
        let customer = customers::Entity::find_by_id(new.customer_id)
            .one(&txn)
            .await?
            .filter(|customer| customer.archived_at.is_none())
            .ok_or_else(|| ApiError::field("customer_id", "must be an existing customer"))?;
        if let Some(contact_id) = new.contact_id {
            let contact = contacts::Entity::find_by_id(contact_id).one(&txn).await?;
            if !contact.is_some_and(|contact| contact.customer_id == customer.id) {
                return Err(ApiError::field(
                    "contact_id",
                    "must be a contact of the customer",
                ));
            }
        }
        let contract = contract_in_force(&txn, customer.id, today).await?;
        let tier: Tier = decode("customers.tier", &customer.tier)?;
        let facts = RequestFacts {
            category: new.category,
            product_kind: new.product_kind,
            tier,
            priority: new.priority,
            title: title.clone(),
        };
        let matched = route(&service_desk::routing_rules(), &facts);
        let (rule, department, skills) = match matched {
            Some(m) => (Some(m.rule_name), m.department, m.required_skills),
            None => (None, Department::Service, BTreeSet::new()),
        };
        let candidates = candidates(&txn, department).await?;
        let assignment = choose_assignee(&candidates, department, &skills);
        let eligible_count = candidates
            .iter()
            .filter(|c| c.active && c.department == department && skills.is_subset(&c.skills))
            .count();
        let reason = RoutingReason {
            rule,
            department,
            decided_by: assignment.as_ref().map(|a| a.reason.decided_by),
            load: assignment.as_ref().map(|a| a.reason.load),
            weighted_load: assignment.as_ref().map(|a| a.reason.weighted_load),
            eligible_count,
        };
        let assignee = assignment.map(|a| a.assignee);
        let status = if assignee.is_some() {
            Status::Assigned
        } else {
            Status::New
        };
        let id = Uuid::new_v4();
        let model = service_requests::ActiveModel {
            id: Set(id),
            number: Set(service_desk::format_number(today.year(), seq)),
            year: Set(today.year()),
            seq: Set(seq),
            customer_id: Set(customer.id),
            contact_id: Set(new.contact_id),
            channel: Set(encode(&new.channel)),
            category: Set(encode(&new.category)),
            product_kind: Set(encode(&new.product_kind)),
            work_type: Set(encode(&new.work_type)),
            priority: Set(encode(&new.priority)),
            title: Set(title.clone()),
            description: Set(new.description.trim().to_owned()),
            status: Set(status.code().to_owned()),
            billable: Set(contract.is_none()),
            contract_id: Set(contract.as_ref().map(|c| c.id)),
            department: Set(department.code().to_owned()),
            assignee_id: Set(assignee),
            routing_reason: Set(to_json(&reason)?),
            paused_since: Set(None),
            created_by: Set(caller.id),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;

        let policy = service_desk::sla_policy();
        let mut targets = vec![
            SlaTarget::response_target(new.priority),
            SlaTarget::resolution_target(new.work_type),
        ];
        if assignee.is_some() {
            targets.push(SlaTarget::CallBack);
        }
        for target in targets {
            let clock = policy.clock(target);
            let deadline = sla::deadline(&calendar, now, clock, &[]).map_err(|error| {
                ApiError::internal(format!("computing the {target:?} deadline"), error)
            })?;
            request_sla::ActiveModel {
                request_id: Set(id),
                target: Set(encode(&target)),
                clock: Set(to_json(&ClockSpec::from(clock))?),
                started_at: Set(now),
                deadline: Set(deadline),
                met_at: Set(None),
            }
            .insert(&txn)
            .await?;
        }

        let created = ServiceRequest::from_model(model)?;
        append_event(&txn, id, now, caller.id, "created", None, Some(to_json(&created)?))
            .await?;
        if let Some(assignee) = assignee {
            let user = users::Entity::find_by_id(assignee)
                .one(&txn)
                .await?
                .ok_or(ApiError::NotFound("user"))?;
            let mut user = user.into_active_model();
            user.last_assigned_at = Set(Some(now));
            user.update(&txn).await?;
            let after = serde_json::json!({
                "status": Status::Assigned,
                "assignee_id": assignee,
                "routing_reason": &created.routing_reason,
            });
            let before = serde_json::json!({"status": Status::New, "assignee_id": null});
            append_event(&txn, id, now, caller.id, "assigned", Some(before), Some(after))
                .await?;
        }
        audit::record(
            &txn,
            now,
            Entry {
                actor: Some(caller.id),
                action: "request.create",
                entity_type: "request",
                entity_id: id.to_string(),
                before: None,
                after: serde_json::to_value(&created).ok(),
            },
        )
        .await?;
        let detail = detail(&txn, created, &calendar, now).await?;
        txn.commit().await?;
        Ok(Created::of(&detail))
    })
    .await
}

fn to_json(value: &impl Serialize) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(value)
        .map_err(|error| ApiError::internal("writing a request field as JSON", error))
}

/// The customer's contract in force on `day` (signed, invoiced or paid, its
/// period containing the day); the one running longest wins.
async fn contract_in_force(
    conn: &impl ConnectionTrait,
    customer_id: Uuid,
    day: chrono::NaiveDate,
) -> Result<Option<contracts::Model>, ApiError> {
    let in_force: Vec<&str> = ContractStatus::ALL
        .into_iter()
        .filter(|status| status.is_in_force())
        .map(ContractStatus::code)
        .collect();
    Ok(contracts::Entity::find()
        .filter(contracts::Column::CustomerId.eq(customer_id))
        .filter(contracts::Column::Status.is_in(in_force))
        .filter(contracts::Column::PeriodStart.lte(day))
        .filter(contracts::Column::PeriodEnd.gte(day))
        .order_by_desc(contracts::Column::PeriodEnd)
        .order_by_asc(contracts::Column::Id)
        .one(conn)
        .await?)
}

/// The active members of `department` with their open load.
async fn candidates(
    conn: &impl ConnectionTrait,
    department: Department,
) -> Result<Vec<Candidate<Uuid>>, ApiError> {
    let members = users::Entity::find()
        .filter(users::Column::Department.eq(department.code()))
        .filter(users::Column::Active.eq(true))
        .all(conn)
        .await?;
    let open: Vec<&str> = Status::ALL
        .into_iter()
        .filter(|status| status.is_open())
        .map(Status::code)
        .collect();
    let assigned: Vec<(Option<Uuid>, String)> = service_requests::Entity::find()
        .select_only()
        .column(service_requests::Column::AssigneeId)
        .column(service_requests::Column::Priority)
        .filter(service_requests::Column::Status.is_in(open))
        .filter(service_requests::Column::AssigneeId.is_in(members.iter().map(|m| m.id)))
        .into_tuple()
        .all(conn)
        .await?;
    let mut loads: BTreeMap<Uuid, OpenLoad> = BTreeMap::new();
    for (assignee, priority) in assigned {
        if let Some(assignee) = assignee {
            let priority: Priority = decode("service_requests.priority", &priority)?;
            loads.entry(assignee).or_default().add(priority);
        }
    }
    Ok(members
        .into_iter()
        .map(|member| Candidate {
            id: member.id,
            active: member.active,
            department,
            skills: serde_json::from_value(member.skills).unwrap_or_default(),
            open_load: loads.get(&member.id).copied().unwrap_or_default(),
            last_assigned_at: member.last_assigned_at,
        })
        .collect())
}

async fn append_event(
    conn: &impl ConnectionTrait,
    request_id: Uuid,
    at: DateTime<Utc>,
    actor: Uuid,
    kind: &str,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), ApiError> {
    request_events::ActiveModel {
        id: Set(Uuid::new_v4()),
        request_id: Set(request_id),
        at: Set(at),
        actor_id: Set(Some(actor)),
        kind: Set(kind.to_owned()),
        before: Set(before),
        after: Set(after),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// The request with its clocks measured at `now` and its timeline.
async fn detail(
    conn: &impl ConnectionTrait,
    request: ServiceRequest,
    calendar: &BusinessCalendar,
    now: DateTime<Utc>,
) -> Result<ServiceRequestDetail, ApiError> {
    // A paused request's clocks stand still where the pause began.
    let measured_at = request.paused_since.unwrap_or(now);
    let rows = request_sla::Entity::find()
        .filter(request_sla::Column::RequestId.eq(request.id))
        .all(conn)
        .await?;
    let mut clocks = Vec::with_capacity(rows.len());
    for row in rows {
        let target: SlaTarget = decode("request_sla.target", &row.target)?;
        let clock: ClockSpec = serde_json::from_value(row.clock).map_err(|error| {
            ApiError::internal(format!("reading the clock of {}", row.target), error)
        })?;
        let status = sla::status(
            calendar,
            clock.kind,
            row.started_at,
            row.deadline,
            row.met_at,
            measured_at,
        );
        let left = sla::time_left(calendar, clock.kind, row.deadline, measured_at);
        clocks.push(SlaClock {
            target,
            clock,
            started_at: row.started_at,
            deadline: row.deadline,
            met_at: row.met_at,
            status,
            time_left_seconds: Ord::max(left.num_seconds(), 0),
        });
    }
    clocks.sort_by_key(|clock| clock.target);
    let timeline = request_events::Entity::find()
        .filter(request_events::Column::RequestId.eq(request.id))
        .order_by_asc(request_events::Column::At)
        .order_by_asc(request_events::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|event| TimelineEvent {
            at: event.at,
            actor_id: event.actor_id,
            kind: event.kind,
            before: event.before,
            after: event.after,
        })
        .collect();
    Ok(ServiceRequestDetail {
        request,
        sla: clocks,
        timeline,
    })
}

/// A service request with its SLA clocks (measured now) and timeline.
#[utoipa::path(
    tag = "requests",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The request's id")),
    responses(
        (status = 200, description = "The request", body = ServiceRequestDetail),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not read requests", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/requests/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadRequests)?;
    let model = service_requests::Entity::find_by_id(*id)
        .one(&state.db)
        .await?
        .ok_or(ApiError::NotFound("request"))?;
    let request = ServiceRequest::from_model(model)?;
    let detail = detail(
        &state.db,
        request,
        &service_desk::calendar(),
        state.clock.now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// List and search service requests, newest first.
#[utoipa::path(
    tag = "requests",
    security(("bearer" = [])),
    params(PageQuery, RequestFilter),
    responses(
        (status = 200, description = "One page of requests", body = Paged<ServiceRequest>),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not read requests", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad page, limit or search text", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/requests")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    page: web::Query<PageQuery>,
    filter: web::Query<RequestFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadRequests)?;
    let page = page.into_inner().check()?;
    let mut query = service_requests::Entity::find();
    if let Some(status) = filter.status {
        query = query.filter(service_requests::Column::Status.eq(status.code()));
    }
    if let Some(priority) = &filter.priority {
        query = query.filter(service_requests::Column::Priority.eq(encode(priority)));
    }
    if let Some(department) = filter.department {
        query = query.filter(service_requests::Column::Department.eq(department.code()));
    }
    if let Some(id) = filter.assignee_id {
        query = query.filter(service_requests::Column::AssigneeId.eq(id));
    }
    if filter.mine.unwrap_or(false) {
        query = query.filter(service_requests::Column::AssigneeId.eq(caller.id));
    }
    if let Some(id) = filter.customer_id {
        query = query.filter(service_requests::Column::CustomerId.eq(id));
    }
    if let Some(text) = filter
        .q
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
    {
        if text.chars().count() > 100 {
            return Err(ApiError::field("q", "must be at most 100 characters"));
        }
        let pattern = format!("%{}%", text.to_lowercase());
        let lower =
            |column: service_requests::Column| Expr::expr(Func::lower(Expr::col(column)));
        query = query.filter(
            Condition::any()
                .add(lower(service_requests::Column::Title).like(pattern.as_str()))
                .add(lower(service_requests::Column::Number).like(pattern.as_str())),
        );
    }
    query = query
        .order_by_desc(service_requests::Column::CreatedAt)
        .order_by_desc(service_requests::Column::Number);
    let total = query.clone().count(&state.db).await?;
    let rows = query
        .offset(page.offset())
        .limit(page.limit)
        .all(&state.db)
        .await?;
    let items = rows
        .into_iter()
        .map(ServiceRequest::from_model)
        .collect::<Result<_, _>>()?;
    Ok(HttpResponse::Ok().json(Paged {
        items,
        page: page.page,
        limit: page.limit,
        total,
    }))
}
