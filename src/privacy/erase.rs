//! Erasure: one person at a staff member's request, or a whole event once its retention period
//! is over (the purge). Both remove the same things: personal fields, photos, badges and their
//! links, vetting notes, mails (rows and `.eml` files), invitation contacts, personal values in
//! the audit log. The registration row stays without a person (its category, status, sessions
//! and scans), so attendance figures keep their counts. SQLite zeroes what is removed
//! (`secure_delete`) and the WAL is truncated afterwards, so nothing lingers in the files.

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::Text;
use serde_json::json;

use crate::audit::{self, Change};
use crate::db::schema::{
    audit_log, badge_links, badges, handovers, invitations, outbox, photo_proposals, photos, registrations, scans,
    vettings,
};
use crate::db::{self, DbConn};
use crate::events::Event;
use crate::ids::{EventId, RegistrationId};

/// What an erasure removed, or what a purge would remove.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Registrations with personal data.
    pub registrations: i64,
    pub photos: i64,
    pub mails: i64,
    /// Invitations with a contact's name or address.
    pub invitations: i64,
}

impl Counts {
    pub fn is_empty(&self) -> bool {
        *self == Counts::default()
    }
}

/// The personal data an event holds now.
pub fn held(conn: &mut DbConn, event_id: &EventId) -> QueryResult<Counts> {
    let people = registrations::table
        .filter(registrations::event_id.eq(event_id).and(registrations::erased_at.is_null()))
        .select(registrations::id);
    let registrations = people.count().get_result(conn)?;
    let photos = photos::table.filter(photos::registration_id.eq_any(people)).count().get_result::<i64>(conn)?
        + photo_proposals::table
            .filter(photo_proposals::registration_id.eq_any(people))
            .count()
            .get_result::<i64>(conn)?;
    let of_event = invitations::table.filter(invitations::event_id.eq(event_id)).select(invitations::id);
    let mails = outbox::table
        .filter(outbox::registration_id.eq_any(people.nullable()).or(outbox::invitation_id.eq_any(of_event.nullable())))
        .count()
        .get_result(conn)?;
    let invitations = invitations::table
        .filter(invitations::event_id.eq(event_id))
        .filter(invitations::contact_name.ne("").or(invitations::contact_email.ne("")))
        .count()
        .get_result(conn)?;
    Ok(Counts { registrations, photos, mails, invitations })
}

/// Mails removed from the outbox table, whose `.eml` copies must go too.
#[derive(Debug, Default)]
pub struct Removed {
    pub counts: Counts,
    message_ids: Vec<String>,
}

impl Removed {
    /// Deletes the `.eml` copies of the removed mails from the file outbox (when mail goes to
    /// files), and returns how many went.
    pub fn remove_files(&self, outbox_dir: &Path) -> usize {
        if self.message_ids.is_empty() {
            return 0;
        }
        let wanted: HashSet<String> = self.message_ids.iter().map(|id| format!("<{id}>")).collect();
        let Ok(entries) = std::fs::read_dir(outbox_dir) else { return 0 };
        let mut removed = 0;
        for path in entries.filter_map(|e| e.ok()).map(|e| e.path()) {
            if path.extension().is_none_or(|x| x != "eml") {
                continue;
            }
            let Ok(text) = std::fs::read(&path) else { continue };
            // Headers end at the first blank line; the Message-ID is one of them.
            let head =
                String::from_utf8_lossy(&text[..text.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(text.len())]);
            let id = head.lines().find_map(|l| {
                l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case("message-id")).map(|(_, v)| v.trim())
            });
            if id.is_some_and(|id| wanted.contains(id)) && std::fs::remove_file(&path).is_ok() {
                removed += 1;
            }
        }
        removed
    }
}

