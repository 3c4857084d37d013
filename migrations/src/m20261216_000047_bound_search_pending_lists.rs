//! PostgreSQL: each search table's GIN index keeps its pending list (the
//! entries written since they were last merged into the index proper) to
//! 128 kB, where the default is 4 MB.
//!
//! Every search reads the whole pending list, whatever it asks. Intake adds
//! each new request's terms there, so under steady intake even a search
//! for a single number's tail read hundreds of pending pages, many times
//! what the index proper gave it (docs/benchmarks.md). Kept small, the
//! list is merged more often by the insert that fills it, each merge
//! short; no search reads more than 16 pages of it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::m20261213_000041_store_search_vectors::TABLES;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The pending list's largest size, in kB (PostgreSQL's least is 64).
pub(crate) const PENDING_LIST_KB: u32 = 128;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        alter_search_indexes(
            manager,
            &format!("SET (gin_pending_list_limit = {PENDING_LIST_KB})"),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        alter_search_indexes(manager, "RESET (gin_pending_list_limit)").await
    }
}

/// `ALTER INDEX` of each search table's GIN index, with `change`; SQLite
/// has none.
async fn alter_search_indexes(manager: &SchemaManager<'_>, change: &str) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    for table in TABLES {
        manager
            .get_connection()
            .execute_unprepared(&format!("ALTER INDEX ix_{table}_tsv {change}"))
            .await?;
    }
    Ok(())
}
