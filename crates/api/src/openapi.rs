//! The OpenAPI document, collected from the routes themselves (every handler
//! carries `#[utoipa::path]` and is registered through utoipa-actix-web), so
//! no endpoint can be left out of it.

use actix_web::App;
use utoipa::openapi::OpenApi as Document;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::routes;

/// Where the JSON document is served.
pub const DOCUMENT_PATH: &str = "/api-docs/openapi.json";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Rapport API",
        description = "Customer relationship and after-sales service for software vendors. \
                       Errors are application/problem+json (RFC 9457); money is integer fen in fields ending `_cents`.",
        license(name = "Apache-2.0")
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Login, token refresh and logout"),
        (name = "system", description = "Health")
    )
)]
struct ApiDoc;

/// Declares the bearer-token scheme that protected operations refer to.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut Document) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The base document (info, security schemes) the routes are added to.
pub fn base() -> Document {
    ApiDoc::openapi()
}

/// The whole document, as served at [`DOCUMENT_PATH`] and committed at `openapi/openapi.json`.
pub fn document() -> Document {
    let (_, document) = App::new()
        .into_utoipa_app()
        .openapi(base())
        .configure(routes::api)
        .split_for_parts();
    finish(document)
}

/// What every operation of a kind answers, added once here rather than on
/// each handler: a 408 for every operation that reads a body (it must
/// arrive within `extract::BODY_TIMEOUT`).
pub fn finish(mut document: Document) -> Document {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let timeout = ResponseBuilder::new()
        .description("The body did not arrive in time")
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build();
    for item in document.paths.paths.values_mut() {
        let operations = [
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ];
        for operation in operations.into_iter().flatten() {
            if operation.request_body.is_some() {
                operation
                    .responses
                    .responses
                    .entry("408".to_owned())
                    .or_insert_with(|| timeout.clone().into());
            }
        }
    }
    document
}
