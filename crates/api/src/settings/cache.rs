//! The settings documents in memory. Every get-by-id and intake needs the
//! calendar, intake the SLA policy and the routing rules too; reading and
//! parsing them from `settings` on each call was a quarter of the statements
//! of a get-by-id. They change a few times a year, by an admin.
//!
//! Keeping the copies right:
//! - the handler that saved a document calls [`Cache::invalidate`] after its
//!   transaction committed (never before: another request could re-read the
//!   old row in between and keep it);
//! - on PostgreSQL `settings::save` also sends `NOTIFY rapport_settings,
//!   '<key>'` in the saving transaction, delivered on commit to every
//!   instance, whose [`listen`] task drops the key. Until that listener is
//!   connected (and again whenever it reconnects) the cache is bypassed
//!   and emptied, so a notification lost while disconnected cannot leave a
//!   stale copy;
//! - a load that raced with an invalidation does not store what it read
//!   (the generation counter);
//! - each copy is dropped after [`MAX_AGE`] anyway, which bounds the damage
//!   of a connection that dies silently.
//!
//! SQLite serves one instance (it is the embedded database), so the local
//! invalidation is the whole story there.

use std::any::Any;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use sea_orm::sqlx::postgres::PgListener;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde::de::DeserializeOwned;

use super::Document;
use crate::error::ApiError;

/// The PostgreSQL channel `settings::save` notifies with the saved key.
pub const CHANNEL: &str = "rapport_settings";

/// How long a copy is trusted without a word from the database.
pub const MAX_AGE: Duration = Duration::from_secs(60);

/// How many copies are kept at most (settings, token epochs, names): a
/// few megabytes at most, whatever the number of customers.
const MAX_ENTRIES: usize = 20_000;

/// Parsed settings documents by key (absent keys included).
#[derive(Debug)]
pub struct Cache {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    /// False while copies cannot be trusted (PostgreSQL listener not connected).
    live: bool,
    /// Bumped by every invalidation; a load stores its result only if the
    /// generation did not move while it read.
    generation: u64,
    entries: HashMap<String, Entry>,
}

struct Entry {
    loaded: Instant,
    value: Arc<dyn Any + Send + Sync>,
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry")
            .field("loaded", &self.loaded)
            .finish()
    }
}

impl Cache {
    /// A cache for `backend`: live at once on SQLite, on PostgreSQL once
    /// [`listen`] has connected.
    pub fn new(backend: DbBackend) -> Cache {
        Cache {
            inner: Mutex::new(Inner {
                live: backend != DbBackend::Postgres,
                ..Inner::default()
            }),
        }
    }

    /// The document stored under `key`, if any, from memory when possible.
    pub async fn find<T>(
        &self,
        conn: &impl ConnectionTrait,
        key: &str,
    ) -> Result<Option<Document<T>>, ApiError>
    where
        T: DeserializeOwned + Clone + Send + Sync + 'static,
    {
        self.get_or_load(key, super::find::<T>(conn, key)).await
    }

    /// The value kept under `key`, or what `load` reads (kept unless an
    /// invalidation came meanwhile). Besides the settings documents, each
    /// user's token epoch (`auth::epochs`) and the names lists show
    /// (`crate::names`) are kept here, invalidated the same way.
    pub async fn get_or_load<T>(
        &self,
        key: &str,
        load: impl Future<Output = Result<T, ApiError>>,
    ) -> Result<T, ApiError>
    where
        T: Clone + Send + Sync + 'static,
    {
        let generation = {
            let inner = self.lock();
            if let Some(value) = inner.fresh::<T>(key) {
                return Ok(value);
            }
            inner.generation
        };
        let value = load.await?;
        let mut inner = self.lock();
        if inner.live && inner.generation == generation {
            inner.keep(key.to_owned(), value.clone());
        }
        Ok(value)
    }

