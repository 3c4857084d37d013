//! `/api/v1/customers`: the customer registry (SPEC section 2): register,
//! review by a second person, edit with a version, archive, list and search,
//! and the routine-visit due list by tier cadence.

use chrono::{DateTime, Utc};
use rapport_domain::customer::Tier;
use rapport_domain::org::Role;
use rapport_domain::visits::next_routine_visit;
use rapport_entity::{customers, users};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use rapport_types::customers::Customer;

use crate::audit::{self, Entry};
use crate::auth::Caller;
use crate::codes::{decode, encode};
use crate::error::ApiError;

/// The customer a stored row describes; the next routine visit is counted in `tz`.
pub fn customer_from_model(
    model: customers::Model,
    tz: chrono_tz::Tz,
) -> Result<Customer, ApiError> {
    let tier: Tier = decode("customers.tier", &model.tier)?;
    let created_at: DateTime<Utc> = model.created_at;
    let registered_on = created_at.with_timezone(&tz).date_naive();
    Ok(Customer {
        id: model.id,
        name: model.name,
        industry: model.industry,
        address: model.address,
        stage: decode("customers.stage", &model.stage)?,
        tier,
        account_manager_id: model.account_manager_id,
        preferred_channel: decode("customers.preferred_channel", &model.preferred_channel)?,
        verification: decode("customers.verification", &model.verification)?,
        rejection_reason: model.rejection_reason,
        registered_by: model.registered_by,
        reviewed_by: model.reviewed_by,
        reviewed_at: model.reviewed_at,
        last_routine_visit_on: model.last_routine_visit_on,
        next_routine_visit_on: next_routine_visit(tier, model.last_routine_visit_on, registered_on),
        archived_at: model.archived_at,
        version: model.version,
        created_at,
        updated_at: model.updated_at,
    })
}

/// `q` as the tail of a phone number: 4 to 11 digits.
pub fn phone_tail(q: Option<&str>) -> Option<&str> {
    let q = q?.trim();
    ((4..=11).contains(&q.len()) && q.bytes().all(|b| b.is_ascii_digit())).then_some(q)
}

/// The organisation's time zone: "today" and registration dates are read in it.
pub const ORG_TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

/// Records on the customer a routine visit made at `at` (its date in the
/// organisation's zone), which restarts the tier cadence; a later visit
/// already recorded stays.
pub async fn record_routine_visit(
    conn: &impl ConnectionTrait,
    customer_id: Uuid,
    at: DateTime<Utc>,
) -> Result<(), ApiError> {
    let day = at.with_timezone(&ORG_TZ).date_naive();
    customers::Entity::update_many()
        .col_expr(customers::Column::LastRoutineVisitOn, Expr::value(day))
        .col_expr(
            customers::Column::Version,
            Expr::col(customers::Column::Version).add(1),
        )
        .col_expr(customers::Column::UpdatedAt, Expr::value(at))
        .filter(customers::Column::Id.eq(customer_id))
        .filter(
            Condition::any()
                .add(customers::Column::LastRoutineVisitOn.is_null())
                .add(customers::Column::LastRoutineVisitOn.lt(day)),
        )
        .exec(conn)
        .await?;
    Ok(())
}

/// The account manager named on a customer must be an active account manager.
pub async fn check_account_manager(conn: &impl ConnectionTrait, id: Uuid) -> Result<(), ApiError> {
    let user = crate::db::unique(conn, users::Entity::find_by_id(id)).await?;
    match user {
        Some(user) if user.active && user.role == encode(&Role::AccountManager) => Ok(()),
        _ => Err(ApiError::field(
            "account_manager_id",
            "must be an active account manager",
        )),
    }
}

/// Loads a customer, archived or not.
pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<customers::Model, ApiError> {
    crate::db::unique(conn, customers::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound("customer"))
}

pub fn check_editable(current: &customers::Model, version: i32) -> Result<(), ApiError> {
    if current.archived_at.is_some() {
        return Err(ApiError::conflict("archived", "this customer is archived"));
    }
    crate::db::expect_version(current.version, version)?;
    Ok(())
}

pub async fn save(
    txn: &impl ConnectionTrait,
    mut model: customers::ActiveModel,
    version: i32,
    now: DateTime<Utc>,
) -> Result<Customer, ApiError> {
    model.updated_at = Set(now);
    let saved =
        crate::db::update_versioned(txn, model, customers::Column::Version, version).await?;
    customer_from_model(saved, ORG_TZ)
}

pub async fn record_change(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    action: &str,
    before: &Customer,
    after: &Customer,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    audit::record(
        txn,
        now,
        Entry::changed(
            Some(caller.id),
            action,
            "customer",
            after.id,
            &before,
            &after,
        ),
    )
    .await
}
