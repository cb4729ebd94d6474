//! The background sender: claims due outbox rows, renders and sends them, records the result.
//! Runs on its own thread so slow SMTP never holds a web worker.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, Utc};
use lettre::message::Mailbox;

use super::compose;
use super::outbox::{self, MAX_ATTEMPTS, OutboxRow};
use super::transport::{SendError, Transport};
use crate::db::{DbConn, Pool};
use crate::{events, registrations};

/// What the worker needs besides the pool.
pub struct WorkerConfig {
    pub transport: Transport,
    pub from: Mailbox,
    pub base_url: url::Url,
    pub retry_base: Duration,
}

/// A handle to wake the worker early (after a registration) and to stop it.
#[derive(Clone)]
pub struct Mailer {
    wake: SyncSender<()>,
    stop: Arc<AtomicBool>,
}

impl Mailer {
    /// Asks the worker to look at the outbox now rather than at its next poll.
    pub fn wake(&self) {
        match self.wake.try_send(()) {
            Ok(()) | Err(TrySendError::Full(())) | Err(TrySendError::Disconnected(())) => {}
        }
    }

    /// Stops the worker after the message it is sending, if any.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        self.wake();
    }
}

fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

/// Starts the worker thread.
pub fn spawn(pool: Pool, config: WorkerConfig) -> std::io::Result<(Mailer, JoinHandle<()>)> {
    let (wake, rx) = sync_channel(1);
    let stop = Arc::new(AtomicBool::new(false));
    let mailer = Mailer {
        wake,
        stop: stop.clone(),
    };
    let handle = std::thread::Builder::new()
        .name("mail-worker".into())
        .spawn(move || run(pool, config, rx, stop))?;
    Ok((mailer, handle))
}

fn run(pool: Pool, config: WorkerConfig, wake: Receiver<()>, stop: Arc<AtomicBool>) {
    let poll = (config.retry_base / 2).clamp(Duration::from_millis(20), Duration::from_secs(1));
    let lease = Duration::from_secs(600);
    let mut last_release = Instant::now() - lease;
    let token = crate::db::new_id();
    while !stop.load(Ordering::SeqCst) {
        let sent = match pool.get() {
            Ok(mut conn) => {
                if last_release.elapsed() >= Duration::from_secs(60) {
                    last_release = Instant::now();
                    if let Err(e) = outbox::release_stale(&mut conn, lease, now()) {
                        tracing::warn!(error = %e, "outbox: releasing stale claims failed");
                    }
                }
                process_due(&mut conn, &config, &token, &stop)
            }
            Err(e) => {
                tracing::warn!(error = %e, "outbox: no database connection");
                0
            }
        };
        if sent == 0 {
            let _ = wake.recv_timeout(poll);
        }
    }
}

/// Sends what is due; returns how many rows it handled.
fn process_due(conn: &mut DbConn, config: &WorkerConfig, token: &str, stop: &AtomicBool) -> usize {
    let ids = match outbox::due(conn, now(), 20) {
        Ok(ids) => ids,
        Err(e) => {
            tracing::warn!(error = %e, "outbox: cannot list due mail");
            return 0;
        }
    };
    let mut handled = 0;
    for id in ids {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        match outbox::claim(conn, &id, token, now()) {
            Ok(Some(row)) => {
                deliver(conn, config, token, &row);
                handled += 1;
            }
            Ok(None) => {} // another instance took it
            Err(e) => tracing::warn!(outbox_id = %id, error = %e, "outbox: claim failed"),
        }
    }
    handled
}

fn deliver(conn: &mut DbConn, config: &WorkerConfig, token: &str, row: &OutboxRow) {
    let result = build(conn, config, row).and_then(|message| config.transport.send(&message));
    let at = now();
    let recorded = match result {
        Ok(()) => {
            tracing::info!(outbox_id = %row.id, kind = %row.kind, attempt = row.attempts, "mail sent");
            outbox::mark_sent(conn, &row.id, token, at)
        }
        Err(SendError::Transient(e)) if row.attempts < MAX_ATTEMPTS => {
            let delay = outbox::backoff(config.retry_base, row.attempts);
            tracing::warn!(outbox_id = %row.id, attempt = row.attempts, retry_in = ?delay, error = %e, "mail not sent; will retry");
            let retry_at =
                at + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::hours(1));
            outbox::mark_failed(conn, &row.id, token, &e, Some(retry_at), at)
        }
        Err(SendError::Transient(e) | SendError::Permanent(e)) => {
            tracing::error!(outbox_id = %row.id, attempt = row.attempts, error = %e, "mail failed for good");
            outbox::mark_failed(conn, &row.id, token, &e, None, at)
        }
    };
    if let Err(e) = recorded {
        tracing::error!(outbox_id = %row.id, error = %e, "outbox: cannot record the result");
    }
}

/// Renders a row. A database hiccup is worth a retry; a row that cannot be rendered is not.
fn build(
    conn: &mut DbConn,
    config: &WorkerConfig,
    row: &OutboxRow,
) -> Result<lettre::Message, SendError> {
    let permanent = |e: &str| SendError::Permanent(e.to_owned());
    let registration_id = row
        .registration_id
        .as_deref()
        .ok_or_else(|| permanent("no registration"))?;
    let load = |conn: &mut DbConn| -> diesel::QueryResult<Option<_>> {
        let Some(registration) = registrations::store::find(conn, registration_id)? else {
            return Ok(None);
        };
        let Some(event) = events::store::find(conn, &registration.event_id)? else {
            return Ok(None);
        };
        let programme = events::store::programme(conn, event)?;
        let chosen = registrations::store::session_ids(conn, registration_id)?;
        Ok(Some((registration, programme, chosen)))
    };
    let (registration, programme, chosen) = load(conn)
        .map_err(|e| SendError::Transient(e.to_string()))?
        .ok_or_else(|| permanent("the registration no longer exists"))?;
    let sessions: Vec<_> = programme
        .sessions
        .iter()
        .filter(|s| chosen.contains(&s.id))
        .collect();
    compose::registration_mail(
        row,
        &registration,
        &programme,
        &sessions,
        &config.from,
        &config.base_url,
    )
    .map_err(|e| permanent(&e.to_string()))
}
