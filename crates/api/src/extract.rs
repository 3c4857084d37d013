//! Request extractors whose failures are problem+json naming the field:
//! a JSON body that is parsed strictly (unknown fields are refused by each
//! DTO's `deny_unknown_fields`) and then validated, and error handlers for
//! actix's own query and path extractors.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use serde::de::DeserializeOwned;
use validator::Validate;

use crate::error::{ApiError, FieldErrors, from_validation};
use crate::idempotency::BodyDigest;

/// Bodies larger than this are refused before parsing.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// A JSON body, deserialised strictly and validated.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned + Validate + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("application/json") || value.contains("+json"));
        let body = web::Bytes::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            if !is_json {
                return Err(bad_request(
                    "the body must be JSON (Content-Type: application/json)",
                    None,
                ));
            }
            let bytes = body.await.map_err(|_| {
                bad_request(
                    &format!("the body is unreadable or larger than {MAX_BODY_BYTES} bytes"),
                    None,
                )
            })?;
            req.extensions_mut()
                .insert(BodyDigest(crate::auth::tokens::digest_bytes(&bytes)));
            parse(&bytes).map(Json)
        })
    }
}

/// Parses and validates a JSON document, naming the field at fault.
pub fn parse<T: DeserializeOwned + Validate>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let message = without_position(&inner.to_string());
        // The path already ends at the unknown key; at the root it is ".".
        let field = if path == "." {
            unknown_field(&message).map(str::to_owned)
        } else {
            Some(path)
        };
        if inner.is_syntax() || inner.is_eof() {
            bad_request(&format!("the body is not valid JSON: {message}"), None)
        } else {
            bad_request(
                &format!("the body does not match the expected shape: {message}"),
                field.map(|f| (f, message)),
            )
        }
    })?;
    deserializer.end().map_err(|_| {
        bad_request(
            "the body has trailing characters after the JSON value",
            None,
        )
    })?;
    value
        .validate()
        .map_err(|errors| ApiError::Validation(from_validation(&errors)))?;
    Ok(value)
}

fn bad_request(detail: &str, field: Option<(String, String)>) -> ApiError {
    let mut errors = FieldErrors::new();
    if let Some((field, message)) = field {
        errors.insert(field, vec![message]);
    }
    ApiError::BadRequest {
        detail: detail.to_owned(),
        errors,
    }
}

/// serde_json appends " at line 1 column 7"; the client needs the message only.
fn without_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split('`').next()
}

/// Query strings that do not parse become 400 problem+json.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error, _| {
        bad_request(&format!("the query string is invalid: {error}"), None).into()
    })
}

/// Path segments that do not parse (an id that is not a UUID) become 404:
/// no such record can exist.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_, _| ApiError::NotFound("record").into())
}

/// Bodies read through actix's extractors share our size limit.
pub fn payload_config() -> web::PayloadConfig {
    web::PayloadConfig::new(MAX_BODY_BYTES)
}
