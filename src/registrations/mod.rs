//! Registering for an event: one registration per email per event, its sessions, its mail.

pub mod csv_io;
pub mod holds;
pub mod manage;
pub mod precedence;
pub mod search;
pub mod store;
pub mod validate;
pub mod walk_in;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::registrations;
use crate::db::{self, DbConn};
use crate::events::{Programme, Window};
use crate::ids::{EventId, RegistrationId};
use crate::invitations::Invitation;
use crate::mail::outbox::{self, MailKind};
pub use validate::{NewRegistration, RegistrationForm, Source, validate};

/// Where a registration stands.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
    serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum Status {
    Pending,
    Approved,
    Rejected,
    Cancelled,
}

crate::text_column!(Status);

impl crate::db::text::TextValue for Status {
    fn as_str(&self) -> &'static str {
        Status::as_str(*self)
    }

    fn parse(s: &str) -> Option<Status> {
        Status::parse(s)
    }
}

impl Status {
    /// The value stored in `registrations.status`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
            Status::Cancelled => "cancelled",
        }
    }

    /// Every state, in the order lists show them.
    pub const ALL: [Status; 4] = [Status::Pending, Status::Approved, Status::Rejected, Status::Cancelled];

    /// Parses a stored or typed value.
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// A registration row.
#[derive(Clone, Debug, Queryable, QueryableByName, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = registrations, treat_none_as_null = true)]
pub struct Registration {
    pub id: RegistrationId,
    pub event_id: EventId,
    pub reference: String,
    pub honorific: String,
    pub given_name: String,
    pub family_name: String,
    pub native_name: String,
    pub badge_name: String,
    pub email: String,
    pub email_lower: String,
    pub phone: String,
    pub country: String,
    pub organization: String,
    pub position: String,
    pub category_id: String,
    pub dietary: String,
    pub accessibility: String,
    pub locale: String,
    pub status: Status,
    pub status_reason: String,
    pub source: Source,
    pub search_text: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The invitation it was made under, if any.
    pub invitation_id: Option<String>,
    /// A head of mission's class in the order of precedence.
    pub precedence_class: Option<precedence::PrecedenceClass>,
    /// When their credentials were presented, in the event's local time.
    pub credentials_presented_at: Option<NaiveDateTime>,
    /// A note for the door, shown with every answer to their badge (staff set it).
    pub door_note: String,
    /// Zone codes of its own, space-separated; its category's zones come on top.
    pub zones: String,
}

/// The characters of the texts a badge prints that no badge font has (each once): they would
/// print as empty boxes. A warning where the name is typed and on the desk, never a refusal.
pub fn unprintable(texts: [&str; 7]) -> String {
    crate::badges::fonts::uncovered(&texts.join(" ")).into_iter().collect()
}

impl Registration {
    /// See [`unprintable`].
    pub fn unprintable(&self) -> String {
        unprintable([
            &self.honorific,
            &self.given_name,
            &self.family_name,
            &self.native_name,
            &self.badge_name,
            &self.organization,
            &self.position,
        ])
    }

