//! Opening the database, bringing its schema up to date, and the few
//! storage helpers every service shares (one-row reads, versioned updates).

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use rapport_migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectOptions, ConnectionTrait, Database, DatabaseConnection,
    DatabaseTransaction, DbErr, EntityTrait, IntoActiveModel, Iterable, PrimaryKeyToColumn,
    QueryFilter, QuerySelect, TransactionTrait,
};

use rapport_domain::msg;
use uuid::Uuid;

use crate::error::ApiError;

/// A database that could not be opened or migrated, with what was being attempted.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The folder for the SQLite file could not be created.
    #[error("creating the folder {path} for the SQLite database")]
    CreateFolder {
        /// The folder.
        path: String,
        /// The underlying failure.
        #[source]
        source: std::io::Error,
    },
    /// Connecting failed.
    #[error("connecting to the database")]
    Connect(#[source] DbErr),
    /// A migration failed.
    #[error("running the database migrations")]
    Migrate(#[source] DbErr),
    /// The intake task's thread or its runtime could not be started.
    #[error("starting the intake thread")]
    Thread(#[source] std::io::Error),
}

/// Connects to `url` (SQLite or PostgreSQL; at most `postgres_pool`
/// connections to PostgreSQL) and runs every pending migration.
///
/// On a SQLite file the migrations run on a connection of their own,
/// closed before the one returned opens: an upgrade's index builds sort on
/// the thread that runs them, and a thread keeps the memory its sorts freed
/// until it allocates again, which the writer of an idle server may not do
/// for hours (docs/benchmarks.md).
pub async fn connect_and_migrate(
    url: &str,
    postgres_pool: u32,
) -> Result<DatabaseConnection, DbError> {
    let db = connect(url, postgres_pool).await?;
    Migrator::up(&db, None).await.map_err(DbError::Migrate)?;
    if sqlite_path(url).is_none() {
        return Ok(db);
    }
    db.close().await.map_err(DbError::Connect)?;
    connect(url, postgres_pool).await
}

/// Read-only SQLite connections beside the writer. SQLite runs one writer
/// at a time; sea-orm's pool holds a single connection, so that writers
/// queue in order instead of polling for SQLite's lock. WAL lets readers
/// run beside it, and with these the reads by key and the lists no longer
/// wait behind every other statement. Eight measured best in `make bench`
/// (get-by-id at 50,000 requests: 2 readers 5,600–6,100/s, 4 readers
/// 6,700–7,000/s, 8 readers 8,900–9,200/s, 16 no better and 40 MiB more
/// memory): a request finding no idle connection parks until one is
/// returned, and that hand-over costs more than a connection's thread.
const SQLITE_READERS: u32 = 8;

/// The connections for reads outside a transaction: on SQLite a pool of
/// read-only connections to the same file (after migrations, so the schema
/// is there), elsewhere `writer` itself.
pub async fn connect_reader(
    url: &str,
    writer: &DatabaseConnection,
) -> Result<DatabaseConnection, DbError> {
    if writer.get_database_backend() != sea_orm::DbBackend::Sqlite || sqlite_path(url).is_none() {
        return Ok(writer.clone());
    }
    let mut options = options(url);
    options
        .max_connections(SQLITE_READERS)
        .map_sqlx_sqlite_opts(|opts| sqlite_options(opts).read_only(true));
    Database::connect(options).await.map_err(DbError::Connect)
}

/// The connections the lists of requests whose plans depend on their
/// values read on (and those kept by a priority, see
/// `filter::on_list_connections`): on PostgreSQL a pool of their own, in
/// which each statement is planned with its values and without
/// incremental sorts ([`WHOLE_ORDER`]); elsewhere `reader`.
///
/// sqlx prepares every statement once per connection, and after five
/// executions PostgreSQL may switch it to a generic plan, made without the
/// values. For those lists that plan is wrong: the instant the SLA views
/// are judged at, or a search's words, decide whether a filter keeps 200
/// rows or 300,000 (the count behind "at risk" became a sequential scan of
/// every request). Everywhere else the generic plans are right and save
/// the planning: planned each time, get-by-id, intake and the lists
/// filtered by equalities alone were markedly slower (docs/benchmarks.md).
/// Set with the connection, the mode costs a list no round trip.
pub async fn connect_lists(
    url: &str,
    reader: &DatabaseConnection,
) -> Result<DatabaseConnection, DbError> {
    if reader.get_database_backend() != sea_orm::DbBackend::Postgres {
        return Ok(reader.clone());
    }
    postgres_pool(
        url,
        POSTGRES_LIST_POOL,
        &[SERIAL_PLANS, CUSTOM_PLANS, WHOLE_ORDER],
    )
    .await
}

/// Connects the intake task to the PostgreSQL at `url`, with at most
/// `pool` connections, each statement run on a generic plan from its first
/// execution ([`GENERIC_PLANS`]).
pub async fn connect_intake(url: &str, pool: u32) -> Result<DatabaseConnection, DbError> {
    postgres_pool(url, pool, &[SERIAL_PLANS, GENERIC_PLANS]).await
}

/// A pool of at most `size` connections to the PostgreSQL at `url`, each
/// given `settings` as it connects (no round trip of their own).
async fn postgres_pool(
    url: &str,
    size: u32,
    settings: &'static [(&'static str, &'static str)],
) -> Result<DatabaseConnection, DbError> {
    let mut options = options(url);
    options
        .max_connections(size)
        .map_sqlx_postgres_opts(|opts| opts.options(settings.iter().copied()));
    Database::connect(options).await.map_err(DbError::Connect)
}

/// Connects to `url`; for SQLite, creates the file and its folder when
/// missing (the folder readable by the owner only, which keeps SQLite's
/// files in it, the database and its `-wal` and `-shm`, from other users);
/// to PostgreSQL, with at most `postgres_pool` connections.
pub async fn connect(url: &str, postgres_pool: u32) -> Result<DatabaseConnection, DbError> {
    let folder = sqlite_path(url)
        .and_then(|path| std::path::Path::new(path).parent())
        .filter(|folder| !folder.as_os_str().is_empty());
    if let Some(folder) = folder {
        crate::owner_only::create_folder(folder).map_err(|source| DbError::CreateFolder {
            path: folder.display().to_string(),
            source,
        })?;
    }
    let mut options = options(url);
    options.map_sqlx_sqlite_opts(|opts| {
        sqlite_options(opts)
            .create_if_missing(true)
            // Every statement of a write transaction keeps the pages it
            // changes in a statement journal, in case it must be undone
            // alone; past 64 KiB SQLite spills it to a temporary file, a
            // write call for each page. In memory it is freed with its
            // statement.
            .pragma("temp_store", "memory")
            // The writer copies the log back into the database every
            // 10,000 pages (40 MB) instead of SQLite's 1,000: a page that
            // many commits change (the tail of a table, the hot end of an
            // index) is copied once per checkpoint, not once every few
            // commits. That copying was most of an intake batch's commit
            // (docs/benchmarks.md).
            .pragma("wal_autocheckpoint", "10000")
    });
    if !url.starts_with("sqlite") {
        options
            .max_connections(postgres_pool)
            .map_sqlx_postgres_opts(|opts| opts.options([SERIAL_PLANS]));
    }
    Database::connect(options).await.map_err(DbError::Connect)
}

/// Connections per instance to PostgreSQL unless
/// `RAPPORT_DATABASE_CONNECTIONS` says otherwise: sqlx's default of 10 left
/// requests waiting for a connection under 16 concurrent clients (get-by-id
/// 5,400 -> 6,100/s). Several instances share the server's
/// `max_connections` (100 by default, 3 of them kept for superusers), and
/// each also holds the lists' eight, the intake task's four and one
/// connection listening for settings changes: three instances fit; more
/// need a smaller pool each, or a larger `max_connections`.
pub const POSTGRES_POOL: u32 = 16;

/// Connections per instance for the lists of requests on PostgreSQL (see
/// [`connect_lists`]). Eight answered the views as fast as the shared pool
/// of sixteen did, with a lower p99 (fewer lists at once in PostgreSQL);
/// four answered fewer (docs/benchmarks.md).
pub const POSTGRES_LIST_POOL: u32 = 8;

/// PostgreSQL plans each statement to run in this connection's process
/// alone. A parallel plan starts worker processes, a few milliseconds each
/// time: the planner, misjudging how many rows a search term finds, took
/// one for a request number (one row), and starting the workers was most
/// of that search's time (docs/benchmarks.md). Answering many users at
/// once, the server has no idle core for them to gain on anyway. Sent
/// with the connection, it costs no round trip.
const SERIAL_PLANS: (&str, &str) = ("max_parallel_workers_per_gather", "0");

/// See [`connect_lists`].
const CUSTOM_PLANS: (&str, &str) = ("plan_cache_mode", "force_custom_plan");

/// An intake batch writes every table in one statement whose text follows
/// the batch's size and make-up, so most of its texts run only a few times
/// on a connection, and PostgreSQL plans a statement's first five runs with
/// their values: planning, at bind, was a fifth of a batch's time in the
/// database (docs/benchmarks.md). Its writes and key reads plan the same
/// without the values, so the intake's connections plan each text once.
const GENERIC_PLANS: (&str, &str) = ("plan_cache_mode", "force_generic_plan");

/// The lists read an index of their whole order (`created_at, id` after
/// their filters' columns) or sort all they keep; sorting the ties of an
/// index giving `created_at` alone (an incremental sort) only ever lured
/// PostgreSQL into a worse index (`filter::on_list_connections`).
const WHOLE_ORDER: (&str, &str) = ("enable_incremental_sort", "off");

/// How long a pooled connection may sit idle before it is pinged on checkout.
const PING_WHEN_IDLE_FOR: Duration = Duration::from_secs(30);

fn options(url: &str) -> ConnectOptions {
    let mut options = ConnectOptions::new(url);
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        // sqlx pings every connection it hands out by default: one more
        // round trip per statement (to PostgreSQL, or to the SQLite worker
        // thread), half of all the trips of a get-by-id. A connection in
        // steady use cannot have been dropped by a proxy or the server
        // unnoticed, so only the ones idle for a while are checked.
        .test_before_acquire_if_idle_for(PING_WHEN_IDLE_FOR);
    options
}

/// WAL lets readers run beside the single writer; the busy timeout makes
/// a writer from another process queue instead of failing at once.
fn sqlite_options(opts: SqliteConnectOptions) -> SqliteConnectOptions {
    opts.journal_mode(SqliteJournalMode::Wal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
}

/// Begins a transaction that a cancelled caller cannot leave half begun.
///
/// sqlx's BEGIN is not cancel-safe: dropped while it waits for the
/// server's answer (a handler whose client hung up), it queues no ROLLBACK,
/// and the connection goes back to the pool inside a transaction nobody
/// ends, so later statements on it would run inside that transaction. The
/// BEGIN therefore runs in a task of its own; if the caller is gone by the
/// time it answers, the transaction is dropped and rolled back as usual.
pub async fn begin(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    let db = db.clone();
    tokio::spawn(async move { db.begin().await })
        .await
        .map_err(|error| DbErr::Custom(format!("beginning a transaction: {error}")))?
}

/// Checks that the database answers a trivial query.
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.execute_unprepared("SELECT 1").await.map(|_| ())
}

fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && !path.starts_with(":memory:")).then_some(path)
}

