//! Places held while pending. A registration waiting for approval holds its places in capped
//! sessions, so approving it cannot fail for lack of room; but scripted fake registrations
//! must not keep real delegates out. So a pending registration's hold lapses after
//! `LANYARD_PENDING_HOLD_HOURS` (72 by default): its places go back to others, it stays
//! pending, and approving it takes them again if they are still free (else the approval is
//! refused as "session full", and staff can change its sessions).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde_json::json;

use super::Status;
use super::manage::{capped_sessions, release_seat};
use crate::audit::{self, Change};
use crate::db::schema::registrations;
use crate::db::{self, DbConn};
use crate::ids::{EventId, RegistrationId};

/// Whether this registration's hold lapsed (its places were given back).
pub fn seats_released(conn: &mut DbConn, id: &RegistrationId) -> QueryResult<bool> {
    let at: Option<Option<NaiveDateTime>> =
        registrations::table.find(id).select(registrations::seats_released_at).first(conn).optional()?;
    Ok(at.flatten().is_some())
}

/// Marks that the registration holds its places again (its approval took them).
pub fn seats_retaken(conn: &mut DbConn, id: &RegistrationId) -> QueryResult<()> {
    diesel::update(registrations::table.find(id))
        .set(registrations::seats_released_at.eq(None::<NaiveDateTime>))
        .execute(conn)
        .map(drop)
}

/// Gives back the places of every registration pending since before `now - hold`; returns
/// how many lapsed. Each in its own transaction, audited.
pub fn lapse(conn: &mut DbConn, hold: Duration, now: NaiveDateTime) -> QueryResult<usize> {
    let due: Vec<(RegistrationId, EventId)> = registrations::table
        .filter(registrations::status.eq(Status::Pending.as_str()))
        .filter(registrations::seats_released_at.is_null())
        .filter(registrations::erased_at.is_null())
        .filter(registrations::created_at.lt(now - hold))
        .select((registrations::id, registrations::event_id))
        .load(conn)?;
    let mut lapsed = 0;
    for (id, event_id) in due {
        let done = db::write_tx(conn, |conn| {
            // Conditional on what was read: an approval in between keeps its places.
            let n = diesel::update(
                registrations::table
                    .find(&id)
                    .filter(registrations::status.eq(Status::Pending.as_str()))
                    .filter(registrations::seats_released_at.is_null()),
            )
            .set(registrations::seats_released_at.eq(now))
            .execute(conn)?;
            if n == 0 {
                return Ok(false);
            }
            let sessions = capped_sessions(conn, &id)?;
            sessions.iter().try_for_each(|s| release_seat(conn, s))?;
            let change = Change {
                actor: "system",
                action: "registration.hold_lapsed",
                entity: "registration",
                entity_id: id.as_str(),
                event_id: Some(&event_id),
                before: None,
                after: Some(json!({ "sessions_released": sessions })),
            };
            audit::record(conn, change, now)?;
            Ok::<_, diesel::result::Error>(true)
        })?;
        lapsed += usize::from(done);
    }
    Ok(lapsed)
}
