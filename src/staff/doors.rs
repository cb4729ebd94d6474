//! Which doors a door account works: the venues it is given. Admins may scan anywhere; the
//! scan station asks `may_scan` before admitting anyone.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use super::{Permission, Role, StaffUser};
use crate::audit::{self, Change};
use crate::db::schema::staff_venues;
use crate::db::{self, DbConn};

/// The venues a staff account is given.
pub fn venues_of(conn: &mut DbConn, staff_id: &str) -> QueryResult<Vec<String>> {
    staff_venues::table.filter(staff_venues::staff_id.eq(staff_id)).select(staff_venues::venue_id).load(conn)
}

/// Replaces the venues a staff account is given, with an audit entry.
pub fn set_venues(
    conn: &mut DbConn,
    staff_id: &str,
    venue_ids: &[String],
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    db::write_tx(conn, |conn| {
        let before = venues_of(conn, staff_id)?;
        diesel::delete(staff_venues::table.filter(staff_venues::staff_id.eq(staff_id))).execute(conn)?;
        for venue_id in venue_ids {
            diesel::insert_into(staff_venues::table)
                .values((staff_venues::staff_id.eq(staff_id), staff_venues::venue_id.eq(venue_id)))
                .execute(conn)?;
        }
        let change = Change {
            actor,
            action: "staff.venues",
            entity: "staff",
            entity_id: staff_id,
            event_id: None,
            before: Some(json!({ "venues": before })),
            after: Some(json!({ "venues": venue_ids })),
        };
        audit::record(conn, change, now)
    })
}

/// Whether an account may scan badges at a venue.
pub fn may_scan(conn: &mut DbConn, user: &StaffUser, venue_id: &str) -> QueryResult<bool> {
    if !user.can(Permission::Scan) {
        return Ok(false);
    }
    if user.role == Role::Admin {
        return Ok(true);
    }
    Ok(venues_of(conn, &user.id)?.iter().any(|v| v == venue_id))
}