/// The one row a primary-key (or other unique) query finds. Unlike
/// sea-orm's `.one()` it binds no `LIMIT ?`: SQLite re-prepares a statement
/// whose LIMIT parameter is rebound, so on hot reads `.one()` parsed the SQL
/// again on every call (a sixth of the server's CPU in `make bench`).
pub async fn unique<E, C>(conn: &C, query: sea_orm::Select<E>) -> Result<Option<E::Model>, DbErr>
where
    E: sea_orm::EntityTrait,
    C: ConnectionTrait,
{
    Ok(query.all(conn).await?.pop())
}

/// The `name` of each row of `E` whose `id` is one of `ids`, in one
/// statement: the names a list shows beside the ids it holds.
pub async fn names_of<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    id: E::Column,
    name: E::Column,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<BTreeMap<Uuid, String>, ApiError> {
    let ids: BTreeSet<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(Uuid, String)> = E::find()
        .select_only()
        .columns([id, name])
        .filter(id.is_in(ids))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Refuses a change made from `given` when the row is stored at `stored`:
/// the client read a version someone else has since replaced.
pub fn expect_version(stored: i32, given: i32) -> Result<(), ApiError> {
    if stored == given {
        Ok(())
    } else {
        Err(ApiError::StaleVersion { current: stored })
    }
}

/// Saves `model` as version `expected + 1`, only if the stored row is still
/// at `expected`; a row changed in between is a 409 naming the version now
/// stored, never a silent overwrite.
pub async fn update_versioned<A, C>(
    conn: &C,
    mut model: A,
    version_column: <A::Entity as EntityTrait>::Column,
    expected: i32,
) -> Result<<A::Entity as EntityTrait>::Model, ApiError>
where
    A: ActiveModelTrait + Send,
    C: ConnectionTrait,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
{
    model.set(version_column, (expected + 1).into());
    let key: Vec<_> = <<A::Entity as EntityTrait>::PrimaryKey as Iterable>::iter()
        .map(|key| {
            let column = key.into_column();
            model.get(column).into_value().map(|value| (column, value))
        })
        .collect::<Option<_>>()
        .ok_or_else(|| {
            ApiError::internal(
                "saving a versioned row",
                std::io::Error::other("the row's primary key is not set"),
            )
        })?;
    let update = sea_orm::Update::one(model)
        .validate()?
        .filter(version_column.eq(expected));
    match update.exec(conn).await {
        Ok(model) => Ok(model),
        Err(DbErr::RecordNotUpdated) => {
            let mut stored = A::Entity::find().select_only().column(version_column);
            for (column, value) in key {
                stored = stored.filter(column.eq(value));
            }
            match stored.into_tuple::<i32>().all(conn).await?.pop() {
                Some(current) => Err(ApiError::StaleVersion { current }),
                None => Err(ApiError::NotFound(msg!("record"))),
            }
        }
        Err(error) => Err(error.into()),
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};

    async fn setting(conn: &impl ConnectionTrait, name: &str) -> String {
        let row = conn
            .query_one_raw(Statement::from_string(
                DbBackend::Postgres,
                format!("SHOW {name}"),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index(0).unwrap()
    }

    #[tokio::test]
    async fn postgres_plans_serially_and_a_list_with_its_values() {
        let Some(server) = rapport_testdb::server_from_env() else {
            return;
        };
        let database = rapport_testdb::Throwaway::create(&server).await;
        let db = super::connect(database.url(), 2).await.unwrap();
        assert_eq!(setting(&db, "max_parallel_workers_per_gather").await, "0");
        let lists = super::connect_lists(database.url(), &db).await.unwrap();
        assert_eq!(
            setting(&lists, "max_parallel_workers_per_gather").await,
            "0"
        );
        assert_eq!(
            setting(&lists, "plan_cache_mode").await,
            "force_custom_plan"
        );
        assert_eq!(setting(&lists, "enable_incremental_sort").await, "off");
        // Only the lists' connections: everything else keeps generic plans.
        assert_eq!(setting(&db, "plan_cache_mode").await, "auto");
        lists.close().await.unwrap();
        db.close().await.unwrap();
    }
}
