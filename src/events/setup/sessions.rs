//! Setting up sessions: time (within the event's days), venue, capacity (never below places
//! taken), allowed categories.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;
use serde_json::json;

use super::{Problems, change, parse_local, problem};
use crate::audit;
use crate::common::Message;
use crate::db::schema::{session_categories, sessions};
use crate::db::{self, DbConn};
use crate::events::{Event, Session, store};

/// The session form (add or edit).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SessionForm {
    pub title: String,
    pub venue: String,
    pub starts_at: String,
    pub ends_at: String,
    pub capacity: String,
    /// Category ids allowed; none means open to all.
    pub categories: Vec<String>,
    /// Door rules: checkboxes, present when ticked.
    pub single_entry: Option<String>,
    pub registered_only: Option<String>,
    /// Minutes before the start the doors admit; empty is 60.
    pub doors_open_minutes: String,
    /// Checkbox: the door scans people out too.
    pub exit_scanning: Option<String>,
    /// Seats per delegation inside at once; empty is no limit.
    pub delegation_quota: String,
}

/// Adds a session, or (with `existing`) changes one. Capacity can never be set below the
/// places already taken, and those are counted afresh from the registrations.
pub fn save_session(
    conn: &mut DbConn,
    event: &Event,
    existing: Option<&str>,
    form: &SessionForm,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<(), Problems>> {
    let p = store::programme(conn, event.clone())?;
    let tz = event.tz();
    let mut errors = Vec::new();
    let title = form.title.trim().to_owned();
    if title.is_empty() {
        errors.push(problem("title-field", "error-required"));
    }
    let venue = p.venues.iter().find(|v| v.id == form.venue);
    if venue.is_none() {
        errors.push(problem("venue", "error-required"));
    }
    let starts = parse_local(tz, &form.starts_at);
    let ends = parse_local(tz, &form.ends_at);
    if starts.is_none() {
        errors.push(problem("starts_at", "error-datetime"));
    }
    if ends.is_none() {
        errors.push(problem("ends_at", "error-datetime"));
    }
    if let (Some(s), Some(e)) = (starts, ends)
        && e <= s
    {
        errors.push(problem("ends_at", "error-ends-before-start"));
    }
    // The event's days are counted at the event, in its time zone: a session on another day
    // would be offered, badged and scanned for a day the event does not have.
    let day = |utc: NaiveDateTime| event.local(utc).date();
    let (first, last) = (day(event.starts_at), day(event.ends_at));
    if starts.is_some_and(|s| day(s) < first) {
        let first = first.format("%Y-%m-%d").to_string();
        errors.push(("starts_at", Message { key: "error-session-before-event", args: vec![("first", first)] }));
    }
    if ends.is_some_and(|e| day(e) > last) {
        let last = last.format("%Y-%m-%d").to_string();
        errors.push(("ends_at", Message { key: "error-session-after-event", args: vec![("last", last)] }));
    }
    let capacity = match form.capacity.trim() {
        "" => None,
        text => match text.parse::<i32>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                errors.push(problem("capacity", "error-capacity"));
                None
            }
        },
    };
    let doors_open = match super::rules::doors_open(&form.doors_open_minutes) {
        Ok(n) => n,
        Err(e) => {
            errors.push(e);
            crate::checkin::DOORS_OPEN_MINUTES as i32
        }
    };
    let quota = match super::rules::quota(&form.delegation_quota) {
        Ok(n) => n,
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let (single_entry, registered_only) = (form.single_entry.is_some(), form.registered_only.is_some());
    let exit_scanning = form.exit_scanning.is_some();
    let allowed: Vec<String> =
        form.categories.iter().filter(|c| p.categories.iter().any(|k| &k.id == *c)).cloned().collect();
    let (Some(venue), Some(starts_at), Some(ends_at)) = (venue, starts, ends) else { return Ok(Err(errors)) };
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let id = existing.map_or_else(db::new_id, str::to_owned);
    let result = db::write_tx(conn, |conn| -> QueryResult<Result<(), Problems>> {
        // On PostgreSQL, lock the session row first: a registration taking a place right now
        // holds it, so the count below waits for it instead of missing it. (SQLite's
        // BEGIN IMMEDIATE already keeps every writer out.)
        if let (Some(existing), DbConn::Postgres(pg)) = (existing, &mut *conn) {
            diesel::sql_query("SELECT id FROM sessions WHERE id = $1 FOR UPDATE")
                .bind::<diesel::sql_types::Text, _>(existing)
                .execute(pg)?;
        }
        // Places held by pending and approved registrations, counted now.
        let taken: i64 = crate::db::schema::registration_sessions::table
            .inner_join(crate::db::schema::registrations::table)
            .filter(crate::db::schema::registration_sessions::session_id.eq(&id))
            .filter(crate::db::schema::registrations::status.eq_any(["pending", "approved"]))
            .count()
            .get_result(conn)?;
        let taken = taken as i32;
        if capacity.is_some_and(|c| c < taken) {
            return Ok(Err(vec![(
                "capacity",
                Message { key: "error-capacity-below-taken", args: vec![("taken", taken.to_string())] },
            )]));
        }
        if existing.is_some() {
            diesel::update(sessions::table.find(&id))
                .set((
                    sessions::title.eq(&title),
                    sessions::venue_id.eq(&venue.id),
                    sessions::starts_at.eq(starts_at),
                    sessions::ends_at.eq(ends_at),
                    sessions::capacity.eq(capacity),
                    sessions::seats_taken.eq(taken),
                    sessions::single_entry.eq(single_entry),
                    sessions::registered_only.eq(registered_only),
                    sessions::doors_open_minutes.eq(doors_open),
                    sessions::delegation_quota.eq(quota),
                    sessions::exit_scanning.eq(exit_scanning),
                ))
                .execute(conn)?;
            diesel::delete(session_categories::table.filter(session_categories::session_id.eq(&id))).execute(conn)?;
        } else {
            let session = Session {
                id: id.clone(),
                event_id: event.id.clone(),
                venue_id: venue.id.clone(),
                title: title.clone(),
                description: String::new(),
                starts_at,
                ends_at,
                capacity,
                seats_taken: 0,
                created_at: now,
                single_entry,
                registered_only,
                doors_open_minutes: doors_open,
                delegation_quota: quota,
                exit_scanning,
                required_zone: String::new(),
            };
            store::insert_session(conn, &session)?;
        }
        for c in &allowed {
            store::allow_category(conn, &id, c)?;
        }
        let after = json!({ "title": title, "capacity": capacity, "categories": allowed.len(),
            "single_entry": single_entry, "registered_only": registered_only, "doors_open_minutes": doors_open,
            "delegation_quota": quota, "exit_scanning": exit_scanning });
        audit::record(
            conn,
            change(
                actor,
                if existing.is_some() { "session.update" } else { "session.create" },
                "session",
                &id,
                &event.id,
                after,
            ),
            now,
        )?;
        Ok(Ok(()))
    })?;
    Ok(result)
}
