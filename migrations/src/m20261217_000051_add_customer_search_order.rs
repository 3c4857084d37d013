//! `customers_search.name` and `customers_search.created_at`: the keys of
//! the customer list's two orders, kept beside each live customer's terms
//! (none once archived), so that a word many customers hold is listed from
//! the search table alone: its matches are sorted there and only the
//! page's customers are read. Reading every match's customer to sort them,
//! or walking an order's index testing each customer, read thousands of
//! rows for a page (docs/benchmarks.md).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use crate::ddl;
use crate::m20261212_000036_create_customer_search::{self as search, TABLE};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The live customer's name, as `customers_search` names it.
pub const NAME: &str = "name";
/// The live customer's registration instant, as `customers_search` names it.
pub const CREATED_AT: &str = "created_at";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column a statement: SQLite alters one thing at a time.
        for mut column in [
            ColumnDef::new(Alias::new(NAME)).text().null().to_owned(),
            ColumnDef::new(Alias::new(CREATED_AT))
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        ] {
            let alter = Table::alter()
                .table(Alias::new(TABLE))
                .add_column(&mut column)
                .to_owned();
            manager.alter_table(alter).await?;
        }
        fts_follows_terms_only(manager, true).await?;
        fill_keys(manager.get_connection()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        fts_follows_terms_only(manager, false).await?;
        for column in [NAME, CREATED_AT] {
            let alter = Table::alter()
                .table(Alias::new(TABLE))
                .drop_column(Alias::new(column))
                .to_owned();
            manager.alter_table(alter).await?;
        }
        Ok(())
    }
}

/// SQLite: the trigger keeping the FTS5 index of `customers_search`
/// (`ddl::search_table`) fires on a change of the terms only (`only`), not
/// of the keys too, which would delete and re-add every entry; or again on
/// any change.
async fn fts_follows_terms_only(manager: &SchemaManager<'_>, only: bool) -> Result<(), DbErr> {
    if manager.get_database_backend() == sea_orm_migration::sea_orm::DbBackend::Postgres {
        return Ok(());
    }
    let of = if only { " OF terms" } else { "" };
    let db = manager.get_connection();
    db.execute_unprepared(&format!("DROP TRIGGER {TABLE}_au"))
        .await?;
    db.execute_unprepared(&ddl::search_update_trigger(TABLE, of))
        .await
        .map(|_| ())
}

/// Indexes every customer not yet in `customers_search` (see
/// [`search::backfill`]) and sets every indexed customer's keys; the
/// benchmark's seed and the tests call it after loading customers
/// directly.
pub async fn backfill(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    search::backfill(db).await?;
    fill_keys(db).await
}

/// Sets the keys in every row of `customers_search` to its customer's, or
/// none if the customer is archived.
async fn fill_keys(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let of_live = |column: &str| {
        format!(
            "(SELECT c.{column} FROM customers c \
             WHERE c.id = {TABLE}.id AND c.archived_at IS NULL)"
        )
    };
    db.execute_unprepared(&format!(
        "UPDATE {TABLE} SET {NAME} = {}, {CREATED_AT} = {}",
        of_live("name"),
        of_live("created_at")
    ))
    .await
    .map(|_| ())
}
