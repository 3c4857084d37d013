//! A throwaway PostgreSQL database for a test: created empty on the server
//! `RAPPORT_TEST_POSTGRES_URL` names (its role must be allowed to create
//! databases), dropped when the value is dropped. Every suite that runs on
//! PostgreSQL (the API's, the entities', the migrations') gets its
//! databases here.

use std::hash::{BuildHasher, RandomState};

use sea_orm::{ConnectionTrait, Database};

/// The variable naming the PostgreSQL server the tests may use.
pub const SERVER_VAR: &str = "RAPPORT_TEST_POSTGRES_URL";

/// The server `RAPPORT_TEST_POSTGRES_URL` names, if it is set.
pub fn server_from_env() -> Option<String> {
    std::env::var(SERVER_VAR).ok()
}

/// An empty database of its own, dropped (with any connections left
/// open) when this is dropped.
#[derive(Debug)]
pub struct Throwaway {
    server: String,
    name: String,
    url: String,
}

impl Throwaway {
    /// Creates an empty database on `server` (a URL whose role may create
    /// databases).
    ///
    /// # Panics
    /// When the server cannot be reached or refuses: a test cannot go on.
    #[allow(clippy::expect_used, clippy::panic)]
    pub async fn create(server: &str) -> Throwaway {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_nanos());
        let name = format!(
            "rapport_test_{:016x}",
            RandomState::new().hash_one((nanos, std::process::id()))
        );
        let admin = Database::connect(server)
            .await
            .unwrap_or_else(|error| panic!("connecting to PostgreSQL at {server}: {error}"));
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("creating a test database");
        admin.close().await.ok();
        Throwaway {
            url: with_database(server, &name),
            server: server.to_owned(),
            name,
        }
    }

    /// The URL of the database.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for Throwaway {
    fn drop(&mut self) {
        let server = self.server.clone();
        let name = self.name.clone();
        // Drop runs inside the test's runtime, which cannot be blocked on:
        // a thread with a runtime of its own drops the database.
        let _ = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async move {
                if let Ok(admin) = Database::connect(&server).await {
                    let _ = admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await;
                    admin.close().await.ok();
                }
            });
        })
        .join();
    }
}

/// `server` with its database path replaced by `name`, keeping any query.
fn with_database(server: &str, name: &str) -> String {
    let (base, query) = match server.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (server, None),
    };
    let authority_end = base
        .find("://")
        .map(|scheme| scheme + 3)
        .and_then(|start| base[start..].find('/').map(|slash| start + slash))
        .unwrap_or(base.len());
    let mut url = format!("{}/{name}", &base[..authority_end]);
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    url
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn the_database_path_is_replaced_and_the_query_kept() {
        assert_eq!(
            with_database("postgres://u:p@h:5432/postgres", "t"),
            "postgres://u:p@h:5432/t"
        );
        assert_eq!(
            with_database("postgres://u:p@h/postgres?sslmode=disable", "t"),
            "postgres://u:p@h/t?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h", "t"), "postgres://h/t");
    }
}
