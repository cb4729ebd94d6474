//! Invitations and delegations: an embassy or organisation gets a link with a quota of
//! registrations, prefilled with its organization and country; its focal point (head of
//! delegation) sees and manages the registrations made under it.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use crate::audit::{self, Change};
use crate::common::Message;
use crate::db::schema::{invitations, registrations};
use crate::db::{self, DbConn};
use crate::events::Event;
use crate::i18n;
use crate::ids::EventId;
use crate::mail::outbox;
use crate::secrets::Keys;

mod codes;
use crate::registrations::Registration;
pub use codes::{Codes, normal, seal_clear_codes};

/// An invitation row.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = invitations)]
pub struct Invitation {
    pub id: String,
    pub event_id: EventId,
    /// The keyed hash of the registration code (see `codes`).
    pub code_hash: String,
    pub organization: String,
    pub country: String,
    pub contact_name: String,
    pub contact_email: String,
    pub locale: String,
    pub quota: i32,
    pub used: i32,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    /// The keyed hash of the management code: it opens the delegation's page (see, cancel),
    /// and is mailed to the head of delegation only; the registration code only registers
    /// under the quota.
    pub manage_hash: String,
    /// Both codes, sealed with the server's keys.
    pub codes_sealed: Option<String>,
}

impl Invitation {
    /// Places not yet used.
    pub fn left(&self) -> i32 {
        (self.quota - self.used).max(0)
    }
}

/// Raw input for a new invitation.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct InvitationForm {
    pub organization: String,
    pub country: String,
    pub contact_name: String,
    pub contact_email: String,
    pub locale: String,
    pub quota: String,
}

/// 20 characters from the reference alphabet: about 97 bits, and still easy to read aloud.
pub fn new_code() -> String {
    crate::common::random_code(20)
}

fn problem(field: &'static str, key: &'static str) -> (&'static str, Message) {
    (field, Message { key, args: Vec::new() })
}

