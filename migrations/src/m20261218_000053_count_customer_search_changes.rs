//! `search_changes`: how many times each search table has been written,
//! counted by a trigger on the table in the transaction that writes it.
//! A server that keeps a common word's sorted matches reads the count
//! first and uses what it kept only while the count is the one it was
//! kept at, so a customer registered, renamed or archived (on any server
//! of the database) is in the next page listed. Counted for
//! `customers_search`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::m20261212_000036_create_customer_search::TABLE as CUSTOMERS;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The table of counts: one row per search table.
pub const TABLE: &str = "search_changes";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(&format!(
            "CREATE TABLE {TABLE} (name varchar(64) PRIMARY KEY, changes bigint NOT NULL)"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "INSERT INTO {TABLE} (name, changes) VALUES ('{CUSTOMERS}', 0)"
        ))
        .await?;
        let bump = format!("UPDATE {TABLE} SET changes = changes + 1 WHERE name = '{CUSTOMERS}'");
        let triggers = match manager.get_database_backend() {
            // One count a statement.
            DbBackend::Postgres => vec![
                format!(
                    "CREATE FUNCTION {CUSTOMERS}_changed() RETURNS trigger \
                     LANGUAGE plpgsql AS $$ BEGIN {bump}; RETURN NULL; END $$"
                ),
                format!(
                    "CREATE TRIGGER {CUSTOMERS}_changed AFTER INSERT OR UPDATE OR DELETE \
                     ON {CUSTOMERS} FOR EACH STATEMENT EXECUTE FUNCTION {CUSTOMERS}_changed()"
                ),
            ],
            // SQLite has triggers for each row only.
            _ => ["INSERT", "UPDATE", "DELETE"]
                .into_iter()
                .map(|event| {
                    let name = format!("{CUSTOMERS}_changed_{}", event.to_lowercase());
                    format!("CREATE TRIGGER {name} AFTER {event} ON {CUSTOMERS} BEGIN {bump}; END")
                })
                .collect(),
        };
        for trigger in triggers {
            db.execute_unprepared(&trigger).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let dropped = match manager.get_database_backend() {
            DbBackend::Postgres => vec![
                format!("DROP TRIGGER {CUSTOMERS}_changed ON {CUSTOMERS}"),
                format!("DROP FUNCTION {CUSTOMERS}_changed()"),
            ],
            _ => ["insert", "update", "delete"]
                .into_iter()
                .map(|event| format!("DROP TRIGGER {CUSTOMERS}_changed_{event}"))
                .collect(),
        };
        for statement in dropped {
            db.execute_unprepared(&statement).await?;
        }
        db.execute_unprepared(&format!("DROP TABLE {TABLE}"))
            .await
            .map(|_| ())
    }
}
