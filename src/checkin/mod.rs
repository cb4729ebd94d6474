//! Door scanning: one decision per scan, stored with everything the organisers will ask about.
//!
//! A scan is one read (`facts`), a decision by the rules (`judge`, no queries) and one write
//! (`record`). Two doors scanning the same badge for a single-entry session at the same instant
//! race on the unique index of `admissions`: on SQLite the write transactions queue, on
//! PostgreSQL the loser's write fails as a whole, and its scan is decided again, now as
//! "already admitted".

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{admission_counts, admissions, registration_sessions, registrations, scans};
use crate::db::{self, DbConn};
use crate::events::Programme;
use crate::ids::{EventId, RegistrationId};
use crate::registrations::{Registration, Status};

pub mod alerts;
pub mod batch;
pub mod door_list;
mod facts;
pub mod figures;
mod judge;
pub mod notes;
pub mod offline;
pub mod presence;
mod record;
pub mod rehearsal;
pub mod report;
pub mod rush;
pub mod seats;
#[cfg(test)]
mod sql_check;
mod statements;
mod values;
pub mod writer;

pub use presence::{inside_by_venue, inside_now};
pub use values::{Direction, Outcome, REHEARSAL_PREFIX, Reason, Scope, StoredReason, UnknownText, reason_code};

/// Doors open this long before a session starts.
pub const DOORS_OPEN_MINUTES: i64 = 60;

/// How far back a device's clock is believed for a scan it decided offline: a queue older than
/// this is still stored, but decided at the time it arrives.
pub const OFFLINE_HOURS: i64 = 36;

/// One scan as the station sends it.
#[derive(Clone, Debug)]
pub struct ScanRequest {
    /// Exactly the text of the QR code; for a manual admission, the registration's reference.
    pub code: String,
    /// What the scan log keeps of the code instead of the code itself: a short keyed hash
    /// (`secrets::Keys::tag`), enough for support to match a refused scan, not to print a badge.
    pub code_tag: String,
    /// The keyed hash the badge is found by (`secrets::Keys::lookup` of the code).
    pub code_hash: String,
    pub venue_id: String,
    pub session_id: Option<String>,
    /// Chosen by the device for each scan; a retry sends the same nonce.
    pub nonce: String,
    pub device_at: Option<NaiveDateTime>,
    pub staff: String,
    pub device: String,
    pub manual: bool,
    /// An exit scan (the door at the way out): ends the stay instead of admitting.
    pub exit: bool,
    /// For a scan the device decided while offline and uploads now: what it showed then.
    pub offline_outcome: Option<Outcome>,
    /// The event is in rehearsal: the scan is a rehearsal's, counted apart and cleared later.
    pub rehearsal: bool,
}

impl ScanRequest {
    /// Where an admission by this scan counts: its session, or its venue as a whole.
    pub fn scope(&self) -> Scope {
        let scope = match &self.session_id {
            Some(s) => Scope::Session(s.clone()),
            None => Scope::Venue(self.venue_id.clone()),
        };
        if self.rehearsal { Scope::Rehearsal(Box::new(scope)) } else { scope }
    }

    /// The session whose delegation seats this scan takes, if it does: an entry (not an exit)
    /// to a session with a `delegation_quota`.
    pub fn seated_session<'r>(&'r self, p: &Programme) -> Option<&'r str> {
        let id = self.session_id.as_deref().filter(|_| !self.exit)?;
        p.sessions.iter().any(|s| s.id == id && s.delegation_quota.is_some()).then_some(id)
    }

    /// Which way the scan goes through the door.
    pub fn direction(&self) -> Direction {
        if self.exit { Direction::Out } else { Direction::In }
    }

    /// When the scan is judged: now, or for an offline scan the moment the device scanned (if
    /// its clock is plausible), so a queue uploaded after the session still counts.
    pub(crate) fn decided_at(&self, now: NaiveDateTime) -> NaiveDateTime {
        match (self.offline_outcome, self.device_at) {
            (Some(_), Some(at)) if at <= now && now - at <= chrono::Duration::hours(OFFLINE_HOURS) => at,
            _ => now,
        }
    }
}

