//! PostgreSQL: each row of `request_search` also holds, as terms of its
//! `tsvector`, the blocks of the index's order its `seq` falls in: of
//! 2^10, 2^14 and 2^18 rows ([`BLOCKS`], lexemes [`block_lexeme`]), which
//! no search's own terms can be (they are letters and digits).
//!
//! A search of a common word reads its matches past the newest rows a
//! stretch of the order at a time: its terms AND any of the stretch's
//! blocks, which the GIN index answers by itself, without reading the rows
//! between the matches. Walking the order and testing each row read every
//! row between them first:
//! a word common over the years but absent from the newest thousands of
//! requests (a burst of intake about something else) read all of those,
//! one heap page each (docs/benchmarks.md, twenty-first session).
//!
//! The column is generated from `terms` and `seq`, so it is dropped and
//! added again (PostgreSQL 15 cannot change a generated column's
//! expression), with its GIN index. SQLite's FTS5 hands its matches out
//! in the order already and is unchanged.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::ddl;
use crate::m20261216_000047_bound_search_pending_lists::PENDING_LIST_KB;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The table whose rows hold their blocks.
pub const TABLE: &str = "request_search";

/// The blocks of the order, smallest first: each as the letter of its
/// lexeme and the bits of `seq` it spans (a block of `2^bits` rows,
/// numbered `seq >> bits`). Each is 16 of the one before.
pub const BLOCKS: [(char, u32); 3] = [('a', 10), ('b', 14), ('c', 18)];

/// The lexeme of the block `number` of the size whose letter is `letter`.
pub fn block_lexeme(letter: char, number: i64) -> String {
    format!("~{letter}{number}")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let blocks: Vec<String> = BLOCKS
            .iter()
            .map(|(letter, bits)| format!("'~{letter}' || (seq >> {bits})::text"))
            .collect();
        let vector = format!(
            "{} || array_to_tsvector(ARRAY[{}])",
            ddl::SEARCH_VECTOR,
            blocks.join(", ")
        );
        replace_vector(manager, &vector).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        replace_vector(manager, ddl::SEARCH_VECTOR).await
    }
}

/// `request_search.tsv` generated as `vector`, with its GIN index.
async fn replace_vector(manager: &SchemaManager<'_>, vector: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for statement in [
        format!("ALTER TABLE {TABLE} DROP COLUMN tsv"),
        format!(
            "ALTER TABLE {TABLE} ADD COLUMN tsv tsvector GENERATED ALWAYS AS ({vector}) STORED"
        ),
        format!(
            "CREATE INDEX ix_{TABLE}_tsv ON {TABLE} USING gin (tsv) \
             WITH (gin_pending_list_limit = {PENDING_LIST_KB})"
        ),
    ] {
        db.execute_unprepared(&statement).await?;
    }
    Ok(())
}
