//! Spawning the app for a test.

use std::path::PathBuf;

use rapport_api::config::Config;
use rapport_api::startup::Application;

/// A running server on a fresh database; dropped with the test.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    /// An HTTP client for the test.
    pub client: reqwest::Client,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// Starts the server on port 0, a fresh SQLite file, and a frontend
    /// folder holding a marker `index.html`.
    pub async fn spawn() -> TestApp {
        let dir = tempfile::tempdir().expect("creating a temp dir");
        let frontend_dir: PathBuf = dir.path().join("dist");
        std::fs::create_dir_all(&frontend_dir).unwrap();
        std::fs::write(
            frontend_dir.join("index.html"),
            "<!doctype html><title>Rapport test shell</title>",
        )
        .unwrap();
        std::fs::write(
            frontend_dir.join("app.js"),
            "export default function init() {}",
        )
        .unwrap();
        let config = Config {
            bind: "127.0.0.1:0".to_owned(),
            database_url: format!("sqlite://{}/rapport.db", dir.path().display()),
            frontend_dir,
        };
        let app = Application::build(config).await.expect("building the app");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        TestApp {
            address,
            client: reqwest::Client::new(),
            _dir: dir,
        }
    }

    /// GET `path` on the server.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{}", self.address, path))
            .send()
            .await
            .expect("sending a request")
    }
}
