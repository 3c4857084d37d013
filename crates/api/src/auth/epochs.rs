//! Ending a user's access tokens at once, without a database read per
//! request. Each user has a token epoch (`users.token_epoch`), carried in
//! their access tokens; logging out, deactivation and a new password or
//! role bump it, and a token of an older epoch is refused.
//!
//! Each instance keeps the epochs it read in the settings cache, under
//! `token_epoch:<user id>`, kept right the same way as the settings: the
//! bumping transaction sends `NOTIFY rapport_settings` on PostgreSQL (every
//! instance drops its copy on commit), the bumping instance drops its copy
//! after the commit, and no copy is trusted for more than a minute or
//! while the listener is down.

use rapport_entity::users;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::error::ApiError;
use crate::state::AppState;

fn key(user: Uuid) -> String {
    format!("token_epoch:{user}")
}

/// The user's current token epoch (0 for an unknown user), from memory when possible.
pub async fn current(state: &AppState, user: Uuid) -> Result<i32, ApiError> {
    let load = async {
        let stored = crate::db::unique(&state.reader, users::Entity::find_by_id(user)).await?;
        Ok(stored.map_or(0, |user| user.token_epoch))
    };
    state.settings.get_or_load(&key(user), load).await
}

/// Ends `user`'s access tokens: bumps their epoch and tells the other
/// instances (on commit, when `conn` is a transaction). Call [`forget`]
/// after the commit.
pub async fn bump(conn: &impl ConnectionTrait, user: Uuid) -> Result<(), ApiError> {
    users::Entity::update_many()
        .col_expr(
            users::Column::TokenEpoch,
            Expr::col(users::Column::TokenEpoch).add(1),
        )
        .filter(users::Column::Id.eq(user))
        .exec(conn)
        .await?;
    announce(conn, user).await
}

/// Tells the other instances, on commit, that `user`'s epoch changed (on
/// PostgreSQL; SQLite serves one instance).
pub async fn announce(conn: &impl ConnectionTrait, user: Uuid) -> Result<(), ApiError> {
    crate::settings::announce(conn, &key(user)).await
}

/// Drops this instance's copy of `user`'s epoch; after the bump committed.
pub fn forget(state: &AppState, user: Uuid) {
    state.settings.invalidate(&key(user));
}
