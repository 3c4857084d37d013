//! The statements most migrations repeat: the columns every mutable row
//! carries, foreign keys to an `id`, indexes by name, the search tables
//! and their first filling, dropping tables on the way down, and rebuilding
//! a SQLite table to change its constraints. Each builds exactly the
//! statement the migrations spelt out before, so the schema of a migrated
//! database does not depend on which wrote it.

use sea_orm_migration::sea_orm::prelude::{DateTimeUtc, Uuid};
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, QueryResult, Statement, Value};
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

/// Adds `column` to `table`.
pub(crate) async fn add_column(
    manager: &SchemaManager<'_>,
    table: impl IntoTableRef,
    column: impl IntoColumnDef,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).add_column(column).to_owned())
        .await
}

/// Drops `column` from `table`.
pub(crate) async fn drop_column(
    manager: &SchemaManager<'_>,
    table: impl IntoTableRef,
    column: impl IntoIden,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).drop_column(column).to_owned())
        .await
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

/// Creates the index `name` on `columns` (SQL, comma-separated) of
/// `table`, holding only the rows `condition` (SQL) keeps. Written out:
/// sea-query's index statement has no WHERE on SQLite. A query uses it on
/// SQLite only when its WHERE implies `condition` as written (a bound value
/// does not count), except for `IS NOT NULL`, which any comparison of the
/// column implies. `condition` may name its columns as a query does
/// (`table.column`, the SQL a list's filter shares): an index's WHERE
/// names them without their table.
pub(crate) async fn partial_index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: &str,
    columns: &str,
    condition: &str,
) -> Result<(), DbErr> {
    let condition = condition.replace(&format!("{table}."), "");
    manager
        .get_connection()
        .execute_unprepared(&format!(
            "CREATE INDEX {name} ON {table} ({columns}) WHERE {condition}"
        ))
        .await
        .map(|_| ())
}

/// Drops the index `name` of `table`.
pub(crate) async fn drop_index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoTableRef,
) -> Result<(), DbErr> {
    manager
        .drop_index(Index::drop().name(name).table(table).to_owned())
        .await
}