/// The earlier admission an "already admitted" refers to.
#[derive(Clone, Debug, Serialize)]
pub struct Previous {
    pub at: NaiveDateTime,
    pub venue_id: String,
    pub staff: String,
    pub device: String,
}

/// The decision, with what the door screen shows.
#[derive(Clone, Debug)]
pub struct Decision {
    pub outcome: Outcome,
    /// Why the badge was refused; `None` when it was not.
    pub reason: Option<Reason>,
    pub registration: Option<Registration>,
    /// The scanned badge's version, and the current one (they differ for an old badge).
    pub badge_version: Option<i32>,
    pub current_version: Option<i32>,
    pub previous: Option<Previous>,
    /// Admitted so far in this session (or venue).
    pub admitted_count: i64,
    pub scan_id: String,
    /// An offline scan the device admitted but the server would not (a clash to report).
    pub clash: bool,
    /// Whether the delegate has a photo (the station shows it).
    pub has_photo: bool,
    /// When staff accepted a replacement photo, if within `PHOTO_NOTE_DAYS` of the scan: the
    /// door mentions a recent change, so a guard looks twice.
    pub photo_changed_at: Option<NaiveDateTime>,
}

/// For how many days after staff accepted a new photo the door mentions it.
pub const PHOTO_NOTE_DAYS: i64 = 7;

/// Whether the device's offline answer and the server's disagree in a way that let someone in
/// who should not have been (or twice).
pub fn is_clash(offline: Option<Outcome>, decided: Outcome) -> bool {
    offline == Some(Outcome::Admitted) && decided != Outcome::Admitted
}

/// Decides and records one scan.
///
/// On SQLite in one write transaction. On PostgreSQL without one: a statement reads what the
/// decision needs and one statement writes it, all or nothing; when another door got there
/// first, a unique index fails the write and the scan is decided again.
pub fn scan(conn: &mut DbConn, p: &Programme, req: &ScanRequest, now: NaiveDateTime) -> QueryResult<Decision> {
    // An entry to a session with delegation seats counts them: on PostgreSQL those scans take
    // turns in a transaction, so two doors cannot both give the last seat.
    let seated = req.seated_session(p);
    let mut attempt = 0;
    loop {
        attempt += 1;
        // The first attempt trusts the unique nonce; only a retry looks for the scan it may be.
        let retry = attempt > 1;
        let result = match conn {
            DbConn::Sqlite(_) => db::write_tx(conn, |conn| decide(conn, p, req, now, retry)),
            DbConn::Postgres(_) => match seated {
                Some(session) => db::write_tx(conn, |conn| {
                    seats::take_turn(conn, session)?;
                    decide(conn, p, req, now, retry)
                }),
                None => decide(conn, p, req, now, retry),
            },
        };
        match result {
            // Another door won the race for this admission (or this nonce): decide again.
            Err(e) if attempt < 4 && db::unique_violation_on(&e).is_some() => continue,
            other => return other,
        }
    }
}

/// One attempt: read, judge, write. In a transaction (or savepoint) on SQLite.
fn decide(
    conn: &mut DbConn,
    p: &Programme,
    req: &ScanRequest,
    now: NaiveDateTime,
    retry: bool,
) -> QueryResult<Decision> {
    if retry && let Some(done) = replay(conn, req)? {
        return Ok(done);
    }
    let at = req.decided_at(now);
    let facts = facts::load(conn, p, req, at, at < now)?;
    let (mut d, record) = judge::judge(p, req, facts, at, now);
    if let Some(n) = record::store(conn, &record)? {
        d.admitted_count = n;
    }
    Ok(d)
}

fn count(conn: &mut DbConn, scope: &Scope) -> QueryResult<i64> {
    let query = admission_counts::table.find(scope).select(admission_counts::admitted);
    let n: Option<i32> = db::optional_row(conn, query)?;
    Ok(i64::from(n.unwrap_or(0)))
}

