//! What organisers read: the scan log (every scan, admitted or not) and who has not arrived.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{admissions, registration_sessions, registrations, scans};
use crate::events::Programme;
use crate::registrations::{Registration, Status};

/// One line of the scan log.
#[derive(Clone, Debug, Queryable)]
pub struct LogRow {
    pub scanned_at: NaiveDateTime,
    pub device_at: Option<NaiveDateTime>,
    pub venue_id: String,
    pub session_id: Option<String>,
    pub outcome: String,
    pub reason: String,
    pub manual: bool,
    pub staff: String,
    pub device: String,
    pub code: String,
    pub reference: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub country: Option<String>,
}

/// The scans of an event, newest first (`limit` of them, or all with `None`).
pub fn log(conn: &mut DbConn, event_id: &str, limit: Option<i64>) -> QueryResult<Vec<LogRow>> {
    let q = scans::table
        .left_join(registrations::table)
        .filter(scans::event_id.eq(event_id))
        .order((scans::scanned_at.desc(), scans::id.desc()))
        .select((
            scans::scanned_at,
            scans::device_at,
            scans::venue_id,
            scans::session_id,
            scans::outcome,
            scans::reason,
            scans::manual,
            scans::staff,
            scans::device,
            scans::code,
            registrations::reference.nullable(),
            registrations::given_name.nullable(),
            registrations::family_name.nullable(),
            registrations::country.nullable(),
        ));
    match limit {
        Some(n) => q.limit(n).load(conn),
        None => q.load(conn),
    }
}

/// The scan log as CSV (UTF-8 with BOM, times in the event's zone), oldest first: what
/// `lanyard export attendance` writes and the dashboard offers.
pub fn csv(conn: &mut DbConn, p: &Programme) -> anyhow::Result<Vec<u8>> {
    use crate::registrations::csv_io::cell;
    let mut rows = log(conn, &p.event.id, None)?;
    rows.reverse();
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record([
            "scanned_at",
            "device_time",
            "venue",
            "session",
            "outcome",
            "reason",
            "manual",
            "reference",
            "name",
            "country",
            "staff",
            "device",
            "code",
        ])?;
        let local = |t: NaiveDateTime| p.event.local(t).format("%Y-%m-%d %H:%M:%S").to_string();
        for r in rows {
            let venue = p.venue(&r.venue_id).map_or(String::new(), |v| v.name.clone());
            let session = r
                .session_id
                .as_ref()
                .and_then(|id| p.sessions.iter().find(|s| &s.id == id))
                .map_or(String::new(), |s| s.title.clone());
            let name = format!("{} {}", r.given_name.unwrap_or_default(), r.family_name.unwrap_or_default());
            // Badge codes of refused scans may be anything; the code of an admitted scan stays out
            // of the export, so the file cannot be used to print working badges.
            let code = if r.outcome == "refused" { r.code } else { String::new() };
            let values = [
                local(r.scanned_at),
                r.device_at.map(local).unwrap_or_default(),
                venue,
                session,
                r.outcome,
                r.reason,
                if r.manual { "yes".into() } else { String::new() },
                r.reference.unwrap_or_default(),
                name.trim().to_owned(),
                r.country.unwrap_or_default(),
                r.staff,
                r.device,
                code,
            ];
            w.write_record(values.iter().map(|v| cell(v)))?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// Approved registrations expected at a session who have not been admitted yet.
pub fn not_arrived(conn: &mut DbConn, session_id: &str) -> QueryResult<Vec<Registration>> {
    let admitted = admissions::table.filter(admissions::scope.eq(session_id)).select(admissions::registration_id);
    registrations::table
        .inner_join(registration_sessions::table)
        .filter(registration_sessions::session_id.eq(session_id))
        .filter(registrations::status.eq(Status::Approved.as_str()))
        .filter(registrations::id.ne_all(admitted))
        .order((registrations::country.asc(), registrations::family_name.asc()))
        .select(Registration::as_select())
        .load(conn)
}