/// An index as [`replace_indexes`] takes it: its name, its table and its
/// columns, each with its order.
pub(crate) type IndexSpec<T, C> = (&'static str, T, Vec<(C, IndexOrder)>);

/// Creates the indexes `created`, then drops those `replaced`: a migration
/// that replaces indexes, on its way up (and, the two swapped, down).
pub(crate) async fn replace_indexes<T: IntoTableRef, C: IntoIden>(
    manager: &SchemaManager<'_>,
    created: Vec<IndexSpec<T, C>>,
    replaced: Vec<IndexSpec<T, C>>,
) -> Result<(), DbErr> {
    for (name, table, columns) in created {
        index(manager, name, table, columns).await?;
    }
    for (name, table, _) in replaced {
        drop_index(manager, name, table).await?;
    }
    Ok(())
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

/// Creates `<record>_events`, the append-only timeline of the rows of
/// `records` (`"complaint"`, `"complaints"`): per event its id, the row's id
/// (`<record>_id`), the row's version the event produced (the timeline's
/// order even when two events share a timestamp), when, who (a user), its
/// kind, and only the fields it changed as they were and became; and the
/// unique index that keeps one event per version.
pub(crate) async fn timeline_table(
    manager: &SchemaManager<'_>,
    record: &str,
    records: &str,
) -> Result<(), DbErr> {
    let table = format!("{record}_events");
    let parent = format!("{record}_id");
    manager
        .create_table(
            Table::create()
                .table(Alias::new(&table))
                .col(uuid(Alias::new("id")).primary_key())
                .col(uuid(Alias::new(&parent)))
                .col(integer(Alias::new("version")))
                .col(timestamp_with_time_zone(Alias::new("at")))
                .col(uuid(Alias::new("actor_id")))
                .col(string_len(Alias::new("kind"), 32))
                .col(json_binary_null(Alias::new("before")))
                .col(json_binary_null(Alias::new("after")))
                .references(
                    &format!("fk_{table}_{record}"),
                    Alias::new(&parent),
                    Alias::new(records),
                )
                .references(
                    &format!("fk_{table}_actor"),
                    Alias::new("actor_id"),
                    Alias::new("users"),
                )
                .to_owned(),
        )
        .await?;
    unique_index(
        manager,
        &format!("ux_{table}_{record}_version"),
        Alias::new(&table),
        [Alias::new(&parent), Alias::new("version")],
    )
    .await
}

/// Creates `table`, the full-text index of one kind of record: one row per
/// record (`id`, the record's id; `terms`, what `rapport_domain::text::document`
/// makes of it; `seq`, the order rows were first written in) and the index
/// that finds rows by their terms: an FTS5 table `<table>_fts` kept by
/// triggers on SQLite, a GIN index over the terms as a `tsvector` on
/// PostgreSQL. `crate::search` in the API reads and writes it; README
/// "Search" says why it is built so.
pub(crate) async fn search_table(manager: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let statements = match manager.get_database_backend() {
        sea_orm_migration::sea_orm::DbBackend::Postgres => vec![
            format!(
                "CREATE TABLE {table} (id uuid PRIMARY KEY, \
                 seq bigint GENERATED BY DEFAULT AS IDENTITY UNIQUE, terms text NOT NULL)"
            ),
            search_vector(table),
            search_vector_index(table),
        ],
        _ => vec![
            format!(
                "CREATE TABLE {table} (seq INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, \
                 terms TEXT NOT NULL)"
            ),
            format!(
                "CREATE VIRTUAL TABLE {table}_fts USING fts5(terms, content='{table}', \
                 content_rowid='seq', tokenize='unicode61 remove_diacritics 0', detail='none')"
            ),
            format!(
                "CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN \
                 INSERT INTO {table}_fts (rowid, terms) VALUES (new.seq, new.terms); END"
            ),
            format!(
                "CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN \
                 INSERT INTO {table}_fts ({table}_fts, rowid, terms) \
                 VALUES ('delete', old.seq, old.terms); END"
            ),
            search_update_trigger(table, ""),
        ],
    };
    for statement in statements {
        db.execute_unprepared(&statement).await?;
    }
    Ok(())
}

/// `codes` as a list of SQL string literals, `'a', 'b'` (for `IN (…)`),
/// each quote in them doubled.
pub(crate) fn sql_list<'a>(codes: impl IntoIterator<Item = &'a str>) -> String {
    let quoted: Vec<String> = codes
        .into_iter()
        .map(|code| format!("'{}'", code.replace('\'', "''")))
        .collect();
    quoted.join(", ")
}

/// SQLite: the trigger re-indexing a row of the search table `table` in
/// its FTS5 table when the row changes (when `of` does: ` OF terms`, say).
pub(crate) fn search_update_trigger(table: &str, of: &str) -> String {
    format!(
        "CREATE TRIGGER {table}_au AFTER UPDATE{of} ON {table} BEGIN \
         INSERT INTO {table}_fts ({table}_fts, rowid, terms) \
         VALUES ('delete', old.seq, old.terms); \
         INSERT INTO {table}_fts (rowid, terms) VALUES (new.seq, new.terms); END"
    )
}

/// PostgreSQL: the `tsvector` of a search table's terms, stored beside
/// them so that matching a row reads it instead of building it from the
/// text each time (a search of a common word tests thousands of rows).
/// Idempotent: tables created before it had an index on the expression.
pub(crate) fn search_vector(table: &str) -> String {
    format!(
        "ALTER TABLE {table} ADD COLUMN IF NOT EXISTS tsv tsvector \
         GENERATED ALWAYS AS ({SEARCH_VECTOR}) STORED"
    )
}

/// PostgreSQL: the `tsvector` of a search table's row, from its terms.
pub(crate) const SEARCH_VECTOR: &str = "array_to_tsvector(string_to_array(terms, ' '))";

/// PostgreSQL: the GIN index of [`search_vector`]'s column.
pub(crate) fn search_vector_index(table: &str) -> String {
    format!("CREATE INDEX IF NOT EXISTS ix_{table}_tsv ON {table} USING gin (tsv)")
}

/// Drops what [`search_table`] created.
pub(crate) async fn drop_search_table(
    manager: &SchemaManager<'_>,
    table: &str,
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    if manager.get_database_backend() != sea_orm_migration::sea_orm::DbBackend::Postgres {
        db.execute_unprepared(&format!("DROP TABLE {table}_fts"))
            .await?;
    }
    db.execute_unprepared(&format!("DROP TABLE {table}"))
        .await?;
    Ok(())
}

/// Records [`Unindexed`] reads per statement.
const CHUNK: u64 = 1_000;

/// Fills the search table `index` with every record of `source` not yet
/// in it, a chunk at a time, oldest first (see [`Unindexed`]): `terms_of`
/// makes a chunk's rows, read with `id`, `columns` and `created_at`, into
/// each record's id and terms.
pub(crate) async fn fill_search_table<Terms>(
    db: &impl ConnectionTrait,
    index: &str,
    source: &str,
    columns: &[&str],
    mut terms_of: impl FnMut(Vec<QueryResult>) -> Terms,
) -> Result<(), DbErr>
where
    Terms: Future<Output = Result<Vec<(Uuid, String)>, DbErr>>,
{
    let mut unindexed = Unindexed::new(index, source, columns);
    loop {
        let rows = unindexed.next(db).await?;
        if rows.is_empty() {
            return Ok(());
        }
        let terms = terms_of(rows).await?;
        insert_terms(db, index, terms).await?;
    }
}

/// The records of one table not yet in its search table, read a chunk at
/// a time, oldest first (by `created_at`, then `id`, so the index's order
/// is the order the records came in): what a migration that creates a
/// search table fills it with.
struct Unindexed<'a> {
    index: &'a str,
    source: &'a str,
    columns: &'a [&'a str],
    /// The `created_at` and `id` of the last record read.
    after: Option<(Value, Value)>,
    /// Whether the last chunk was the last.
    done: bool,
}

