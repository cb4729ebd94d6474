//! The mail log: every mail of an event with its state and last error, and resending one.
//!
//! A resend is a new outbox row (to the address as it is now, in the reader's language as it
//! is now); the old row keeps its history and points to the new one, so counts and "once each"
//! look at the newest attempt only. Marking the old row and inserting the new one happen in one
//! transaction, conditional on the old row not being resent yet: two staff pressing "resend"
//! at once send once.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use super::outbox::{MailStatus, OutboxRow, row};
use crate::audit::{self, Change};
use crate::db::schema::{invitations, outbox, registrations};
use crate::db::{self, DbConn};
use crate::ids::EventId;

/// The most rows the event's log shows at once.
pub const LOG_LIMIT: i64 = 500;

/// One line of the event's log: the mail, and the registration's reference when it is about one.
#[derive(Clone, Debug)]
pub struct Entry {
    pub mail: OutboxRow,
    pub reference: Option<String>,
}

impl Entry {
    /// Whether the receiving server refused the address for good (an SMTP 5xx answer), which
    /// staff fix by correcting the address rather than by waiting.
    pub fn refused(&self) -> bool {
        refused(&self.mail)
    }
}

/// Whether a failed mail was refused by the receiving server (a 5xx answer: lettre writes
/// "permanent error (550): …").
pub fn refused(mail: &OutboxRow) -> bool {
    let refusal = |e: &str| e.starts_with("permanent error (5") || e.trim_start().starts_with('5');
    mail.status == MailStatus::Failed && mail.last_error.as_deref().is_some_and(refusal)
}

/// The event's current mails (resent ones are replaced by their resend), newest first; only
/// those in `status`, if given.
pub fn of_event(conn: &mut DbConn, event_id: &EventId, status: Option<MailStatus>) -> QueryResult<Vec<Entry>> {
    let people = registrations::table.filter(registrations::event_id.eq(event_id)).select(registrations::id);
    let invited = invitations::table.filter(invitations::event_id.eq(event_id)).select(invitations::id);
    let statuses: Vec<MailStatus> = status.map_or_else(|| MailStatus::ALL.to_vec(), |s| vec![s]);
    let rows: Vec<OutboxRow> = outbox::table
        .filter(outbox::registration_id.eq_any(people.nullable()).or(outbox::invitation_id.eq_any(invited.nullable())))
        .filter(outbox::superseded_by.is_null())
        .filter(outbox::status.eq_any(statuses))
        .order((outbox::created_at.desc(), outbox::id.desc()))
        .limit(LOG_LIMIT)
        .select(OutboxRow::as_select())
        .load(conn)?;
    let ids: Vec<_> = rows.iter().filter_map(|m| m.registration_id.clone()).collect();
    let references: std::collections::HashMap<crate::ids::RegistrationId, String> = registrations::table
        .filter(registrations::id.eq_any(&ids))
        .select((registrations::id, registrations::reference))
        .load(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|mail| Entry { reference: mail.registration_id.as_ref().and_then(|r| references.get(r).cloned()), mail })
        .collect())
}

/// What a resend did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resent {
    /// Queued as a new mail with this id.
    Queued(String),
    /// Not a mail of this event (or its person was erased).
    NotFound,
    /// Resent already; this is the mail that replaced it.
    AlreadyResent(String),
    /// Still being sent or waiting for a retry: nothing to resend yet.
    NotFinished,
}

/// Resends a sent or failed mail of the event, audited.
pub fn resend(conn: &mut DbConn, event_id: &EventId, id: &str, actor: &str, now: NaiveDateTime) -> QueryResult<Resent> {
    db::write_tx(conn, |conn| {
        let Some(old) = outbox::table.find(id).select(OutboxRow::as_select()).first(conn).optional()? else {
            return Ok(Resent::NotFound);
        };
        // The address and language as they are now: staff may have corrected them.
        let current: Option<(String, String)> = match (&old.registration_id, &old.invitation_id) {
            (Some(rid), _) => registrations::table
                .find(rid)
                .filter(registrations::event_id.eq(event_id))
                .filter(registrations::erased_at.is_null())
                .select((registrations::email, registrations::locale))
                .first(conn)
                .optional()?,
            (None, Some(iid)) => invitations::table
                .find(iid)
                .filter(invitations::event_id.eq(event_id))
                .select((invitations::contact_email, invitations::locale))
                .first(conn)
                .optional()?,
            (None, None) => None,
        };
        let Some((address, locale)) = current.filter(|(a, _)| !a.trim().is_empty()) else {
            return Ok(Resent::NotFound);
        };
        if let Some(newer) = old.superseded_by {
            return Ok(Resent::AlreadyResent(newer));
        }
        if !matches!(old.status, MailStatus::Sent | MailStatus::Failed) {
            return Ok(Resent::NotFinished);
        }
        let new_id = db::new_id();
        let marked = diesel::update(outbox::table.find(id).filter(outbox::superseded_by.is_null()))
            .set((outbox::superseded_by.eq(&new_id), outbox::updated_at.eq(now)))
            .execute(conn)?;
        if marked == 0 {
            return Ok(Resent::NotFound);
        }
        let new = OutboxRow {
            registration_id: old.registration_id.clone(),
            invitation_id: old.invitation_id.clone(),
            broadcast_id: old.broadcast_id.clone(),
            ..row(&new_id, old.kind, &address, &locale, now)
        };
        diesel::insert_into(outbox::table).values(&new).execute(conn)?;
        let entity_id = old.registration_id.as_ref().map_or_else(|| id.to_owned(), |r| r.to_string());
        let change = Change {
            actor,
            action: "mail.resend",
            entity: if old.registration_id.is_some() { "registration" } else { "mail" },
            entity_id: &entity_id,
            event_id: Some(event_id),
            before: Some(
                json!({ "mail": id, "kind": old.kind.as_str(), "status": old.status.as_str(), "error": old.last_error }),
            ),
            after: Some(json!({ "mail": new_id, "address_changed": address != old.recipient })),
        };
        audit::record(conn, change, now)?;
        Ok(Resent::Queued(new_id))
    })
}
