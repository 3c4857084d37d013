//! A throwaway PostgreSQL database `rapport_bench`, created fresh for a run
//! and dropped after it.

use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};

use crate::error::{BenchError, Context};

const NAME: &str = "rapport_bench";

/// The benchmark's own database on a server the role may CREATEDB on.
pub struct Throwaway {
    admin: DatabaseConnection,
    url: String,
}

impl Throwaway {
    /// Creates `rapport_bench` (dropping a leftover one) next to the database
    /// `server_url` names; `None` when no server answers there.
    pub async fn create(server_url: &str) -> Result<Option<Throwaway>, BenchError> {
        let mut options = ConnectOptions::new(server_url);
        options
            .max_connections(1)
            .connect_timeout(std::time::Duration::from_secs(3))
            .sqlx_logging(false);
        let Ok(admin) = Database::connect(options).await else {
            return Ok(None);
        };
        drop_database(&admin)
            .await
            .context(format!("dropping a leftover {NAME}"))?;
        admin
            .execute_unprepared(&format!("CREATE DATABASE {NAME}"))
            .await
            .context(format!("creating {NAME} (the role needs CREATEDB)"))?;
        // The same server and options (`?sslmode=…`), another database.
        let (base, options) = server_url.split_at(server_url.find('?').unwrap_or(server_url.len()));
        let base = match base.rfind('/') {
            Some(slash) if slash > base.find("://").map_or(0, |at| at + 2) => &base[..slash],
            _ => base,
        };
        let url = format!("{base}/{NAME}{options}");
        Ok(Some(Throwaway { admin, url }))
    }

    /// The URL of `rapport_bench`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Drops the database (the server using it must be stopped).
    pub async fn drop_now(self) -> Result<(), BenchError> {
        drop_database(&self.admin)
            .await
            .context(format!("dropping {NAME}"))
    }
}

/// Drops `rapport_bench`. A plain `DROP` stops the autovacuum workers busy
/// on it after a run (PostgreSQL does that itself); `WITH (FORCE)` instead
/// signals every backend, and PostgreSQL 15 refuses a role without
/// `pg_signal_backend` to signal autovacuum. So: plain first, and force
/// only when a client (a kept database left open) is in the way.
async fn drop_database(admin: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    let plain = format!("DROP DATABASE IF EXISTS {NAME}");
    if admin.execute_unprepared(&plain).await.is_ok() {
        return Ok(());
    }
    admin
        .execute_unprepared(&format!("{plain} WITH (FORCE)"))
        .await
        .map(|_| ())
}
