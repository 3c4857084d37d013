//! The monthly report (SPEC section 8, seed 003: the service desk's
//! "每月维护工作相关统计报表"): a month's figures and the month before's,
//! optionally for one department or one technician.
//!
//! Every figure is an indexed range query of one month, aggregated by the
//! database (see `figures` and the migration
//! `m20261207_000001_index_monthly_report`): a month at a million requests
//! is about 40,000 of them, counted from covering indexes, so no counts
//! have to be kept up to date beside the data. Both months are read at
//! once on the reader pool.

pub mod csv;
mod figures;

use chrono::{DateTime, Utc};
use rapport_domain::msg;
use rapport_domain::org::Department;
use rapport_domain::reports::Month;
use rapport_entity::users;
use rapport_types::reports::{MonthlyReport, MonthlyReportQuery, ReportTechnician};
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::error::ApiError;
use crate::services::customers::ORG_TZ;
use crate::state::AppState;

/// Whose work a report counts.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Scope {
    /// Requests routed to this department (complaints by their responsible
    /// department, contracts by their technician's).
    pub department: Option<Department>,
    /// Requests assigned to this user (complaints through their request,
    /// contracts they maintain).
    pub technician: Option<Uuid>,
}

/// The report `query` asks for, read at the server's clock.
pub async fn monthly(
    state: &AppState,
    query: MonthlyReportQuery,
) -> Result<MonthlyReport, ApiError> {
    let now = state.clock.now();
    let conn = &state.reader;
    let month = match query.month.as_deref() {
        None => return Err(ApiError::field("month", msg!("is required (YYYY-MM)"))),
        Some(text) => {
            Month::parse(text.trim()).map_err(|e| ApiError::field("month", e.message()))?
        }
    };
    let department = query
        .department
        .as_deref()
        .map(|code| {
            serde_json::from_value::<Department>(serde_json::Value::String(code.to_owned()))
                .map_err(|_| ApiError::field("department", msg!("is not a department code")))
        })
        .transpose()?;
    let technician = match query.technician.as_deref() {
        None => None,
        Some(text) => Some(technician(conn, text).await?),
    };
    let scope = Scope {
        department,
        technician: technician.as_ref().map(|t| t.id),
    };
    let (current, previous) = tokio::try_join!(
        figures::month(conn, month, scope, now),
        figures::month(conn, month.previous(), scope, now),
    )?;
    Ok(MonthlyReport {
        month: month.to_string(),
        time_zone: ORG_TZ.name().to_owned(),
        department,
        technician,
        generated_at: now,
        current,
        previous,
    })
}

/// The user `text` names, for the technician filter.
async fn technician(conn: &impl ConnectionTrait, text: &str) -> Result<ReportTechnician, ApiError> {
    let id = Uuid::parse_str(text.trim())
        .map_err(|_| ApiError::field("technician", msg!("must be a user id (UUID)")))?;
    let user = users::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| ApiError::field("technician", msg!("no such user")))?;
    Ok(ReportTechnician {
        id,
        name: user.display_name,
    })
}

/// The instants of `month` in the organisation's zone.
pub(crate) fn instants(month: Month) -> (DateTime<Utc>, DateTime<Utc>) {
    month.instants(&ORG_TZ)
}
