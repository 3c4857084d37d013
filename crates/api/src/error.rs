//! The one error type at the HTTP edge: every failure becomes an RFC 9457
//! `application/problem+json` body with a stable snake_case `code`.
//! Server-side failures are logged with their cause chain and answered with
//! a bare 500: no internals ever reach the client.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use sea_orm::{DbErr, SqlErr};

use rapport_types::problem::Problem;

use rapport_types::problem::FieldErrors;

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The body is not JSON, or not the JSON we expect (wrong type, unknown field).
    #[error("{detail}")]
    BadRequest {
        /// What is wrong.
        detail: String,
        /// Per field, when one can be named.
        errors: FieldErrors,
    },
    /// The JSON is well-formed but some fields break the rules.
    #[error("some fields are invalid")]
    Validation(FieldErrors),
    /// No or a bad credential.
    #[error("{0}")]
    Unauthorized(&'static str),
    /// The caller's role may not do this.
    #[error("your role may not do this")]
    Forbidden,
    /// The thing asked for does not exist (or is archived).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The request conflicts with the current state (illegal transition, duplicate, ...).
    #[error("{detail}")]
    Conflict {
        /// Stable machine-readable code.
        code: &'static str,
        /// What is wrong.
        detail: String,
        /// Per field, when one can be named.
        errors: FieldErrors,
    },
    /// The thing existed but is used up or expired (a one-time link).
    #[error("{0}")]
    Gone(&'static str),
    /// The row changed since the client read it.
    #[error(
        "this record was changed by someone else (now at version {current}); reload and try again"
    )]
    StaleVersion {
        /// The version now stored.
        current: i32,
    },
    /// Too many failed attempts; try again after `retry_after` seconds.
    #[error("{detail}; try again in {retry_after} s")]
    TooManyRequests {
        /// What was refused.
        detail: &'static str,
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
    #[error("the body must be JSON (Content-Type: application/json)")]
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
    pub fn field(field: &str, message: impl Into<String>) -> ApiError {
        ApiError::Validation(BTreeMap::from([(field.to_owned(), vec![message.into()])]))
    }

    /// A conflict with a stable code and a message.
    pub fn conflict(code: &'static str, detail: impl Into<String>) -> ApiError {
        ApiError::Conflict {
            code,
            detail: detail.into(),
            errors: FieldErrors::new(),
        }
    }

    /// A conflict that one field caused (a duplicate email, say).
    pub fn duplicate(field: &str, detail: impl Into<String>) -> ApiError {
        let detail = detail.into();
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

    fn title(&self) -> &'static str {
        match self {
            ApiError::BadRequest { .. } => "Bad request",
            ApiError::Validation(_) => "Validation failed",
            ApiError::Unauthorized(_) => "Unauthorized",
            ApiError::Forbidden => "Forbidden",
            ApiError::NotFound(_) => "Not found",
            ApiError::Conflict { .. } => "Conflict",
            ApiError::StaleVersion { .. } => "Stale version",
            ApiError::Gone(_) => "Gone",
            ApiError::TooManyRequests { .. } => "Too many requests",
            ApiError::RequestTimeout(_) => "Request timeout",
            ApiError::PayloadTooLarge(_) => "Payload too large",
            ApiError::UnsupportedMediaType => "Unsupported media type",
            ApiError::NoSuchPath(_) => "Not found",
            ApiError::MethodNotAllowed { .. } => "Method not allowed",
            ApiError::Internal { .. } => "Internal server error",
        }
    }

    /// The problem body for this error.
    pub fn problem(&self) -> Problem {
        let status = self.status_code();
        let (detail, errors) = match self {
            ApiError::BadRequest { errors, .. }
            | ApiError::Conflict { errors, .. }
            | ApiError::Validation(errors) => (self.to_string(), errors.clone()),
            ApiError::Internal { .. } => (
                "something went wrong on our side; it has been logged".to_owned(),
                FieldErrors::new(),
            ),
            _ => (self.to_string(), FieldErrors::new()),
        };
        Problem {
            kind: format!(
                "https://rapport.dev/problems/{}",
                self.code().replace('_', "-")
            ),
            title: self.title().to_owned(),
            status: status.as_u16(),
            detail,
            code: self.code().to_owned(),
            errors,
        }
    }
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
        let mut response = HttpResponse::build(self.status_code());
        response.content_type("application/problem+json");
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
        response.json(self.problem())
    }
}

impl From<DbErr> for ApiError {
    /// Unique and foreign-key violations are the client's doing; the rest is ours.
    fn from(error: DbErr) -> ApiError {
        match error.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(detail)) => ApiError::conflict(
                "duplicate",
                format!(
                    "a record with these values already exists ({})",
                    constraint_field(&detail)
                ),
            ),
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
                ApiError::conflict("missing_reference", "a referenced record does not exist")
            }
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
    let mut errors = FieldErrors::new();
    for &(field, present) in given {
        let message = if required.contains(&field) && !present {
            format!("is required to `{code}`")
        } else if present && !required.contains(&field) && !optional.contains(&field) {
            format!("is not used by `{code}`")
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
        return Err(ApiError::field(field, "must not be blank"));
    }
    Ok(trimmed.to_owned())
}

/// Turns validator's nested errors into field → messages.
pub fn from_validation(errors: &validator::ValidationErrors) -> FieldErrors {
    let mut fields = FieldErrors::new();
    collect(errors, "", &mut fields);
    fields
}

fn collect(errors: &validator::ValidationErrors, prefix: &str, fields: &mut FieldErrors) {
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
                messages.extend(list.iter().map(|e| match &e.message {
                    Some(message) => message.to_string(),
                    None => describe(e),
                }));
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

/// A message for validator's built-in checks, which carry only a code and params.
fn describe(error: &validator::ValidationError) -> String {
    let param = |name: &str| error.params.get(name).map(|v| v.to_string());
    match error.code.as_ref() {
        "length" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be {min} to {max} characters long"),
            (None, Some(max)) => format!("must be at most {max} characters long"),
            (Some(min), None) => format!("must be at least {min} characters long"),
            _ => "has the wrong length".to_owned(),
        },
        "range" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}"),
            (None, Some(max)) => format!("must be at most {max}"),
            (Some(min), None) => format!("must be at least {min}"),
            _ => "is out of range".to_owned(),
        },
        "email" => "must be an email address".to_owned(),
        other => format!("is invalid ({other})"),
    }
}
