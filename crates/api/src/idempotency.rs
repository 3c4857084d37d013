//! `Idempotency-Key` on POST: a retried create returns the first response
//! instead of creating twice. Keys are per user; a key reused with a
//! different body is refused.
//!
//! The key is claimed in the create's own transaction, as its first write,
//! and its answer stored before the commit: a create commits with its key
//! and answer, or leaves no trace at all. A client that disconnects or a
//! server that dies mid-create therefore never strands a key; the retry
//! finds the stored answer if the create committed and runs it if not. A
//! concurrent duplicate's claim waits on the first one's row (PostgreSQL)
//! or on the one writer connection (SQLite), then loses to it on the
//! primary key and answers with what the first stored.
//!
//! Answers are kept [`RETENTION`] and then purged by the scheduler's `purge` job.

use actix_web::http::StatusCode;
use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use rapport_domain::msg;
use rapport_entity::idempotency_keys;
use sea_orm::sea_query::{Expr, InsertStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, QueryTrait, Set,
};
use serde_json::Value;
use uuid::Uuid;

use crate::error::ApiError;
use crate::state::AppState;

/// The header clients send.
pub const HEADER: &str = "Idempotency-Key";

/// How long a stored answer is kept: a client retries within minutes, and a
/// day covers a retry queue drained the next morning.
pub const RETENTION: chrono::TimeDelta = chrono::TimeDelta::hours(24);

/// SHA-256 of the request body, left in the request's extensions by the JSON extractor.
#[derive(Debug, Clone)]
pub struct BodyDigest(pub String);

/// A status and JSON body a create produced, to send now and to replay later.
#[derive(Debug, Clone)]
pub struct Created {
    /// Usually 201.
    pub status: StatusCode,
    /// The created resource.
    pub body: Value,
}

impl Created {
    /// A 201 carrying `resource`.
    pub fn of(resource: &impl serde::Serialize) -> Created {
        Created {
            status: StatusCode::CREATED,
            body: serde_json::to_value(resource).unwrap_or(Value::Null),
        }
    }

    /// The response to send.
    pub fn respond(self) -> HttpResponse {
        HttpResponse::build(self.status).json(self.body)
    }
}

/// The `Idempotency-Key` header as a create's OpenAPI operation declares
/// it (`params(idempotency::KeyHeader)`); its length limits are added by
/// `routes::openapi`.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct KeyHeader {
    /// Retrying with the same key returns the first response
    #[param(rename = "Idempotency-Key")]
    #[expect(dead_code, reason = "declared for the OpenAPI document only")]
    key: Option<String>,
}

/// A caller's `Idempotency-Key` with the fingerprint of the request it came with.
#[derive(Debug, Clone)]
pub struct Key {
    user_id: Uuid,
    key: String,
    fingerprint: String,
}

impl Key {
    /// The key `request` carries for `caller`, if any; 422 when it is malformed.
    pub fn of(request: &HttpRequest, caller: Uuid) -> Result<Option<Key>, ApiError> {
        let Some(value) = request.headers().get(HEADER) else {
            return Ok(None);
        };
        let key = value
            .to_str()
            .map_err(|_| ApiError::field(HEADER, msg!("must be printable ASCII")))?
            .trim();
        if key.is_empty() || key.len() > 255 {
            return Err(ApiError::field(HEADER, msg!("must be 1 to 255 characters")));
        }
        Ok(Some(Key {
            user_id: caller,
            key: key.to_owned(),
            fingerprint: fingerprint(request),
        }))
    }

    /// The stored answer to this key, replayed, if a create with it
    /// committed; 422 when the key was used for a different request.
    pub async fn replay(
        &self,
        conn: &impl ConnectionTrait,
    ) -> Result<Option<HttpResponse>, ApiError> {
        let stored = crate::db::unique(
            conn,
            idempotency_keys::Entity::find()
                .filter(idempotency_keys::Column::UserId.eq(self.user_id))
                .filter(idempotency_keys::Column::Key.eq(&self.key)),
        )
        .await?;
        let Some(stored) = stored else {
            return Ok(None);
        };
        if stored.request_hash != self.fingerprint {
            return Err(ApiError::field(
                HEADER,
                msg!("was already used for a different request"),
            ));
        }
        if stored.response_status == 0 {
            // Only a claim committed by an earlier release, before its
            // create ran; the scheduler's purge deletes those.
            return Err(ApiError::conflict(
                "idempotency_key_in_use",
                msg!("a request with this Idempotency-Key is still being processed; retry shortly"),
            ));
        }
        let status = u16::try_from(stored.response_status)
            .ok()
            .and_then(|status| StatusCode::from_u16(status).ok())
            .ok_or_else(|| {
                ApiError::internal(
                    "reading a stored idempotent response",
                    std::io::Error::other(format!("status {}", stored.response_status)),
                )
            })?;
        let body: Value = serde_json::from_str(&stored.response_body)
            .map_err(|error| ApiError::internal("reading a stored idempotent response", error))?;
        Ok(Some(
            HttpResponse::build(status)
                .insert_header(("Idempotent-Replayed", "true"))
                .json(body),
        ))
    }

