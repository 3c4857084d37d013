//! Configuration in one place: defaults, then `RAPPORT_*` environment variables.

use std::path::{Path, PathBuf};

use crate::auth::client_address::TrustedProxies;
use crate::auth::tokens::random_secret;
use crate::clock::Clock;
use crate::owner_only;

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
    /// Connections this instance opens to PostgreSQL at most
    /// (`RAPPORT_DATABASE_CONNECTIONS`); SQLite always has one writer and
    /// eight readers.
    pub database_connections: u32,
    /// Folder holding the built frontend (`index.html`, `app.js`, `app_bg.wasm`).
    pub frontend_dir: PathBuf,
    /// Signs access tokens; never logged.
    pub jwt_secret: Secret,
    /// The first administrator, created when there are no users yet.
    pub first_admin: Option<FirstAdmin>,
    /// Load demo customers, orders, contracts and users of every role at start.
    pub demo_data: bool,
    /// Where "now" comes from (the system clock outside tests).
    pub clock: Clock,
    /// Send `Strict-Transport-Security` (`RAPPORT_HSTS=true`): only when
    /// browsers reach the server over HTTPS (a TLS proxy in front), since
    /// it makes them refuse plain HTTP to this host for a year.
    pub hsts: bool,
    /// How often this instance looks for scheduled work
    /// (`RAPPORT_SCHEDULER_TICK` seconds, 30 by default; `off`: never,
    /// another instance does it). Tests run jobs through `POST /jobs/{name}/run`.
    pub scheduler_tick: Option<std::time::Duration>,
    /// Proxies in front of the server whose `X-Forwarded-For` tells the
    /// client's address (`RAPPORT_TRUSTED_PROXIES`, comma-separated IP
    /// addresses; none by default).
    pub trusted_proxies: TrustedProxies,
}

/// Credentials of the administrator created on first start.
#[derive(Clone)]
pub struct FirstAdmin {
    /// Login email.
    pub email: String,
    /// Login password; never logged.
    pub password: Secret,
}

impl std::fmt::Debug for FirstAdmin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FirstAdmin")
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

/// A value that must never reach a log: `Debug` prints `[redacted]`.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
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
    /// The development JWT secret could not be read or written.
    #[error("keeping the development JWT secret in {path}")]
    SecretFile {
        /// The file.
        path: String,
        /// The underlying failure.
        #[source]
        source: std::io::Error,
    },
}

/// Minimum length of `RAPPORT_JWT_SECRET`.
const MIN_SECRET_LEN: usize = 32;

