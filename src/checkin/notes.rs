//! Door notes: what the door must know about a delegate ("escort to the VIP lounge",
//! "wheelchair user"). Staff write it on the registration; every station shows it with the
//! answer to their badge and asks for an acknowledgement, which is stored with that scan.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use crate::audit::{self, Change};
use crate::db::schema::{registrations, scans};
use crate::db::{self, DbConn};
use crate::ids::{EventId, RegistrationId};

/// The longest note a door screen shows in full.
pub const NOTE_MAX: usize = 300;

/// Why a note was not saved.
#[derive(Debug, PartialEq, Eq)]
pub enum NoteProblem {
    TooLong,
}

/// A note as typed: trimmed, line breaks kept as spaces (a door screen shows one block).
pub fn parse(text: &str) -> Result<String, NoteProblem> {
    let note = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if note.chars().count() > NOTE_MAX {
        return Err(NoteProblem::TooLong);
    }
    Ok(note)
}

/// Sets (or, with an empty note, removes) a registration's door note, audited.
pub fn set(
    conn: &mut DbConn,
    event_id: &EventId,
    id: &RegistrationId,
    note: &str,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    db::write_tx(conn, |conn| {
        let before: String = registrations::table.find(id).select(registrations::door_note).first(conn)?;
        diesel::update(registrations::table.find(id)).set(registrations::door_note.eq(note)).execute(conn)?;
        let change = Change {
            actor,
            action: "registration.door_note",
            entity: "registration",
            entity_id: id.as_str(),
            event_id: Some(event_id),
            before: Some(json!({ "door_note": before })),
            after: Some(json!({ "door_note": note })),
        };
        audit::record(conn, change, now)
    })
}

/// Records that the door read the note shown with the scan `nonce` (as stored: the caller's id,
/// a colon, the device's nonce). The first acknowledgement stands. Answers whether there is
/// such a scan of someone with a note.
pub fn acknowledge(
    conn: &mut DbConn,
    event_id: &EventId,
    nonce: &str,
    by: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let noted = registrations::table.filter(registrations::door_note.ne("")).select(registrations::id.nullable());
    let scan = scans::table
        .filter(scans::event_id.eq(event_id))
        .filter(scans::nonce.eq(nonce))
        .filter(scans::registration_id.eq_any(noted));
    let found: Option<Option<NaiveDateTime>> = scan.select(scans::note_acknowledged_at).first(conn).optional()?;
    match found {
        None => Ok(false),
        Some(Some(_)) => Ok(true),
        Some(None) => {
            diesel::update(scan)
                .set((scans::note_acknowledged_at.eq(at), scans::note_acknowledged_by.eq(by)))
                .execute(conn)?;
            Ok(true)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_one_trimmed_block_of_at_most_300_characters() {
        assert_eq!(parse("  Escort to the\nVIP lounge  ").as_deref(), Ok("Escort to the VIP lounge"));
        assert_eq!(parse("").as_deref(), Ok(""));
        assert_eq!(parse(&"é".repeat(NOTE_MAX)).map(|n| n.chars().count()), Ok(NOTE_MAX));
        assert_eq!(parse(&"é".repeat(NOTE_MAX + 1)), Err(NoteProblem::TooLong));
    }
}
