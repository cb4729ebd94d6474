//! Jobs sent to a station's printer. The badges count as printed only when the printer reports
//! the job completed: a jam, an empty tray or a cancelled job leaves them unprinted, with the
//! printer's reason on the desk. A job row is written before the printer hears of it, so a
//! crash never loses one: a job the server never finished sending is failed after a while,
//! and a sent one is followed after a restart.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::ipp::{self, Progress};
use super::print::record_prints_in;
use super::stations::Station;
use super::store::{self, Badge};
use crate::db::schema::{badges, print_jobs};
use crate::db::{self, DbConn, Pool};
use crate::ids::EventId;

/// A job that was never sent (the server stopped while sending) is failed after this long.
const SENDING_TIMEOUT_SECONDS: i64 = 300;

/// One badge of a job, and the layout version it was drawn with.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Item {
    badge: String,
    layout: String,
    version: i32,
}

/// A job as the desk sees it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = print_jobs)]
pub struct PrintJob {
    pub id: String,
    pub event_id: String,
    pub station_id: String,
    /// `sending`, `sent`, `completed` or `failed`.
    pub state: String,
    pub printer_job_id: Option<i32>,
    pub message: String,
    pub badges: String,
    pub channel: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
}

impl PrintJob {
    /// How many badges it holds.
    pub fn count(&self) -> usize {
        serde_json::from_str::<Vec<Item>>(&self.badges).map_or(0, |items| items.len())
    }
}

