//! What the jobs announced, once each: the key (kind, subject, occasion)
//! of `scheduled_occurrences` refuses a second row, and the row is written
//! in the transaction of the announcement, so neither happens without the
//! other.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rapport_entity::scheduled_occurrences::{self, Column, Entity};
use sea_orm::sea_query::{Expr, ExprTrait, IntoColumnRef, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use uuid::Uuid;

use crate::error::ApiError;

/// Records that `kind` is announced for `occasion` of `subject` at `now`,
/// in the caller's transaction; false when it was before (by this run, an
/// earlier one, or another instance that got there first). An
/// announcement recorded before `since` does not count: the occasion
/// began again since (a reopened request's restarted target).
pub async fn once(
    conn: &impl ConnectionTrait,
    kind: &str,
    subject: Uuid,
    occasion: &str,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let row = scheduled_occurrences::ActiveModel {
        kind: Set(kind.to_owned()),
        subject: Set(subject),
        occasion: Set(occasion.to_owned()),
        occurred_at: Set(now),
    };
    let mut on_conflict = OnConflict::columns([Column::Kind, Column::Subject, Column::Occasion]);
    match since {
        None => on_conflict.do_nothing(),
        Some(since) => on_conflict
            .update_column(Column::OccurredAt)
            .action_and_where(Expr::col((Entity, Column::OccurredAt)).lt(since)),
    };
    let written = Entity::insert(row)
        .on_conflict(on_conflict.to_owned())
        .exec_without_returning(conn)
        .await?;
    Ok(written == 1)
}

/// The condition that none of `kinds` was announced for `occasion` of the
/// record whose id is in `subject` (at or after `since`, when given: see
/// [`once`]): what keeps a job's candidates to what is still to announce.
pub fn not_announced(
    kinds: &[&str],
    subject: impl IntoColumnRef,
    occasion: impl Into<Expr>,
    since: Option<Expr>,
) -> Expr {
    let mut announced = Query::select()
        .expr(Expr::val(1))
        .from(Entity)
        .and_where(Expr::col((Entity, Column::Kind)).is_in(kinds.iter().copied()))
        .and_where(Expr::col((Entity, Column::Subject)).equals(subject))
        .and_where(Expr::col((Entity, Column::Occasion)).eq(occasion.into()))
        .to_owned();
    if let Some(since) = since {
        announced.and_where(Expr::col((Entity, Column::OccurredAt)).gte(since));
    }
    Expr::exists(announced).not()
}

/// What was announced of `kind`: (subject, occasion), for a job whose
/// candidates are decided in Rust (birthdays, routine visits).
pub async fn announced(
    conn: &impl ConnectionTrait,
    kind: &str,
) -> Result<BTreeSet<(Uuid, String)>, ApiError> {
    let rows: Vec<(Uuid, String)> = Entity::find()
        .select_only()
        .columns([Column::Subject, Column::Occasion])
        .filter(Column::Kind.eq(kind))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}
