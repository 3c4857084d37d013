//! Notifications: notices to users that the app shows until they are read
//! (SPEC sections 4 and 6): a declined quote of a core customer goes to the
//! account manager; a dissatisfied return visit goes to the request's
//! department and the account manager; a request taken in for a customer
//! still `pending_review` goes to the reviewers. Each is stored as its kind and
//! parameters (`Notice`), written in the transaction of the change that
//! caused it; the app says it in the reader's language.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use rapport_domain::customer::Tier;
use rapport_domain::lifecycle::request::told_of_assignment;
use rapport_domain::msg;
use rapport_domain::org::{Department, Role};
use rapport_domain::permissions::{self, Action};
use rapport_entity::{customers, notifications, users};
use sea_orm::sea_query::InsertStatement;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait, Set,
};
use uuid::Uuid;

use rapport_types::notifications::Notice;
use rapport_types::requests::ServiceRequest;

use crate::error::ApiError;

/// Sends `notice`, about `entity_type` `entity_id`, to each recipient once.
pub async fn send(
    conn: &impl ConnectionTrait,
    recipients: BTreeSet<Uuid>,
    notice: &Notice,
    about: (&str, String),
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let rows = models(&recipients, notice, about, now)?;
    if !rows.is_empty() {
        notifications::Entity::insert_many(rows)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// The insert that sends each of `notices` (each to its recipients, about
/// its `entity_type` `entity_id`) once per recipient, for a caller that
/// writes in batches ([`Writes`](crate::writes::Writes)); `None` when
/// nothing is sent.
pub fn insert<'a>(
    notices: impl IntoIterator<Item = (BTreeSet<Uuid>, Notice, (&'a str, String))>,
    now: DateTime<Utc>,
) -> Result<Option<InsertStatement>, ApiError> {
    let mut rows = Vec::new();
    for (recipients, notice, about) in notices {
        rows.extend(models(&recipients, &notice, about, now)?);
    }
    Ok((!rows.is_empty()).then(|| notifications::Entity::insert_many(rows).into_query()))
}

/// One row per recipient of `notice`, about `entity_type` `entity_id`.
fn models(
    recipients: &BTreeSet<Uuid>,
    notice: &Notice,
    (entity_type, entity_id): (&str, String),
    now: DateTime<Utc>,
) -> Result<Vec<notifications::ActiveModel>, ApiError> {
    let params = serde_json::to_value(notice)
        .map_err(|error| ApiError::internal("writing a notification's parameters", error))?;
    let kind = params["kind"].as_str().unwrap_or_default().to_owned();
    Ok(recipients
        .iter()
        .map(|&user| notifications::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(user),
            kind: Set(kind.clone()),
            subject: Set(String::new()),
            body: Set(String::new()),
            params: Set(Some(params.clone())),
            entity_type: Set(entity_type.to_owned()),
            entity_id: Set(entity_id.clone()),
            created_at: Set(now),
            read_at: Set(None),
        })
        .collect())
}

/// The active users whose role may review customer registrations (the
/// permission matrix's `ReviewCustomers`): told of a request taken in for
/// a customer still `pending_review`.
pub async fn reviewers(conn: &impl ConnectionTrait) -> Result<BTreeSet<Uuid>, ApiError> {
    let roles: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|&role| permissions::allows(role, Action::ReviewCustomers))
        .collect();
    Ok(users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .filter(users::Column::Role.is_in(roles))
        .filter(users::Column::Active.eq(true))
        .into_tuple::<Uuid>()
        .all(conn)
        .await?
        .into_iter()
        .collect())
}

/// The active users of `roles`, of `department` when one is given.
pub async fn with_role(
    conn: &impl ConnectionTrait,
    roles: &[Role],
    department: Option<Department>,
) -> Result<BTreeSet<Uuid>, ApiError> {
    let mut query = users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .filter(users::Column::Role.is_in(roles.iter().copied()))
        .filter(users::Column::Active.eq(true));
    if let Some(department) = department {
        query = query.filter(users::Column::Department.eq(department));
    }
    Ok(query
        .into_tuple::<Uuid>()
        .all(conn)
        .await?
        .into_iter()
        .collect())
}

/// The active assistants of each of `departments`: told of every request
/// taken in for their department (SPEC 11, seed 003: 通知各相关部门助理).
pub async fn assistants(
    conn: &impl ConnectionTrait,
    departments: BTreeSet<Department>,
) -> Result<BTreeMap<Department, BTreeSet<Uuid>>, ApiError> {
    if departments.is_empty() {
        return Ok(BTreeMap::new());
    }
    let rows: Vec<(Uuid, Department)> = users::Entity::find()
        .select_only()
        .columns([users::Column::Id, users::Column::Department])
        .filter(users::Column::Role.eq(Role::Assistant))
        .filter(users::Column::Active.eq(true))
        .filter(users::Column::Department.is_in(departments))
        .into_tuple()
        .all(conn)
        .await?;
    let mut by_department: BTreeMap<Department, BTreeSet<Uuid>> = BTreeMap::new();
    for (user, department) in rows {
        by_department.entry(department).or_default().insert(user);
    }
    Ok(by_department)
}

/// `request` was assigned by `actor`: its new assignee hears of it, unless
/// nothing changed or they assigned it to themselves.
pub async fn assigned(
    conn: &impl ConnectionTrait,
    before: Option<Uuid>,
    request: &ServiceRequest,
    actor: Uuid,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let Some(assignee) = told_of_assignment(before, request.assignee_id, actor) else {
        return Ok(());
    };
    send(
        conn,
        BTreeSet::from([assignee]),
        &Notice::Assigned {
            request_number: request.number.clone(),
            title: request.title.clone(),
            priority: request.priority,
        },
        ("request", request.id.to_string()),
        now,
    )
    .await
}

async fn customer_of(
    conn: &impl ConnectionTrait,
    request: &ServiceRequest,
) -> Result<customers::Model, ApiError> {
    crate::db::unique(conn, customers::Entity::find_by_id(request.customer_id))
        .await?
        .ok_or(ApiError::NotFound(msg!("customer")))
}

/// The customer declined the quote: a core customer's account manager hears of it.
pub async fn quote_declined(
    conn: &impl ConnectionTrait,
    request: &ServiceRequest,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let customer = customer_of(conn, request).await?;
    if customer.tier != Tier::Core {
        return Ok(());
    }
    let notice = Notice::QuoteDeclined {
        request_number: request.number.clone(),
        customer_name: customer.name,
        note: note.map(str::to_owned),
    };
    send(
        conn,
        customer.account_manager_id.into_iter().collect(),
        &notice,
        ("request", request.id.to_string()),
        now,
    )
    .await
}

/// A return visit found the customer dissatisfied: the request's department
/// and the customer's account manager get the suggestion.
pub async fn dissatisfied(
    conn: &impl ConnectionTrait,
    request: &ServiceRequest,
    satisfaction: u8,
    suggestions: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let customer = customer_of(conn, request).await?;
    let mut recipients: BTreeSet<Uuid> = users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .filter(users::Column::Department.eq(request.department))
        .filter(users::Column::Active.eq(true))
        .into_tuple::<Uuid>()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    recipients.extend(customer.account_manager_id);
    let notice = Notice::DissatisfiedVisit {
        request_number: request.number.clone(),
        customer_name: customer.name,
        satisfaction,
        suggestions: suggestions.to_owned(),
    };
    send(
        conn,
        recipients,
        &notice,
        ("request", request.id.to_string()),
        now,
    )
    .await
}
