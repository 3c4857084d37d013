//! The single-page app: static files from the built frontend, and
//! `index.html` for every other path so client-side routes survive a reload.
//! `make frontend` leaves a Brotli (`.br`) and a gzip (`.gz`) copy beside
//! each script, wasm and stylesheet, compressed at their best settings; a
//! browser that accepts one gets it instead of the server compressing the
//! file again, quickly and less well, on every download.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::header::{
    self, AcceptEncoding, ContentEncoding, Encoding, Header, HeaderValue,
};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use rapport_types::app::Program;

/// Files named after their content never change: browsers keep them a year.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Everything else the app serves is checked again on every use (it names
/// the content-named files, so a new build is picked up at once).
const REVALIDATE: &str = "no-cache";

/// Mounts the app at `/`; paths under `/api/` never fall back to the app.
pub fn configure(frontend_dir: &Path) -> impl FnOnce(&mut web::ServiceConfig) + use<> {
    let dir = frontend_dir.to_path_buf();
    move |cfg: &mut web::ServiceConfig| {
        let shells = Shells(dir.clone());
        let files = dir.clone();
        cfg.route(
            "/{file:[^/]+\\.(js|wasm|css)}",
            web::get().to(move |req: HttpRequest| {
                let files = files.clone();
                async move { app_file(&req, &files) }
            }),
        );
        cfg.service(
            Files::new("/", &dir)
                .index_file("index.html")
                .default_handler(fn_service(move |req: ServiceRequest| {
                    let shells = shells.clone();
                    async move { Ok(fallback(req, &shells).await) }
                })),
        );
    }
}

/// A script, wasm or stylesheet of the app, precompressed when the browser
/// accepts what `make frontend` left beside it.
fn app_file(req: &HttpRequest, dir: &Path) -> HttpResponse {
    let name = req.match_info().query("file");
    // One file of the folder, never a way out of it.
    if name.starts_with('.') || name.contains(['/', '\\']) {
        return HttpResponse::NotFound().finish();
    }
    let plain = dir.join(name);
    let (path, encoding) = match precompressed(req, &plain) {
        Some((path, encoding)) => (path, encoding),
        None => (plain.clone(), ContentEncoding::Identity),
    };
    let file = match NamedFile::open(&path) {
        Ok(file) => file,
        Err(_) => return HttpResponse::NotFound().finish(),
    };
    let mut file = file.disable_content_disposition();
    if encoding != ContentEncoding::Identity {
        // The type of what was compressed, not of a `.br` file.
        file = file
            .set_content_type(actix_files::file_extension_to_mime(
                plain
                    .extension()
                    .and_then(|e| e.to_str())
                    .unwrap_or_default(),
            ))
            .set_content_encoding(encoding);
    }
    let mut response = file.into_response(req);
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// The compressed copy of `plain` this request accepts best, if one exists.
fn precompressed(req: &HttpRequest, plain: &Path) -> Option<(PathBuf, ContentEncoding)> {
    let accepted = AcceptEncoding::parse(req).ok()?;
    let mut offered: Vec<Encoding> = Vec::new();
    for (encoding, extension) in [
        (ContentEncoding::Brotli, "br"),
        (ContentEncoding::Gzip, "gz"),
    ] {
        if with_extension(plain, extension).is_file() {
            offered.push(Encoding::Known(encoding));
        }
    }
    offered.push(Encoding::identity());
    match accepted.negotiate(offered.iter())? {
        Encoding::Known(ContentEncoding::Brotli) => {
            Some((with_extension(plain, "br"), ContentEncoding::Brotli))
        }
        Encoding::Known(ContentEncoding::Gzip) => {
            Some((with_extension(plain, "gz"), ContentEncoding::Gzip))
        }
        _ => None,
    }
}

/// `app.wasm` → `app.wasm.br`.
fn with_extension(path: &Path, extension: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

/// The folder of the app's programs' pages (see `frontend/src/lib.rs`).
#[derive(Debug, Clone)]
struct Shells(PathBuf);

impl Shells {
    /// The page of the program that shows `path`.
    fn for_path(&self, path: &str) -> PathBuf {
        self.0.join(Program::of(path).page())
    }
}

async fn fallback(req: ServiceRequest, shells: &Shells) -> ServiceResponse {
    let (req, _) = req.into_parts();
    if req.path().starts_with("/api/") {
        return ServiceResponse::new(req, HttpResponse::NotFound().finish());
    }
    let response = match NamedFile::open(shells.for_path(req.path())) {
        Ok(file) => file.into_response(&req),
        Err(_) => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("The frontend is not built: run `make frontend`."),
    };
    ServiceResponse::new(req, response)
}

/// Sets how long browsers keep what the app serves: a year for files named
/// after their content (`app-<16 hex>.js`, `style-<16 hex>.css`), never
/// without asking for the rest. The API and Swagger UI are left as they are.
pub async fn cache_control(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, actix_web::Error> {
    let path = req.path().to_owned();
    let mut response = next.call(req).await?;
    let app_file = !path.starts_with("/api/")
        && !path.starts_with("/swagger-ui/")
        && !path.starts_with("/api-docs/")
        && path != "/healthz";
    if app_file && response.status().is_success() {
        let policy = if is_content_named(&path) {
            IMMUTABLE
        } else {
            REVALIDATE
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    Ok(response)
}

/// `/app-0123456789abcdef_bg.wasm` and the like: a name ending in a dash
/// and 16 hexadecimal digits (before `_bg` and the extension).
fn is_content_named(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::{Shells, is_content_named};
    use std::path::{Path, PathBuf};

    #[test]
    fn each_program_has_its_own_page() {
        let shells = Shells(PathBuf::from("dist"));
        assert_eq!(
            shells.for_path("/settings/sla"),
            Path::new("dist/settings.html")
        );
        assert_eq!(
            shells.for_path("/customers"),
            Path::new("dist/accounts.html")
        );
        assert_eq!(shells.for_path("/requests"), Path::new("dist/index.html"));
    }

    #[test]
    fn only_files_named_after_their_content_are_kept_for_a_year() {
        assert!(is_content_named("/app-6f42beb873e4a662.js"));
        assert!(is_content_named("/app-6f42beb873e4a662_bg.wasm"));
        assert!(is_content_named("/style-7452c05d40412dc3.css"));
        assert!(is_content_named("/settings-6f42beb873e4a662_bg.wasm"));
        assert!(!is_content_named("/settings-boot.js"));
        assert!(!is_content_named("/"));
        assert!(!is_content_named("/index.html"));
        assert!(!is_content_named("/boot.js"));
        assert!(!is_content_named(
            "/requests/0194c0de-1234-7abc-8def-0123456789ab"
        ));
        assert!(!is_content_named("/app-xyz.js"));
    }
}