impl Config {
    /// Reads the configuration from the environment, falling back to the defaults.
    pub fn from_env() -> Result<Config, ConfigError> {
        let jwt_secret = match std::env::var("RAPPORT_JWT_SECRET") {
            Ok(secret) if secret.len() >= MIN_SECRET_LEN => Secret(secret),
            Ok(_) => {
                return Err(ConfigError::Invalid {
                    name: "RAPPORT_JWT_SECRET",
                    reason: format!("must be at least {MIN_SECRET_LEN} characters"),
                });
            }
            Err(_) => development_secret(Path::new("data/jwt-secret"))?,
        };
        let first_admin = match (
            std::env::var("RAPPORT_ADMIN_EMAIL"),
            std::env::var("RAPPORT_ADMIN_PASSWORD"),
        ) {
            (Ok(email), Ok(password)) if !email.trim().is_empty() && !password.is_empty() => {
                Some(FirstAdmin {
                    email: email.trim().to_lowercase(),
                    password: Secret(password),
                })
            }
            _ => None,
        };
        let config = Config {
            bind: var_or("RAPPORT_BIND", DEFAULT_BIND),
            database_url: var_or("RAPPORT_DATABASE_URL", DEFAULT_DATABASE_URL),
            database_connections: connections(std::env::var("RAPPORT_DATABASE_CONNECTIONS").ok())?,
            frontend_dir: PathBuf::from(var_or("RAPPORT_FRONTEND_DIR", DEFAULT_FRONTEND_DIR)),
            jwt_secret,
            first_admin,
            demo_data: var_or("RAPPORT_DEMO_DATA", "false") == "true",
            clock: Clock::system(),
            hsts: var_or("RAPPORT_HSTS", "false") == "true",
            scheduler_tick: scheduler_tick(&var_or("RAPPORT_SCHEDULER_TICK", "30"))?,
            trusted_proxies: trusted_proxies(&var_or("RAPPORT_TRUSTED_PROXIES", ""))?,
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

/// The most connections one instance may ask PostgreSQL for.
const MAX_CONNECTIONS: u32 = 1000;

/// `RAPPORT_SCHEDULER_TICK`: seconds between looks for due jobs, or `off`.
fn scheduler_tick(value: &str) -> Result<Option<std::time::Duration>, ConfigError> {
    if value.trim() == "off" {
        return Ok(None);
    }
    match value.trim().parse::<u64>() {
        Ok(seconds) if (1..=3600).contains(&seconds) => {
            Ok(Some(std::time::Duration::from_secs(seconds)))
        }
        _ => Err(ConfigError::Invalid {
            name: "RAPPORT_SCHEDULER_TICK",
            reason: format!("expected seconds from 1 to 3600 or `off`, got {value:?}"),
        }),
    }
}

/// `RAPPORT_TRUSTED_PROXIES`: IP addresses separated by commas.
fn trusted_proxies(value: &str) -> Result<TrustedProxies, ConfigError> {
    let addresses = value
        .split(',')
        .map(str::trim)
        .filter(|address| !address.is_empty())
        .map(|address| {
            address.parse().map_err(|_| ConfigError::Invalid {
                name: "RAPPORT_TRUSTED_PROXIES",
                reason: format!("expected IP addresses separated by commas, got {address:?}"),
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(TrustedProxies(addresses))
}

/// `RAPPORT_DATABASE_CONNECTIONS`: unset or blank is the default.
fn connections(value: Option<String>) -> Result<u32, ConfigError> {
    let Some(value) = value.filter(|value| !value.trim().is_empty()) else {
        return Ok(crate::db::POSTGRES_POOL);
    };
    match value.trim().parse::<u32>() {
        Ok(count @ 1..=MAX_CONNECTIONS) => Ok(count),
        _ => Err(ConfigError::Invalid {
            name: "RAPPORT_DATABASE_CONNECTIONS",
            reason: format!("expected a whole number from 1 to {MAX_CONNECTIONS}, got {value:?}"),
        }),
    }
}

fn var_or(name: &str, default: &str) -> String {
    match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => value,
        _ => default.to_owned(),
    }
}

/// In development the secret is generated once and kept in `data/`, so
/// tokens survive a restart without anyone having to configure one. Anyone
/// who reads it can sign an administrator's token: the folder is created
/// 0700 and the file 0600, and a file kept from before loses any wider mode.
fn development_secret(path: &Path) -> Result<Secret, ConfigError> {
    let failed = |source| ConfigError::SecretFile {
        path: path.display().to_string(),
        source,
    };
    match std::fs::read_to_string(path) {
        Ok(secret) if secret.trim().len() >= MIN_SECRET_LEN => {
            owner_only::restrict_file(path).map_err(failed)?;
            Ok(Secret(secret.trim().to_owned()))
        }
        _ => {
            if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
                owner_only::create_folder(folder).map_err(failed)?;
            }
            let secret = random_secret();
            owner_only::write_file(path, &secret).map_err(failed)?;
            Ok(Secret(secret))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    #[test]
    fn the_development_secret_is_readable_by_its_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data").join("jwt-secret");

        let secret = development_secret(&path).unwrap();

        assert_eq!(mode(&path), 0o600);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), secret.expose());
    }

    #[cfg(unix)]
    #[test]
    fn the_development_secrets_folder_is_the_owners_only() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("data");

        development_secret(&folder.join("jwt-secret")).unwrap();

        assert_eq!(mode(&folder), 0o700);
    }

    #[cfg(unix)]
    #[test]
    fn a_secret_kept_from_before_loses_its_wider_mode_and_stays_the_same() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("jwt-secret");
        let kept = "k".repeat(MIN_SECRET_LEN);
        std::fs::write(&path, &kept).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();

        let secret = development_secret(&path).unwrap();

        assert_eq!(secret.expose(), kept);
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn trusted_proxies_are_ip_addresses() {
        assert!(trusted_proxies("").unwrap().0.is_empty());
        let two = trusted_proxies("10.0.0.1, ::1").unwrap();
        assert_eq!(two.0.len(), 2);
        let error = trusted_proxies("10.0.0.1,lb.internal")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("RAPPORT_TRUSTED_PROXIES") && error.contains("lb.internal"),
            "{error}"
        );
    }

    #[test]
    fn database_connections_default_and_bounds() {
        assert_eq!(connections(None).ok(), Some(crate::db::POSTGRES_POOL));
        assert_eq!(
            connections(Some(" ".to_owned())).ok(),
            Some(crate::db::POSTGRES_POOL)
        );
        assert_eq!(connections(Some("4".to_owned())).ok(), Some(4));
        assert_eq!(connections(Some("1000".to_owned())).ok(), Some(1000));
        for bad in ["0", "1001", "-3", "many", "2.5"] {
            let error = connections(Some(bad.to_owned()))
                .err()
                .map(|e| e.to_string());
            assert!(
                error
                    .as_deref()
                    .is_some_and(|e| e.starts_with("RAPPORT_DATABASE_CONNECTIONS is invalid")),
                "{bad}: {error:?}"
            );
        }
    }
}
