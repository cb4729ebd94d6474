//! SQL for registrations.

use diesel::prelude::*;

use super::Registration;
use crate::db::DbConn;
use crate::db::schema::{registration_sessions, registrations};
use crate::ids::{EventId, RegistrationId};

/// Inserts one registration row.
pub fn insert(conn: &mut DbConn, row: &Registration) -> QueryResult<()> {
    diesel::insert_into(registrations::table).values(row).execute(conn).map(drop)
}

/// Records the sessions a registration chose (one insert each: multi-row inserts do not
/// compile for the two-backend connection).
pub fn insert_sessions(conn: &mut DbConn, registration_id: &RegistrationId, session_ids: &[String]) -> QueryResult<()> {
    for session_id in session_ids {
        diesel::insert_into(registration_sessions::table)
            .values((
                registration_sessions::registration_id.eq(registration_id),
                registration_sessions::session_id.eq(session_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A registration by id.
pub fn find(conn: &mut DbConn, id: &RegistrationId) -> QueryResult<Option<Registration>> {
    registrations::table
        .find(id)
        .filter(registrations::erased_at.is_null())
        .select(Registration::as_select())
        .first(conn)
        .optional()
}

/// A registration by its reference code.
pub fn find_by_reference(conn: &mut DbConn, reference: &str) -> QueryResult<Option<Registration>> {
    registrations::table
        .filter(registrations::reference.eq(reference))
        .filter(registrations::erased_at.is_null())
        .select(Registration::as_select())
        .first(conn)
        .optional()
}

/// The ids of the sessions a registration chose.
pub fn session_ids(conn: &mut DbConn, registration_id: &RegistrationId) -> QueryResult<Vec<String>> {
    registration_sessions::table
        .filter(registration_sessions::registration_id.eq(registration_id))
        .select(registration_sessions::session_id)
        .load(conn)
}

/// How many registrations an event has.
pub fn count_for_event(conn: &mut DbConn, event_id: &EventId) -> QueryResult<i64> {
    registrations::table.filter(registrations::event_id.eq(event_id)).count().get_result(conn)
}
