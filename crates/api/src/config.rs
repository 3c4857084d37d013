//! Configuration in one place: defaults, then `RAPPORT_*` environment variables.

use std::path::PathBuf;

/// Where the embedded database lives unless `RAPPORT_DATABASE_URL` says otherwise.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/rapport.db";
/// The address the server listens on unless `RAPPORT_BIND` says otherwise.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
/// Where the built single-page app is served from unless `RAPPORT_FRONTEND_DIR` says otherwise.
pub const DEFAULT_FRONTEND_DIR: &str = "frontend/dist";

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    /// `host:port` to listen on; port 0 picks a free port (tests use it).
    pub bind: String,
    /// `sqlite://path` or `postgres://user:pass@host/db`.
    pub database_url: String,
    /// Folder holding the built frontend (`index.html`, `app.js`, `app_bg.wasm`).
    pub frontend_dir: PathBuf,
}

/// A setting that cannot be used, found at startup.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A variable is set but empty or malformed.
    #[error("{name} is invalid: {reason}")]
    Invalid {
        /// The environment variable's name.
        name: &'static str,
        /// Why it cannot be used.
        reason: String,
    },
}

impl Config {
    /// Reads the configuration from the environment, falling back to the defaults.
    pub fn from_env() -> Result<Config, ConfigError> {
        let config = Config {
            bind: var_or("RAPPORT_BIND", DEFAULT_BIND),
            database_url: var_or("RAPPORT_DATABASE_URL", DEFAULT_DATABASE_URL),
            frontend_dir: PathBuf::from(var_or("RAPPORT_FRONTEND_DIR", DEFAULT_FRONTEND_DIR)),
        };
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> Result<(), ConfigError> {
        if !self.bind.contains(':') {
            return Err(ConfigError::Invalid {
                name: "RAPPORT_BIND",
                reason: format!("expected host:port, got {:?}", self.bind),
            });
        }
        let url = &self.database_url;
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
        {
            return Err(ConfigError::Invalid {
                name: "RAPPORT_DATABASE_URL",
                // Never echo the URL: it may carry a password.
                reason: "expected a sqlite:// or postgres:// URL".to_owned(),
            });
        }
        Ok(())
    }
}

fn var_or(name: &str, default: &str) -> String {
    match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => value,
        _ => default.to_owned(),
    }
}
