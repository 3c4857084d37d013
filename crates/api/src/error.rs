//! The one error type at the HTTP edge: every failure becomes an RFC 9457
//! `application/problem+json` body with a stable snake_case `code`.
//! Server-side failures are logged with their cause chain and answered with
//! a bare 500: no internals ever reach the client.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_LANGUAGE, VARY};
use actix_web::{HttpResponse, ResponseError};
use rapport_domain::messages::{Lang, Message};
use rapport_domain::msg;
use sea_orm::{DbErr, SqlErr};

use rapport_types::problem::{FieldErrors, Problem};

/// Field name → what is wrong with it, rendered in the reader's language
/// when answered.
pub type FieldMessages = BTreeMap<String, Vec<Message>>;

/// Everything a request can fail with. Its words are [`Message`]s, which
/// the answer renders in the language the client asked for
/// ([`crate::language`]); its `Display` is English, for the logs.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The body is not JSON, or not the JSON we expect (wrong type, unknown field).
    #[error("{}", detail.english())]
    BadRequest {
        /// What is wrong.
        detail: Message,
        /// Per field, when one can be named.
        errors: FieldMessages,
    },
    /// The JSON is well-formed but some fields break the rules.
    #[error("some fields are invalid")]
    Validation(FieldMessages),
    /// No or a bad credential.
    #[error("{}", _0.english())]
    Unauthorized(Message),
    /// The caller's role may not do this.
    #[error("your role may not do this")]
    Forbidden,
    /// The thing asked for (named) does not exist, or is archived.
    #[error("{} not found", _0.english())]
    NotFound(Message),
    /// The request conflicts with the current state (illegal transition, duplicate, ...).
    #[error("{}", detail.english())]
    Conflict {
        /// Stable machine-readable code.
        code: &'static str,
        /// What is wrong.
        detail: Message,
        /// Per field, when one can be named.
        errors: FieldMessages,
    },
    /// The thing existed but is used up or expired (a one-time link).
    #[error("{}", _0.english())]
    Gone(Message),
    /// The row changed since the client read it.
    #[error("this record was changed by someone else (now at version {current})")]
    StaleVersion {
        /// The version now stored.
        current: i32,
    },
    /// Too many failed attempts; try again after `retry_after` seconds.
    #[error("{} (retry after {retry_after} s)", detail.english())]
    TooManyRequests {
        /// What was refused.
        detail: Message,
        /// Seconds until the next attempt is allowed (`Retry-After`).
        retry_after: u64,
    },
    /// The body did not arrive in time.
    #[error("the request body did not arrive within {0} s")]
    RequestTimeout(u64),
    /// The body is larger than we read.
    #[error("the body is larger than {0} bytes")]
    PayloadTooLarge(usize),
    /// The body is not JSON.
    #[error("the body is not JSON")]
    UnsupportedMediaType,
    /// No operation has this path.
    #[error("no API operation has the path {0}")]
    NoSuchPath(String),
    /// The path has operations, none with this method.
    #[error("{path} does not take {method}; it takes {allow}")]
    MethodNotAllowed {
        /// The path asked for.
        path: String,
        /// The method asked with.
        method: String,
        /// The methods it takes, as the `Allow` header lists them.
        allow: String,
    },
    /// A failure on our side; logged, never shown.
    #[error("internal error while {context}")]
    Internal {
        /// What we were doing.
        context: String,
        /// The cause.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl ApiError {
    /// A validation problem on one field.
    pub fn field(field: &str, message: Message) -> ApiError {
        ApiError::Validation(BTreeMap::from([(field.to_owned(), vec![message])]))
    }

    /// A conflict with a stable code and a message.
    pub fn conflict(code: &'static str, detail: Message) -> ApiError {
        ApiError::Conflict {
            code,
            detail,
            errors: FieldMessages::new(),
        }
    }

    /// A conflict that one field caused (a duplicate email, say).
    pub fn duplicate(field: &str, detail: Message) -> ApiError {
        ApiError::Conflict {
            code: "duplicate",
            errors: BTreeMap::from([(field.to_owned(), vec![detail.clone()])]),
            detail,
        }
    }

    /// Wraps an infrastructure failure with what we were doing.
    pub fn internal(
        context: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> ApiError {
        ApiError::Internal {
            context: context.into(),
            source: Box::new(source),
        }
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest { .. } => "bad_request",
            ApiError::Validation(_) => "validation_failed",
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::Forbidden => "forbidden",
            ApiError::NotFound(_) => "not_found",
            ApiError::Conflict { code, .. } => code,
            ApiError::StaleVersion { .. } => "stale_version",
            ApiError::Gone(_) => "gone",
            ApiError::TooManyRequests { .. } => "too_many_requests",
            ApiError::RequestTimeout(_) => "request_timeout",
            ApiError::PayloadTooLarge(_) => "payload_too_large",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::NoSuchPath(_) => "not_found",
            ApiError::MethodNotAllowed { .. } => "method_not_allowed",
            ApiError::Internal { .. } => "internal",
        }
    }

    fn title(&self) -> Message {
        match self {
            ApiError::BadRequest { .. } => msg!("Bad request"),
            ApiError::Validation(_) => msg!("Validation failed"),
            ApiError::Unauthorized(_) => msg!("Unauthorized"),
            ApiError::Forbidden => msg!("Forbidden"),
            ApiError::NotFound(_) | ApiError::NoSuchPath(_) => msg!("Not found"),
            ApiError::Conflict { .. } => msg!("Conflict"),
            ApiError::StaleVersion { .. } => msg!("Stale version"),
            ApiError::Gone(_) => msg!("Gone"),
            ApiError::TooManyRequests { .. } => msg!("Too many requests"),
            ApiError::RequestTimeout(_) => msg!("Request timeout"),
            ApiError::PayloadTooLarge(_) => msg!("Payload too large"),
            ApiError::UnsupportedMediaType => msg!("Unsupported media type"),
            ApiError::MethodNotAllowed { .. } => msg!("Method not allowed"),
            ApiError::Internal { .. } => msg!("Internal server error"),
        }
    }

    /// What went wrong this time, for the problem's `detail`.
    fn detail(&self) -> Message {
        match self {
            ApiError::BadRequest { detail, .. }
            | ApiError::Conflict { detail, .. }
            | ApiError::Unauthorized(detail)
            | ApiError::Gone(detail) => detail.clone(),
            ApiError::Validation(_) => msg!("some fields are invalid"),
            ApiError::Forbidden => msg!("your role may not do this"),
            ApiError::NotFound(what) => msg!("{what} not found", what = what),
            ApiError::StaleVersion { current } => msg!(
                "this record was changed by someone else (now at version {current}); reload and try again",
                current = current
            ),
            ApiError::TooManyRequests {
                detail,
                retry_after,
            } => msg!(
                "{detail}; try again in {seconds} s",
                detail = detail,
                seconds = retry_after
            ),
            ApiError::RequestTimeout(seconds) => msg!(
                "the request body did not arrive within {seconds} s",
                seconds = seconds
            ),
            ApiError::PayloadTooLarge(bytes) => {
                msg!("the body is larger than {bytes} bytes", bytes = bytes)
            }
            ApiError::UnsupportedMediaType => {
                msg!("the body must be JSON (Content-Type: application/json)")
            }
            ApiError::NoSuchPath(path) => msg!("no API operation has the path {path}", path = path),
            ApiError::MethodNotAllowed {
                path,
                method,
                allow,
            } => msg!(
                "{path} does not take {method}; it takes {allow}",
                path = path,
                method = method,
                allow = allow
            ),
            ApiError::Internal { .. } => {
                msg!("something went wrong on our side; it has been logged")
            }
        }
    }

    /// The problem body for this error, its words in `lang`.
    pub fn problem(&self, lang: Lang) -> Problem {
        let errors = match self {
            ApiError::BadRequest { errors, .. }
            | ApiError::Conflict { errors, .. }
            | ApiError::Validation(errors) => render_fields(errors, lang),
            _ => FieldErrors::new(),
        };
        Problem {
            kind: format!(
                "https://rapport.dev/problems/{}",
                self.code().replace('_', "-")
            ),
            title: self.title().render(lang),
            status: self.status_code().as_u16(),
            detail: self.detail().render(lang),
            code: self.code().to_owned(),
            errors,
        }
    }
}

