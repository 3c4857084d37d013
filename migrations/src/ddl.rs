//! The statements most migrations repeat: the columns every mutable row
//! carries, foreign keys to an `id`, indexes by name, and dropping tables on the way down. Each
//! builds exactly the statement the migrations spelt out before, so the
//! schema of a migrated database does not depend on which wrote it.

use sea_orm_migration::{prelude::*, schema::*};

/// What most tables are created with.
pub(crate) trait TableParts {
    /// Adds `version` (from 1), `created_at` and `updated_at`, in that
    /// order: the columns every mutable row ends with.
    fn version_and_times(&mut self) -> &mut Self;

    /// Adds the foreign key `name` from this table's `column` to
    /// `target`'s `id`.
    fn references(
        &mut self,
        name: &str,
        column: impl IntoIden,
        target: impl IntoTableRef,
    ) -> &mut Self;
}

impl TableParts for TableCreateStatement {
    fn version_and_times(&mut self) -> &mut Self {
        self.col(integer(Alias::new("version")).default(1))
            .col(timestamp_with_time_zone(Alias::new("created_at")))
            .col(timestamp_with_time_zone(Alias::new("updated_at")))
    }

    fn references(
        &mut self,
        name: &str,
        column: impl IntoIden,
        target: impl IntoTableRef,
    ) -> &mut Self {
        let mut key = ForeignKey::create();
        key.name(name).to(target, Alias::new("id"));
        if let Some(table) = self.get_table_name() {
            key.from_tbl(table.clone());
        }
        key.from_col(column);
        self.foreign_key(&mut key)
    }
}

/// Creates the index `name` on `columns` of `table`, in that order.
pub(crate) async fn index<C: IntoIndexColumn>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoTableRef,
    columns: impl IntoIterator<Item = C>,
) -> Result<(), DbErr> {
    manager
        .create_index(statement(name, table, columns).to_owned())
        .await
}

/// Creates the unique index `name` on `columns` of `table`, in that order.
pub(crate) async fn unique_index<C: IntoIndexColumn>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoTableRef,
    columns: impl IntoIterator<Item = C>,
) -> Result<(), DbErr> {
    manager
        .create_index(statement(name, table, columns).unique().to_owned())
        .await
}

fn statement<C: IntoIndexColumn>(
    name: &str,
    table: impl IntoTableRef,
    columns: impl IntoIterator<Item = C>,
) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column);
    }
    index
}

/// Drops `tables`, one statement each, in the order given (dependents first).
pub(crate) async fn drop_tables(
    manager: &SchemaManager<'_>,
    tables: impl IntoIterator<Item = DynIden>,
) -> Result<(), DbErr> {
    for table in tables {
        manager
            .drop_table(Table::drop().table(table).to_owned())
            .await?;
    }
    Ok(())
}
