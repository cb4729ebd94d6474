//! Door scanning: one decision per scan, stored with everything the organisers will ask about.
//!
//! A scan is decided and recorded in one write transaction. Two doors scanning the same badge
//! for a single-entry session at the same instant race on the unique index of `admissions`:
//! on SQLite the immediate transactions queue, on PostgreSQL the loser's insert fails, its
//! transaction rolls back, and the scan is decided again, now as "already admitted".

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::badges::store::{self as badges, Lookup};
use crate::db::schema::{admission_counts, admissions, registration_sessions, registrations, scans};
use crate::db::{self, DbConn};
use crate::events::{Programme, Session};
use crate::registrations::{Registration, Status};

pub mod door_list;
pub mod offline;
pub mod presence;
pub mod report;
pub mod view;
pub mod writer;

pub use presence::{inside_by_venue, inside_now};

/// Doors open this long before a session starts.
pub const DOORS_OPEN_MINUTES: i64 = 60;

/// How far back a device's clock is believed for a scan it decided offline: a queue older than
/// this is still stored, but decided at the time it arrives.
pub const OFFLINE_HOURS: i64 = 36;

/// What the door shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Admitted,
    AlreadyAdmitted,
    Refused,
    /// An exit scan: the delegate's stay at the venue ended.
    Exited,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Admitted => "admitted",
            Outcome::AlreadyAdmitted => "already_admitted",
            Outcome::Refused => "refused",
            Outcome::Exited => "exited",
        }
    }

    /// Parses a stored or sent outcome.
    pub fn parse(s: &str) -> Option<Outcome> {
        [Outcome::Admitted, Outcome::AlreadyAdmitted, Outcome::Refused, Outcome::Exited]
            .into_iter()
            .find(|o| o.as_str() == s)
    }
}

/// Why a badge was refused (stored and sent as these codes).
pub mod reason {
    pub const UNKNOWN_CODE: &str = "unknown_code";
    pub const OLD_BADGE: &str = "old_badge";
    pub const NOT_APPROVED: &str = "not_approved";
    pub const CANCELLED: &str = "cancelled";
    pub const NOT_ALLOWED: &str = "not_allowed_in_session";
    pub const OUTSIDE_TIME: &str = "outside_session_time";
    pub const WRONG_VENUE: &str = "session_at_another_venue";
}

/// One scan as the station sends it.
#[derive(Clone, Debug)]
pub struct ScanRequest {
    /// Exactly the text of the QR code; for a manual admission, the registration's reference.
    pub code: String,
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
}

impl ScanRequest {
    /// When the scan is judged: now, or for an offline scan the moment the device scanned (if
    /// its clock is plausible), so a queue uploaded after the session still counts.
    fn decided_at(&self, now: NaiveDateTime) -> NaiveDateTime {
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
    /// A `reason` code; empty when admitted.
    pub reason: String,
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
}

fn scope_of(req: &ScanRequest) -> String {
    match &req.session_id {
        Some(s) => s.clone(),
        None => format!("venue:{}", req.venue_id),
    }
}

/// Whether the device's offline answer and the server's disagree in a way that let someone in
/// who should not have been (or twice).
pub fn is_clash(offline: Option<Outcome>, decided: Outcome) -> bool {
    offline == Some(Outcome::Admitted) && decided != Outcome::Admitted
}

/// Decides and records one scan.
pub fn scan(conn: &mut DbConn, p: &Programme, req: &ScanRequest, now: NaiveDateTime) -> QueryResult<Decision> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        // The first attempt trusts the unique nonce; only a retry looks for the scan it may be.
        match db::write_tx(conn, |conn| decide(conn, p, req, now, attempt > 1)) {
            // Another door won the race for this admission (or this nonce): decide again.
            Err(e) if attempt < 4 && db::unique_violation_on(&e).is_some() => continue,
            other => return other,
        }
    }
}

// The hot queries read at most one row through a unique index, and use `get_result` rather
// than `first`: SQLite re-prepares a statement with a bound `LIMIT ?` whenever its bindings
// change, which was a quarter of a scan's time.
fn count(conn: &mut DbConn, scope: &str) -> QueryResult<i64> {
    let n: Option<i32> = crate::on_backend!(conn, |c| admission_counts::table
        .find(scope)
        .select(admission_counts::admitted)
        .get_result(c)
        .optional())?;
    Ok(i64::from(n.unwrap_or(0)))
}