fn render_fields(errors: &FieldMessages, lang: Lang) -> FieldErrors {
    errors
        .iter()
        .map(|(field, messages)| {
            let rendered = messages.iter().map(|message| message.render(lang));
            (field.clone(), rendered.collect())
        })
        .collect()
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict { .. } | ApiError::StaleVersion { .. } => StatusCode::CONFLICT,
            ApiError::Gone(_) => StatusCode::GONE,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::NoSuchPath(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal { .. } = self {
            log::error!("{}", error_chain(self));
        }
        let lang = crate::language::current();
        let mut response = HttpResponse::build(self.status_code());
        response
            .content_type("application/problem+json")
            .insert_header((CONTENT_LANGUAGE, lang.code()))
            .insert_header((VARY, "Accept-Language"));
        match self {
            ApiError::Unauthorized(_) => {
                response.insert_header(("WWW-Authenticate", "Bearer"));
            }
            ApiError::TooManyRequests { retry_after, .. } => {
                response.insert_header(("Retry-After", retry_after.to_string()));
            }
            // The rest of a body that did not arrive, or that is too
            // large to read, is not waited for.
            ApiError::RequestTimeout(_) | ApiError::PayloadTooLarge(_) => {
                response.insert_header(("Connection", "close"));
            }
            ApiError::MethodNotAllowed { allow, .. } => {
                response.insert_header(("Allow", allow.as_str()));
            }
            _ => {}
        }
        response.json(self.problem(lang))
    }
}

