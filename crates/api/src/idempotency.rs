//! `Idempotency-Key` on POST: a retried create returns the first response
//! instead of creating twice. Keys are per user; a key reused with a
//! different body is refused. The first request claims the key by inserting
//! a placeholder row, so two racing retries cannot both run.

use std::future::Future;

use actix_web::http::StatusCode;
use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use rapport_entity::idempotency_keys;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::Value;
use uuid::Uuid;

use crate::error::ApiError;
use crate::state::AppState;

/// The header clients send.
pub const HEADER: &str = "Idempotency-Key";

/// SHA-256 of the request body, left in the request's extensions by the JSON extractor.
#[derive(Debug, Clone)]
pub struct BodyDigest(pub String);

/// A status and JSON body a create produced, to send now and to replay later.
pub struct Created {
    /// Usually 201.
    pub status: StatusCode,
    /// The created resource.
    pub body: Value,
}

/// Runs `create` once per (caller, `Idempotency-Key`); without a key it just runs.
pub async fn once<F, Fut>(
    state: &AppState,
    caller: Uuid,
    request: &HttpRequest,
    create: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Created, ApiError>>,
{
    let Some(key) = key_of(request)? else {
        return create().await.map(respond);
    };
    let fingerprint = fingerprint(request);
    let claimed = idempotency_keys::ActiveModel {
        user_id: Set(caller),
        key: Set(key.clone()),
        request_hash: Set(fingerprint.clone()),
        response_status: Set(0),
        response_body: Set(String::new()),
        created_at: Set(state.clock.now()),
    }
    .insert(&state.db)
    .await;
    if let Err(error) = claimed {
        if matches!(
            error.sql_err(),
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
        ) {
            return replay(state, caller, &key, &fingerprint).await;
        }
        return Err(error.into());
    }
    match create().await {
        Ok(created) => {
            idempotency_keys::Entity::update_many()
                .col_expr(
                    idempotency_keys::Column::ResponseStatus,
                    sea_orm::sea_query::Expr::value(i32::from(created.status.as_u16())),
                )
                .col_expr(
                    idempotency_keys::Column::ResponseBody,
                    sea_orm::sea_query::Expr::value(created.body.to_string()),
                )
                .filter(idempotency_keys::Column::UserId.eq(caller))
                .filter(idempotency_keys::Column::Key.eq(&key))
                .exec(&state.db)
                .await?;
            Ok(respond(created))
        }
        Err(error) => {
            // Nothing was created: free the key so the client can retry.
            idempotency_keys::Entity::delete_many()
                .filter(idempotency_keys::Column::UserId.eq(caller))
                .filter(idempotency_keys::Column::Key.eq(&key))
                .exec(&state.db)
                .await?;
            Err(error)
        }
    }
}

impl Created {
    /// A 201 carrying `resource`.
    pub fn of(resource: &impl serde::Serialize) -> Created {
        Created {
            status: StatusCode::CREATED,
            body: serde_json::to_value(resource).unwrap_or(Value::Null),
        }
    }
}

fn respond(created: Created) -> HttpResponse {
    HttpResponse::build(created.status).json(created.body)
}

async fn replay(
    state: &AppState,
    caller: Uuid,
    key: &str,
    fingerprint: &str,
) -> Result<HttpResponse, ApiError> {
    let stored = crate::db::unique(
        &state.db,
        idempotency_keys::Entity::find()
            .filter(idempotency_keys::Column::UserId.eq(caller))
            .filter(idempotency_keys::Column::Key.eq(key)),
    )
    .await?
    .ok_or_else(|| {
        ApiError::conflict(
            "idempotency_key_in_use",
            "a request with this Idempotency-Key is still being processed; retry shortly",
        )
    })?;
    if stored.request_hash != fingerprint {
        return Err(ApiError::field(
            "Idempotency-Key",
            "was already used for a different request",
        ));
    }
    let status = u16::try_from(stored.response_status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok());
    match status {
        Some(status) if stored.response_status != 0 => {
            let body: Value = serde_json::from_str(&stored.response_body).map_err(|error| {
                ApiError::internal("reading a stored idempotent response", error)
            })?;
            Ok(HttpResponse::build(status)
                .insert_header(("Idempotent-Replayed", "true"))
                .json(body))
        }
        _ => Err(ApiError::conflict(
            "idempotency_key_in_use",
            "a request with this Idempotency-Key is still being processed; retry shortly",
        )),
    }
}

fn key_of(request: &HttpRequest) -> Result<Option<String>, ApiError> {
    let Some(value) = request.headers().get(HEADER) else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .map_err(|_| ApiError::field(HEADER, "must be printable ASCII"))?
        .trim();
    if key.is_empty() || key.len() > 255 {
        return Err(ApiError::field(HEADER, "must be 1 to 255 characters"));
    }
    Ok(Some(key.to_owned()))
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
