//! Rehearsing the doors before the day: an event in rehearsal accepts scans at any time (the
//! session's hours are not checked), marks them, keeps them out of every figure and export,
//! and clears them in one action. Ending the rehearsal clears them too, so the day starts
//! from nothing.
//!
//! What marks a rehearsal's rows: `scans.rehearsal` and `stays.rehearsal`, and admissions
//! counted under a `rehearsal:` scope (`Scope::Rehearsal`), which no figure reads.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use super::values::REHEARSAL_PREFIX;
use crate::audit::{self, Change};
use crate::db::schema::{admission_counts, admissions, events, registrations, scans, stays};
use crate::db::{self, DbConn};
use crate::ids::EventId;

/// How many scans the current rehearsal holds.
pub fn scans(conn: &mut DbConn, event_id: &EventId) -> QueryResult<i64> {
    scans::table.filter(scans::event_id.eq(event_id)).filter(scans::rehearsal.eq(true)).count().get_result(conn)
}

/// Starts (`on`) or ends a rehearsal, audited. Ending it clears its scans; answers how many.
pub fn set(conn: &mut DbConn, event_id: &EventId, on: bool, actor: &str, now: NaiveDateTime) -> QueryResult<usize> {
    db::write_tx(conn, |conn| {
        diesel::update(events::table.find(event_id)).set(events::rehearsal.eq(on)).execute(conn)?;
        let cleared = if on { 0 } else { clear_rows(conn, event_id)? };
        let action = if on { "rehearsal.start" } else { "rehearsal.end" };
        audit::record(conn, entry(actor, action, event_id, json!({ "rehearsal": on, "cleared": cleared })), now)?;
        Ok(cleared)
    })
}

/// Clears the rehearsal's scans, admissions and stays (the rehearsal goes on), audited.
/// Answers how many scans went.
pub fn clear(conn: &mut DbConn, event_id: &EventId, actor: &str, now: NaiveDateTime) -> QueryResult<usize> {
    db::write_tx(conn, |conn| {
        let cleared = clear_rows(conn, event_id)?;
        audit::record(conn, entry(actor, "rehearsal.clear", event_id, json!({ "cleared": cleared })), now)?;
        Ok(cleared)
    })
}

fn entry<'a>(actor: &'a str, action: &'a str, event_id: &'a EventId, after: serde_json::Value) -> Change<'a> {
    Change {
        actor,
        action,
        entity: "event",
        entity_id: event_id.as_str(),
        event_id: Some(event_id),
        before: None,
        after: Some(after),
    }
}

fn clear_rows(conn: &mut DbConn, event_id: &EventId) -> QueryResult<usize> {
    let of_event = registrations::table.filter(registrations::event_id.eq(event_id)).select(registrations::id);
    let rehearsed = format!("{REHEARSAL_PREFIX}%");
    let scopes: Vec<String> = admissions::table
        .filter(admissions::registration_id.eq_any(of_event))
        .filter(admissions::scope.like(&rehearsed))
        .select(admissions::scope)
        .distinct()
        .load(conn)?;
    diesel::delete(admissions::table.filter(admissions::scope.eq_any(&scopes))).execute(conn)?;
    diesel::delete(admission_counts::table.filter(admission_counts::scope.eq_any(&scopes))).execute(conn)?;
    diesel::delete(stays::table.filter(stays::rehearsal.eq(true)).filter(stays::registration_id.eq_any(of_event)))
        .execute(conn)?;
    diesel::delete(scans::table.filter(scans::event_id.eq(event_id)).filter(scans::rehearsal.eq(true))).execute(conn)
}
