//! The watch list and arrival alerts. Staff mark a registration as watched, naming the staff
//! members to alert; when the delegate is admitted anywhere, that admission is an alert.
//!
//! An alert is read from the scan log itself (an admitted scan of a watched registration),
//! not copied anywhere: every instance behind a balancer sees the same alerts as soon as the
//! scan is committed, and a dashboard or API client asks for those after the last it saw.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use super::Outcome;
use crate::audit::{self, Change};
use crate::db::schema::{registrations, scans, staff_users, watches};
use crate::db::{self, DbConn};
use crate::ids::{EventId, RegistrationId};
use crate::registrations::Registration;

/// The most alerts one read returns (a client asks again from the last one's time).
pub const PAGE: i64 = 200;

/// One arrival of a watched delegate.
#[derive(Clone, Debug)]
pub struct Alert {
    pub scan_id: String,
    /// When the server stored the admission.
    pub at: NaiveDateTime,
    pub registration: Registration,
    pub venue_id: String,
    pub session_id: Option<String>,
    /// Who scanned (the staff account or token) and on which device.
    pub staff: String,
    pub device: String,
    pub rehearsal: bool,
}

type AlertRow = (String, NaiveDateTime, Registration, String, Option<String>, String, String, bool);

/// Admissions of watched delegates of the event after `since` (exclusive), oldest first: those
/// watched for `watcher` (a staff id), or for anyone with `None`.
pub fn after(
    conn: &mut DbConn,
    event_id: &EventId,
    since: NaiveDateTime,
    watcher: Option<&str>,
) -> QueryResult<Vec<Alert>> {
    // One statement for both: a staff id (a UUID: no `%` or `_`) matches only itself, `%` any.
    let pattern = watcher.map_or_else(|| "%".to_owned(), str::to_owned);
    let watched = watches::table.filter(watches::staff_id.like(pattern)).select(watches::registration_id);
    let rows: Vec<AlertRow> = scans::table
        .inner_join(registrations::table)
        .filter(scans::event_id.eq(event_id))
        .filter(scans::scanned_at.gt(since))
        .filter(scans::outcome.eq(Outcome::Admitted))
        .filter(scans::registration_id.eq_any(watched.nullable()))
        .order((scans::scanned_at.asc(), scans::id.asc()))
        .limit(PAGE)
        .select((
            scans::id,
            scans::scanned_at,
            Registration::as_select(),
            scans::venue_id,
            scans::session_id,
            scans::staff,
            scans::device,
            scans::rehearsal,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(scan_id, at, registration, venue_id, session_id, staff, device, rehearsal)| Alert {
            scan_id,
            at,
            registration,
            venue_id,
            session_id,
            staff,
            device,
            rehearsal,
        })
        .collect())
}

/// The staff ids alerted when `registration_id` arrives.
pub fn watchers(conn: &mut DbConn, registration_id: &RegistrationId) -> QueryResult<Vec<String>> {
    watches::table.filter(watches::registration_id.eq(registration_id)).select(watches::staff_id).load(conn)
}

/// Who is alerted when `registration_id` arrives: exactly `staff_ids` (existing accounts; an
/// empty list unwatches), audited.
pub fn set_watchers(
    conn: &mut DbConn,
    event_id: &EventId,
    registration_id: &RegistrationId,
    staff_ids: &[String],
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    db::write_tx(conn, |conn| {
        let before = watchers(conn, registration_id)?;
        let known: Vec<String> =
            staff_users::table.filter(staff_users::id.eq_any(staff_ids)).select(staff_users::id).load(conn)?;
        diesel::delete(watches::table.filter(watches::registration_id.eq(registration_id))).execute(conn)?;
        for staff in &known {
            diesel::insert_into(watches::table)
                .values((
                    watches::registration_id.eq(registration_id),
                    watches::staff_id.eq(staff),
                    watches::created_by.eq(actor),
                    watches::created_at.eq(now),
                ))
                .execute(conn)?;
        }
        let change = Change {
            actor,
            action: "registration.watch",
            entity: "registration",
            entity_id: registration_id.as_str(),
            event_id: Some(event_id),
            before: Some(json!({ "watchers": before })),
            after: Some(json!({ "watchers": known })),
        };
        audit::record(conn, change, now)
    })
}
