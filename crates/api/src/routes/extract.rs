//! Request extractors whose failures are problem+json naming the field:
//! a JSON body that is parsed strictly (unknown fields are refused by each
//! DTO's `deny_unknown_fields`) and then validated, and error handlers for
//! actix's own query and path extractors.

use rapport_domain::messages::Message;
use rapport_domain::{key, msg};
use std::future::Future;
use std::pin::Pin;

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use serde::de::DeserializeOwned;
use serde_json::Value;
use validator::Validate;

use rapport_types::page::PageQuery;

use crate::error::{ApiError, FieldMessages, from_validation};
use crate::idempotency::BodyDigest;

/// Bodies larger than this are refused before parsing.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The longest a body may take to arrive once its headers have. actix-web
/// times out only the request head (`client_request_timeout`); without
/// this, a client sending a byte a second holds a connection and a handler
/// for as long as it likes. A full [`MAX_BODY_BYTES`] body needs 26 KB/s.
pub const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

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
                return Err(ApiError::UnsupportedMediaType);
            }
            let bytes = actix_web::rt::time::timeout(BODY_TIMEOUT, body)
                .await
                .map_err(|_| ApiError::RequestTimeout(BODY_TIMEOUT.as_secs()))?
                .map_err(|error| match error.as_error::<PayloadError>() {
                    Some(PayloadError::Overflow) => ApiError::PayloadTooLarge(MAX_BODY_BYTES),
                    _ => bad_request(msg!("the body is unreadable"), None),
                })?;
            req.extensions_mut()
                .insert(BodyDigest(crate::auth::tokens::digest_bytes(&bytes)));
            parse(&bytes).map(Json)
        })
    }
}

/// Parses and validates a JSON document, naming the field at fault.
pub fn parse<T: DeserializeOwned + Validate>(bytes: &[u8]) -> Result<T, ApiError> {
    refuse_nul(bytes)?;
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value: T = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => {
            deserializer.end().map_err(|_| {
                bad_request(
                    msg!("the body has trailing characters after the JSON value"),
                    None,
                )
            })?;
            value
        }
        // Read whole into a `Value` already: nothing can trail it.
        Err(error) => match integral_numbers(bytes, &error) {
            Some(document) => serde_path_to_error::deserialize(document).map_err(shape_error)?,
            None => return Err(shape_error(error)),
        },
    };
    value
        .validate()
        .map_err(|errors| ApiError::Validation(from_validation(&errors)))?;
    Ok(value)
}

/// JSON has one kind of number: `3.0` is the integer 3 to JSON Schema (an
/// `integer` in the OpenAPI document accepts it) and to JavaScript, but
/// serde refuses a fraction-less float where it wants an integer. When that
/// is why `bytes` did not parse, the document with every such number made
/// an integer, to be read again; `None` for any other failure.
fn integral_numbers(
    bytes: &[u8],
    error: &serde_path_to_error::Error<serde_json::Error>,
) -> Option<Value> {
    if !error
        .inner()
        .to_string()
        .starts_with("invalid type: floating point")
    {
        return None;
    }
    let mut document: Value = serde_json::from_slice(bytes).ok()?;
    make_integral(&mut document);
    Some(document)
}

fn make_integral(value: &mut Value) {
    // i64's range as floats: beyond it no integer field could take it anyway.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    match value {
        Value::Number(number) => {
            if let Some(float) = number.as_f64().filter(|_| number.is_f64())
                && float.fract() == 0.0
                && float.abs() < LIMIT
            {
                // A whole number within i64's range converts exactly.
                *number = (float as i64).into();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(make_integral),
        Value::Object(fields) => fields.values_mut().for_each(make_integral),
        _ => {}
    }
}

/// A body that is not JSON, or not of the expected shape, naming the field.
fn shape_error(error: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
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
        bad_request(
            msg!("the body is not valid JSON: {reason}", reason = message),
            None,
        )
    } else {
        bad_request(
            msg!(
                "the body does not match the expected shape: {reason}",
                reason = message
            ),
            field.map(|f| (f, shape_message(&message))),
        )
    }
}

/// serde's words for a field of the wrong shape, in the reader's language
/// where serde has a usual form; the names of types and values it quotes
/// stay as serde wrote them.
fn shape_message(serde: &str) -> Message {
    if serde.starts_with("missing field `") {
        msg!("is required")
    } else if serde.starts_with("unknown field `") {
        msg!("is not a field of this body")
    } else if let Some(rest) = serde.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        msg!(
            "has the wrong type: {found}, expected {expected}",
            found = found,
            expected = expected
        )
    } else if let Some(rest) = serde.strip_prefix("unknown variant ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        msg!(
            "{found} is not one of the allowed values: {expected}",
            found = found,
            expected = expected
        )
    } else {
        msg!("is not valid: {reason}", reason = serde)
    }
}

