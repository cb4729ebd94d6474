//! `lanyard purge [--event SLUG] [--dry-run]`.

use anyhow::Context;

use super::schedule;
use crate::config::Settings;

/// Prints one line per event: what it holds (or held), when it is due, what went.
pub fn purge(settings: Settings, event: Option<&str>, dry_run: bool) -> anyhow::Result<()> {
    let outbox = settings.outbox_dir();
    let pool = crate::startup::command_pool(settings)?;
    let mut conn = pool.get().context("no database connection")?;
    let only = match event {
        Some(slug) => {
            Some(crate::events::store::find_by_slug(&mut conn, slug)?.with_context(|| format!("no event {slug:?}"))?)
        }
        None => None,
    };
    let now = chrono::Utc::now().naive_utc();
    let lines = schedule::run(&mut conn, only.as_ref(), dry_run, "cli", &outbox, now)?;
    for l in &lines {
        let h = &l.held;
        let counts = format!(
            "{} registrations, {} photos, {} mails, {} invitation contacts",
            h.registrations, h.photos, h.mails, h.invitations
        );
        let due = l.due_at.format("%Y-%m-%d %H:%M UTC");
        let verdict = match (l.due, dry_run, h.is_empty()) {
            (false, _, _) => format!("kept until {due}: holds {counts}"),
            (true, _, true) => format!("past its retention period ({due}): holds no personal data"),
            (true, true, false) => format!("past its retention period ({due}): would remove {counts}"),
            (true, false, false) => format!("purged: removed {counts} ({} .eml files)", l.files),
        };
        println!("{}: {verdict}", l.slug);
    }
    if lines.is_empty() {
        println!("no events");
    }
    Ok(())
}
