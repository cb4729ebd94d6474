//! Jobs sent to a station's printer. The badges count as printed only when the printer reports
//! the job completed: a jam, an empty tray or a cancelled job leaves them unprinted, with the
//! printer's reason on the desk. A job row is written before the printer hears of it, so a
//! crash never loses one: a job the server never finished sending is failed after a while,
//! and a sent one is followed after a restart.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::ipp::{self, Progress};
use super::print::record_prints_in;
use super::stations::Station;
use super::store::Badge;
use crate::db::schema::{badges, print_job_badges, print_jobs};
use crate::db::text::TextValue;
use crate::db::{self, DbConn, Pool};
use crate::ids::EventId;

/// A job the server did not finish sending (it stopped while sending) is looked for at the
/// printer after this long.
const SENDING_TIMEOUT_SECONDS: i64 = 300;

/// Where a job stands: `sending` → `sent` → `completed` | `failed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, diesel::expression::AsExpression, diesel::deserialize::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum JobState {
    Sending,
    Sent,
    Completed,
    Failed,
}

impl TextValue for JobState {
    fn as_str(&self) -> &'static str {
        match self {
            JobState::Sending => "sending",
            JobState::Sent => "sent",
            JobState::Completed => "completed",
            JobState::Failed => "failed",
        }
    }
    fn parse(s: &str) -> Option<Self> {
        [JobState::Sending, JobState::Sent, JobState::Completed, JobState::Failed].into_iter().find(|j| j.as_str() == s)
    }
}

crate::text_column!(JobState);

/// A job as the desk sees it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = print_jobs)]
pub struct PrintJob {
    pub id: String,
    pub event_id: String,
    pub station_id: String,
    pub state: JobState,
    pub printer_job_id: Option<i32>,
    /// The printer it was sent to, as the station named it then.
    pub printer_uri: String,
    pub message: String,
    pub badge_count: i32,
    pub channel: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
    pub printer_unverified: bool,
}

impl PrintJob {
    /// The printer it was sent to.
    pub fn printer(&self) -> ipp::Printer<'_> {
        ipp::Printer { uri: &self.printer_uri, unverified: self.printer_unverified }
    }
}

/// What names a job at the printer, in its job name: how a job whose sending was cut off is
/// found there again.
pub fn mark(job: &str) -> String {
    format!("[lanyard {job}]")
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
    let id = db::new_id();
    let mut seen = std::collections::HashSet::new();
    let lines: Vec<_> = printed
        .iter()
        .filter(|(b, _)| seen.insert(b.id.as_str()))
        .map(|(b, (layout, version))| {
            (
                print_job_badges::job_id.eq(&id),
                print_job_badges::badge_id.eq(&b.id),
                print_job_badges::layout_id.eq(*layout),
                print_job_badges::layout_version.eq(*version),
            )
        })
        .collect();
    db::write_tx(conn, |conn| {
        diesel::insert_into(print_jobs::table)
            .values((
                print_jobs::id.eq(&id),
                print_jobs::event_id.eq(&station.event_id),
                print_jobs::station_id.eq(&station.id),
                print_jobs::state.eq(JobState::Sending),
                print_jobs::printer_uri.eq(&station.printer_uri),
                print_jobs::printer_unverified.eq(station.printer_unverified),
                print_jobs::badge_count.eq(i32::try_from(lines.len()).unwrap_or(i32::MAX)),
                print_jobs::channel.eq(channel),
                print_jobs::created_by.eq(actor),
                print_jobs::created_at.eq(now),
                print_jobs::updated_at.eq(now),
            ))
            .execute(conn)?;
        for line in lines {
            diesel::insert_into(print_job_badges::table).values(line).execute(conn)?;
        }
        QueryResult::Ok(())
    })?;
    Ok(id)
}

/// Records what sending did: the printer's job id, or why it failed.
pub fn sent(conn: &mut DbConn, id: &str, outcome: &Result<i32, String>, now: NaiveDateTime) -> QueryResult<()> {
    let row = print_jobs::table.find(id).filter(print_jobs::state.eq(JobState::Sending));
    match outcome {
        Ok(job) => diesel::update(row)
            .set((
                print_jobs::state.eq(JobState::Sent),
                print_jobs::printer_job_id.eq(job),
                print_jobs::updated_at.eq(now),
            ))
            .execute(conn)?,
        Err(why) => fail(conn, id, why, now)?,
    };
    Ok(())
}

fn fail(conn: &mut DbConn, id: &str, why: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(print_jobs::table.find(id).filter(print_jobs::state.eq_any([JobState::Sending, JobState::Sent])))
        .set((
            print_jobs::state.eq(JobState::Failed),
            print_jobs::message.eq(why.chars().take(500).collect::<String>()),
            print_jobs::updated_at.eq(now),
            print_jobs::finished_at.eq(now),
        ))
        .execute(conn)
}

