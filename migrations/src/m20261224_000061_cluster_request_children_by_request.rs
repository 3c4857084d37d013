//! SQLite keeps a request's SLA rows and its timeline together, clustered
//! by the request: `request_sla` and `request_events` become `WITHOUT
//! ROWID` tables keyed first by `request_id`.
//!
//! Reading one request, the hottest read of the service desk, read each
//! child table through an index of `request_id` and then the table's own
//! pages by rowid: an index page and, for a timeline written over days
//! between other requests' events, a table page per entry. Clustered by
//! the request, its rows are one or two neighbouring pages of the table
//! itself. `request_sla` keeps its key (`request_id`, `target`);
//! `request_events` is keyed by (`request_id`, `id`), its ids staying
//! unique through an index of their own, which replaces the index of
//! `request_id`. Both are rebuilt (see [`ddl::rebuild_sqlite`]).
//!
//! PostgreSQL, whose tables are heaps whatever their key, is unchanged.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SLA: &str = "request_sla";
const EVENTS: &str = "request_events";
/// `request_events`' key as its table was created, and as it becomes.
const EVENT_ID_KEY: &str = r#""id" uuid_text NOT NULL PRIMARY KEY"#;
const EVENT_ID_UNIQUE: &str = r#""id" uuid_text NOT NULL UNIQUE"#;
/// Where the clustered key goes: before the table's first foreign key.
const FIRST_KEY: &str = r#", FOREIGN KEY ("request_id")"#;
const CLUSTERED_KEY: &str = r#", PRIMARY KEY ("request_id", "id")"#;
/// The index of `request_id` the clustered key makes redundant.
const REQUEST_INDEX: &str = "ix_request_events_request_id";
const WITHOUT_ROWID: &str = " WITHOUT ROWID";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let conn = manager.get_connection();
        if conn.get_database_backend() == DbBackend::Postgres {
            return Ok(());
        }
        // Dropped first, so that the rebuild does not build it again.
        conn.execute_unprepared(&format!("DROP INDEX IF EXISTS \"{REQUEST_INDEX}\""))
            .await?;
        ddl::rebuild_sqlite(manager, &[SLA, EVENTS], |table, sql| {
            let sql = if table == EVENTS {
                sql.replacen(EVENT_ID_KEY, EVENT_ID_UNIQUE, 1).replacen(
                    FIRST_KEY,
                    &format!("{CLUSTERED_KEY}{FIRST_KEY}"),
                    1,
                )
            } else {
                sql.to_owned()
            };
            format!("{sql}{WITHOUT_ROWID}")
        })
        .await?;
        expect_clustered(conn, true).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let conn = manager.get_connection();
        if conn.get_database_backend() == DbBackend::Postgres {
            return Ok(());
        }
        ddl::rebuild_sqlite(manager, &[SLA, EVENTS], |table, sql| {
            let sql = sql.strip_suffix(WITHOUT_ROWID).unwrap_or(sql);
            if table == EVENTS {
                sql.replacen(EVENT_ID_UNIQUE, EVENT_ID_KEY, 1)
                    .replacen(CLUSTERED_KEY, "", 1)
            } else {
                sql.to_owned()
            }
        })
        .await?;
        conn.execute_unprepared(&format!(
            "CREATE INDEX \"{REQUEST_INDEX}\" ON \"{EVENTS}\" (\"request_id\")"
        ))
        .await?;
        expect_clustered(conn, false).await
    }
}

/// An error unless both tables are `WITHOUT ROWID` exactly when `wanted`
/// and `request_events` is keyed as that implies: the rebuild edits the
/// stored `CREATE TABLE` text, which a schema spelt otherwise would not
/// match.
async fn expect_clustered(conn: &impl ConnectionTrait, wanted: bool) -> Result<(), DbErr> {
    for table in [SLA, EVENTS] {
        let sql = ddl::sqlite_create_table(conn, table).await?;
        let clustered = sql.ends_with(WITHOUT_ROWID)
            && (table != EVENTS || (sql.contains(CLUSTERED_KEY) && sql.contains(EVENT_ID_UNIQUE)));
        if clustered != wanted {
            return Err(DbErr::Migration(format!(
                "rebuilding {table}: it is {}clustered by request",
                if clustered { "" } else { "not " }
            )));
        }
    }
    Ok(())
}
