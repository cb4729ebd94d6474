//! Presence: who is inside which venue. Entering a venue ends the stay at the previous one;
//! an exit scan ends the stay where it is made. Late uploads from offline devices never move
//! someone back to where they were before.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{registrations, stays};
use crate::db::{self, DbConn};
use crate::registrations::Registration;

/// Presence: an exit scan ends the open stay at this venue (if they were recorded inside).
pub(super) fn leave(conn: &mut DbConn, registration_id: &str, venue_id: &str, at: NaiveDateTime) -> QueryResult<()> {
    // A late exit (an offline device's upload) ends only a stay that began before it.
    diesel::update(
        stays::table
            .filter(stays::registration_id.eq(registration_id))
            .filter(stays::venue_id.eq(venue_id))
            .filter(stays::left_at.is_null())
            .filter(stays::entered_at.le(at)),
    )
    .set(stays::left_at.eq(at))
    .execute(conn)
    .map(drop)
}

/// Presence: entering a venue ends the open stay anywhere else.
/// A late upload of an offline scan changes nothing when the delegate's presence has moved on
/// since (a stay entered or ended after it): it is in the log, but it does not put them back.
/// `late` says the scan was made before now (only then can anything have happened since).
pub(super) fn enter(
    conn: &mut DbConn,
    registration_id: &str,
    venue_id: &str,
    now: NaiveDateTime,
    late: bool,
) -> QueryResult<()> {
    if late {
        let since: i64 = stays::table
            .filter(stays::registration_id.eq(registration_id))
            .filter(stays::entered_at.gt(now).or(stays::left_at.gt(now)))
            .count()
            .get_result(conn)?;
        if since > 0 {
            return Ok(());
        }
    }
    let open: Option<(String, String, NaiveDateTime)> = crate::on_backend!(conn, |c| stays::table
        .filter(stays::registration_id.eq(registration_id))
        .filter(stays::left_at.is_null())
        .select((stays::id, stays::venue_id, stays::entered_at))
        .get_result(c)
        .optional())?;
    match open {
        Some((_, v, _)) if v == venue_id => return Ok(()),
        Some((id, _, _)) => {
            diesel::update(stays::table.find(id)).set(stays::left_at.eq(now)).execute(conn)?;
        }
        None => {}
    }
    diesel::insert_into(stays::table)
        .values((
            stays::id.eq(db::new_id()),
            stays::registration_id.eq(registration_id),
            stays::venue_id.eq(venue_id),
            stays::entered_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// Who is inside each venue now.
pub fn inside_by_venue(conn: &mut DbConn, event_id: &str) -> QueryResult<Vec<(String, i64)>> {
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
pub fn inside_now(conn: &mut DbConn, event_id: &str) -> QueryResult<Vec<(String, Registration, NaiveDateTime)>> {
    stays::table
        .inner_join(registrations::table)
        .filter(registrations::event_id.eq(event_id))
        .filter(stays::left_at.is_null())
        .order((registrations::family_name.asc(), registrations::given_name.asc()))
        .select((stays::venue_id, Registration::as_select(), stays::entered_at))
        .load(conn)
}
