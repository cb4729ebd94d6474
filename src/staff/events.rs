//! Which events a security officer works on: the events they are given. Security sees
//! identity fields and photos, so only of those events; admins vet at any event.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use super::{Permission, Role, StaffUser};
use crate::audit::{self, Change};
use crate::db::schema::{events, staff_events};
use crate::db::{self, DbConn};
use crate::ids::EventId;

/// The events a staff account is given.
pub fn events_of(conn: &mut DbConn, staff_id: &str) -> QueryResult<Vec<EventId>> {
    staff_events::table.filter(staff_events::staff_id.eq(staff_id)).select(staff_events::event_id).load(conn)
}

/// Replaces the events a staff account is given (ids of no event are left out), with an
/// audit entry.
pub fn set_events(
    conn: &mut DbConn,
    staff_id: &str,
    event_ids: &[EventId],
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    db::write_tx(conn, |conn| {
        let before = events_of(conn, staff_id)?;
        let event_ids: Vec<EventId> =
            events::table.filter(events::id.eq_any(event_ids)).select(events::id).load(conn)?;
        let event_ids = &event_ids;
        diesel::delete(staff_events::table.filter(staff_events::staff_id.eq(staff_id))).execute(conn)?;
        for event_id in event_ids {
            diesel::insert_into(staff_events::table)
                .values((staff_events::staff_id.eq(staff_id), staff_events::event_id.eq(event_id)))
                .execute(conn)?;
        }
        let change = Change {
            actor,
            action: "staff.events",
            entity: "staff",
            entity_id: staff_id,
            event_id: None,
            before: Some(json!({ "events": before })),
            after: Some(json!({ "events": event_ids })),
        };
        audit::record(conn, change, now)
    })
}

/// Whether an account may vet the registrations of an event.
pub fn may_vet(conn: &mut DbConn, user: &StaffUser, event_id: &EventId) -> QueryResult<bool> {
    if !user.can(Permission::Vet) {
        return Ok(false);
    }
    if user.role == Role::Admin {
        return Ok(true);
    }
    Ok(events_of(conn, &user.id)?.contains(event_id))
}
