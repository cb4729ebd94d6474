//! Door scans, decided on threads that keep their own connections.
//!
//! On SQLite by one thread, in batches. SQLite has one writer at a time. With a pool, every scan paid for a blocking-pool hop, a
//! connection check, its own BEGIN and COMMIT, and a wait for the write lock behind the other
//! doors. Here the scans that arrive together are decided one after the other in a single
//! transaction on one connection (group commit): the order is the order of arrival, so
//! "exactly one admission" still holds, and each scan has its own savepoint, so one failing
//! scan does not undo the others. A scan's answer is sent only after its batch has committed.
//!
//! On PostgreSQL, where several instances share the database, by a few threads, each scan on
//! its own (one read and one atomic write, see `checkin::scan`). Taking a connection from the
//! pool would cost a round trip of its own (the pool checks each connection it hands out), and
//! a hop to the blocking pool; a thread here replaces its connection when it breaks.

use std::sync::Arc;
use std::sync::mpsc;

use chrono::NaiveDateTime;
use diesel::Connection;
use diesel::result::Error;
use tokio::sync::oneshot;

use super::{Decision, ScanRequest};
use crate::db::{self, Backend, DbConn};
use crate::events::Programme;

/// How many waiting scans one transaction takes at most.
const BATCH: usize = 128;

pub type Answer = Result<Decision, Error>;

struct Job {
    programme: Arc<Programme>,
    request: ScanRequest,
    now: NaiveDateTime,
    reply: oneshot::Sender<Answer>,
}

/// The handle the web layer sends scans to.
#[derive(Clone)]
pub struct ScanWriter {
    jobs: mpsc::SyncSender<Job>,
    /// The checkpointer runs while a handle exists.
    _alive: Arc<()>,
}

/// How often the write-ahead log is copied back into the database, off the scan path.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

/// What became of a scan handed to the writer.
pub enum Queued {
    Answer(Box<Answer>),
    /// The writer died with the scan in its batch.
    Lost,
    /// The queue is full.
    Full,
}

/// How many threads (and connections) decide scans on PostgreSQL, per instance.
pub const POSTGRES_THREADS: usize = 4;

impl ScanWriter {
    /// Starts the threads, on connections of their own; they end when every handle is dropped.
    /// At most `limit` scans wait: a scan beyond it is answered `503` at once (`Queued::Full`).
    pub fn start(backend: &Backend, limit: usize) -> anyhow::Result<ScanWriter> {
        match backend {
            Backend::Sqlite { .. } => ScanWriter::start_sqlite(backend, limit),
            Backend::Postgres(_) => ScanWriter::start_postgres(backend, limit),
        }
    }

    fn start_postgres(backend: &Backend, limit: usize) -> anyhow::Result<ScanWriter> {
        let (jobs, queue) = mpsc::sync_channel::<Job>(limit);
        let queue = Arc::new(std::sync::Mutex::new(queue));
        for n in 0..POSTGRES_THREADS {
            // Connected at the first scan: an instance that never scans holds no connections.
            let mut conn = None;
            let (queue, backend) = (queue.clone(), backend.clone());
            std::thread::Builder::new().name(format!("scan-{n}")).spawn(move || {
                loop {
                    // Whoever is free takes every scan waiting, and decides them as one batch.
                    let batch = match queue.lock() {
                        Ok(queue) => match queue.recv() {
                            Ok(first) => {
                                let mut batch = vec![first];
                                while batch.len() < BATCH
                                    && let Ok(more) = queue.try_recv()
                                {
                                    batch.push(more);
                                }
                                batch
                            }
                            Err(_) => return,
                        },
                        Err(_) => return,
                    };
                    decide_batch_alone(&backend, &mut conn, batch);
                }
            })?;
        }
        Ok(ScanWriter { jobs, _alive: Arc::new(()) })
    }

    fn start_sqlite(backend: &Backend, limit: usize) -> anyhow::Result<ScanWriter> {
        use diesel::connection::SimpleConnection;
        let mut conn = backend.connect()?;
        // A commit that passes SQLite's checkpoint threshold copies the log into the database
        // and syncs it, a stall of several milliseconds for the door that made it. This
        // connection never does; the checkpointer below does it in the background (PASSIVE: it
        // waits for no one and no one waits for it).
        conn.batch_execute("PRAGMA wal_autocheckpoint = 0;")?;
        let alive = Arc::new(());
        let watch = Arc::downgrade(&alive);
        let mut checkpointer = backend.connect()?;
        std::thread::Builder::new().name("wal-checkpoint".into()).spawn(move || {
            while watch.upgrade().is_some() {
                std::thread::sleep(CHECKPOINT_EVERY);
                if let Err(e) = checkpointer.batch_execute("PRAGMA wal_checkpoint(PASSIVE);") {
                    tracing::warn!(error = %e, "WAL checkpoint failed");
                }
            }
        })?;
        let (jobs, queue) = mpsc::sync_channel::<Job>(limit);
        let backend = backend.clone();
        std::thread::Builder::new().name("scan-writer".into()).spawn(move || {
            while let Ok(first) = queue.recv() {
                let mut batch = vec![first];
                while batch.len() < BATCH
                    && let Ok(more) = queue.try_recv()
                {
                    batch.push(more);
                }
                run(&mut conn, batch);
                // A connection whose transaction could not be ended is replaced, as the pool
                // would replace it.
                type Tm = <DbConn as Connection>::TransactionManager;
                if <Tm as diesel::connection::TransactionManager<DbConn>>::is_broken_transaction_manager(&mut conn) {
                    match backend.connect() {
                        Ok(fresh) => conn = fresh,
                        Err(e) => tracing::error!(error = %e, "scan writer: cannot reconnect"),
                    }
                }
            }
        })?;
        Ok(ScanWriter { jobs, _alive: alive })
    }