/// One more admitted in `scope`. The first admission of a scope creates its row; two doors
/// creating it at once meet on its primary key, and the loser's scan is decided again.
fn raise_count(conn: &mut DbConn, scope: &str) -> QueryResult<()> {
    let n = crate::on_backend!(conn, |c| diesel::update(admission_counts::table.find(scope))
        .set(admission_counts::admitted.eq(admission_counts::admitted + 1))
        .execute(c))?;
    if n == 0 {
        crate::on_backend!(conn, |c| diesel::insert_into(admission_counts::table)
            .values((admission_counts::scope.eq(scope), admission_counts::admitted.eq(1)))
            .execute(c))?;
    }
    Ok(())
}

fn previous(conn: &mut DbConn, scope: &str, registration_id: &str) -> QueryResult<Option<Previous>> {
    let row: Option<(NaiveDateTime, String, String, String)> = crate::on_backend!(conn, |c| admissions::table
        .filter(admissions::scope.eq(scope))
        .filter(admissions::registration_id.eq(registration_id))
        .select((admissions::admitted_at, admissions::venue_id, admissions::staff, admissions::device))
        .get_result(c)
        .optional())?;
    Ok(row.map(|(at, venue_id, staff, device)| Previous { at, venue_id, staff, device }))
}

/// A stored scan as a replay reads it: id, outcome, reason, registration, code, offline outcome.
type StoredScan = (String, String, String, Option<String>, String, Option<String>);

