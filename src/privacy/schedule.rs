//! Purging on time: `lanyard purge`, and the server itself, which looks every
//! `LANYARD_PURGE_CHECK_SECONDS` (an hour) for events past their retention period (and, in
//! the same round, for pending registrations whose hold on places lapsed).

use std::path::Path;

use chrono::NaiveDateTime;

use super::erase::{self, Counts};
use crate::db::{DbConn, Pool};
use crate::events::Event;

/// One event in a purge report.
#[derive(Debug)]
pub struct Line {
    pub slug: String,
    pub due_at: NaiveDateTime,
    /// What it holds now (before a purge), or what went (after one).
    pub held: Counts,
    pub due: bool,
    /// `.eml` files removed from the file outbox.
    pub files: usize,
}

/// Reports on (and unless `dry_run`, purges) the events past their retention period, or the
/// one named.
pub fn run(
    conn: &mut DbConn,
    only: Option<&Event>,
    dry_run: bool,
    actor: &str,
    outbox_dir: &Path,
    now: NaiveDateTime,
) -> diesel::QueryResult<Vec<Line>> {
    let events = match only {
        Some(e) => vec![e.clone()],
        None => crate::events::store::all(conn)?,
    };
    let mut lines = Vec::new();
    for e in events {
        let held = erase::held(conn, &e.id)?;
        let due = e.purge_due_at() <= now;
        let mut line = Line { slug: e.slug.clone(), due_at: e.purge_due_at(), held, due, files: 0 };
        if due && !dry_run && !line.held.is_empty() {
            let removed = erase::purge(conn, &e, actor, now)?;
            line.files = removed.remove_files(outbox_dir);
            line.held = removed.counts;
            tracing::info!(event = %e.slug, registrations = line.held.registrations, photos = line.held.photos,
                mails = line.held.mails, files = line.files, "retention period over: personal data purged");
        }
        lines.push(line);
    }
    Ok(lines)
}

/// The server's own purge, every `every`, from a pool connection; `now` is the app's clock.
pub fn spawn(
    pool: Pool,
    every: std::time::Duration,
    outbox_dir: std::path::PathBuf,
    pending_hold: Option<chrono::Duration>,
    now: impl Fn() -> NaiveDateTime + Send + 'static,
) {
    // On the runtime, not a thread of its own: it stops with the server's runtime.
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            let (pool, dir, at) = (pool.clone(), outbox_dir.clone(), now());
            let result = actix_web::web::block(move || -> anyhow::Result<usize> {
                let mut conn = pool.get()?;
                // The same round gives back the places of pending registrations held too long.
                if let Some(hold) = pending_hold {
                    let lapsed = crate::registrations::holds::lapse(&mut conn, hold, at)?;
                    if lapsed > 0 {
                        tracing::info!(lapsed, "pending registrations gave their places back");
                    }
                }
                crate::security_log::prune(&mut conn, at)?;
                let lines = run(&mut conn, None, false, "system", &dir, at)?;
                Ok(lines.iter().filter(|l| l.due).count())
            })
            .await;
            match result {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => tracing::error!(error = %e, "the retention purge failed; it is tried again later"),
                Err(e) => tracing::error!(error = %e, "the retention purge did not run"),
            }
        }
    });
}
