//! The error answers many operations share, declared once for the OpenAPI
//! document: a handler names them in `responses(..)` (`Refused, BadBody`).
//! Operation-specific answers (which record is missing, which state
//! refuses an action) stay beside their handler, but for the customer,
//! whose absence several resources answer alike.

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

/// An operation whose body's fields are checked one by one.
#[derive(IntoResponses)]
pub enum Invalid {
    /// A field out of range, too long, or naming nothing there is.
    #[response(
        status = 422,
        description = "Invalid fields",
        content_type = "application/problem+json"
    )]
    Invalid(Problem),
}

/// An operation on a versioned record, sent with the version read.
#[derive(IntoResponses)]
pub enum Stale {
    /// Someone changed the record since it was read.
    #[response(
        status = 409,
        description = "Stale version",
        content_type = "application/problem+json"
    )]
    Stale(Problem),
}

/// A list paged by number.
#[derive(IntoResponses)]
pub enum BadPage {
    /// `page` or `limit` out of range.
    #[response(
        status = 422,
        description = "Bad page or limit",
        content_type = "application/problem+json"
    )]
    BadPage(Problem),
}

/// A list paged by number or by cursor.
#[derive(IntoResponses)]
pub enum BadCursor {
    /// `page` or `limit` out of range, or a cursor this list did not give.
    #[response(
        status = 422,
        description = "Bad page, limit or cursor",
        content_type = "application/problem+json"
    )]
    BadCursor(Problem),
}

/// An operation on a record whose id is read by hand from the path.
#[derive(IntoResponses)]
pub enum MalformedId {
    /// The id is not a UUID.
    #[response(
        status = 400,
        description = "Malformed id",
        content_type = "application/problem+json"
    )]
    MalformedId(Problem),
}

/// An operation on one customer, or on what belongs to one.
#[derive(IntoResponses)]
pub enum NoSuchCustomer {
    /// The customer id names no customer.
    #[response(
        status = 404,
        description = "No such customer",
        content_type = "application/problem+json"
    )]
    NoSuchCustomer(Problem),
}