/// The same scan sent again (a retry, or a late upload from an offline device).
fn replay(conn: &mut DbConn, req: &ScanRequest) -> QueryResult<Option<Decision>> {
    let row: Option<StoredScan> = scans::table
        .filter(scans::nonce.eq(&req.nonce))
        .select((scans::id, scans::outcome, scans::reason, scans::registration_id, scans::code, scans::offline_outcome))
        .first(conn)
        .optional()?;
    let Some((scan_id, outcome, reason, registration_id, code, offline)) = row else { return Ok(None) };
    // A device that reuses a nonce for another badge must not get someone else's answer.
    if code != req.code.trim() {
        return Err(diesel::result::Error::QueryBuilderError("a scan nonce was reused for another code".into()));
    }
    let registration = match &registration_id {
        Some(id) => crate::registrations::store::find(conn, id)?,
        None => None,
    };
    let scope = scope_of(req);
    let previous = match &registration_id {
        Some(id) => previous(conn, &scope, id)?,
        None => None,
    };
    let outcome = Outcome::parse(&outcome).unwrap_or(Outcome::Refused);
    Ok(Some(Decision {
        clash: is_clash(offline.as_deref().and_then(Outcome::parse), outcome),
        outcome,
        reason,
        registration,
        badge_version: None,
        current_version: None,
        previous,
        admitted_count: count(conn, &scope)?,
        scan_id,
    }))
}

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
    let scope = scope_of(req);
    let session: Option<&Session> = req.session_id.as_deref().and_then(|id| p.sessions.iter().find(|s| s.id == id));
    let at = req.decided_at(now);
    let mut d = Decision {
        outcome: Outcome::Refused,
        reason: String::new(),
        registration: None,
        badge_version: None,
        current_version: None,
        previous: None,
        admitted_count: 0,
        scan_id: db::new_id(),
        clash: false,
    };
    let mut badge_id = None;
    let code = req.code.trim();
    // Who is it?
    if req.manual {
        d.registration = registrations::table
            .filter(registrations::event_id.eq(&p.event.id))
            .filter(registrations::reference.eq(code.to_ascii_uppercase()))
            .select(Registration::as_select())
            .first(conn)
            .optional()?;
        if d.registration.is_none() {
            d.reason = reason::UNKNOWN_CODE.into();
        }
    } else {
        match badges::lookup(conn, code)? {
            Lookup::Current { badge, registration } if badge.event_id == p.event.id => {
                d.badge_version = Some(badge.version);
                d.current_version = Some(badge.version);
                badge_id = Some(badge.id);
                d.registration = Some(*registration);
            }
            Lookup::Revoked { badge, current_version } if badge.event_id == p.event.id => {
                d.badge_version = Some(badge.version);
                d.current_version = current_version;
                badge_id = Some(badge.id.clone());
                d.registration = crate::registrations::store::find(conn, &badge.registration_id)?;
                d.reason = reason::OLD_BADGE.into();
            }
            _ => d.reason = reason::UNKNOWN_CODE.into(),
        }
    }
    // Leaving: whoever the badge is, their stay here ends (exit doors judge no rules).
    if req.exit && d.reason.is_empty() {
        if let Some(reg) = &d.registration {
            d.outcome = Outcome::Exited;
            presence::leave(conn, &reg.id, &req.venue_id, at)?;
        }
    }
    // May they enter here, now?
    else if d.reason.is_empty()
        && let Some(reg) = &d.registration
    {
        d.reason = match Status::parse(&reg.status) {
            Some(Status::Approved) => String::new(),
            Some(Status::Cancelled) => reason::CANCELLED.into(),
            _ => reason::NOT_APPROVED.into(),
        };
        if d.reason.is_empty()
            && let Some(s) = session
        {
            let mut chose = || -> QueryResult<bool> {
                Ok(registration_sessions::table
                    .filter(registration_sessions::registration_id.eq(&reg.id))
                    .filter(registration_sessions::session_id.eq(&s.id))
                    .count()
                    .get_result::<i64>(conn)?
                    > 0)
            };
            d.reason = if s.venue_id != req.venue_id {
                reason::WRONG_VENUE.into()
            } else if at < s.starts_at - chrono::Duration::minutes(DOORS_OPEN_MINUTES) || at > s.ends_at {
                reason::OUTSIDE_TIME.into()
            } else if !p.admits(s, &reg.category_id) || (s.registered_only && !chose()?) {
                reason::NOT_ALLOWED.into()
            } else {
                String::new()
            };
        }
    }
    if d.reason.is_empty()
        && !req.exit
        && let Some(reg) = d.registration.clone()
    {
        d.previous = previous(conn, &scope, &reg.id)?;
        let single_entry = session.is_some_and(|s| s.single_entry);
        if d.previous.is_some() && single_entry {
            d.outcome = Outcome::AlreadyAdmitted;
        } else {
            d.outcome = Outcome::Admitted;
            if d.previous.is_none() {
                raise_count(conn, &scope)?;
                crate::on_backend!(conn, |c| diesel::insert_into(admissions::table)
                    .values((
                        admissions::id.eq(db::new_id()),
                        admissions::scope.eq(&scope),
                        admissions::registration_id.eq(&reg.id),
                        admissions::venue_id.eq(&req.venue_id),
                        admissions::session_id.eq(&req.session_id),
                        admissions::scan_id.eq(&d.scan_id),
                        admissions::admitted_at.eq(at),
                        admissions::staff.eq(&req.staff),
                        admissions::device.eq(&req.device),
                    ))
                    .execute(c))?;
            }
            presence::enter(conn, &reg.id, &req.venue_id, at, at < now)?;
        }
    }
    crate::on_backend!(conn, |c| diesel::insert_into(scans::table)
        .values((
            scans::id.eq(&d.scan_id),
            scans::event_id.eq(&p.event.id),
            scans::nonce.eq(&req.nonce),
            scans::code.eq(code),
            scans::badge_id.eq(&badge_id),
            scans::registration_id.eq(d.registration.as_ref().map(|r| r.id.clone())),
            scans::venue_id.eq(&req.venue_id),
            scans::session_id.eq(&req.session_id),
            scans::outcome.eq(d.outcome.as_str()),
            scans::reason.eq(&d.reason),
            scans::manual.eq(req.manual),
            scans::staff.eq(&req.staff),
            scans::device.eq(&req.device),
            scans::scanned_at.eq(now),
            scans::device_at.eq(req.device_at),
            scans::offline_outcome.eq(req.offline_outcome.map(Outcome::as_str)),
            scans::direction.eq(if req.exit { "out" } else { "in" }),
        ))
        .execute(c))?;
    d.admitted_count = count(conn, &scope)?;
    d.clash = is_clash(req.offline_outcome, d.outcome);
    Ok(d)
}

/// Registrations approved for each session (who is expected).
pub fn expected_by_session(conn: &mut DbConn, event_id: &str) -> QueryResult<Vec<(String, i64)>> {
    registration_sessions::table
        .inner_join(registrations::table)
        .filter(registrations::event_id.eq(event_id))
        .filter(registrations::status.eq(Status::Approved.as_str()))
        .group_by(registration_sessions::session_id)
        .select((registration_sessions::session_id, diesel::dsl::count_star()))
        .load(conn)
}

/// Admissions per session (and per whole venue, as `venue:{id}`).
pub fn admitted_by_scope(conn: &mut DbConn, event_id: &str) -> QueryResult<Vec<(String, i64)>> {
    admissions::table
        .inner_join(registrations::table)
        .filter(registrations::event_id.eq(event_id))
        .group_by(admissions::scope)
        .select((admissions::scope, diesel::dsl::count_star()))
        .load(conn)
}

/// The admitted count the door shows, for one scope.
pub fn admitted_in(conn: &mut DbConn, scope: &str) -> QueryResult<i64> {
    count(conn, scope)
}