    /// The values kept under the keys of `wanted` (each named by `key`),
    /// with those not kept read by `load` in one go and kept as
    /// [`Cache::get_or_load`] keeps one; a value `load` does not find is
    /// left out of the answer.
    pub async fn get_or_load_many<K, T, Loaded>(
        &self,
        wanted: BTreeSet<K>,
        key: impl Fn(&K) -> String,
        load: impl FnOnce(BTreeSet<K>) -> Loaded,
    ) -> Result<BTreeMap<K, T>, ApiError>
    where
        K: Ord,
        T: Clone + Send + Sync + 'static,
        Loaded: Future<Output = Result<BTreeMap<K, T>, ApiError>>,
    {
        let mut found = BTreeMap::new();
        let mut missing = BTreeSet::new();
        let generation = {
            let inner = self.lock();
            for wanted in wanted {
                match inner.fresh::<T>(&key(&wanted)) {
                    Some(value) => {
                        found.insert(wanted, value);
                    }
                    None => {
                        missing.insert(wanted);
                    }
                }
            }
            inner.generation
        };
        if missing.is_empty() {
            return Ok(found);
        }
        let loaded = load(missing).await?;
        let mut inner = self.lock();
        if inner.live && inner.generation == generation {
            for (wanted, value) in &loaded {
                inner.keep(key(wanted), value.clone());
            }
        }
        found.extend(loaded);
        Ok(found)
    }

    /// The document stored under `key`, or the default at version 0.
    pub async fn load<T>(
        &self,
        conn: &impl ConnectionTrait,
        key: &str,
    ) -> Result<Document<T>, ApiError>
    where
        T: DeserializeOwned + Default + Clone + Send + Sync + 'static,
    {
        Ok(self.find(conn, key).await?.unwrap_or_else(|| Document {
            value: T::default(),
            version: 0,
        }))
    }

    /// Forgets `key`; call it after the transaction that saved it committed.
    pub fn invalidate(&self, key: &str) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.entries.remove(key);
    }

    /// Forgets everything and trusts (or stops trusting) what is read next.
    fn reset(&self, live: bool) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.entries.clear();
        inner.live = live;
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // The map is always consistent between statements, so a panic
        // elsewhere while it was held leaves nothing half-done.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Inner {
    /// Keeps `value` under `key` from now; when full, forgets the copies
    /// too old to be trusted first, and every copy if none is.
    fn keep<T: Send + Sync + 'static>(&mut self, key: String, value: T) {
        if self.entries.len() >= MAX_ENTRIES {
            self.entries
                .retain(|_, entry| entry.loaded.elapsed() <= MAX_AGE);
            if self.entries.len() >= MAX_ENTRIES {
                self.entries.clear();
            }
        }
        let loaded = Instant::now();
        let value = Arc::new(value);
        self.entries.insert(key, Entry { loaded, value });
    }

    /// The live, young-enough copy of `key` as a `T`.
    fn fresh<T: Clone + 'static>(&self, key: &str) -> Option<T> {
        let entry = self.entries.get(key).filter(|_| self.live)?;
        if entry.loaded.elapsed() > MAX_AGE {
            return None;
        }
        entry.value.downcast_ref::<T>().cloned()
    }
}

/// Tells every instance, on commit of `conn`'s transaction, that what is
/// kept under `key` changed (on PostgreSQL; SQLite serves one instance).
/// The changing instance calls [`Cache::invalidate`] after the commit.
pub async fn announce(conn: &impl ConnectionTrait, key: &str) -> Result<(), ApiError> {
    if conn.get_database_backend() == DbBackend::Postgres {
        conn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [CHANNEL.into(), key.into()],
        ))
        .await?;
    }
    Ok(())
}

/// On PostgreSQL, spawns the task that keeps `cache` in step with the other
/// instances; nothing to do on SQLite.
pub fn listen(db: &DatabaseConnection, cache: Arc<Cache>) {
    if db.get_database_backend() != DbBackend::Postgres {
        return;
    }
    let pool = db.get_postgres_connection_pool().clone();
    tokio::spawn(async move {
        let mut backoff = Duration::from_millis(250);
        loop {
            match follow(&pool, &cache).await {
                Ok(()) => return, // the pool was closed: the server is stopping
                Err(error) => {
                    cache.reset(false);
                    log::warn!(
                        "settings cache: listening on {CHANNEL} failed ({error}); \
                         reading settings from the database, retrying in {backoff:?}"
                    );
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(30));
                }
            }
        }
    });
}

/// Listens on [`CHANNEL`] and drops each notified key; returns when the
/// pool closes, fails when the connection cannot be (re-)established.
async fn follow(pool: &sea_orm::sqlx::PgPool, cache: &Cache) -> Result<(), sea_orm::sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    cache.reset(true);
    loop {
        match listener.try_recv().await {
            Ok(Some(notification)) => cache.invalidate(notification.payload()),
            // The connection was lost and re-established: anything said in
            // between is gone, so start over from the database.
            Ok(None) => cache.reset(true),
            Err(sea_orm::sqlx::Error::PoolClosed) => return Ok(()),
            Err(error) => return Err(error),
        }
    }
}