impl<'a> Unindexed<'a> {
    /// The records of `source` not in the search table `index`, read with
    /// `id`, `columns` and `created_at`.
    fn new(index: &'a str, source: &'a str, columns: &'a [&'a str]) -> Self {
        Unindexed {
            index,
            source,
            columns,
            after: None,
            done: false,
        }
    }

    /// The next chunk; empty once every record is read.
    async fn next(&mut self, db: &impl ConnectionTrait) -> Result<Vec<QueryResult>, DbErr> {
        if self.done {
            return Ok(Vec::new());
        }
        let (index, source) = (Alias::new(self.index), Alias::new(self.source));
        let read = std::iter::once("id")
            .chain(self.columns.iter().copied())
            .chain(["created_at"])
            .map(Alias::new);
        let mut select = Query::select()
            .columns(read)
            .from(source.clone())
            .and_where(
                // NOT EXISTS, not NOT IN: PostgreSQL runs NOT IN over a subquery
                // larger than its work memory as a scan of it per row.
                Expr::exists(
                    Query::select()
                        .expr(Expr::val(1))
                        .from(index.clone())
                        .and_where(
                            Expr::col((index, Alias::new("id"))).equals((source, Alias::new("id"))),
                        )
                        .to_owned(),
                )
                .not(),
            )
            .order_by(Alias::new("created_at"), Order::Asc)
            .order_by(Alias::new("id"), Order::Asc)
            .limit(CHUNK)
            .to_owned();
        if let Some((at, id)) = self.after.take() {
            select.and_where(
                Expr::tuple([
                    Expr::col(Alias::new("created_at")),
                    Expr::col(Alias::new("id")),
                ])
                .gt(Expr::tuple([Expr::val(at), Expr::val(id)])),
            );
        }
        let rows = db
            .query_all_raw(db.get_database_backend().build(&select))
            .await?;
        match rows.last() {
            Some(last) if rows.len() as u64 == CHUNK => {
                let at: DateTimeUtc = last.try_get("", "created_at")?;
                let id: Uuid = last.try_get("", "id")?;
                self.after = Some((at.into(), id.into()));
            }
            _ => self.done = true,
        }
        Ok(rows)
    }
}

