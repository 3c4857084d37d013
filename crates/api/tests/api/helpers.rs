//! Spawning the app for a test: a fresh database each time (a temp SQLite
//! file, or a fresh PostgreSQL database when `RAPPORT_TEST_DATABASE=postgres`,
//! dropped afterwards), the server on port 0, and a logged-in admin.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use rapport_api::clock::Clock;
use rapport_api::config::{Config, FirstAdmin, Secret};
use rapport_api::startup::Application;
use rapport_testdb::Throwaway;
use serde_json::{Value, json};

/// The first administrator of every test app.
pub const ADMIN_EMAIL: &str = "admin@test.local";
/// Their password.
pub const ADMIN_PASSWORD: &str = "correct horse battery staple";

/// A running server on a fresh database; dropped with the test.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    /// An HTTP client for the test.
    pub client: reqwest::Client,
    /// The server's clock, which tests move instead of sleeping.
    pub clock: Clock,
    /// The server's database, for asserting what was (not) stored.
    pub db: sea_orm::DatabaseConnection,
    database_url: String,
    _dir: tempfile::TempDir,
    _database: Option<Throwaway>,
}

/// A response's status and JSON body (Null when empty).
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub content_type: String,
}

impl TestApp {
    /// Starts the server at a fixed "now" (2025-03-03 10:00 +08:00).
    pub async fn spawn() -> TestApp {
        TestApp::spawn_at("2025-03-03T10:00:00+08:00".parse().unwrap()).await
    }

    /// Starts the server with its clock at `now`.
    pub async fn spawn_at(now: DateTime<Utc>) -> TestApp {
        TestApp::start(now, false).await
    }

    /// Starts the server with the demo data `make run` loads.
    pub async fn spawn_with_demo_data() -> TestApp {
        TestApp::spawn_with_demo_data_at("2025-03-03T10:00:00+08:00".parse().unwrap()).await
    }

    /// The demo loaded on first start at `now` (its clocks are back-dated from there).
    pub async fn spawn_with_demo_data_at(now: DateTime<Utc>) -> TestApp {
        TestApp::start(now, true).await
    }

    /// A second server on this one's database, as a scaled-out deployment
    /// runs several; its clock is its own, starting at this one's "now".
    pub async fn spawn_beside(&self) -> TestApp {
        let database = Some(self.database_url.clone());
        TestApp::launch(self.clock.now(), false, database, None).await
    }

    /// A server whose scheduler looks for due jobs every `tick` on its own
    /// (the others' jobs run only when a test asks).
    pub async fn spawn_ticking(tick: std::time::Duration) -> TestApp {
        let now = "2025-03-03T10:00:00+08:00".parse().unwrap();
        TestApp::launch(now, false, None, Some(tick)).await
    }

    async fn start(now: DateTime<Utc>, demo_data: bool) -> TestApp {
        TestApp::launch(now, demo_data, None, None).await
    }

    /// Asserts that the open-load counts routing keeps (`assignee_loads`)
    /// equal a recount of the open requests by assignee and priority, and
    /// that the migration's backfill (which writes the open states out in
    /// SQL) counts the same from these rows.
    pub async fn assert_open_loads_recount(&self) {
        use rapport_entity::service_requests;
        use rapport_migrations::m20261125_000010_create_assignee_loads::BACKFILL;
        use sea_orm::{ConnectionTrait, EntityTrait, TransactionTrait};
        let mut recount = Loads::new();
        for request in service_requests::Entity::find()
            .all(&self.db)
            .await
            .unwrap()
        {
            if let (Some(assignee), true) = (request.assignee_id, request.status.is_open()) {
                *recount.entry((assignee, request.priority)).or_default() += 1;
            }
        }
        assert_eq!(
            open_loads(&self.db).await,
            recount,
            "assignee_loads drifted from the open requests"
        );
        let txn = self.db.begin().await.unwrap();
        txn.execute_unprepared("DELETE FROM assignee_loads")
            .await
            .unwrap();
        txn.execute_unprepared(BACKFILL).await.unwrap();
        let backfilled = open_loads(&txn).await;
        txn.rollback().await.unwrap();
        assert_eq!(
            backfilled, recount,
            "the assignee_loads backfill counts other states as open"
        );
    }

    /// A fresh database's URL for a server started otherwise (the binary):
    /// a SQLite file in `dir`, or a PostgreSQL database dropped with the guard.
    pub async fn fresh_database_url(dir: &std::path::Path) -> (String, Option<Throwaway>) {
        if TestApp::on_postgres() {
            let database = throwaway_postgres().await;
            (database.url().to_owned(), Some(database))
        } else {
            (format!("sqlite://{}/rapport.db", dir.display()), None)
        }
    }

    /// Whether the suite runs on PostgreSQL (`RAPPORT_TEST_DATABASE=postgres`).
    pub fn on_postgres() -> bool {
        std::env::var("RAPPORT_TEST_DATABASE").as_deref() == Ok("postgres")
    }