/// Writes a job for these badges (each with the layout and version it is drawn with) before
/// anything is sent: state `sending`.
pub fn open(
    conn: &mut DbConn,
    station: &Station,
    printed: &[(&Badge, (&str, i32))],
    (channel, actor): (&str, &str),
    now: NaiveDateTime,
) -> QueryResult<String> {
    let items: Vec<Item> = printed
        .iter()
        .map(|(b, (layout, version))| Item { badge: b.id.clone(), layout: (*layout).to_owned(), version: *version })
        .collect();
    let id = db::new_id();
    diesel::insert_into(print_jobs::table)
        .values((
            print_jobs::id.eq(&id),
            print_jobs::event_id.eq(&station.event_id),
            print_jobs::station_id.eq(&station.id),
            print_jobs::state.eq("sending"),
            print_jobs::badges.eq(serde_json::to_string(&items).unwrap_or_default()),
            print_jobs::channel.eq(channel),
            print_jobs::created_by.eq(actor),
            print_jobs::created_at.eq(now),
            print_jobs::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Records what sending did: the printer's job id, or why it failed.
pub fn sent(conn: &mut DbConn, id: &str, outcome: &Result<i32, String>, now: NaiveDateTime) -> QueryResult<()> {
    let row = print_jobs::table.find(id).filter(print_jobs::state.eq("sending"));
    match outcome {
        Ok(job) => diesel::update(row)
            .set((print_jobs::state.eq("sent"), print_jobs::printer_job_id.eq(job), print_jobs::updated_at.eq(now)))
            .execute(conn)?,
        Err(why) => fail(conn, id, why, now)?,
    };
    Ok(())
}

fn fail(conn: &mut DbConn, id: &str, why: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(print_jobs::table.find(id).filter(print_jobs::state.eq_any(["sending", "sent"])))
        .set((
            print_jobs::state.eq("failed"),
            print_jobs::message.eq(why.chars().take(500).collect::<String>()),
            print_jobs::updated_at.eq(now),
            print_jobs::finished_at.eq(now),
        ))
        .execute(conn)
}

/// The job is done: its badges are recorded as printed, once, whoever sees it first.
fn complete(conn: &mut DbConn, job: &PrintJob, now: NaiveDateTime) -> QueryResult<()> {
    db::write_tx(conn, |conn| {
        let flipped = diesel::update(print_jobs::table.find(&job.id).filter(print_jobs::state.eq("sent")))
            .set((print_jobs::state.eq("completed"), print_jobs::updated_at.eq(now), print_jobs::finished_at.eq(now)))
            .execute(conn)?;
        if flipped == 0 {
            return Ok(());
        }
        let items: Vec<Item> = serde_json::from_str(&job.badges).unwrap_or_default();
        let ids: Vec<&str> = items.iter().map(|i| i.badge.as_str()).collect();
        let found: Vec<Badge> = badges::table.filter(badges::id.eq_any(&ids)).select(Badge::as_select()).load(conn)?;
        let printed: Vec<(&Badge, (&str, i32))> = items
            .iter()
            .filter_map(|i| Some((found.iter().find(|b| b.id == i.badge)?, (i.layout.as_str(), i.version))))
            .collect();
        record_prints_in(conn, &printed, (&job.channel, &job.created_by), now)
    })
}

/// The jobs of a station's desk, newest first.
pub fn recent(conn: &mut DbConn, event: &EventId, limit: i64) -> QueryResult<Vec<PrintJob>> {
    print_jobs::table
        .filter(print_jobs::event_id.eq(event))
        .order(print_jobs::created_at.desc())
        .limit(limit)
        .select(PrintJob::as_select())
        .load(conn)
}

/// The jobs that hold a badge of this registration, newest first.
pub fn of_registration(conn: &mut DbConn, event: &EventId, registration: &str) -> QueryResult<Vec<PrintJob>> {
    let ids: Vec<String> = store::history(conn, &registration.into())?.into_iter().map(|b| b.id).collect();
    Ok(recent(conn, event, 200)?.into_iter().filter(|j| ids.iter().any(|id| j.badges.contains(id.as_str()))).collect())
}

pub fn find(conn: &mut DbConn, event: &EventId, id: &str) -> QueryResult<Option<PrintJob>> {
    print_jobs::table
        .filter(print_jobs::event_id.eq(event))
        .filter(print_jobs::id.eq(id))
        .select(PrintJob::as_select())
        .first(conn)
        .optional()
}

/// One round of following: asks the printer about every sent job, and fails jobs stuck in
/// sending. Returns how many jobs are still open.
pub fn follow(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    let stuck = now - chrono::Duration::seconds(SENDING_TIMEOUT_SECONDS);
    let stale: Vec<String> = print_jobs::table
        .filter(print_jobs::state.eq("sending"))
        .filter(print_jobs::updated_at.lt(stuck))
        .select(print_jobs::id)
        .load(conn)?;
    for id in stale {
        fail(conn, &id, "the server stopped before the job reached the printer; print again", now)?;
    }
    let open: Vec<(PrintJob, String)> = print_jobs::table
        .inner_join(crate::db::schema::print_stations::table)
        .filter(print_jobs::state.eq("sent"))
        .select((PrintJob::as_select(), crate::db::schema::print_stations::printer_uri))
        .load(conn)?;
    let mut waiting = 0;
    for (job, uri) in open {
        let Some(printer_job) = job.printer_job_id else { continue };
        match ipp::progress(&uri, printer_job) {
            Ok(Progress::Completed) => complete(conn, &job, now)?,
            Ok(Progress::Failed(why)) => drop(fail(conn, &job.id, &why, now)?),
            Ok(Progress::Waiting) => waiting += 1,
            // An unreachable printer is asked again; the job may still come out.
            Err(e) => {
                tracing::warn!(job = %job.id, error = %e, "cannot ask the printer about a job");
                waiting += 1;
            }
        }
    }
    Ok(waiting)
}

/// Follows jobs every `every` on the server's runtime, from a pool connection.
pub fn spawn(pool: Pool, every: std::time::Duration, now: impl Fn() -> NaiveDateTime + Send + 'static) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        // A slow round (a printer that does not answer) is not followed by a burst of others.
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let (pool, at) = (pool.clone(), now());
            let result = actix_web::web::block(move || -> anyhow::Result<usize> {
                let mut conn = pool.get()?;
                Ok(follow(&mut conn, at)?)
            })
            .await;
            if let Ok(Err(e)) = result {
                tracing::warn!(error = %e, "following print jobs failed; tried again");
            }
        }
    });
}

/// Renders the selection for `station` (its paper and calibration) and writes its job, not yet
/// sent: the job's id and the PDF to send.
pub fn submit(
    conn: &mut DbConn,
    p: &crate::events::Programme,
    station: &Station,
    selection: super::export::Selection,
    (channel, actor, keys): (&str, &str, &crate::secrets::Keys),
    now: NaiveDateTime,
) -> Result<(String, Vec<u8>), super::export::ExportError> {
    let title = format!("{} {}", p.event.slug, station.name);
    let job = super::export::Job {
        paper: station.paper_choice(),
        title: &title,
        actor,
        record: None,
        now,
        keys,
        calibration: station.calibration(),
    };
    let exported = super::export::export(conn, p, selection, &job)?;
    let id = open(conn, station, &exported.printed(), (channel, actor), now)?;
    Ok((id, exported.pdf))
}
