//! The full-text index of requests: their number, title and description
//! (see [`crate::search`]).

use rapport_domain::text;
use rapport_entity::service_requests;
use uuid::Uuid;

use crate::error::ApiError;
use crate::search::FullText;
use crate::writes::Writes;

/// The index (migration `m20261209_000030_create_request_search`).
pub const INDEX: FullText = FullText::new("request_search");

/// The terms a request is found by.
pub fn document(number: &str, title: &str, description: &str) -> String {
    text::document(&[title, description], &[number])
}

/// Adds the statement indexing `requests` (new, or with a changed title or
/// description) to `writes`.
pub fn store<'a>(
    writes: &mut Writes,
    requests: impl IntoIterator<Item = &'a service_requests::Model>,
) -> Result<(), ApiError> {
    INDEX.store(
        writes,
        requests.into_iter().map(|request| {
            let terms = document(&request.number, &request.title, &request.description);
            (request.id, terms)
        }),
    )
}

/// Indexes the request `id` again after its title or description changed.
pub async fn reindex(
    conn: &impl sea_orm::ConnectionTrait,
    id: Uuid,
    number: &str,
    title: &str,
    description: &str,
) -> Result<(), ApiError> {
    INDEX
        .set(conn, id, document(number, title, description))
        .await
}
