//! The security headers every response carries: a Content-Security-Policy
//! per kind of page, `X-Content-Type-Options`, `X-Frame-Options`,
//! `Referrer-Policy`, and `Strict-Transport-Security` when configured.
//!
//! Three policies, because three kinds of thing are served:
//! - the app (`/` and every client-side route): scripts from this origin
//!   only (the app starts from `boot.js`, never an inline script), and
//!   `'wasm-unsafe-eval'`, without which the browser refuses to compile the
//!   app's WebAssembly;
//! - Swagger UI (`/swagger-ui/`): its page loads only files of its own, but
//!   its React components set inline styles and it draws icons as `data:`
//!   images;
//! - the API's JSON and the OpenAPI document: nothing to run or load.
//!
//! Inline styles are allowed on the pages (the app may set `style`
//! attributes): a style cannot run code, a script can, and scripts stay
//! locked to this origin. No page may be framed.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;

/// The API's answers load and run nothing.
const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// Swagger UI: its own files, inline styles, `data:` icons, and fetches of
/// the document and of "Try it out" to this origin.
const SWAGGER_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; \
    connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'";

/// The app: its own files, and the compilation of its WebAssembly.
const APP_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// A year, with subdomains: what browsers' preload lists ask for.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// The headers to add, built once at start.
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    hsts: bool,
}

impl SecurityHeaders {
    /// The headers; HSTS only when `hsts` (the server is reached over TLS,
    /// `RAPPORT_HSTS=true`).
    pub fn new(hsts: bool) -> SecurityHeaders {
        SecurityHeaders { hsts }
    }
}

/// The policy of what `path` serves.
fn policy_for(path: &str) -> &'static str {
    if path.starts_with("/swagger-ui") {
        SWAGGER_POLICY
    } else if path.starts_with("/api/") || path.starts_with("/api-docs/") {
        API_POLICY
    } else {
        APP_POLICY
    }
}

/// Middleware: adds the headers to every response, errors and files included.
pub async fn add(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let headers = req.app_data::<web::Data<SecurityHeaders>>().cloned();
    let path = req.path().to_owned();
    // Handlers' and extractors' errors arrive here already rendered as
    // responses (actix-web renders them in the route's service).
    let mut response = next.call(req).await?.map_into_boxed_body();
    let Some(headers_config) = headers else {
        return Ok(response);
    };
    let out = response.headers_mut();
    out.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(policy_for(&path)),
    );
    out.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    out.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    out.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if headers_config.hsts {
        out.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_runs_only_its_own_scripts_and_the_api_runs_nothing() {
        for path in ["/", "/requests/new", "/app-6f42beb873e4a662.js"] {
            let scripts = policy_for(path)
                .split(';')
                .map(str::trim)
                .find(|directive| directive.starts_with("script-src"));
            assert_eq!(
                scripts,
                Some("script-src 'self' 'wasm-unsafe-eval'"),
                "{path}"
            );
        }
        assert_eq!(policy_for("/api/v1/requests"), API_POLICY);
        assert_eq!(policy_for("/swagger-ui/"), SWAGGER_POLICY);
    }
}