/// The job is done: its badges are recorded as printed, once, whoever sees it first.
fn complete(conn: &mut DbConn, job: &str, now: NaiveDateTime) -> QueryResult<()> {
    db::write_tx(conn, |conn| {
        let flipped = diesel::update(print_jobs::table.find(job).filter(print_jobs::state.eq(JobState::Sent)))
            .set((
                print_jobs::state.eq(JobState::Completed),
                print_jobs::updated_at.eq(now),
                print_jobs::finished_at.eq(now),
            ))
            .execute(conn)?;
        if flipped == 0 {
            return Ok(());
        }
        let (channel, actor): (String, String) =
            print_jobs::table.find(job).select((print_jobs::channel, print_jobs::created_by)).first(conn)?;
        let lines: Vec<(Badge, String, i32)> = print_job_badges::table
            .inner_join(badges::table)
            .filter(print_job_badges::job_id.eq(job))
            .select((Badge::as_select(), print_job_badges::layout_id, print_job_badges::layout_version))
            .load(conn)?;
        let printed: Vec<(&Badge, (&str, i32))> = lines.iter().map(|(b, l, v)| (b, (l.as_str(), *v))).collect();
        record_prints_in(conn, &printed, (&channel, &actor), now)
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
    print_jobs::table
        .filter(print_jobs::event_id.eq(event))
        .filter(
            print_jobs::id.eq_any(
                print_job_badges::table
                    .inner_join(badges::table)
                    .filter(badges::registration_id.eq(registration))
                    .select(print_job_badges::job_id),
            ),
        )
        .order(print_jobs::created_at.desc())
        .limit(50)
        .select(PrintJob::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConn, event: &EventId, id: &str) -> QueryResult<Option<PrintJob>> {
    print_jobs::table
        .filter(print_jobs::event_id.eq(event))
        .filter(print_jobs::id.eq(id))
        .select(PrintJob::as_select())
        .first(conn)
        .optional()
}

/// What the printer said of a job, to be written.
enum Outcome {
    /// Found at the printer after sending was cut off.
    Found(i32),
    Completed,
    Failed(String),
}

/// One round of following: asks each printer about its sent jobs, and looks for jobs whose
/// sending was cut off. No database connection is held while a printer is asked (a printer
/// that does not answer takes up to a minute). Returns how many jobs are still open.
pub fn follow(pool: &Pool, now: NaiveDateTime) -> anyhow::Result<usize> {
    let stuck = now - chrono::Duration::seconds(SENDING_TIMEOUT_SECONDS);
    let open: Vec<PrintJob> = print_jobs::table
        .filter(
            print_jobs::state
                .eq(JobState::Sent)
                .or(print_jobs::state.eq(JobState::Sending).and(print_jobs::updated_at.lt(stuck))),
        )
        .select(PrintJob::as_select())
        .load(&mut pool.get()?)?;
    let mut waiting = 0;
    let mut outcomes = Vec::new();
    for job in &open {
        let outcome = match (job.state, job.printer_job_id) {
            (JobState::Sent, Some(printer_job)) => match ipp::progress(job.printer(), printer_job) {
                Ok(Progress::Completed) => Some(Outcome::Completed),
                Ok(Progress::Failed(why)) => Some(Outcome::Failed(why)),
                Ok(Progress::Unknown) => Some(Outcome::Failed(
                    "the printer no longer knows this job (was it restarted?); check what came out before printing again"
                        .to_owned(),
                )),
                Ok(Progress::Waiting) => None,
                // An unreachable printer is asked again; the job may still come out.
                Err(e) => {
                    tracing::warn!(job = %job.id, error = %e, "cannot ask the printer about a job");
                    None
                }
            },
            // The server stopped between handing the job over and writing that it had: the
            // printer may have it, under the job's mark.
            _ => match ipp::find_job(job.printer(), &mark(&job.id)) {
                Ok(Some(printer_job)) => Some(Outcome::Found(printer_job)),
                Ok(None) => Some(Outcome::Failed(
                    "the server stopped before the job reached the printer; print again".to_owned(),
                )),
                Err(e) => Some(Outcome::Failed(format!(
                    "the server stopped while sending and the printer cannot be asked ({e}); check what came out before printing again"
                ))),
            },
        };
        match outcome {
            Some(outcome) => outcomes.push((job.id.as_str(), outcome)),
            None => waiting += 1,
        }
    }
    if outcomes.is_empty() {
        return Ok(waiting);
    }
    let mut conn = pool.get()?;
    for (job, outcome) in outcomes {
        match outcome {
            Outcome::Found(printer_job) => {
                sent(&mut conn, job, &Ok(printer_job), now)?;
                waiting += 1;
            }
            Outcome::Completed => complete(&mut conn, job, now)?,
            Outcome::Failed(why) => drop(fail(&mut conn, job, &why, now)?),
        }
    }
    Ok(waiting)
}

/// Follows jobs every `every`, on the blocking threads of the server's runtime.
pub fn spawn(pool: Pool, every: std::time::Duration, now: impl Fn() -> NaiveDateTime + Send + 'static) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        // A slow round (a printer that does not answer) is not followed by a burst of others.
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let (pool, at) = (pool.clone(), now());
            if let Ok(Err(e)) = tokio::task::spawn_blocking(move || follow(&pool, at)).await {
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
