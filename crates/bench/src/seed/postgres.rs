//! A throwaway PostgreSQL database `rapport_bench`, created fresh for a run
//! and dropped after it.

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Statement,
};

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

/// What autovacuum does after a bulk load, on the tables the seed filled:
/// the visibility map (without which the planner prices every index-only
/// scan as reading the table too) and the planner's statistics.
///
/// Only those: autovacuum leaves a table nobody wrote alone, and one
/// analysed while empty is planned for as empty until autovacuum looks at
/// it again, a minute or more into the measured phases. A foreign key's
/// check, planned once per connection, then read the whole referenced
/// table for every row written (docs/benchmarks.md, twenty-third session).
pub async fn analyze_filled(db: &DatabaseConnection) -> Result<(), DbErr> {
    let query = |sql: String| Statement::from_string(DbBackend::Postgres, sql);
    let tables = db
        .query_all_raw(query(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()".to_owned(),
        ))
        .await?;
    let mut filled = Vec::new();
    for row in tables {
        let table: String = row.try_get("", "tablename")?;
        let sql = format!("SELECT EXISTS (SELECT 1 FROM \"{table}\") AS filled");
        let any = db.query_one_raw(query(sql)).await?;
        if let Some(any) = any
            && any.try_get::<bool>("", "filled")?
        {
            filled.push(format!("\"{table}\""));
        }
    }
    if filled.is_empty() {
        return Ok(());
    }
    db.execute_unprepared(&format!("VACUUM ANALYZE {}", filled.join(", ")))
        .await
        .map(|_| ())
}
