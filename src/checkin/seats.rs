//! Delegation seats: a session may seat only so many of one delegation at once (APEC gives each
//! economy N seats, a UN room admits "two per delegation").
//!
//! A delegation is the country of the invitation a delegate registered through, when it names
//! one (an embassy's invitation seats its local staff with its own delegation), otherwise the
//! country of the registration. Who is inside a session is its open stays (`presence`), so an
//! exit frees a seat. Only sessions with a quota pay for these reads.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{invitations, registrations, stays};
use crate::ids::RegistrationId;

/// The delegation of one registration, and how many of it are inside the session now (not
/// counting the registration itself).
#[derive(Clone, Debug)]
pub struct Seats {
    pub delegation: String,
    pub inside: i64,
}

/// The delegation a registration belongs to: its invitation's country, if it names one, or
/// its own.
pub fn delegation(registration_country: &str, invitation_country: Option<&str>) -> String {
    match invitation_country.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => c.to_owned(),
        None => registration_country.trim().to_owned(),
    }
}

/// Who is inside `session_id` now (in a rehearsal, the rehearsal's), as (registration,
/// delegation).
fn inside(conn: &mut DbConn, session_id: &str, rehearsal: bool) -> QueryResult<Vec<(RegistrationId, String)>> {
    let rows: Vec<(RegistrationId, String, Option<String>)> = stays::table
        .inner_join(registrations::table)
        .left_join(invitations::table.on(invitations::id.nullable().eq(registrations::invitation_id)))
        .filter(stays::session_id.eq(session_id))
        .filter(stays::left_at.is_null())
        .filter(stays::rehearsal.eq(rehearsal))
        .select((registrations::id, registrations::country, invitations::country.nullable()))
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, country, invited)| (id, delegation(&country, invited.as_deref()))).collect())
}

/// Everyone inside `session_id` now, by delegation.
pub fn inside_by_delegation(conn: &mut DbConn, session_id: &str, rehearsal: bool) -> QueryResult<HashMap<String, i64>> {
    let mut out = HashMap::new();
    for (_, delegation) in inside(conn, session_id, rehearsal)? {
        *out.entry(delegation).or_default() += 1;
    }
    Ok(out)
}

/// The seats of `registration_id`'s delegation in `session_id`.
pub fn of(
    conn: &mut DbConn,
    session_id: &str,
    registration_id: &RegistrationId,
    rehearsal: bool,
) -> QueryResult<Seats> {
    let (country, invited): (String, Option<String>) = registrations::table
        .left_join(invitations::table.on(invitations::id.nullable().eq(registrations::invitation_id)))
        .filter(registrations::id.eq(registration_id))
        .select((registrations::country, invitations::country.nullable()))
        .get_result(conn)?;
    let delegation = delegation(&country, invited.as_deref());
    let others = inside(conn, session_id, rehearsal)?;
    let inside = others.iter().filter(|(id, d)| id != registration_id && *d == delegation).count() as i64;
    Ok(Seats { delegation, inside })
}

/// The delegations of the event that have approved members, sorted.
pub fn delegations(conn: &mut DbConn, event_id: &crate::ids::EventId) -> QueryResult<Vec<String>> {
    let pairs: Vec<(String, Option<String>)> = registrations::table
        .left_join(invitations::table.on(invitations::id.nullable().eq(registrations::invitation_id)))
        .filter(registrations::event_id.eq(event_id))
        .filter(registrations::status.eq(crate::registrations::Status::Approved.as_str()))
        .select((registrations::country, invitations::country.nullable()))
        .distinct()
        .load(conn)?;
    let mut out: Vec<String> =
        pairs.iter().map(|(c, i)| delegation(c, i.as_deref())).filter(|d| !d.is_empty()).collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// The approved members of a delegation of the event, in the order of precedence (a liaison
/// officer admits them together).
pub fn members(
    conn: &mut DbConn,
    event_id: &crate::ids::EventId,
    delegation_key: &str,
) -> QueryResult<Vec<crate::registrations::Registration>> {
    let key = delegation_key.trim().to_ascii_uppercase();
    let rows: Vec<(crate::registrations::Registration, Option<String>)> = registrations::table
        .left_join(invitations::table.on(invitations::id.nullable().eq(registrations::invitation_id)))
        .filter(registrations::event_id.eq(event_id))
        .filter(registrations::status.eq(crate::registrations::Status::Approved.as_str()))
        .order(crate::registrations::precedence::order())
        .select((crate::registrations::Registration::as_select(), invitations::country.nullable()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(r, invited)| delegation(&r.country, invited.as_deref()).to_ascii_uppercase() == key)
        .map(|(r, _)| r)
        .collect())
}

/// The head of each delegation of the event: its first approved member in the order of
/// precedence (the ambassador before the counsellor; an organiser's manual rank first).
pub fn heads(conn: &mut DbConn, event_id: &crate::ids::EventId) -> QueryResult<Vec<RegistrationId>> {
    let rows: Vec<(RegistrationId, String, Option<String>)> = registrations::table
        .left_join(invitations::table.on(invitations::id.nullable().eq(registrations::invitation_id)))
        .filter(registrations::event_id.eq(event_id))
        .filter(registrations::status.eq(crate::registrations::Status::Approved.as_str()))
        .order(crate::registrations::precedence::order())
        .select((registrations::id, registrations::country, invitations::country.nullable()))
        .load(conn)?;
    let mut seen = std::collections::HashSet::new();
    Ok(rows
        .into_iter()
        .filter(|(_, country, invited)| {
            let d = delegation(country, invited.as_deref()).to_ascii_uppercase();
            !d.is_empty() && seen.insert(d)
        })
        .map(|(id, _, _)| id)
        .collect())
}

/// On PostgreSQL, where instances decide at once, the scans of a session with a quota take
/// turns: the lock is held until the transaction ends. By session, not by delegation: the
/// delegation is itself a read that must happen inside the turn. (SQLite's write transaction
/// already lets one writer at a time.)
pub fn take_turn(conn: &mut DbConn, session_id: &str) -> QueryResult<()> {
    crate::db::take_turn(conn, &format!("seats:{session_id}"))
}

#[cfg(test)]
mod tests {
    use super::delegation;

    #[test]
    fn an_invitation_that_names_a_country_decides_the_delegation() {
        assert_eq!(delegation("DE", Some("FR")), "FR");
        assert_eq!(delegation("DE", Some(" ")), "DE");
        assert_eq!(delegation("DE", None), "DE");
    }
}