/// Problems with a form, by field.
pub type Problems = Vec<(&'static str, Message)>;

/// A new invitation that passed every rule.
#[derive(Debug)]
pub struct NewInvitation {
    pub organization: String,
    pub country: String,
    pub contact_name: String,
    pub contact_email: String,
    pub locale: String,
    pub quota: i32,
}

/// Checks a new invitation; returns the problems by field.
pub fn validate(form: &InvitationForm) -> Result<NewInvitation, Problems> {
    let mut errors = Vec::new();
    let organization = form.organization.trim().to_owned();
    if organization.is_empty() {
        errors.push(problem("organization", "error-required"));
    } else if organization.chars().count() > 200 {
        errors.push(("organization", Message { key: "error-too-long", args: vec![("max", "200".into())] }));
    }
    let hidden = |field, v: &str| {
        crate::registrations::validate::has_hidden_chars(v).then(|| problem(field, "error-control-chars"))
    };
    errors.extend(hidden("organization", &organization).into_iter().chain(hidden("contact_name", &form.contact_name)));
    let country = form.country.trim().to_ascii_uppercase();
    if !country.is_empty() && !i18n::is_country(&country) {
        errors.push(problem("country", "error-country-unknown"));
    }
    let email = form.contact_email.trim().to_owned();
    if email.is_empty() {
        errors.push(problem("contact_email", "error-required"));
    } else if !email.contains('.') || !email_address::EmailAddress::is_valid(&email) {
        errors.push(problem("contact_email", "error-email-invalid"));
    }
    let quota = form.quota.trim().parse::<i32>().ok().filter(|q| (1..=500).contains(q));
    if quota.is_none() {
        errors.push(problem("quota", "error-quota"));
    }
    let locale = i18n::preferred(&form.locale).unwrap_or("en").to_owned();
    match quota {
        Some(quota) if errors.is_empty() => Ok(NewInvitation {
            organization,
            country,
            contact_name: form.contact_name.trim().to_owned(),
            contact_email: email,
            locale,
            quota,
        }),
        _ => Err(errors),
    }
}

/// Creates an invitation and queues its mail to the contact.
pub fn create(
    conn: &mut DbConn,
    keys: &Keys,
    event: &Event,
    form: &InvitationForm,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<Invitation, Problems>> {
    db::write_tx(conn, |conn| create_in(conn, keys, event, form, actor, now))
}

/// `create` inside the caller's transaction.
fn create_in(
    conn: &mut DbConn,
    keys: &Keys,
    event: &Event,
    form: &InvitationForm,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<Invitation, Problems>> {
    let NewInvitation { organization, country, contact_name, contact_email, locale, quota } = match validate(form) {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    let codes = Codes { register: new_code(), manage: new_code() };
    let invitation = Invitation {
        id: db::new_id(),
        event_id: event.id.clone(),
        code_hash: keys.lookup(&codes.register),
        organization,
        country,
        contact_name,
        contact_email,
        locale,
        quota,
        used: 0,
        created_by: actor.to_owned(),
        created_at: now,
        updated_at: now,
        revoked_at: None,
        manage_hash: keys.lookup(&codes.manage),
        codes_sealed: Some(codes.sealed(keys)),
    };
    diesel::insert_into(invitations::table).values(&invitation).execute(conn)?;
    outbox::enqueue_invitation(conn, &invitation, now)?;
    let after = json!({ "organization": invitation.organization, "contact_email": invitation.contact_email, "quota": invitation.quota });
    let change = Change {
        actor,
        action: "invitation.create",
        entity: "invitation",
        entity_id: &invitation.id,
        event_id: Some(&event.id),
        before: None,
        after: Some(after),
    };
    audit::record(conn, change, now)?;
    Ok(Ok(invitation))
}

/// A live invitation by its management code (any case): the delegation's page.
pub fn find_by_manage_code(conn: &mut DbConn, keys: &Keys, code: &str) -> QueryResult<Option<Invitation>> {
    invitations::table
        .filter(invitations::manage_hash.eq(keys.lookup(&normal(code))))
        .filter(invitations::revoked_at.is_null())
        .select(Invitation::as_select())
        .first(conn)
        .optional()
}

/// A live invitation by its registration code (any case).
pub fn find_by_code(conn: &mut DbConn, keys: &Keys, code: &str) -> QueryResult<Option<Invitation>> {
    invitations::table
        .filter(invitations::code_hash.eq(keys.lookup(&normal(code))))
        .filter(invitations::revoked_at.is_null())
        .select(Invitation::as_select())
        .first(conn)
        .optional()
}

/// An invitation by id.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Invitation>> {
    invitations::table.find(id).select(Invitation::as_select()).first(conn).optional()
}

/// An event's invitations, newest first.
pub fn for_event(conn: &mut DbConn, event_id: &EventId) -> QueryResult<Vec<Invitation>> {
    invitations::table
        .filter(invitations::event_id.eq(event_id))
        .order(invitations::created_at.desc())
        .select(Invitation::as_select())
        .load(conn)
}

/// The registrations made under an invitation, oldest first.
pub fn registrations_of(conn: &mut DbConn, invitation_id: &str) -> QueryResult<Vec<Registration>> {
    registrations::table
        .filter(registrations::invitation_id.eq(invitation_id))
        .filter(registrations::erased_at.is_null())
        .order(registrations::created_at.asc())
        .select(Registration::as_select())
        .load(conn)
}

/// Uses one place of the quota if one is left (a conditional update: racing registrations
/// can never exceed it). Returns whether a place was taken.
pub fn take_place(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        invitations::table
            .filter(invitations::id.eq(id))
            .filter(invitations::revoked_at.is_null())
            .filter(invitations::used.lt(invitations::quota)),
    )
    .set((invitations::used.eq(invitations::used + 1), invitations::updated_at.eq(now)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Takes a place again for a reinstated registration: the quota still holds, but a withdrawn
/// invitation does not stop it (registrations made under it stay valid).
pub fn retake_place(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        invitations::table.filter(invitations::id.eq(id)).filter(invitations::used.lt(invitations::quota)),
    )
    .set((invitations::used.eq(invitations::used + 1), invitations::updated_at.eq(now)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Gives a place back (a registration under the invitation was rejected or cancelled).
pub fn release_place(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(invitations::table.filter(invitations::id.eq(id)).filter(invitations::used.gt(0)))
        .set((invitations::used.eq(invitations::used - 1), invitations::updated_at.eq(now)))
        .execute(conn)
        .map(drop)
}

/// Revokes an invitation: its link stops working; registrations made stay.
pub fn revoke(conn: &mut DbConn, id: &str, actor: &str, now: NaiveDateTime) -> QueryResult<bool> {
    db::write_tx(conn, |conn| {
        let n =
            diesel::update(invitations::table.filter(invitations::id.eq(id)).filter(invitations::revoked_at.is_null()))
                .set((invitations::revoked_at.eq(now), invitations::updated_at.eq(now)))
                .execute(conn)?;
        if n == 1 {
            let event_id: EventId = invitations::table.find(id).select(invitations::event_id).first(conn)?;
            let change = Change {
                actor,
                action: "invitation.revoke",
                entity: "invitation",
                entity_id: id,
                event_id: Some(&event_id),
                before: None,
                after: None,
            };
            audit::record(conn, change, now)?;
        }
        Ok(n == 1)
    })
}

#[cfg(test)]
mod tests;

/// What an invitation file did, or why nothing was done.
#[derive(Debug)]
pub enum CsvOutcome {
    Done {
        created: usize,
        skipped: usize,
    },
    /// (line, problems) for every bad line; nothing was created.
    Invalid(Vec<(usize, Problems)>),
    Unreadable(String),
}

/// Creates invitations from a CSV file (columns organization, country, contact_name,
/// contact_email, quota, locale) and queues their mails. All lines are checked first: one bad
/// line and nothing is created. An invitation that exists already (same organization and
/// contact, not withdrawn) is skipped, so importing a file twice changes nothing.
pub fn import_csv(
    conn: &mut DbConn,
    keys: &Keys,
    event: &Event,
    bytes: &[u8],
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<CsvOutcome> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_ascii_lowercase()).collect(),
        Err(e) => return Ok(CsvOutcome::Unreadable(e.to_string())),
    };
    if !headers.iter().any(|h| h == "organization") || !headers.iter().any(|h| h == "contact_email") {
        return Ok(CsvOutcome::Unreadable("the header needs organization and contact_email columns".into()));
    }
    let mut forms = Vec::new();
    let mut invalid = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => return Ok(CsvOutcome::Unreadable(e.to_string())),
        };
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let get = |name: &str| {
            headers.iter().position(|h| h == name).and_then(|i| record.get(i)).unwrap_or_default().to_owned()
        };
        let form = InvitationForm {
            organization: get("organization"),
            country: get("country"),
            contact_name: get("contact_name"),
            contact_email: get("contact_email"),
            locale: get("locale"),
            quota: get("quota"),
        };
        match validate(&form) {
            Ok(_) => forms.push(form),
            Err(problems) => invalid.push((i + 2, problems)),
        }
    }
    if !invalid.is_empty() {
        return Ok(CsvOutcome::Invalid(invalid));
    }
    // One transaction: a failure half-way leaves no half-sent file behind.
    db::write_tx(conn, |conn| {
        let mut existing: Vec<(String, String)> = for_event(conn, &event.id)?
            .into_iter()
            .filter(|i| i.revoked_at.is_none())
            .map(|i| (i.organization.to_lowercase(), i.contact_email.to_lowercase()))
            .collect();
        let (mut created, mut skipped) = (0, 0);
        for form in &forms {
            let key = (form.organization.trim().to_lowercase(), form.contact_email.trim().to_lowercase());
            if existing.contains(&key) {
                skipped += 1;
                continue;
            }
            if create_in(conn, keys, event, form, actor, now)?.is_ok() {
                created += 1;
                // The same line twice in one file is one invitation.
                existing.push(key);
            }
        }
        Ok(CsvOutcome::Done { created, skipped })
    })
}
