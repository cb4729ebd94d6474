//! The security log: logins, failures and locks, CSRF rejections, refusals (403), API token
//! use and data exports, each with its time, the account or token, and the client address;
//! admins read it at `/staff/security-log`. It is written off the request path by one thread
//! through a bounded queue: a flood of refused requests must not turn into a flood of
//! database writes, so when the queue is full an entry is dropped (and counted), never waited
//! for. Entries are kept `KEEP_DAYS`.

use std::sync::mpsc;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::security_events;
use crate::db::{self, DbConn, Pool};

/// How long entries are kept.
pub const KEEP_DAYS: i64 = 180;
/// Entries waiting to be written, at most.
const QUEUE: usize = 4096;

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    LoginSucceeded,
    LoginFailed,
    LoginLocked,
    CsrfRejected,
    Forbidden,
    TokenUsed,
    Export,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::LoginSucceeded,
        Kind::LoginFailed,
        Kind::LoginLocked,
        Kind::CsrfRejected,
        Kind::Forbidden,
        Kind::TokenUsed,
        Kind::Export,
    ];

    /// The stored name (and the suffix of its label's translation key).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::LoginSucceeded => "login_succeeded",
            Kind::LoginFailed => "login_failed",
            Kind::LoginLocked => "login_locked",
            Kind::CsrfRejected => "csrf_rejected",
            Kind::Forbidden => "forbidden",
            Kind::TokenUsed => "token_used",
            Kind::Export => "export",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One entry.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = security_events)]
pub struct Entry {
    pub id: String,
    pub at: NaiveDateTime,
    pub kind: String,
    /// The staff account's label, `token:NAME`, or what was typed at a failed login.
    pub actor: String,
    pub address: String,
    /// The path, or what was exported.
    pub detail: String,
}

/// The writer's end of the queue; cheap to clone.
#[derive(Clone)]
pub struct SecurityLog {
    queue: mpsc::SyncSender<Entry>,
}

impl SecurityLog {
    /// Starts the writer thread; it ends when every handle is dropped.
    pub fn start(pool: Pool) -> std::io::Result<SecurityLog> {
        let (queue, entries) = mpsc::sync_channel::<Entry>(QUEUE);
        std::thread::Builder::new().name("security-log".into()).spawn(move || {
            while let Ok(first) = entries.recv() {
                let mut batch = vec![first];
                while batch.len() < 256
                    && let Ok(more) = entries.try_recv()
                {
                    batch.push(more);
                }
                let written = pool.get().map_err(|e| e.to_string()).and_then(|mut conn| {
                    db::write_tx(&mut conn, |conn| {
                        batch.iter().try_for_each(|e| {
                            diesel::insert_into(security_events::table).values(e).execute(conn).map(drop)
                        })
                    })
                    .map_err(|e| e.to_string())
                });
                if let Err(error) = written {
                    tracing::error!(%error, lost = batch.len(), "security log entries could not be written");
                }
            }
        })?;
        Ok(SecurityLog { queue })
    }

    /// Queues an entry (and writes it to the log target `lanyard::security`).
    pub fn note(&self, kind: Kind, actor: &str, address: &str, detail: &str, at: NaiveDateTime) {
        tracing::info!(target: "lanyard::security", kind = kind.as_str(), actor, address, detail, "security event");
        let entry = Entry {
            id: db::new_id(),
            at,
            kind: kind.as_str().to_owned(),
            actor: actor.chars().take(200).collect(),
            address: address.to_owned(),
            detail: detail.chars().take(500).collect(),
        };
        if self.queue.try_send(entry).is_err() {
            crate::metrics::METRICS.busy.with_label_values(&["security_log"]).inc();
        }
    }
}

/// The newest entries, of one kind or all.
pub fn recent(conn: &mut DbConn, kind: Option<Kind>, limit: i64) -> QueryResult<Vec<Entry>> {
    let newest = security_events::table.select(Entry::as_select()).order(security_events::at.desc()).limit(limit);
    match kind {
        Some(kind) => newest.filter(security_events::kind.eq(kind.as_str())).load(conn),
        None => newest.load(conn),
    }
}

/// Removes entries older than `KEEP_DAYS`; returns how many.
pub fn prune(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(security_events::table.filter(security_events::at.lt(now - Duration::days(KEEP_DAYS)))).execute(conn)
}
