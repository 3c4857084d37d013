//! The one way to start Rapport: `Application::build(config)` binds the port,
//! opens and migrates the database, and returns the server ready to run.

use std::net::TcpListener;
use std::time::Duration;

use actix_web::dev::{Server, fn_service};
use actix_web::middleware::{Compress, Logger, from_fn};
use actix_web::{App, HttpServer, web};
use sea_orm::DatabaseConnection;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::tokens::JwtKeys;
use crate::config::Config;
use crate::db::{self, DbError};
use crate::error::ApiError;
use crate::routes::{self, extract, openapi};
use crate::security_headers::{self, SecurityHeaders};
use crate::services::requests::intake::{Connections, Queue};
use crate::state::AppState;
use crate::{bootstrap, language, scheduler, settings};

/// How long a client may take to send a request's head (a slowloris holds
/// a connection by never finishing it).
pub const REQUEST_HEAD_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a closing connection waits for the client to take what is left.
pub const DISCONNECT_TIMEOUT: Duration = Duration::from_secs(1);

/// How long a stopping server lets requests in flight finish before it
/// closes their connections. Every request but one finishes in well under
/// a second; the exception is the notification long poll, which would
/// hold a restart for up to 30 s (actix's default grace) and loses
/// nothing when cut: the app asks again, of another instance if need be.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A bound, migrated, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
    db: DatabaseConnection,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The listen address could not be bound.
    #[error("binding {address}")]
    Bind {
        /// The address from the configuration.
        address: String,
        /// The underlying failure.
        #[source]
        source: std::io::Error,
    },
    /// The database could not be opened or migrated.
    #[error(transparent)]
    Database(#[from] DbError),
    /// The first administrator or the demo data could not be created.
    #[error("preparing the first start")]
    Bootstrap(#[source] ApiError),
}

impl Application {
    /// Binds `config.bind`, connects and migrates the database, and builds the server.
    pub async fn build(config: Config) -> Result<Application, StartupError> {
        let listener = TcpListener::bind(&config.bind).map_err(|source| StartupError::Bind {
            address: config.bind.clone(),
            source,
        })?;
        let port = listener
            .local_addr()
            .map_err(|source| StartupError::Bind {
                address: config.bind.clone(),
                source,
            })?
            .port();
        let db = db::connect_and_migrate(&config.database_url, config.database_connections).await?;
        let settings = std::sync::Arc::new(settings::Cache::new(db.get_database_backend()));
        settings::listen(&db, settings.clone());
        let reader = db::connect_reader(&config.database_url, &db).await?;
        let lists = db::connect_lists(&config.database_url, &reader).await?;
        let connections = Connections::for_server(&config.database_url, &db, &reader);
        let intake = Queue::start(connections, settings.clone(), config.clock.clone()).await?;
        scheduler::start(db.clone(), config.clock.clone(), config.scheduler_tick);
        let state = AppState {
            db: db.clone(),
            reader,
            lists,
            settings,
            keys: JwtKeys::from_secret(config.jwt_secret.expose().as_bytes()),
            clock: config.clock.clone(),
            intake,
            common_searches: Default::default(),
            far_searches: Default::default(),
            recent_counts: Default::default(),
            sorted_matches: Default::default(),
        };
        crate::webhooks::worker::start(&state);
        bootstrap::first_start(&state, &config)
            .await
            .map_err(StartupError::Bootstrap)?;
        let data = web::Data::new(state);
        let security_headers = web::Data::new(SecurityHeaders::new(config.hsts));
        let trusted_proxies = web::Data::new(config.trusted_proxies.clone());
        let frontend_dir = config.frontend_dir.clone();
        let server = HttpServer::new(move || {
            App::new()
                .into_utoipa_app()
                .openapi(openapi::base())
                .map(|app| {
                    app.wrap(from_fn(extract::refuse_nul_in_query))
                        // Outside whatever may refuse, so every refusal is
                        // worded in the language the client asked for.
                        .wrap(from_fn(language::negotiate))
                        .wrap(from_fn(security_headers::add))
                        .wrap(Compress::default())
                        .wrap(Logger::new(r#"%a "%r" %s %b %Dms"#))
                        .app_data(extract::query_config())
                        .app_data(extract::path_config())
                        .app_data(extract::payload_config())
                        .app_data(data.clone())
                        .app_data(security_headers.clone())
                        .app_data(trusted_proxies.clone())
                })
                .configure(routes::api)
                .openapi_service(|document| {
                    SwaggerUi::new("/swagger-ui/{_:.*}")
                        .external_url_unchecked(openapi::DOCUMENT_PATH, openapi::finish(document))
                })
                .into_app()
                // Outside the /api/v1 scope (which has its own default),
                // an /api path or another method on /healthz is still the
                // API's: never the app's page, never an empty answer.
                .service(web::scope("/api").default_service(fn_service(routes::unmatched::answer)))
                .service(
                    web::resource("/healthz")
                        .default_service(fn_service(routes::unmatched::answer)),
                )
                .wrap(from_fn(routes::spa::cache_control))
                .configure(routes::spa::configure(&frontend_dir))
        })
        // A request's head must arrive within this (actix-web's default,
        // said here); its body within `extract::BODY_TIMEOUT`.
        .client_request_timeout(REQUEST_HEAD_TIMEOUT)
        // On close, a client gets this long to take the last response.
        .client_disconnect_timeout(DISCONNECT_TIMEOUT)
        .shutdown_timeout(SHUTDOWN_GRACE.as_secs())
        .listen(listener)
        .map_err(|source| StartupError::Bind {
            address: config.bind.clone(),
            source,
        })?
        .run();
        Ok(Application { port, server, db })
    }

    /// The port actually bound (useful when the configuration asked for port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The database the server uses, for tests that arrange data directly.
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Serves requests until the process is told to stop.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
