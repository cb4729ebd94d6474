//! Which events a staff account works on: the events it is given. Registrars, printers and
//! security officers reach only those (a registrar of one event cannot read or change
//! another's); admins reach every event; door staff are given venues instead (`doors`).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use super::{Permission, Role, StaffUser};
use crate::audit::{self, Change};
use crate::db::schema::{events, invitations, registrations, staff_events};
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

/// What a staff page is about, read from its route: an event, or a registration or an
/// invitation (which belong to one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Event { slug: String },
    Registration { id: String },
    Invitation { id: String },
}

/// Whether an account may reach what `scope` names. An unknown slug or id is reachable here,
/// so the handler answers 404 as it would to anyone.
pub fn may_reach(conn: &mut DbConn, user: &StaffUser, scope: &Scope) -> QueryResult<bool> {
    if user.role == Role::Admin {
        return Ok(true);
    }
    let event: Option<EventId> = match scope {
        Scope::Event { slug } => {
            events::table.filter(events::slug.eq(slug)).select(events::id).first(conn).optional()?
        }
        Scope::Registration { id } => {
            registrations::table.find(id).select(registrations::event_id).first(conn).optional()?
        }
        Scope::Invitation { id } => invitations::table.find(id).select(invitations::event_id).first(conn).optional()?,
    };
    match event {
        None => Ok(true),
        Some(event) => Ok(events_of(conn, &user.id)?.contains(&event)),
    }
}

/// Whether an account works on this event (admins on every one).
pub fn reaches(conn: &mut DbConn, user: &StaffUser, event_id: &EventId) -> QueryResult<bool> {
    Ok(user.role == Role::Admin || events_of(conn, &user.id)?.contains(event_id))
}