impl From<DbErr> for ApiError {
    /// Unique and foreign-key violations are the client's doing; the rest is ours.
    fn from(error: DbErr) -> ApiError {
        match error.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(detail)) => ApiError::conflict(
                "duplicate",
                msg!(
                    "a record with these values already exists ({detail})",
                    detail = constraint_field(&detail)
                ),
            ),
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => ApiError::conflict(
                "missing_reference",
                msg!("a referenced record does not exist"),
            ),
            _ => ApiError::internal("talking to the database", error),
        }
    }
}

/// Picks the column or index name out of a database's unique-violation text
/// without echoing the rest (which may hold values).
fn constraint_field(detail: &str) -> String {
    detail
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .find(|word| word.starts_with("ux_") || word.contains('.'))
        .unwrap_or("unique constraint")
        .to_owned()
}

/// "what failed: because: because".
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// For bodies shared by several actions (`{action, version, …fields}`): the
/// action `code` takes exactly its `required` and `optional` fields; 422
/// naming each of `given` (field, present) that is missing or unused.
pub fn exact_fields(
    code: &str,
    required: &[&str],
    optional: &[&str],
    given: &[(&str, bool)],
) -> Result<(), ApiError> {
    let mut errors = FieldMessages::new();
    for &(field, present) in given {
        let message = if required.contains(&field) && !present {
            msg!("is required to `{code}`", code = code)
        } else if present && !required.contains(&field) && !optional.contains(&field) {
            msg!("is not used by `{code}`", code = code)
        } else {
            continue;
        };
        errors.insert(field.to_owned(), vec![message]);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Trims `value`; an all-blank value is refused naming `field`.
pub fn non_blank(field: &str, value: &str) -> Result<String, ApiError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(ApiError::field(field, msg!("must not be blank")));
    }
    Ok(trimmed.to_owned())
}

/// [`non_blank`] for an optional field: `None` stays `None`.
pub fn optional_text(field: &str, value: &Option<String>) -> Result<Option<String>, ApiError> {
    value.as_deref().map(|v| non_blank(field, v)).transpose()
}

/// A field action `code` requires; [`exact_fields`] has usually refused
/// its absence already, this names it should it still be missing.
pub fn required_to<T>(code: &str, field: &str, value: Option<T>) -> Result<T, ApiError> {
    value.ok_or_else(|| ApiError::field(field, msg!("is required to `{code}`", code = code)))
}

/// A text field action `code` requires, trimmed and not blank.
pub fn required_text(code: &str, field: &str, value: &Option<String>) -> Result<String, ApiError> {
    required_to(code, field, optional_text(field, value)?)
}

/// Turns validator's nested errors into field → messages.
pub fn from_validation(errors: &validator::ValidationErrors) -> FieldMessages {
    let mut fields = FieldMessages::new();
    collect(errors, "", &mut fields);
    fields
}

fn collect(errors: &validator::ValidationErrors, prefix: &str, fields: &mut FieldMessages) {
    use validator::ValidationErrorsKind;
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                let messages = fields.entry(path).or_default();
                messages.extend(list.iter().map(describe));
            }
            ValidationErrorsKind::Struct(inner) => collect(inner, &path, fields),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    collect(inner, &format!("{path}[{index}]"), fields);
                }
            }
        }
    }
}

/// The words of a failed validator check: the wire types' own checks carry
/// a message made by [`key!`](rapport_domain::key), validator's built-in
/// checks only a code and parameters.
fn describe(error: &validator::ValidationError) -> Message {
    if let Some(message) = error.message.as_deref().and_then(Message::find) {
        return message;
    }
    let param = |name: &str| error.params.get(name).map(|v| v.to_string());
    // validator checks the length of a list with the same code as a text's.
    let list = error
        .params
        .get("value")
        .is_some_and(serde_json::Value::is_array);
    match error.code.as_ref() {
        "length" if list => match (param("min"), param("max")) {
            (Some(min), Some(max)) => {
                msg!("must hold {min} to {max} entries", min = min, max = max)
            }
            (None, Some(max)) => msg!("must hold at most {max} entries", max = max),
            (Some(min), None) => msg!("must hold at least {min} entries", min = min),
            _ => msg!("has the wrong length"),
        },
        "length" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => msg!(
                "must be {min} to {max} characters long",
                min = min,
                max = max
            ),
            (None, Some(max)) => msg!("must be at most {max} characters long", max = max),
            (Some(min), None) => msg!("must be at least {min} characters long", min = min),
            _ => msg!("has the wrong length"),
        },
        "range" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => msg!("must be between {min} and {max}", min = min, max = max),
            (None, Some(max)) => msg!("must be at most {max}", max = max),
            (Some(min), None) => msg!("must be at least {min}", min = min),
            _ => msg!("is out of range"),
        },
        "email" => msg!("must be an email address"),
        other => msg!("is invalid ({code})", code = other),
    }
}
