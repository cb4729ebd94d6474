//! Presence: who is inside which venue. Entering a venue ends the stay at the previous one;
//! an exit scan ends the stay where it is made; late uploads from offline devices never move
//! someone back to where they were before (those rules are in `judge`).

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
        .group_by(stays::venue_id)
        .select((stays::venue_id, diesel::dsl::count_star()))
        .load(conn)
}

/// Who is inside each venue now, with since when: (venue id, registration, entered at), by name.
pub fn inside_now(conn: &mut DbConn, event_id: &EventId) -> QueryResult<Vec<(String, Registration, NaiveDateTime)>> {
    stays::table
        .inner_join(registrations::table)
        .filter(registrations::event_id.eq(event_id))
        .filter(stays::left_at.is_null())
        .order((registrations::family_name.asc(), registrations::given_name.asc()))
        .select((stays::venue_id, Registration::as_select(), stays::entered_at))
        .load(conn)
}
