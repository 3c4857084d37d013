//! Webhook deliveries keep no foreign key to their event.
//!
//! The outbox writes an event and its deliveries in one statement, and the
//! purge deletes an event only once no delivery refers to it, so the key
//! guarded nothing the code does not. It cost a lookup of the event for
//! every delivery written, in the transaction of the change; with no index
//! on `event_id` (one would cost every delivery written more), a scan of
//! the deliveries for every event the purge deleted; and on PostgreSQL, whose
//! key checks are planned once per connection, a scan of all the events for
//! every delivery written while the plan was one made when the table looked
//! empty (docs/benchmarks.md, twenty-third session).
//!
//! PostgreSQL drops the constraint; SQLite, which cannot, rebuilds the table
//! without it (see [`ddl::rebuild_sqlite`]).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "webhook_deliveries";
const KEY: &str = "fk_webhook_deliveries_event";
/// The key as SQLite stores it in the table's `CREATE TABLE`, unnamed.
const SQLITE_KEY: &str = r#", FOREIGN KEY ("event_id") REFERENCES "webhook_events" ("id")"#;
/// What follows it there: the key to the endpoint.
const SQLITE_NEXT_KEY: &str = r#", FOREIGN KEY ("endpoint_id")"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let conn = manager.get_connection();
        if conn.get_database_backend() == DbBackend::Postgres {
            conn.execute_unprepared(&format!(
                "ALTER TABLE \"{TABLE}\" DROP CONSTRAINT \"{KEY}\""
            ))
            .await?;
            return Ok(());
        }
        ddl::rebuild_sqlite(manager, &[TABLE], |_, sql| sql.replacen(SQLITE_KEY, "", 1)).await?;
        expect_event_key(manager, false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let conn = manager.get_connection();
        if conn.get_database_backend() == DbBackend::Postgres {
            conn.execute_unprepared(&format!(
                "ALTER TABLE \"{TABLE}\" ADD CONSTRAINT \"{KEY}\" \
                 FOREIGN KEY (\"event_id\") REFERENCES \"webhook_events\" (\"id\")"
            ))
            .await?;
            return Ok(());
        }
        ddl::rebuild_sqlite(manager, &[TABLE], |_, sql| {
            sql.replacen(
                SQLITE_NEXT_KEY,
                &format!("{SQLITE_KEY}{SQLITE_NEXT_KEY}"),
                1,
            )
        })
        .await?;
        expect_event_key(manager, true).await
    }
}

/// An error unless SQLite's `webhook_deliveries` has a foreign key on
/// `event_id` exactly when `wanted`: the rebuild edits the stored
/// `CREATE TABLE` text, which a schema spelt otherwise would not match.
async fn expect_event_key(manager: &SchemaManager<'_>, wanted: bool) -> Result<(), DbErr> {
    let keys = manager
        .get_connection()
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!("SELECT \"from\" FROM pragma_foreign_key_list('{TABLE}')"),
        ))
        .await?;
    let mut found = false;
    for key in keys {
        found |= key.try_get::<String>("", "from")? == "event_id";
    }
    if found == wanted {
        Ok(())
    } else {
        Err(DbErr::Migration(format!(
            "rebuilding {TABLE}: its foreign key on event_id was not {}",
            if wanted { "restored" } else { "removed" }
        )))
    }
}
