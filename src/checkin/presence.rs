//! Presence: who is inside which venue. Entering a venue ends the stay at the previous one;
//! an exit scan ends the stay where it is made; late uploads from offline devices never move
//! someone back to where they were before (those rules are in `judge`). A rehearsal's stays
//! are nobody's presence.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{registrations, stays};
use crate::ids::EventId;
use crate::registrations::Registration;

/// Who is inside each venue now.
pub fn inside_by_venue(conn: &mut DbConn, event_id: &EventId) -> QueryResult<Vec<(String, i64)>> {
    use crate::db::schema::venues;
    stays::table
        .inner_join(venues::table)
        .filter(venues::event_id.eq(event_id))
        .filter(stays::left_at.is_null())
        .filter(stays::rehearsal.eq(false))
        .group_by(stays::venue_id)
        .select((stays::venue_id, diesel::dsl::count_star()))
        .load(conn)
}

/// Who is inside each session now. A stay names the session it entered through, and entering
/// another ends it, so overlapping sessions at one venue are counted apart, exactly.
pub fn inside_by_session(conn: &mut DbConn, event_id: &EventId) -> QueryResult<Vec<(String, i64)>> {
    use crate::db::schema::sessions;
    stays::table
        .inner_join(sessions::table.on(stays::session_id.eq(sessions::id.nullable())))
        .filter(sessions::event_id.eq(event_id))
        .filter(stays::left_at.is_null())
        .filter(stays::rehearsal.eq(false))
        .group_by(sessions::id)
        .select((sessions::id, diesel::dsl::count_star()))
        .load(conn)
}

/// Who is inside each venue now, with since when: (venue id, registration, entered at), by name.
pub fn inside_now(conn: &mut DbConn, event_id: &EventId) -> QueryResult<Vec<(String, Registration, NaiveDateTime)>> {
    stays::table
        .inner_join(registrations::table)
        .filter(registrations::event_id.eq(event_id))
        .filter(stays::left_at.is_null())
        .filter(stays::rehearsal.eq(false))
        .order((registrations::family_name.asc(), registrations::given_name.asc()))
        .select((stays::venue_id, Registration::as_select(), stays::entered_at))
        .load(conn)
}
