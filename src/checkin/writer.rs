//! Door scans on SQLite, decided by one thread in batches.
//!
//! SQLite has one writer at a time. With a pool, every scan paid for a blocking-pool hop, a
//! connection check, its own BEGIN and COMMIT, and a wait for the write lock behind the other
//! doors. Here the scans that arrive together are decided one after the other in a single
//! transaction on one connection (group commit): the order is the order of arrival, so
//! "exactly one admission" still holds, and each scan has its own savepoint, so one failing
//! scan does not undo the others. A scan's answer is sent only after its batch has committed.
//! PostgreSQL, where several instances share the database, keeps one transaction per scan.

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

/// A decision and whether the delegate has a photo (the station shows it).
pub type Answer = Result<(Decision, bool), Error>;

struct Job {
    programme: Arc<Programme>,
    request: ScanRequest,
    now: NaiveDateTime,
    /// Whether to look up if the delegate has a photo (the scan station shows it).
    photo: bool,
    reply: oneshot::Sender<Answer>,
}

/// The handle the web layer sends scans to.
#[derive(Clone)]
pub struct ScanWriter {
    jobs: mpsc::Sender<Job>,
    /// The checkpointer runs while a handle exists.
    _alive: Arc<()>,
}

/// How often the write-ahead log is copied back into the database, off the scan path.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

impl ScanWriter {
    /// Starts the writer thread on its own connection; it ends when every handle is dropped.
    pub fn start(backend: &Backend) -> anyhow::Result<ScanWriter> {
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
        let (jobs, queue) = mpsc::channel::<Job>();
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
    /// caller to decide another way; a scan lost with a writer that died mid-batch is `Ok(None)`.
    pub async fn scan(
        &self,
        programme: Arc<Programme>,
        request: ScanRequest,
        now: NaiveDateTime,
        photo: bool,
    ) -> Result<Option<Answer>, (Arc<Programme>, ScanRequest)> {
        let (reply, answer) = oneshot::channel();
        if let Err(mpsc::SendError(job)) = self.jobs.send(Job { programme, request, now, photo, reply }) {
            return Err((job.programme, job.request));
        }
        Ok(answer.await.ok())
    }
}

fn run(conn: &mut DbConn, batch: Vec<Job>) {
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
            // retries with its nonce.
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
        let result = conn.transaction(|conn| {
            let d = super::decide(conn, &job.programme, &job.request, job.now, attempt > 1)?;
            let photo = match &d.registration {
                Some(r) if job.photo => crate::badges::print::has_photo(conn, &r.id)?,
                _ => false,
            };
            Ok((d, photo))
        });
        match result {
            Err(e) if attempt < 3 && db::unique_violation_on(&e).is_some() => continue,
            other => return other,
        }
    }
}