    /// Decides one scan. When the writer has stopped, the request comes back (`Err`) for the
    /// caller to decide another way.
    pub async fn scan(
        &self,
        programme: Arc<Programme>,
        request: ScanRequest,
        now: NaiveDateTime,
    ) -> Result<Queued, (Arc<Programme>, ScanRequest)> {
        let (reply, answer) = oneshot::channel();
        match self.jobs.try_send(Job { programme, request, now, reply }) {
            Ok(()) => {}
            Err(mpsc::TrySendError::Full(_)) => return Ok(Queued::Full),
            Err(mpsc::TrySendError::Disconnected(job)) => return Err((job.programme, job.request)),
        }
        crate::metrics::METRICS.scan_queue.inc();
        Ok(answer.await.map_or(Queued::Lost, |a| Queued::Answer(Box::new(a))))
    }
}

fn run(conn: &mut DbConn, batch: Vec<Job>) {
    crate::metrics::METRICS.scan_queue.sub(batch.len() as i64);
    let mut answers: Vec<Answer> = Vec::with_capacity(batch.len());
    let committed = db::write_tx(conn, |conn| {
        for job in &batch {
            answers.push(one(conn, job));
        }
        Ok::<_, Error>(())
    });
    let mut answers = answers.into_iter();
    for job in batch {
        let answer = match (&committed, answers.next()) {
            (Ok(()), Some(answer)) => answer,
            // Nothing of the batch was stored (or it never began): every door is told, and
            // retries with its nonce (told to retry soon when the database was only busy).
            (Err(e), _) if db::is_transient(e) => Err(db::unreachable(format!("the batch did not commit: {e}"))),
            (Err(e), _) => Err(Error::QueryBuilderError(format!("the batch did not commit: {e}").into())),
            (Ok(()), None) => Err(Error::QueryBuilderError("no answer for this scan".into())),
        };
        let _ = job.reply.send(answer);
    }
}

/// One scan in its own savepoint, decided again when it meets a unique index (a replayed
/// nonce: the replay then answers what was stored).
fn one(conn: &mut DbConn, job: &Job) -> Answer {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let result = conn.transaction(|conn| super::decide(conn, &job.programme, &job.request, job.now, attempt > 1));
        match result {
            Err(e) if attempt < 3 && db::unique_violation_on(&e).is_some() => continue,
            other => return other,
        }
    }
}

/// A batch on PostgreSQL (see `checkin::batch`); scans that met a lost connection are decided
/// again one by one, on a new one.
fn decide_batch_alone(backend: &Backend, conn: &mut Option<DbConn>, batch: Vec<Job>) {
    use diesel::result::DatabaseErrorKind::{ClosedConnection, UnableToSendCommand};
    let answers = match conn {
        Some(c) if batch.len() > 1 => {
            let items: Vec<super::batch::Item<'_>> = batch
                .iter()
                .map(|j| super::batch::Item { programme: &j.programme, request: &j.request, now: j.now })
                .collect();
            super::batch::decide(c, &items).answers
        }
        _ => Vec::new(),
    };
    let mut answers = answers.into_iter();
    for job in batch {
        let answer = match answers.next() {
            Some(Err(Error::DatabaseError(ClosedConnection | UnableToSendCommand, _))) | None => {
                decide_alone(backend, conn, &job)
            }
            Some(answer) => answer,
        };
        let _ = job.reply.send(answer);
    }
}

/// One scan on PostgreSQL. When the connection is lost (the database restarted, a proxy cut
/// it), the scan is sent again once on a new one: its nonce makes that safe even if the first
/// one was stored.
fn decide_alone(backend: &Backend, conn: &mut Option<DbConn>, job: &Job) -> Answer {
    use diesel::result::DatabaseErrorKind::{ClosedConnection, UnableToSendCommand};
    for _ in 0..2 {
        let c = match conn {
            Some(c) => c,
            None => conn.insert(backend.connect().map_err(|e| db::unreachable(e.to_string()))?),
        };
        match super::scan(c, &job.programme, &job.request, job.now) {
            Err(Error::DatabaseError(ClosedConnection | UnableToSendCommand, info)) => {
                tracing::warn!(error = info.message(), "scan connection lost; reconnecting");
                *conn = None;
            }
            other => return other,
        }
    }
    Err(db::unreachable("the database connection was lost twice"))
}