    /// The name as a person would be addressed: honorific, given and family name.
    pub fn display_name(&self) -> String {
        [self.honorific.as_str(), self.given_name.as_str(), self.family_name.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl NewRegistration {
    /// `base` with this person's validated fields (and the derived email and search
    /// columns); identity, status and timestamps other than `updated_at` are kept.
    pub fn applied_to(&self, base: Registration, now: NaiveDateTime) -> Registration {
        let mut row = Registration {
            honorific: self.honorific.clone(),
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            native_name: self.native_name.clone(),
            badge_name: self.badge_name.clone(),
            email: self.email.clone(),
            email_lower: self.email.to_lowercase(),
            phone: self.phone.clone(),
            country: self.country.clone(),
            organization: self.organization.clone(),
            position: self.position.clone(),
            category_id: self.category_id.clone(),
            dietary: self.dietary.clone(),
            accessibility: self.accessibility.clone(),
            locale: self.locale.clone(),
            updated_at: now,
            ..base
        };
        // Only staff set the order of precedence; a delegate's own edit keeps it.
        if let Some(p) = self.precedence {
            row.precedence_class = p.class;
            row.credentials_presented_at = p.credentials_presented_at;
        }
        row.search_text = search_text(&row);
        row
    }
}

/// What staff search matches: names in every script, email, reference and organization,
/// lower-cased (Unicode) so the same `LIKE` works on both backends.
pub fn search_text(r: &Registration) -> String {
    [
        &r.reference,
        &r.honorific,
        &r.given_name,
        &r.family_name,
        &r.native_name,
        &r.badge_name,
        &r.email,
        &r.organization,
        &r.position,
    ]
    .iter()
    .map(|s| s.to_lowercase())
    .collect::<Vec<_>>()
    .join("\u{1f}")
}

/// A short reference such as `QH-7K3M9P` (29^6 ≈ 600 million per prefix).
pub fn new_reference(prefix: &str) -> String {
    format!("{prefix}-{}", crate::common::random_code(6))
}

/// The result of `register`: every expected case is a value, not an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegisterOutcome {
    Registered {
        id: RegistrationId,
        reference: String,
        status: Status,
    },
    AlreadyRegistered,
    SessionFull {
        session_id: String,
    },
    Closed(Window),
    InvitationOnly,
    /// Every place of the invitation is used.
    QuotaReached,
}

enum Abort {
    Db(diesel::result::Error),
    ReferenceTaken,
    AlreadyRegistered,
    Full(String),
    QuotaReached,
}

impl From<diesel::result::Error> for Abort {
    fn from(e: diesel::result::Error) -> Abort {
        Abort::Db(e)
    }
}

/// Registers a validated person at `now`, under an invitation if one was presented: the
/// registration, its sessions, its places, its share of the invitation's quota and its
/// confirmation mail commit together or not at all.
pub fn register(
    conn: &mut DbConn,
    keys: &crate::secrets::Keys,
    programme: &Programme,
    new: &NewRegistration,
    source: Source,
    invitation: Option<&Invitation>,
    now: NaiveDateTime,
) -> QueryResult<RegisterOutcome> {
    register_with(conn, keys, programme, new, source, invitation, now, &mut |_, _| Ok(()))
}

/// `register`, with `also` run on the new row inside the same transaction (the photo for the
/// badge): if it fails, nothing is registered and no mail is queued.
#[allow(clippy::too_many_arguments)] // one use case's inputs; grouping them would only rename them
pub fn register_with(
    conn: &mut DbConn,
    keys: &crate::secrets::Keys,
    programme: &Programme,
    new: &NewRegistration,
    source: Source,
    invitation: Option<&Invitation>,
    now: NaiveDateTime,
    also: &mut dyn FnMut(&mut DbConn, &Registration) -> QueryResult<()>,
) -> QueryResult<RegisterOutcome> {
    let event = &programme.event;
    let invitation = invitation.filter(|i| i.event_id == event.id && i.revoked_at.is_none());
    if matches!(source, Source::Web | Source::Api) {
        match event.window(now) {
            Window::Open => {}
            closed => return Ok(RegisterOutcome::Closed(closed)),
        }
        if event.invitation_only && invitation.is_none() {
            return Ok(RegisterOutcome::InvitationOnly);
        }
    }
    let status = if event.approval_required { Status::Pending } else { Status::Approved };
    // A reference collision is rare (a few in a million at 10,000 registrations); PostgreSQL
    // aborts the transaction on it, so the whole transaction is retried with a new one.
    for _ in 0..5 {
        let row = Registration {
            id: RegistrationId::new(),
            event_id: event.id.clone(),
            reference: new_reference(&event.ref_prefix),
            honorific: String::new(),
            given_name: String::new(),
            family_name: String::new(),
            native_name: String::new(),
            badge_name: String::new(),
            email: String::new(),
            email_lower: String::new(),
            phone: String::new(),
            country: String::new(),
            organization: String::new(),
            position: String::new(),
            category_id: String::new(),
            dietary: String::new(),
            accessibility: String::new(),
            locale: String::new(),
            status,
            status_reason: String::new(),
            source,
            search_text: String::new(),
            created_at: now,
            updated_at: now,
            invitation_id: invitation.map(|i| i.id.clone()),
            precedence_class: None,
            credentials_presented_at: None,
            door_note: String::new(),
            zones: String::new(),
        };
        let row = new.applied_to(row, now);
        let result = db::write_tx(conn, |conn| {
            store::insert(conn, &row).map_err(|e| match db::unique_violation_on(&e) {
                Some(index) if index.contains("reference") => Abort::ReferenceTaken,
                Some(_) => Abort::AlreadyRegistered,
                None => Abort::Db(e),
            })?;
            crate::privacy::record_basis(conn, &row.id, new.basis, event.privacy_version, now)?;
            store::insert_sessions(conn, &row.id, &new.session_ids)?;
            also(conn, &row)?;
            if let Some(i) = invitation
                && !crate::invitations::take_place(conn, &i.id, now)?
            {
                return Err(Abort::QuotaReached);
            }
            let kind = match status {
                Status::Pending => MailKind::RegistrationReceived,
                _ => MailKind::RegistrationConfirmed,
            };
            if status == Status::Approved {
                crate::badges::store::ensure_current(conn, keys, &row, "system", now)?;
            }
            outbox::enqueue(conn, kind, &row.id, &row.email, &row.locale, now)?;
            // Places last: on PostgreSQL the session row stays locked until commit.
            for session in programme.sessions.iter().filter(|s| s.capacity.is_some()) {
                if new.session_ids.contains(&session.id) && !crate::events::store::take_seat(conn, &session.id)? {
                    return Err(Abort::Full(session.id.clone()));
                }
            }
            Ok(())
        });
        return match result {
            Ok(()) => Ok(RegisterOutcome::Registered { id: row.id, reference: row.reference, status }),
            Err(Abort::ReferenceTaken) => continue,
            Err(Abort::AlreadyRegistered) => Ok(RegisterOutcome::AlreadyRegistered),
            Err(Abort::Full(session_id)) => Ok(RegisterOutcome::SessionFull { session_id }),
            Err(Abort::QuotaReached) => Ok(RegisterOutcome::QuotaReached),
            Err(Abort::Db(e)) => Err(e),
        };
    }
    Err(diesel::result::Error::RollbackTransaction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_short_and_unambiguous() {
        for _ in 0..1000 {
            let r = new_reference("QH");
            assert_eq!(r.len(), 9);
            assert!(r.starts_with("QH-"));
            assert!(!r[3..].contains(['0', 'O', '1', 'I', 'L', 'U', 'V']), "{r}");
        }
    }
}