    /// Starts a server on `shared_database`, or on a fresh one it drops afterwards.
    async fn launch(
        now: DateTime<Utc>,
        demo_data: bool,
        shared_database: Option<String>,
        scheduler_tick: Option<std::time::Duration>,
    ) -> TestApp {
        let dir = tempfile::tempdir().expect("creating a temp dir");
        let frontend_dir: PathBuf = dir.path().join("dist");
        std::fs::create_dir_all(&frontend_dir).unwrap();
        // Each program's page, as `make frontend` writes them.
        for page in ["index.html", "accounts.html", "settings.html"] {
            std::fs::write(
                frontend_dir.join(page),
                format!("<!doctype html><title>Rapport test shell ({page})</title>"),
            )
            .unwrap();
        }
        std::fs::write(
            frontend_dir.join("app.js"),
            "export default function init() {}",
        )
        .unwrap();
        // What `make frontend` leaves beside it (a marker, not real Brotli).
        std::fs::write(frontend_dir.join("app.js.br"), "brotli copy of app.js").unwrap();
        let (database_url, database) = match shared_database {
            Some(url) => (url, None),
            None if TestApp::on_postgres() => {
                let database = throwaway_postgres().await;
                (database.url().to_owned(), Some(database))
            }
            None => (
                format!("sqlite://{}/rapport.db", dir.path().display()),
                None,
            ),
        };
        let clock = Clock::fixed(now);
        let config = Config {
            bind: "127.0.0.1:0".to_owned(),
            database_url,
            database_connections: rapport_api::db::POSTGRES_POOL,
            frontend_dir,
            jwt_secret: Secret::new("test-secret-test-secret-test-secret-0123"),
            first_admin: Some(FirstAdmin {
                email: ADMIN_EMAIL.to_owned(),
                password: Secret::new(ADMIN_PASSWORD),
            }),
            demo_data,
            clock: clock.clone(),
            hsts: false,
            trusted_proxies: Default::default(),
            // Jobs run when a test asks (`POST /jobs/{name}/run`), unless
            // the test is about the scheduler's own ticks.
            scheduler_tick,
        };
        let database_url = config.database_url.clone();
        let app = Application::build(config).await.expect("building the app");
        let address = format!("http://127.0.0.1:{}", app.port());
        let db = app.db().clone();
        tokio::spawn(app.run_until_stopped());
        TestApp {
            address,
            client: reqwest::Client::new(),
            clock,
            db,
            database_url,
            _dir: dir,
            _database: database,
        }
    }

    /// The database's URL, for a connection of the test's own.
    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// GET `path` without credentials.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("sending a request")
    }

    /// The absolute URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// Sends `method path` with an optional bearer token and JSON body.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.client.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        reply(request.send().await.expect("sending a request")).await
    }

    /// Sends a raw body with a content type (for malformed input).
    pub async fn send_raw(
        &self,
        method: &str,
        path: &str,
        token: &str,
        content_type: &str,
        body: &str,
    ) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let request = self
            .client
            .request(method, self.url(path))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body.to_owned());
        reply(request.send().await.expect("sending a request")).await
    }

    /// Logs in and returns the token pair.
    pub async fn login(&self, email: &str, password: &str) -> Reply {
        self.call(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(json!({"email": email, "password": password})),
        )
        .await
    }

    /// The admin's access token.
    pub async fn admin_token(&self) -> String {
        let reply = self.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        assert_eq!(reply.status, 200, "admin login: {}", reply.body);
        reply.body["access_token"].as_str().unwrap().to_owned()
    }

    /// Creates a user with `role` (and a department that fits) and returns their access token and id.
    pub async fn user_with_role(&self, role: &str) -> (String, String) {
        let admin = self.admin_token().await;
        let department = match role {
            "technician" => "technical_software",
            "sales" | "account_manager" => "sales",
            "marketing" => "marketing",
            "admin" | "manager" => "management",
            _ => "service",
        };
        let email = format!("{role}-{}@test.local", uuid_like());
        let created = self
            .call(
                "POST",
                "/api/v1/users",
                Some(&admin),
                Some(json!({"email": email, "display_name": role, "password": "a long password", "role": role, "department": department})),
            )
            .await;
        assert_eq!(created.status, 201, "creating a {role}: {}", created.body);
        let login = self.login(&email, "a long password").await;
        assert_eq!(login.status, 200);
        (
            login.body["access_token"].as_str().unwrap().to_owned(),
            created.body["id"].as_str().unwrap().to_owned(),
        )
    }
}

async fn reply(response: reqwest::Response) -> Reply {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = response.text().await.unwrap();
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    Reply {
        status,
        body,
        content_type,
    }
}

fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Asserts a problem+json error with `status`, and returns its body.
pub fn assert_problem(reply: &Reply, status: u16) -> &Value {
    assert_eq!(reply.status, status, "body: {}", reply.body);
    assert!(
        reply.content_type.starts_with("application/problem+json"),
        "content type {}",
        reply.content_type
    );
    for field in ["type", "title", "status", "detail", "code"] {
        assert!(
            reply.body.get(field).is_some(),
            "problem lacks {field}: {}",
            reply.body
        );
    }
    &reply.body
}

/// A throwaway database on the PostgreSQL server the suite runs against
/// (`RAPPORT_TEST_POSTGRES_URL`, by default the local one `make test` sets up).
async fn throwaway_postgres() -> Throwaway {
    let server = rapport_testdb::server_from_env()
        .unwrap_or_else(|| "postgres://rapport:rapport@127.0.0.1:5432/postgres".to_owned());
    Throwaway::create(&server).await
}

/// Open requests by (assignee, priority).
type Loads = std::collections::BTreeMap<(uuid::Uuid, rapport_domain::request::Priority), i64>;

/// The non-zero rows of `assignee_loads`.
async fn open_loads(conn: &impl sea_orm::ConnectionTrait) -> Loads {
    use sea_orm::EntityTrait;
    rapport_entity::assignee_loads::Entity::find()
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|row| row.open != 0)
        .map(|row| ((row.user_id, row.priority), i64::from(row.open)))
        .collect()
}
