//! The OpenAPI document, collected from the routes themselves (every handler
//! carries `#[utoipa::path]` and is registered through utoipa-actix-web), so
//! no endpoint can be left out of it.

use actix_web::App;
use serde_json::{Value, json};
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
                       Errors are application/problem+json (RFC 9457), their `title`, `detail` and field messages in \
                       Simplified Chinese when `Accept-Language` prefers `zh` (`zh-CN`), else in English \
                       (`Content-Language` says which; `code` and field names are always English); \
                       money is integer fen in fields ending `_cents`. \
                       No text, in a body or a query, may hold U+0000 (422 naming the field).",
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
pub fn document() -> Value {
    let (_, document) = App::new()
        .into_utoipa_app()
        .openapi(base())
        .configure(routes::api)
        .split_for_parts();
    finish(document)
}

/// The document as a generator should read it, made from what the routes
/// declare in one pass rather than on each of ~80 handlers:
///
/// - every operation gets a unique, resource-qualified operationId
///   (`customers_create`), where utoipa uses the bare function name
///   (`create`, a dozen times over);
/// - `Paged<T>` becomes `PagedT` whose items are a `$ref` to `T` (utoipa
///   inlines a generic's argument, so a client got anonymous item types);
/// - the statuses the server sends for whole kinds of request are
///   documented on every operation of that kind (see [`add_common_responses`]).
///
/// It is JSON from here on: utoipa cannot read back every document it
/// writes (a `$ref` beside a description), and nothing needs its types.
pub fn finish(document: Document) -> Value {
    // Serialising utoipa's own types cannot fail (string keys only).
    let mut value = serde_json::to_value(&document).unwrap_or_default();
    name_operations(&mut value);
    name_paged_schemas(&mut value);
    add_common_responses(&mut value);
    close_tagged_variants(&mut value);
    crate::webhooks::openapi::add(&mut value);
    value
}

/// Internally tagged enums whose variants refuse unknown fields
/// (`#[serde(tag = "kind", deny_unknown_fields)]`): utoipa closes a struct
/// with `deny_unknown_fields` but not an enum's variants, so a generator or
/// fuzzer would take extra fields for valid.
const CLOSED_TAGGED: [&str; 1] = ["QuoteRequest"];

/// Marks each variant of the [`CLOSED_TAGGED`] schemas
/// `additionalProperties: false`, as the server treats them.
fn close_tagged_variants(document: &mut Value) {
    for name in CLOSED_TAGGED {
        let variants = document["components"]["schemas"][name]["oneOf"].as_array_mut();
        for variant in variants.into_iter().flatten() {
            if let Some(variant) = variant.as_object_mut() {
                variant.insert("additionalProperties".to_owned(), Value::Bool(false));
            }
        }
    }
}

/// The HTTP methods an OpenAPI path item may hold, as its keys.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The operations of the document, with their path and method.
fn operations(document: &mut Value) -> impl Iterator<Item = (String, &'static str, &mut Value)> {
    document["paths"]
        .as_object_mut()
        .into_iter()
        .flat_map(|paths| paths.iter_mut())
        .flat_map(|(path, item)| {
            let path = path.clone();
            item.as_object_mut()
                .into_iter()
                .flat_map(|item| item.iter_mut())
                .filter_map(move |(method, operation)| {
                    let method = METHODS.iter().find(|known| **known == method)?;
                    Some((path.clone(), *method, operation))
                })
        })
}

/// `<resource>_<handler>`: the operation's tag (each handler's `tag` names
/// its resource, `follow-ups`) and the handler's name, which utoipa gives
/// as the operationId; `get_one` reads as `get` (`customers_get`).
fn name_operations(document: &mut Value) {
    for (_, _, operation) in operations(document) {
        let handler = operation["operationId"].as_str().unwrap_or_default();
        let handler = if handler == "get_one" { "get" } else { handler };
        let resource = operation["tags"][0].as_str().unwrap_or("api");
        let id = format!("{}_{handler}", resource.replace('-', "_"));
        operation["operationId"] = Value::String(id);
    }
}