/// Adds `terms` (each a record's id and terms) to the search table `index`.
async fn insert_terms(
    db: &impl ConnectionTrait,
    index: &str,
    terms: Vec<(Uuid, String)>,
) -> Result<(), DbErr> {
    let mut insert = Query::insert()
        .into_table(Alias::new(index))
        .columns([Alias::new("id"), Alias::new("terms")])
        .to_owned();
    for (id, terms) in terms {
        insert
            .values([id.into(), terms.into()])
            .map_err(|error| DbErr::Custom(format!("indexing {id} in {index}: {error}")))?;
    }
    db.execute_raw(db.get_database_backend().build(&insert))
        .await?;
    Ok(())
}

/// Rebuilds each of `tables` on SQLite from its stored `CREATE TABLE` as
/// `rewrite` changes it, keeping its rows and indexes, in one transaction
/// with foreign keys off (they are checked before the commit).
pub(crate) async fn rebuild_sqlite(
    manager: &SchemaManager<'_>,
    tables: &[&'static str],
    rewrite: impl Fn(&str, &str) -> String,
) -> Result<(), DbErr> {
    let conn = manager.get_connection();
    // Outside any transaction, where SQLite honours it; the migrator runs
    // SQLite migrations outside one, on its single connection.
    conn.execute_unprepared("PRAGMA foreign_keys = OFF").await?;
    let rebuilt = rebuild_tables(conn, tables, rewrite).await;
    let restored = conn.execute_unprepared("PRAGMA foreign_keys = ON").await;
    rebuilt?;
    restored.map(|_| ())
}

async fn rebuild_tables(
    conn: &impl ConnectionTrait,
    tables: &[&'static str],
    rewrite: impl Fn(&str, &str) -> String,
) -> Result<(), DbErr> {
    conn.execute_unprepared("BEGIN").await?;
    let result = async {
        for table in tables {
            rebuild_table(conn, table, &rewrite).await?;
        }
        let broken = conn
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                "PRAGMA foreign_key_check",
            ))
            .await?;
        if !broken.is_empty() {
            return Err(DbErr::Migration(format!(
                "{} rows refer to missing rows after rebuilding tables",
                broken.len()
            )));
        }
        Ok(())
    }
    .await;
    match result {
        Ok(()) => conn.execute_unprepared("COMMIT").await.map(|_| ()),
        Err(error) => {
            conn.execute_unprepared("ROLLBACK").await?;
            Err(error)
        }
    }
}

/// SQLite's stored `CREATE TABLE` of `table`: what [`rebuild_sqlite`]
/// rewrites, and what a migration checks its rewrite by.
pub(crate) async fn sqlite_create_table(
    conn: &impl ConnectionTrait,
    table: &str,
) -> Result<String, DbErr> {
    let statement = Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND tbl_name = ?",
        [table.into()],
    );
    conn.query_one_raw(statement)
        .await?
        .ok_or_else(|| DbErr::Migration(format!("no table {table}")))?
        .try_get("", "sql")
}

async fn rebuild_table(
    conn: &impl ConnectionTrait,
    table: &str,
    rewrite: &impl Fn(&str, &str) -> String,
) -> Result<(), DbErr> {
    let create = sqlite_create_table(conn, table).await?;
    let indexes_of = Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        [table.into()],
    );
    let mut indexes = Vec::new();
    for row in conn.query_all_raw(indexes_of).await? {
        indexes.push(row.try_get::<String>("", "sql")?);
    }
    let copy = format!("{table}_rebuilt");
    let table_name = format!("\"{table}\"");
    let create = rewrite(table, &create).replacen(&table_name, &format!("\"{copy}\""), 1);
    conn.execute_unprepared(&create).await?;
    conn.execute_unprepared(&format!("INSERT INTO \"{copy}\" SELECT * FROM \"{table}\""))
        .await?;
    conn.execute_unprepared(&format!("DROP TABLE \"{table}\""))
        .await?;
    conn.execute_unprepared(&format!("ALTER TABLE \"{copy}\" RENAME TO \"{table}\""))
        .await?;
    for index in indexes {
        conn.execute_unprepared(&index).await?;
    }
    Ok(())
}
