//! The error answers many operations share, declared once for the OpenAPI
//! document. Operation-specific answers (which record is missing, which
//! state refuses an action) stay beside their handler.

use rapport_types::problem::Problem;
use utoipa::IntoResponses;

/// An operation behind a token, open to every role.
#[derive(IntoResponses)]
pub enum Unauthenticated {
    /// The token is missing, expired, revoked or malformed.
    #[response(
        status = 401,
        description = "No or bad token",
        content_type = "application/problem+json"
    )]
    Unauthenticated(Problem),
}

/// An operation behind a token that some roles may not use.
#[derive(IntoResponses)]
pub enum Refused {
    /// The token is missing, expired, revoked or malformed.
    #[response(
        status = 401,
        description = "No or bad token",
        content_type = "application/problem+json"
    )]
    Unauthenticated(Problem),
    /// The caller's role may not do this (the permission matrix, SPEC section 1).
    #[response(
        status = 403,
        description = "The caller's role may not do this (see the permission matrix)",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
}

/// An operation that takes a JSON body.
#[derive(IntoResponses)]
pub enum BadBody {
    /// Not JSON, the wrong shape, or a field the operation does not know.
    #[response(
        status = 400,
        description = "Malformed body or unknown field",
        content_type = "application/problem+json"
    )]
    BadBody(Problem),
}

/// An operation that takes query parameters.
#[derive(IntoResponses)]
pub enum BadQuery {
    /// A parameter that does not parse, or one the operation does not know.
    #[response(
        status = 400,
        description = "Malformed query or unknown parameter",
        content_type = "application/problem+json"
    )]
    BadQuery(Problem),
}
