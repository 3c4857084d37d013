//! PostgreSQL: each search table keeps the `tsvector` of its terms in a
//! stored column with the GIN index on it (`ddl::search_vector`), in place
//! of the GIN index on the expression. A search of a common word walks
//! the newest rows testing each; reading each row's vector from a column
//! costs a fraction of building it from the text (docs/benchmarks.md).
//! SQLite's FTS5 tables are unchanged.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The search tables, each with its stored vector and GIN index.
pub(crate) const TABLES: [&str; 3] = [
    "knowledge_articles_search",
    "request_search",
    "customers_search",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        for table in TABLES {
            db.execute_unprepared(&ddl::search_vector(table)).await?;
            db.execute_unprepared(&ddl::search_vector_index(table))
                .await?;
            db.execute_unprepared(&format!("DROP INDEX IF EXISTS ix_{table}_terms"))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        for table in TABLES {
            db.execute_unprepared(&format!(
                "CREATE INDEX ix_{table}_terms ON {table} \
                 USING gin (array_to_tsvector(string_to_array(terms, ' ')))"
            ))
            .await?;
            db.execute_unprepared(&format!("ALTER TABLE {table} DROP COLUMN tsv"))
                .await?;
        }
        Ok(())
    }
}
