//! The background sender: claims due outbox rows, renders and sends them, records the result.
//! Runs on its own thread so slow SMTP never holds a web worker.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, Utc};
use lettre::message::Mailbox;

use super::compose;
use super::outbox::{self, MAX_ATTEMPTS, OutboxRow, scrub as redact};
use super::transport::{SendError, Transport};
use crate::db::{DbConn, Pool};
use crate::events::Programme;
use crate::ids::EventId;
use crate::{events, registrations};

/// What the worker needs besides the pool.
pub struct WorkerConfig {
    pub transport: Transport,
    pub from: Mailbox,
    pub base_url: url::Url,
    /// Signs the links to delegates' badge pages.
    pub secret_key: Vec<u8>,
    pub retry_base: Duration,
    pub lease: Duration,
}

/// A handle to wake the worker early (after a registration) and to stop it.
#[derive(Clone)]
pub struct Mailer {
    wake: SyncSender<()>,
    stop: Arc<AtomicBool>,
    /// Set while the worker's loop runs; cleared when it ends, even by a panic.
    running: Arc<AtomicBool>,
}

/// Clears `running` when the worker's thread ends, however it ends.
struct Running(Arc<AtomicBool>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

impl Mailer {
    /// Asks the worker to look at the outbox now rather than at its next poll.
    pub fn wake(&self) {
        match self.wake.try_send(()) {
            Ok(()) | Err(TrySendError::Full(())) | Err(TrySendError::Disconnected(())) => {}
        }
    }

    /// Whether the worker's thread still runs (for `/readyz`).
    pub fn is_alive(&self) -> bool {
        self.running.load(Ordering::SeqCst)
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
    let running = Arc::new(AtomicBool::new(true));
    let mailer = Mailer { wake, stop: stop.clone(), running: running.clone() };
    let handle = std::thread::Builder::new().name("mail-worker".into()).spawn(move || {
        let _running = Running(running);
        run(pool, config, rx, stop)
    })?;
    Ok((mailer, handle))
}

fn run(pool: Pool, config: WorkerConfig, wake: Receiver<()>, stop: Arc<AtomicBool>) {
    let poll = (config.retry_base / 2).clamp(Duration::from_millis(20), Duration::from_secs(1));
    let lease = config.lease;
    let check_every = (lease / 2).min(Duration::from_secs(30));
    let mut last_release: Option<Instant> = None;
    let mut worker = Worker { config, token: crate::db::new_id(), programmes: HashMap::new() };
    while !stop.load(Ordering::SeqCst) {
        let sent = match pool.get() {
            Ok(mut conn) => {
                if last_release.is_none_or(|at| at.elapsed() >= check_every) {
                    last_release = Some(Instant::now());
                    if let Err(e) = outbox::release_stale(&mut conn, lease, now()) {
                        tracing::warn!(error = %e, "outbox: releasing stale claims failed");
                    }
                }
                worker.process_due(&mut conn, &stop)
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

/// Doors count as busy for this long after their last scan: a queue's scans come in bursts.
const DOORS_QUIET: Duration = Duration::from_millis(50);
/// How often a worker that gives way looks again.
const LOOK_AGAIN: Duration = Duration::from_millis(5);
/// A mail that has been due this long is sent without giving way: however busy the doors, no
/// mail is held back more than about this.
const MAIL_PATIENCE: chrono::TimeDelta = chrono::TimeDelta::seconds(30);

/// Before a mail that has been due since `due_at`, waits while scans are being decided, up to
/// `MAIL_PATIENCE` after it fell due (or until the worker is stopped). A mail costs the machine
/// about what ten scans do, and on SQLite its writes take the file's one write lock, which the
/// door writer then waits for; a delegate at a door waits on a scan, nobody on a mail sent a
/// few seconds sooner.
fn give_way(due_at: NaiveDateTime, stop: &AtomicBool) {
    while crate::checkin::rush::doors_busy(DOORS_QUIET)
        && now() - due_at < MAIL_PATIENCE
        && !stop.load(Ordering::SeqCst)
    {
        std::thread::sleep(LOOK_AGAIN);
    }
}

/// How long the worker reuses an event's programme between mails.
const PROGRAMME_TTL: Duration = Duration::from_secs(5);

struct Worker {
    config: WorkerConfig,
    /// This worker's claim token.
    token: String,
    programmes: HashMap<EventId, (Instant, Arc<Programme>)>,
}

impl Worker {
    /// Sends what is due; returns how many rows it handled.
    fn process_due(&mut self, conn: &mut DbConn, stop: &AtomicBool) -> usize {
        let ids = match outbox::due(conn, now(), 20) {
            Ok(ids) => ids,
            Err(e) => {
                tracing::warn!(error = %e, "outbox: cannot list due mail");
                return 0;
            }
        };
        let mut handled = 0;
        for (id, due_at) in ids {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            give_way(due_at, stop);
            match outbox::claim(conn, &id, &self.token, now()) {
                Ok(Some(row)) => {
                    self.deliver(conn, &row);
                    handled += 1;
                }
                Ok(None) => {} // another instance took it
                Err(e) => tracing::warn!(outbox_id = %id, error = %e, "outbox: claim failed"),
            }
        }
        handled
    }

    fn deliver(&mut self, conn: &mut DbConn, row: &OutboxRow) {
        let result = self.build(conn, row).and_then(|message| self.config.transport.send(&message));
        let (at, token) = (now(), self.token.as_str());
        let recorded = match result {
            Ok(()) => {
                tracing::info!(outbox_id = %row.id, kind = row.kind.as_str(), attempt = row.attempts, "mail sent");
                outbox::mark_sent(conn, &row.id, token, at)
            }
            Err(SendError::Transient(e)) if row.attempts < MAX_ATTEMPTS => {
                crate::metrics::METRICS.mail_send_failures.inc();
                let delay = outbox::backoff(self.config.retry_base, row.attempts);
                tracing::warn!(outbox_id = %row.id, attempt = row.attempts, retry_in = ?delay, error = %redact(&e), "mail not sent; will retry");
                let retry_at = at + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::hours(1));
                outbox::mark_failed(conn, &row.id, token, &e, Some(retry_at), at)
            }
            Err(SendError::Transient(e) | SendError::Permanent(e)) => {
                crate::metrics::METRICS.mail_send_failures.inc();
                tracing::error!(outbox_id = %row.id, attempt = row.attempts, error = %redact(&e), "mail failed for good");
                outbox::mark_failed(conn, &row.id, token, &e, None, at)
            }
        };
        if let Err(e) = recorded {
            tracing::error!(outbox_id = %row.id, error = %e, "outbox: cannot record the result");
        }
    }

    fn programme(&mut self, conn: &mut DbConn, event_id: &EventId) -> diesel::QueryResult<Option<Arc<Programme>>> {
        if let Some((at, p)) = self.programmes.get(event_id)
            && at.elapsed() < PROGRAMME_TTL
        {
            return Ok(Some(p.clone()));
        }
        let Some(event) = events::store::find(conn, event_id)? else {
            return Ok(None);
        };
        let programme = Arc::new(events::store::programme(conn, event)?);
        self.programmes.insert(event_id.clone(), (Instant::now(), programme.clone()));
        Ok(Some(programme))
    }

    /// Renders a row. A database hiccup is worth a retry; a row that cannot be rendered is not.
    fn build(&mut self, conn: &mut DbConn, row: &OutboxRow) -> Result<lettre::Message, SendError> {
        let permanent = |e: &str| SendError::Permanent(e.to_owned());
        let transient = |e: diesel::result::Error| SendError::Transient(e.to_string());
        if let Some(invitation_id) = &row.invitation_id {
            let invitation = crate::invitations::find(conn, invitation_id)
                .map_err(transient)?
                .ok_or_else(|| permanent("the invitation no longer exists"))?;
            let programme = self
                .programme(conn, &invitation.event_id)
                .map_err(transient)?
                .ok_or_else(|| permanent("the event no longer exists"))?;
            let (from, base_url) = (&self.config.from, &self.config.base_url);
            let keys = crate::secrets::Keys::derive(&self.config.secret_key);
            let codes = invitation.codes(&keys).ok_or_else(|| permanent("the invitation's codes do not open"))?;
            return super::invitation_mail::invitation_mail(row, (&invitation, &codes), &programme, from, base_url)
                .map_err(|e| permanent(&e.to_string()));
        }
        let registration_id = row.registration_id.as_ref().ok_or_else(|| permanent("no registration"))?;
        let registration = registrations::store::find(conn, registration_id)
            .map_err(transient)?
            .ok_or_else(|| permanent("the registration no longer exists"))?;
        let programme = self
            .programme(conn, &registration.event_id)
            .map_err(transient)?
            .ok_or_else(|| permanent("the event no longer exists"))?;
        let chosen = registrations::store::session_ids(conn, registration_id).map_err(transient)?;
        let sessions: Vec<_> = programme.sessions.iter().filter(|s| chosen.contains(&s.id)).collect();
        let (from, base_url) = (&self.config.from, &self.config.base_url);
        if let Some(message_id) = &row.broadcast_id {
            let message = crate::messages::by_id(conn, message_id)
                .map_err(transient)?
                .ok_or_else(|| permanent("the message no longer exists"))?;
            return super::message_mail::message_mail(row, &registration, &programme, &message, from)
                .map_err(|e| permanent(&e.to_string()));
        }
        // The link as it stands when the mail leaves: a reissue since it was queued voids the
        // older one, so the newest is the one to send.
        let key = crate::badges::link::key_of(conn, registration_id, now()).map_err(transient)?;
        let badge_path =
            crate::badges::link::path(&self.config.secret_key, &programme.event.slug, &registration.reference, &key);
        compose::registration_mail(row, &registration, &programme, &sessions, from, base_url, &badge_path)
            .map_err(|e| permanent(&e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;
    use std::time::{Duration, Instant};

    #[test]
    fn a_mail_waits_while_doors_scan_but_not_past_its_patience() {
        let stop = AtomicBool::new(false);
        let scan = crate::checkin::rush::scanning();
        // Due 31 s ago: sent at once, scans or not.
        let started = Instant::now();
        super::give_way(super::now() - chrono::TimeDelta::seconds(31), &stop);
        assert!(started.elapsed() < Duration::from_millis(5));
        // Due now: held while the scan lasts, and a little after.
        let due = super::now();
        let waiting = std::thread::spawn(move || {
            let started = Instant::now();
            super::give_way(due, &AtomicBool::new(false));
            started.elapsed()
        });
        std::thread::sleep(Duration::from_millis(100));
        drop(scan);
        let waited = waiting.join().unwrap();
        assert!(waited >= Duration::from_millis(140) && waited < Duration::from_secs(2), "{waited:?}");
    }

    #[test]
    fn addresses_do_not_reach_the_logs() {
        let shown = super::redact("550 5.1.1 <h.alhusseini@jo-embassy.example>: Recipient address rejected");
        assert!(!shown.contains("alhusseini"), "{shown}");
        assert!(shown.starts_with("550 5.1.1 ") && shown.ends_with("Recipient address rejected"), "{shown}");
    }
}
