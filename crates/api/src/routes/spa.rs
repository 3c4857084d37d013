//! The single-page app: static files from the built frontend, and
//! `index.html` for every other path so client-side routes survive a reload.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::{HttpResponse, web};

/// Mounts the app at `/`; paths under `/api/` never fall back to the app.
pub fn configure(frontend_dir: &Path) -> impl FnOnce(&mut web::ServiceConfig) + use<> {
    let dir = frontend_dir.to_path_buf();
    move |cfg: &mut web::ServiceConfig| {
        let index = dir.join("index.html");
        cfg.service(
            Files::new("/", &dir)
                .index_file("index.html")
                .default_handler(fn_service(move |req: ServiceRequest| {
                    let index = index.clone();
                    async move { Ok(fallback(req, &index).await) }
                })),
        );
    }
}

async fn fallback(req: ServiceRequest, index: &PathBuf) -> ServiceResponse {
    let (req, _) = req.into_parts();
    if req.path().starts_with("/api/") {
        return ServiceResponse::new(req, HttpResponse::NotFound().finish());
    }
    let response = match NamedFile::open(index) {
        Ok(file) => file.into_response(&req),
        Err(_) => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("The frontend is not built: run `make frontend`."),
    };
    ServiceResponse::new(req, response)
}