/// Renames each `Paged_T` to `PagedT` with `items` a reference to `T`,
/// and points every reference at the new name.
fn name_paged_schemas(document: &mut Value) {
    let Some(schemas) = document["components"]["schemas"].as_object_mut() else {
        return;
    };
    let paged: Vec<String> = schemas
        .keys()
        .filter(|name| name.starts_with("Paged_"))
        .cloned()
        .collect();
    let mut renamed = Vec::new();
    for old in paged {
        let item = old.trim_start_matches("Paged_").to_owned();
        if !schemas.contains_key(&item) {
            continue;
        }
        let Some(mut schema) = schemas.remove(&old) else {
            continue;
        };
        schema["properties"]["items"]["items"] = json!({ "$ref": schema_ref(&item) });
        let new = format!("Paged{item}");
        schemas.insert(new.clone(), schema);
        renamed.push((schema_ref(&old), schema_ref(&new)));
    }
    rename_refs(document, &renamed);
}

fn schema_ref(name: &str) -> String {
    format!("#/components/schemas/{name}")
}

fn rename_refs(value: &mut Value, renamed: &[(String, String)]) {
    match value {
        Value::Object(fields) => {
            for (key, field) in fields.iter_mut() {
                if key == "$ref"
                    && let Value::String(target) = field
                    && let Some((_, new)) = renamed.iter().find(|(old, _)| old == target)
                {
                    *target = new.clone();
                } else {
                    rename_refs(field, renamed);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rename_refs(item, renamed)),
        _ => {}
    }
}

/// What every operation of a kind can answer, whatever its handler does:
///
/// - every operation: 405 with `Allow` for another method on its path
///   (`routes::unmatched`); under `/api/`, a problem+json 404 for a path
///   that names no operation;
/// - one with query parameters: 400 for a query string that does not parse;
/// - one that reads a body: 408 when it does not arrive within
///   `extract::BODY_TIMEOUT`, 413 over `extract::MAX_BODY_BYTES`, 415 when
///   it is not JSON.
///
/// A status the handler documents keeps its own description.
fn add_common_responses(document: &mut Value) {
    let problem = |description: &str| {
        json!({
            "description": description,
            "content": { "application/problem+json": {
                "schema": { "$ref": schema_ref("Problem") }
            } }
        })
    };
    let mut not_allowed = problem("The path exists, but not with this method");
    not_allowed["headers"] = json!({ "Allow": {
        "description": "The methods the path has",
        "schema": { "type": "string" }
    } });
    for (path, _, operation) in operations(document) {
        // Checked by `idempotency` for every create that takes one.
        let parameters = operation
            .get_mut("parameters")
            .and_then(Value::as_array_mut);
        for parameter in parameters.into_iter().flatten() {
            if parameter["in"] == "header" && parameter["name"] == "Idempotency-Key" {
                parameter["schema"]["minLength"] = json!(1);
                parameter["schema"]["maxLength"] = json!(255);
            }
        }
        let has_query = operation["parameters"]
            .as_array()
            .is_some_and(|parameters| parameters.iter().any(|p| p["in"] == "query"));
        let has_body = operation.get("requestBody").is_some();
        let Some(responses) = operation["responses"].as_object_mut() else {
            continue;
        };
        let mut add = |status: &str, response: Value| {
            responses.entry(status).or_insert(response);
        };
        add("405", not_allowed.clone());
        if path.starts_with("/api/") {
            add("404", problem("No such record, or no such path"));
        }
        if has_query {
            add("400", problem("The query string does not parse"));
        }
        if has_body {
            add("400", problem("The body is not JSON of the expected shape"));
            add("408", problem("The body did not arrive in time"));
            add("413", problem("The body is larger than 256 KiB"));
            add(
                "415",
                problem("The body is not JSON (Content-Type: application/json)"),
            );
        }
    }
}
