//! The intake task: one per server, taking the intakes waiting (up to
//! [`MAX_BATCH`]) and writing each batch in one transaction, its commit in
//! a task of its own; a batch that fails is retried one intake at a time.
//!
//! On PostgreSQL it runs on a thread of its own, with connections of its
//! own. A batch's serialized section, from taking the year's
//! counter to its commit, is a few round trips with a little work between
//! them. On the server's runtime each of those steps waited its turn behind
//! the HTTP handlers' tasks (and the connections' I/O behind the runtime's
//! polling), and on a busy server that wait, not the work, set how many
//! requests a second could be taken in (docs/benchmarks.md).

use std::sync::Arc;

use sea_orm::{DatabaseConnection, DatabaseTransaction};
use tokio::sync::{mpsc, oneshot};

use super::{Intake, MAX_BATCH, Written, batch};
use crate::clock::Clock;
use crate::db::{self, DbError};
use crate::error::ApiError;
use crate::settings;

/// Intakes waiting beyond this make their senders wait (back-pressure).
const QUEUE_LEN: usize = 1024;

/// The intake task's own connections to PostgreSQL: the batch being
/// written, the one committing, and the audience reads of the next.
const OWN_CONNECTIONS: u32 = 4;

/// What the intake task writes with, and where it runs.
#[derive(Debug)]
pub enum Connections {
    /// Connections of its own to the PostgreSQL at this URL, on a thread
    /// of its own: the connections are opened there, so that their I/O is
    /// served there too.
    Own(String),
    /// The caller's connections, on the caller's runtime: SQLite's one
    /// writer and its readers, a test's database, the demo's loader. (A
    /// PostgreSQL pool cannot be shared with another runtime: a connection
    /// it opened there would die with that runtime.)
    Shared {
        /// Writes the batches.
        writer: DatabaseConnection,
        /// Reads who hears of a batch before it is written. On SQLite the
        /// readers take these reads while the one writer connection
        /// commits the batch before; on the writer they waited for that
        /// commit (docs/benchmarks.md).
        reader: DatabaseConnection,
    },
}

impl Connections {
    /// For the server on `db` (at `url`, read outside transactions by
    /// `reader`): its own on PostgreSQL, SQLite's one writer and its
    /// readers otherwise.
    pub fn for_server(
        url: &str,
        db: &DatabaseConnection,
        reader: &DatabaseConnection,
    ) -> Connections {
        if db.get_database_backend() == sea_orm::DbBackend::Postgres {
            Connections::Own(url.to_owned())
        } else {
            Connections::Shared {
                writer: db.clone(),
                reader: reader.clone(),
            }
        }
    }

    /// One database for both writing and reading (a test's, the demo's).
    pub fn shared(db: &DatabaseConnection) -> Connections {
        Connections::Shared {
            writer: db.clone(),
            reader: db.clone(),
        }
    }
}

type Reply = oneshot::Sender<Result<Written, ApiError>>;

/// Where handlers hand intakes to the server's intake task.
#[derive(Debug, Clone)]
pub struct Queue {
    sender: mpsc::Sender<(Intake, Reply)>,
}

impl Queue {
    /// Starts the intake task, writing with `connections` (see there);
    /// answers once it is ready.
    pub async fn start(
        connections: Connections,
        settings: Arc<settings::Cache>,
        clock: Clock,
    ) -> Result<Queue, DbError> {
        let (sender, receiver) = mpsc::channel(QUEUE_LEN);
        let writer = |db: DatabaseConnection, reader| Writer {
            db,
            reader,
            settings,
            clock,
        };
        match connections {
            Connections::Shared { writer: db, reader } => {
                tokio::spawn(run(writer(db, reader), receiver));
            }
            Connections::Own(url) => {
                let (ready, started) = oneshot::channel();
                std::thread::Builder::new()
                    .name("intake".to_owned())
                    .spawn(move || {
                        // The audience reads go on the thread's own connections too.
                        let writer = |db: DatabaseConnection| writer(db.clone(), db);
                        run_apart(&url, writer, receiver, ready)
                    })
                    .map_err(DbError::Thread)?;
                let lost = || DbError::Thread(std::io::Error::other("the intake thread stopped"));
                started.await.map_err(|_| lost())??;
            }
        }
        Ok(Queue { sender })
    }