fn previous(conn: &mut DbConn, scope: &Scope, registration_id: &RegistrationId) -> QueryResult<Option<Previous>> {
    let row: Option<(NaiveDateTime, String, String, String)> = admissions::table
        .filter(admissions::scope.eq(scope))
        .filter(admissions::registration_id.eq(registration_id))
        .select((admissions::admitted_at, admissions::venue_id, admissions::staff, admissions::device))
        .get_result(conn)
        .optional()?;
    Ok(row.map(|(at, venue_id, staff, device)| Previous { at, venue_id, staff, device }))
}

/// A stored scan as a replay reads it: id, outcome, reason, registration, code, offline outcome.
type StoredScan = (String, Outcome, StoredReason, Option<RegistrationId>, String, Option<Outcome>);

/// The same scan sent again (a retry, or a late upload from an offline device).
fn replay(conn: &mut DbConn, req: &ScanRequest) -> QueryResult<Option<Decision>> {
    let row: Option<StoredScan> = scans::table
        .filter(scans::nonce.eq(&req.nonce))
        .select((scans::id, scans::outcome, scans::reason, scans::registration_id, scans::code, scans::offline_outcome))
        .get_result(conn)
        .optional()?;
    let Some((scan_id, outcome, StoredReason(reason), registration_id, code, offline)) = row else { return Ok(None) };
    // A device that reuses a nonce for another badge must not get someone else's answer.
    if code != req.code_tag {
        return Err(diesel::result::Error::QueryBuilderError("a scan nonce was reused for another code".into()));
    }
    let registration = match &registration_id {
        Some(id) => crate::registrations::store::find(conn, id)?,
        None => None,
    };
    let scope = req.scope();
    let (previous, has_photo) = match &registration_id {
        Some(id) => (previous(conn, &scope, id)?, crate::badges::print::has_photo(conn, id.as_str())?),
        None => (None, false),
    };
    Ok(Some(Decision {
        clash: is_clash(offline, outcome),
        outcome,
        reason,
        registration,
        badge_version: None,
        current_version: None,
        previous,
        admitted_count: count(conn, &scope)?,
        scan_id,
        has_photo,
        photo_changed_at: None,
    }))
}

/// Registrations approved for each session (who is expected).
pub fn expected_by_session(conn: &mut DbConn, event_id: &EventId) -> QueryResult<Vec<(String, i64)>> {
    registration_sessions::table
        .inner_join(registrations::table)
        .filter(registrations::event_id.eq(event_id))
        .filter(registrations::status.eq(Status::Approved.as_str()))
        .group_by(registration_sessions::session_id)
        .select((registration_sessions::session_id, diesel::dsl::count_star()))
        .load(conn)
}

/// How many have been admitted in each scope of an event.
pub struct Admitted(Vec<(Scope, i64)>);

impl Admitted {
    /// Admitted to a session.
    pub fn in_session(&self, session_id: &str) -> i64 {
        self.0.iter().find(|(s, _)| matches!(s, Scope::Session(id) if id == session_id)).map_or(0, |(_, n)| *n)
    }

    /// Admitted to a venue as a whole.
    pub fn in_venue(&self, venue_id: &str) -> i64 {
        self.0.iter().find(|(s, _)| matches!(s, Scope::Venue(id) if id == venue_id)).map_or(0, |(_, n)| *n)
    }
}

/// Admissions per session and per whole venue.
pub fn admitted_by_scope(conn: &mut DbConn, event_id: &EventId) -> QueryResult<Admitted> {
    let counts = admissions::table
        .inner_join(registrations::table)
        .filter(registrations::event_id.eq(event_id))
        .group_by(admissions::scope)
        .select((admissions::scope, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(Admitted(counts))
}

/// The admitted count the door shows, for one scope.
pub fn admitted_in(conn: &mut DbConn, scope: &Scope) -> QueryResult<i64> {
    count(conn, scope)
}