/// Erases one person (a staff member's decision, audited without personal data).
pub fn erase_one(
    conn: &mut DbConn,
    event_id: &EventId,
    id: &RegistrationId,
    reference: &str,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<Removed> {
    let removed = db::write_tx(conn, |conn| {
        let removed = erase(conn, event_id, std::slice::from_ref(id), now)?;
        let after = json!({ "reference": reference });
        audit::record(
            conn,
            Change {
                actor,
                action: "registration.erase",
                entity: "registration",
                entity_id: id.as_str(),
                event_id: Some(event_id),
                before: None,
                after: Some(after),
            },
            now,
        )?;
        Ok::<_, diesel::result::Error>(removed)
    })?;
    db::truncate_wal(conn)?;
    Ok(removed)
}

/// Purges an event whose retention period is over: everyone in it, its invitation contacts,
/// its mails, and every personal value in its audit log. The figures stay.
pub fn purge(conn: &mut DbConn, event: &Event, actor: &str, now: NaiveDateTime) -> QueryResult<Removed> {
    let removed = db::write_tx(conn, |conn| {
        let people: Vec<RegistrationId> = registrations::table
            .filter(registrations::event_id.eq(&event.id).and(registrations::erased_at.is_null()))
            .select(registrations::id)
            .load(conn)?;
        let mut removed = erase(conn, &event.id, &people, now)?;
        let of_event = invitations::table.filter(invitations::event_id.eq(&event.id)).select(invitations::id);
        let mails: Vec<String> = outbox::table
            .filter(outbox::invitation_id.eq_any(of_event.nullable()))
            .select(outbox::message_id)
            .load(conn)?;
        removed.counts.mails += mails.len() as i64;
        removed.message_ids.extend(mails);
        diesel::delete(outbox::table.filter(outbox::invitation_id.eq_any(of_event.nullable()))).execute(conn)?;
        removed.counts.invitations = diesel::update(
            invitations::table
                .filter(invitations::event_id.eq(&event.id))
                .filter(invitations::contact_name.ne("").or(invitations::contact_email.ne(""))),
        )
        .set((invitations::contact_name.eq(""), invitations::contact_email.eq("")))
        .execute(conn)? as i64;
        diesel::update(handovers::table.filter(handovers::event_id.eq(&event.id)))
            .set(handovers::collected_by.eq(""))
            .execute(conn)?;
        diesel::update(audit_log::table.filter(audit_log::event_id.eq(&event.id)))
            .set((audit_log::before_value.eq(None::<String>), audit_log::after_value.eq(None::<String>)))
            .execute(conn)?;
        diesel::update(crate::db::schema::events::table.find(&event.id))
            .set(crate::db::schema::events::purged_at.eq(now))
            .execute(conn)?;
        audit::record(
            conn,
            Change {
                actor,
                action: "event.purge",
                entity: "event",
                entity_id: event.id.as_str(),
                event_id: Some(&event.id),
                before: None,
                after: Some(serde_json::to_value(&removed.counts).unwrap_or_default()),
            },
            now,
        )?;
        Ok::<_, diesel::result::Error>(removed)
    })?;
    db::truncate_wal(conn)?;
    Ok(removed)
}

/// The removal itself, inside the caller's transaction.
fn erase(conn: &mut DbConn, event_id: &EventId, ids: &[RegistrationId], now: NaiveDateTime) -> QueryResult<Removed> {
    let mut removed = Removed::default();
    if ids.is_empty() {
        return Ok(removed);
    }
    // The words to look for in audit values and handover records: names and addresses.
    let people: Vec<crate::registrations::Registration> = registrations::table
        .filter(registrations::id.eq_any(ids))
        .select(crate::registrations::Registration::as_select())
        .load(conn)?;
    let mut words: HashSet<String> = HashSet::new();
    for r in &people {
        for w in [&r.email, &r.given_name, &r.family_name, &r.native_name, &r.badge_name, &r.phone] {
            // Short Latin words would match unrelated text; a two-character Chinese name is whole.
            let n = w.chars().count();
            if n >= 3 || (n == 2 && !w.is_ascii()) {
                words.insert(w.to_lowercase());
            }
        }
    }
    let badge_ids: Vec<String> =
        badges::table.filter(badges::registration_id.eq_any(ids)).select(badges::id).load(conn)?;
    let emails: Vec<&str> = people.iter().map(|r| r.email.as_str()).collect();

    removed.counts.registrations = diesel::update(registrations::table.filter(registrations::id.eq_any(ids)))
        .set((
            (
                registrations::honorific.eq(""),
                registrations::given_name.eq(""),
                registrations::family_name.eq(""),
                registrations::native_name.eq(""),
                registrations::badge_name.eq(""),
                registrations::email.eq(""),
                // Unique per event: the erased keep an address of their own that is no one's.
                registrations::email_lower.eq(diesel::dsl::sql::<Text>("'erased:' || id")),
                registrations::phone.eq(""),
                registrations::country.eq(""),
            ),
            (
                registrations::organization.eq(""),
                registrations::position.eq(""),
                registrations::dietary.eq(""),
                registrations::accessibility.eq(""),
                registrations::status_reason.eq(""),
                registrations::search_text.eq(""),
                registrations::precedence.eq(None::<i32>),
                registrations::precedence_class.eq(None::<crate::registrations::precedence::PrecedenceClass>),
                registrations::credentials_presented_at.eq(None::<chrono::NaiveDateTime>),
                registrations::door_note.eq(""),
                registrations::zones.eq(""),
                registrations::erased_at.eq(now),
                registrations::updated_at.eq(now),
            ),
        ))
        .execute(conn)? as i64;
    removed.counts.photos = diesel::delete(photos::table.filter(photos::registration_id.eq_any(ids))).execute(conn)?
        as i64
        + diesel::delete(photo_proposals::table.filter(photo_proposals::registration_id.eq_any(ids))).execute(conn)?
            as i64;
    diesel::delete(badge_links::table.filter(badge_links::registration_id.eq_any(ids))).execute(conn)?;
    diesel::delete(vettings::table.filter(vettings::registration_id.eq_any(ids))).execute(conn)?;
    diesel::delete(crate::db::schema::watches::table.filter(crate::db::schema::watches::registration_id.eq_any(ids)))
        .execute(conn)?;
    // Prints and handover links go with the badges; scans keep their counts (badge_id → NULL,
    // set here: on PostgreSQL `scans` has no foreign key to do it, see migration 000033).
    let erased_badges = badges::table.filter(badges::registration_id.eq_any(ids)).select(badges::id);
    diesel::update(scans::table.filter(scans::badge_id.eq_any(erased_badges.nullable())))
        .set(scans::badge_id.eq(None::<String>))
        .execute(conn)?;
    diesel::delete(badges::table.filter(badges::registration_id.eq_any(ids))).execute(conn)?;
    let mails: Vec<String> = outbox::table
        .filter(outbox::registration_id.eq_any(ids.iter().map(|i| Some(i.clone()))))
        .select(outbox::message_id)
        .load(conn)?;
    removed.counts.mails = mails.len() as i64;
    removed.message_ids = mails;
    diesel::delete(outbox::table.filter(outbox::registration_id.eq_any(ids.iter().map(|i| Some(i.clone())))))
        .execute(conn)?;
    // An invitation whose contact is the erased person.
    removed.counts.invitations = diesel::update(
        invitations::table
            .filter(invitations::event_id.eq(event_id))
            .filter(invitations::contact_email.eq_any(&emails)),
    )
    .set((invitations::contact_name.eq(""), invitations::contact_email.eq("")))
    .execute(conn)? as i64;
    forget_in_records(conn, event_id, ids, &badge_ids, &words)?;
    Ok(removed)
}

/// Handovers no longer covering any badge go; audit entries about the people, their badges,
/// or naming them anywhere in their values keep the action and lose the values.
fn forget_in_records(
    conn: &mut DbConn,
    event_id: &EventId,
    ids: &[RegistrationId],
    badge_ids: &[String],
    words: &HashSet<String>,
) -> QueryResult<()> {
    use crate::db::schema::badge_handovers;
    let in_use = badge_handovers::table.select(badge_handovers::handover_id);
    diesel::delete(handovers::table.filter(handovers::event_id.eq(event_id)).filter(handovers::id.ne_all(in_use)))
        .execute(conn)?;
    let named = |text: &str| {
        let text = text.to_lowercase();
        words.iter().any(|w| text.contains(w.as_str()))
    };
    let kept: Vec<(String, String)> = handovers::table
        .filter(handovers::event_id.eq(event_id))
        .select((handovers::id, handovers::collected_by))
        .load(conn)?;
    for (id, _) in kept.iter().filter(|(_, by)| named(by)) {
        diesel::update(handovers::table.find(id)).set(handovers::collected_by.eq("")).execute(conn)?;
    }
    let entries: Vec<(String, String, Option<String>, Option<String>)> = audit_log::table
        .filter(audit_log::event_id.eq(event_id))
        .filter(audit_log::before_value.is_not_null().or(audit_log::after_value.is_not_null()))
        .select((audit_log::id, audit_log::entity_id, audit_log::before_value, audit_log::after_value))
        .load(conn)?;
    let ids: HashSet<&str> =
        ids.iter().map(RegistrationId::as_str).chain(badge_ids.iter().map(String::as_str)).collect();
    for (id, entity, before, after) in entries {
        let about = ids.contains(entity.as_str())
            || before.as_deref().is_some_and(named)
            || after.as_deref().is_some_and(named);
        if about {
            diesel::update(audit_log::table.find(&id))
                .set((audit_log::before_value.eq(None::<String>), audit_log::after_value.eq(None::<String>)))
                .execute(conn)?;
        }
    }
    Ok(())
}