/// What a text holding U+0000 is told.
pub const NO_NUL: Message = Message::from_key(key!("must not contain the NUL character (U+0000)"));

/// PostgreSQL cannot store or compare U+0000 in text (SQLite can, but a
/// record must read the same on both): a body carrying one is refused naming
/// the field, instead of failing in the database. JSON can only carry it
/// escaped, so only such bodies are looked through.
fn refuse_nul(bytes: &[u8]) -> Result<(), ApiError> {
    if !bytes
        .windows(6)
        .any(|window| window.eq_ignore_ascii_case(b"\\u0000"))
    {
        return Ok(());
    }
    // A body that does not parse is refused by the typed parse that follows.
    let Ok(value) = serde_json::from_slice::<Value>(bytes) else {
        return Ok(());
    };
    match nul_at(&value, "") {
        Some(path) if path.is_empty() => Err(ApiError::field(".", NO_NUL)),
        Some(path) => Err(ApiError::field(&path, NO_NUL)),
        None => Ok(()),
    }
}

/// Middleware: a query string carrying U+0000 (`%00`) is refused naming the
/// parameter, for the reason `refuse_nul` gives, before any handler reads it.
pub async fn refuse_nul_in_query(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.query_string().contains("%00") {
        // One that does not parse is refused by the handler's own extractor.
        let pairs = web::Query::<Vec<(String, String)>>::from_query(req.query_string());
        if let Ok(pairs) = pairs
            && let Some((name, _)) = pairs
                .iter()
                .find(|(name, value)| name.contains('\0') || value.contains('\0'))
        {
            // A response rather than an error, so the outer middleware
            // (the security headers) still dress it.
            let refused = ApiError::field(name, NO_NUL);
            return Ok(req.error_response(refused).map_into_right_body());
        }
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// The path (`lines[0].note`) of the first key or string under `value` holding U+0000.
fn nul_at(value: &Value, path: &str) -> Option<String> {
    match value {
        Value::String(text) => text.contains('\0').then(|| path.to_owned()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, item)| nul_at(item, &format!("{path}[{index}]"))),
        Value::Object(fields) => fields.iter().find_map(|(key, item)| {
            let inner = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            if key.contains('\0') {
                Some(inner)
            } else {
                nul_at(item, &inner)
            }
        }),
        _ => None,
    }
}

fn bad_request(detail: Message, field: Option<(String, Message)>) -> ApiError {
    let mut errors = FieldMessages::new();
    if let Some((field, message)) = field {
        errors.insert(field, vec![message]);
    }
    ApiError::BadRequest { detail, errors }
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
    web::QueryConfig::default().error_handler(|error, _| query_error(&error.to_string()).into())
}

/// A query string that does not parse, naming the unknown parameter if
/// that is what is wrong.
fn query_error(message: &str) -> ApiError {
    let message = message
        .strip_prefix("Query deserialize error: ")
        .unwrap_or(message);
    let field = unknown_field(message).map(|name| (name.to_owned(), msg!("unknown parameter")));
    bad_request(
        msg!("the query string is invalid: {reason}", reason = message),
        field,
    )
}

/// A list's query string: which page, and the filter `F`. The paging
/// parameters are taken out first so that `F` (with `deny_unknown_fields`)
/// refuses any parameter neither knows: `?stauts=open` is a 400, not an
/// unfiltered list.
#[derive(Debug)]
pub struct Listing<F> {
    /// `page` and `limit`.
    pub page: PageQuery,
    /// The rest.
    pub filter: F,
}

impl<F: DeserializeOwned> FromRequest for Listing<F> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(listing(req.query_string()))
    }
}

fn listing<F: DeserializeOwned>(query: &str) -> Result<Listing<F>, ApiError> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query).map_err(|error| query_error(&error.to_string()))?;
    let (paging, rest): (Vec<_>, Vec<_>) = pairs
        .into_iter()
        .partition(|(name, _)| name == "page" || name == "limit");
    let part = |pairs: Vec<(String, String)>| {
        serde_urlencoded::to_string(pairs).map_err(|error| query_error(&error.to_string()))
    };
    Ok(Listing {
        page: serde_urlencoded::from_str(&part(paging)?)
            .map_err(|error| query_error(&error.to_string()))?,
        filter: serde_urlencoded::from_str(&part(rest)?)
            .map_err(|error| query_error(&error.to_string()))?,
    })
}

/// Path segments that do not parse (an id that is not a UUID) become 404:
/// no such record can exist; or 405 when the path is another operation's
/// (`PATCH /contracts/quote` tried as `PATCH /contracts/{id}`).
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_, req| {
        crate::routes::unmatched::wrong_method(req.method().as_str(), req.path())
            .unwrap_or(ApiError::NotFound(msg!("record")))
            .into()
    })
}

/// Bodies read through actix's extractors share our size limit.
pub fn payload_config() -> web::PayloadConfig {
    web::PayloadConfig::new(MAX_BODY_BYTES)
}