    /// Hands `intake` to the next batch; answers once it is committed.
    pub(super) async fn send(&self, intake: Intake) -> Result<Written, ApiError> {
        let (reply, answer) = oneshot::channel();
        let closed = || {
            ApiError::internal(
                "taking a request in",
                std::io::Error::other("its batch was lost (see the server log)"),
            )
        };
        self.sender
            .send((intake, reply))
            .await
            .map_err(|_| closed())?;
        answer.await.map_err(|_| closed())?
    }
}

/// The intake thread's body: a runtime of its own, connections of its own
/// to `url` (the writer made with them by `writer`), then [`run`]; says on
/// `ready` whether it got that far.
fn run_apart(
    url: &str,
    writer: impl FnOnce(DatabaseConnection) -> Writer,
    receiver: mpsc::Receiver<(Intake, Reply)>,
    ready: oneshot::Sender<Result<(), DbError>>,
) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            let _ = ready.send(Err(DbError::Thread(error)));
            return;
        }
    };
    runtime.block_on(async move {
        match db::connect_intake(url, OWN_CONNECTIONS).await {
            Ok(db) => {
                let _ = ready.send(Ok(()));
                run(writer(db), receiver).await;
            }
            Err(error) => {
                let _ = ready.send(Err(error));
            }
        }
    });
}

/// Writes batches until every [`Queue`] is dropped.
///
/// A batch commits in a task of its own, so that the next one begins
/// meanwhile: on PostgreSQL its counter bump queues on the counter row and
/// goes on the moment the commit lands, a round trip sooner, and its routing
/// read, after the bump, sees that commit; on SQLite it waits for the one
/// writer connection. Numbers stay gapless, and an intake answered before
/// another was sent still has the lower number.
async fn run(writer: Writer, mut receiver: mpsc::Receiver<(Intake, Reply)>) {
    let writer = Arc::new(writer);
    let mut waiting = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut waiting, MAX_BATCH).await > 0 {
        let (intakes, replies): (Vec<Intake>, Vec<Reply>) = waiting.drain(..).unzip();
        // In a task of its own, so that a bug that panics loses this batch
        // (its callers get a 500) and not the intake of every later one.
        let batch = tokio::spawn(write_batch(Arc::clone(&writer), intakes, replies));
        if let Err(error) = batch.await {
            log::error!("a batch of intakes was lost: {error}");
        }
    }
}

/// Writes one batch and starts its commit.
async fn write_batch(writer: Arc<Writer>, intakes: Vec<Intake>, replies: Vec<Reply>) {
    let started = std::time::Instant::now();
    match writer.write(&intakes).await {
        Ok((txn, written)) => {
            tokio::spawn(async move {
                if let Err(error) = txn.commit().await {
                    return writer.retry(&intakes, replies, error.into()).await;
                }
                log::debug!(
                    "{} intakes written in {:?}",
                    intakes.len(),
                    started.elapsed()
                );
                for (reply, written) in replies.into_iter().zip(written) {
                    // The caller may have gone (client disconnected): the request stands.
                    let _ = reply.send(Ok(written));
                }
            });
        }
        Err(error) => writer.retry(&intakes, replies, error).await,
    }
}

/// What the intake task writes with.
struct Writer {
    db: DatabaseConnection,
    /// Where the audience of a batch is read (see [`Connections`]).
    reader: DatabaseConnection,
    settings: Arc<settings::Cache>,
    clock: Clock,
}

impl Writer {
    /// Writes the intakes of a batch that failed (with `error`) one by one,
    /// so that each fails only for its own sake.
    async fn retry(&self, intakes: &[Intake], replies: Vec<Reply>, error: ApiError) {
        if intakes.len() > 1 {
            log::warn!(
                "a batch of {} intakes failed ({error}); retrying them one by one",
                intakes.len()
            );
        }
        for (intake, reply) in intakes.iter().zip(replies) {
            let _ = reply.send(self.write_one(intake).await);
        }
    }

    /// Writes and commits `intake` alone.
    async fn write_one(&self, intake: &Intake) -> Result<Written, ApiError> {
        let (txn, mut written) = self.write(std::slice::from_ref(intake)).await?;
        txn.commit().await?;
        written.pop().ok_or_else(|| {
            ApiError::internal(
                "taking a request in",
                std::io::Error::other("writing one intake wrote nothing"),
            )
        })
    }

    /// Writes `intakes` in one transaction (see [`batch::write`]).
    async fn write(
        &self,
        intakes: &[Intake],
    ) -> Result<(DatabaseTransaction, Vec<Written>), ApiError> {
        batch::write(
            &self.db,
            &self.reader,
            &self.settings,
            self.clock.now(),
            intakes,
        )
        .await
    }
}
