//! The security headers every response carries: a Content-Security-Policy
//! per kind of page, `X-Content-Type-Options`, `X-Frame-Options`,
//! `Referrer-Policy`, and `Strict-Transport-Security` when configured.
//!
//! Three policies, because three kinds of thing are served:
//! - the app (`/` and every client-side route): scripts from this origin
//!   plus the inline module that starts the app, allowed by its SHA-256
//!   (read from the built `index.html` at start, so rebuilding the app
//!   never needs a change here), and `'wasm-unsafe-eval'`, without which
//!   the browser refuses to compile the app's WebAssembly;
//! - Swagger UI (`/swagger-ui/`): its page loads only files of its own, but
//!   its React components set inline styles and it draws icons as `data:`
//!   images;
//! - the API's JSON and the OpenAPI document: nothing to run or load.
//!
//! Inline styles are allowed on the pages (the app may set `style`
//! attributes): a style cannot run code, a script can, and scripts stay
//! locked to this origin and the hashed module. No page may be framed.

use std::path::Path;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;
use sha2::{Digest, Sha256};

/// The API's answers load and run nothing.
const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// Swagger UI: its own files, inline styles, `data:` icons, and fetches of
/// the document and of "Try it out" to this origin.
const SWAGGER_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; \
    connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'";

/// A year, with subdomains: what browsers' preload lists ask for.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// The headers to add, built once at start.
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    app_policy: HeaderValue,
    hsts: bool,
}

impl SecurityHeaders {
    /// The headers for an app built into `frontend_dir`; HSTS only when
    /// `hsts` (the server is reached over TLS, `RAPPORT_HSTS=true`).
    pub fn new(frontend_dir: &Path, hsts: bool) -> SecurityHeaders {
        let index = std::fs::read_to_string(frontend_dir.join("index.html")).unwrap_or_default();
        let app_policy = HeaderValue::from_str(&app_policy(&index))
            .unwrap_or(HeaderValue::from_static(API_POLICY));
        SecurityHeaders { app_policy, hsts }
    }

    fn policy_for(&self, path: &str) -> HeaderValue {
        if path.starts_with("/swagger-ui") {
            HeaderValue::from_static(SWAGGER_POLICY)
        } else if path.starts_with("/api/") || path.starts_with("/api-docs/") {
            HeaderValue::from_static(API_POLICY)
        } else {
            self.app_policy.clone()
        }
    }
}

/// The app's policy: its inline scripts in `index` allowed by hash.
fn app_policy(index: &str) -> String {
    let hashes: String = inline_scripts(index)
        .map(|script| format!(" 'sha256-{}'", base64(&Sha256::digest(script.as_bytes()))))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The text of every `<script>` in `html` that has no `src`, exactly as the
/// browser hashes it (between the tags).
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (tag, after) = rest.split_once('>')?;
        let (text, _) = after.split_once("</script>")?;
        (!tag.contains("src=")).then_some(text)
    })
}

/// Standard base64 with padding, as CSP hashes are written.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
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
        headers_config.policy_for(&path),
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
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn the_app_policy_allows_its_inline_module_by_hash_and_nothing_else_inline() {
        let index = "<head><script type=\"module\">\n  import init from \"/app.js\";\n</script>\
                     <script src=\"/other.js\"></script></head>";

        let policy = app_policy(index);

        let hash = base64(&Sha256::digest(b"\n  import init from \"/app.js\";\n"));
        assert!(policy.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}';"
        )));
        assert_eq!(policy.matches("'sha256-").count(), 1);
        assert!(!policy.contains("script-src 'self' 'unsafe-inline'"));
    }
}