    /// The statement storing each key's answer, to run in the creates'
    /// transaction (the intake batch writes it with its rows); none for none.
    pub fn store_all<'a>(
        answers: impl IntoIterator<Item = (&'a Key, &'a Created)>,
        now: DateTime<Utc>,
    ) -> Option<InsertStatement> {
        let rows: Vec<_> = answers
            .into_iter()
            .map(|(key, created)| key.row(created, now))
            .collect();
        (!rows.is_empty()).then(|| idempotency_keys::Entity::insert_many(rows).into_query())
    }

    fn row(&self, created: &Created, now: DateTime<Utc>) -> idempotency_keys::ActiveModel {
        idempotency_keys::ActiveModel {
            user_id: Set(self.user_id),
            key: Set(self.key.clone()),
            request_hash: Set(self.fingerprint.clone()),
            response_status: Set(i32::from(created.status.as_u16())),
            response_body: Set(created.body.to_string()),
            created_at: Set(now),
        }
    }

    /// After a create with this key failed with `error`: the first
    /// request's answer if the failure was losing the key to it (a
    /// concurrent duplicate committed first), else `error`.
    pub async fn answer_after(
        &self,
        conn: &impl ConnectionTrait,
        error: ApiError,
    ) -> Result<HttpResponse, ApiError> {
        match self.replay(conn).await? {
            Some(replayed) => Ok(replayed),
            None => Err(error),
        }
    }
}

/// The usual create: [`once`], with `create` given the transaction and the
/// time, and what it returns the 201's body.
pub async fn create<T: serde::Serialize>(
    state: &AppState,
    caller: Uuid,
    request: &HttpRequest,
    create: impl AsyncFnOnce(&DatabaseTransaction, DateTime<Utc>) -> Result<T, ApiError>,
) -> Result<HttpResponse, ApiError> {
    once(state, caller, request, async |txn| {
        Ok(Created::of(&create(txn, state.clock.now()).await?))
    })
    .await
}

/// Runs `create` in a transaction of its own, once per (caller,
/// `Idempotency-Key`); without a key it just runs. `create` must not commit.
pub async fn once<F>(
    state: &AppState,
    caller: Uuid,
    request: &HttpRequest,
    create: F,
) -> Result<HttpResponse, ApiError>
where
    F: AsyncFnOnce(&DatabaseTransaction) -> Result<Created, ApiError>,
{
    let Some(key) = Key::of(request, caller)? else {
        let txn = crate::db::begin(&state.db).await?;
        let created = create(&txn).await?;
        txn.commit().await?;
        return Ok(created.respond());
    };
    // A retry of a create that committed is answered from the readers,
    // without waiting for the writer.
    if let Some(replayed) = key.replay(&state.reader).await? {
        return Ok(replayed);
    }
    let txn = crate::db::begin(&state.db).await?;
    // The claim comes first, so that a concurrent duplicate waits on it
    // instead of doing the work too. It holds no answer (status 0) until
    // the one below replaces it; it is never committed so.
    let mut claim = key.row(&Created::of(&Value::Null), state.clock.now());
    claim.response_status = Set(0);
    if let Err(error) = claim.insert(&txn).await {
        txn.rollback().await?;
        return if is_unique_violation(&error) {
            key.answer_after(&state.db, error.into()).await
        } else {
            Err(error.into())
        };
    }
    let created = create(&txn).await?;
    idempotency_keys::Entity::update_many()
        .col_expr(
            idempotency_keys::Column::ResponseStatus,
            Expr::value(i32::from(created.status.as_u16())),
        )
        .col_expr(
            idempotency_keys::Column::ResponseBody,
            Expr::value(created.body.to_string()),
        )
        .filter(idempotency_keys::Column::UserId.eq(key.user_id))
        .filter(idempotency_keys::Column::Key.eq(&key.key))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(created.respond())
}

fn is_unique_violation(error: &DbErr) -> bool {
    matches!(
        error.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// Deletes the answers older than [`RETENTION`] at `now`, and any claim
/// left by the releases that committed a claim before its create (status
/// 0): no claim is committed without its answer any more, so such a row is
/// a stuck key and nothing else.
pub async fn purge(conn: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let deleted = idempotency_keys::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(idempotency_keys::Column::CreatedAt.lt(now - RETENTION))
                .add(idempotency_keys::Column::ResponseStatus.eq(0)),
        )
        .exec(conn)
        .await?;
    Ok(deleted.rows_affected)
}

/// The same key with another method, path or body is a different request.
fn fingerprint(request: &HttpRequest) -> String {
    let body = request
        .extensions()
        .get::<BodyDigest>()
        .map(|digest| digest.0.clone())
        .unwrap_or_default();
    crate::auth::tokens::digest(&format!("{} {} {}", request.method(), request.path(), body))
}

#[cfg(test)]
mod tests {
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};

    use super::*;

    #[tokio::test]
    async fn the_purge_deletes_answers_past_retention_and_stuck_claims_and_keeps_the_rest() {
        let now: DateTime<Utc> = "2025-03-03T02:00:00Z".parse().unwrap();
        let (db, user) = crate::test_fixtures::database_with_desk_user(now).await;
        let rows = [
            ("kept", 201, now - RETENTION + chrono::TimeDelta::minutes(1)),
            (
                "expired",
                201,
                now - RETENTION - chrono::TimeDelta::minutes(1),
            ),
            ("stuck", 0, now),
        ];
        for (key, status, at) in rows {
            idempotency_keys::ActiveModel {
                user_id: Set(user.id),
                key: Set(key.to_owned()),
                request_hash: Set(String::new()),
                response_status: Set(status),
                response_body: Set("{}".to_owned()),
                created_at: Set(at),
            }
            .insert(&db)
            .await
            .unwrap();
        }

        let purged = purge(&db, now).await.unwrap();

        let left: Vec<String> = idempotency_keys::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|row| row.key)
            .collect();
        assert_eq!(purged, 2);
        assert_eq!(left, ["kept"]);
    }
}
