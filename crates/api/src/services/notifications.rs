//! `/api/v1/notifications`: the caller's own notifications, newest first,
//! and marking one read.

use chrono::{DateTime, Utc};
use rapport_domain::msg;
use rapport_entity::notifications;
use sea_orm::sea_query::Expr;
use std::time::Duration;

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use tokio::time::Instant;
use uuid::Uuid;

use rapport_types::notifications::{
    MarkedRead, Notice, Notification, NotificationFilter, Unread, UnreadQuery,
};
use rapport_types::page::{PageQuery, Paged};

use crate::error::ApiError;
use crate::pagination::Page;

/// One page of `user`'s notifications that `filter` keeps, newest first.
pub async fn list(
    conn: &impl ConnectionTrait,
    user: Uuid,
    page: PageQuery,
    filter: NotificationFilter,
) -> Result<Paged<Notification>, ApiError> {
    let page = Page::from_query(page)?;
    let mut query = notifications::Entity::find().filter(notifications::Column::UserId.eq(user));
    if filter.unread == Some(true) {
        query = query.filter(notifications::Column::ReadAt.is_null());
    }
    let query = query
        .order_by_desc(notifications::Column::CreatedAt)
        .order_by_desc(notifications::Column::Id);
    page.fetch(conn, query, notification_from_model).await
}

/// The longest a caller may wait for news, in seconds: below the 60
/// seconds proxies commonly allow an idle request.
pub const LONGEST_WAIT: u32 = 30;

/// The largest unread count a caller may say it shows.
const MOST_UNREAD: u32 = 1_000_000;

/// How often a waiting caller's notifications are looked at: every
/// instance reads the database, so news written by another instance
/// arrives as soon as news written by this one.
const LOOK_EVERY: Duration = Duration::from_secs(1);

/// `user`'s unread count and newest notification, as soon as they differ
/// from what `known` says the app shows, or once `known.wait_seconds`
/// passed (a long poll: the app learns of news without reloading).
pub async fn unread(
    conn: &impl ConnectionTrait,
    user: Uuid,
    known: UnreadQuery,
) -> Result<Unread, ApiError> {
    let wait = known.wait_seconds.unwrap_or(0);
    if wait > LONGEST_WAIT {
        return Err(ApiError::field(
            "wait_seconds",
            msg!(
                "must be between {min} and {max}",
                min = 0,
                max = LONGEST_WAIT
            ),
        ));
    }
    if known.unread.is_some_and(|unread| unread > MOST_UNREAD) {
        return Err(ApiError::field(
            "unread",
            msg!(
                "must be between {min} and {max}",
                min = 0,
                max = MOST_UNREAD
            ),
        ));
    }
    let until = Instant::now() + Duration::from_secs(u64::from(wait));
    loop {
        let now = Unread {
            unread: notifications::Entity::find()
                .filter(notifications::Column::UserId.eq(user))
                .filter(notifications::Column::ReadAt.is_null())
                .count(conn)
                .await?,
            latest: notifications::Entity::find()
                .select_only()
                .column(notifications::Column::Id)
                .filter(notifications::Column::UserId.eq(user))
                .order_by_desc(notifications::Column::CreatedAt)
                .order_by_desc(notifications::Column::Id)
                .into_tuple::<Uuid>()
                .one(conn)
                .await?,
        };
        let changed = Some(now.unread) != known.unread.map(u64::from) || now.latest != known.latest;
        let left = until.saturating_duration_since(Instant::now());
        if changed || left.is_zero() {
            return Ok(now);
        }
        tokio::time::sleep(left.min(LOOK_EVERY)).await;
    }
}

/// Marks notification `id` read at `now` if it is `user`'s and unread,
/// then reads it back; 404 when it is not `user`'s (someone else's is as
/// absent as a missing one). Marking it again is harmless.
pub async fn mark_read(
    conn: &impl ConnectionTrait,
    user: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Notification, ApiError> {
    notifications::Entity::update_many()
        .col_expr(notifications::Column::ReadAt, Expr::value(now))
        .filter(notifications::Column::Id.eq(id))
        .filter(notifications::Column::UserId.eq(user))
        .filter(notifications::Column::ReadAt.is_null())
        .exec(conn)
        .await?;
    let read = crate::db::unique(
        conn,
        notifications::Entity::find_by_id(id).filter(notifications::Column::UserId.eq(user)),
    )
    .await?
    .ok_or(ApiError::NotFound(msg!("notification")))?;
    notification_from_model(read)
}

/// Marks every unread notification of `user` read at `now`.
pub async fn mark_all_read(
    conn: &impl ConnectionTrait,
    user: Uuid,
    now: DateTime<Utc>,
) -> Result<MarkedRead, ApiError> {
    let done = notifications::Entity::update_many()
        .col_expr(notifications::Column::ReadAt, Expr::value(now))
        .filter(notifications::Column::UserId.eq(user))
        .filter(notifications::Column::ReadAt.is_null())
        .exec(conn)
        .await?;
    Ok(MarkedRead {
        marked: done.rows_affected,
    })
}

/// The notification a stored row describes: its notice from the kind's
/// parameters, or as the finished text rows from before parameters hold.
fn notification_from_model(model: notifications::Model) -> Result<Notification, ApiError> {
    let notice = match model.params {
        Some(params) => serde_json::from_value(params).map_err(|error| {
            ApiError::internal(format!("reading notification {}", model.id), error)
        })?,
        None => Notice::Message {
            subject: model.subject,
            body: model.body,
        },
    };
    Ok(Notification {
        id: model.id,
        notice,
        entity_type: model.entity_type,
        entity_id: model.entity_id,
        created_at: model.created_at,
        read_at: model.read_at,
    })
}
