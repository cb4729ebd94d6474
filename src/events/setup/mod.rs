//! Event setup by admins: parsing the setup forms once, and saving them with an audit entry.

use chrono::{NaiveDateTime, TimeZone};
use diesel::prelude::*;
use serde::Deserialize;
use serde_json::json;

mod places;
pub mod rules;
mod sessions;

pub use places::{CategoryForm, VenueForm, add_category, add_venue, update_category, update_venue};
pub use sessions::{SessionForm, save_session};

use super::{Event, store};
use crate::audit::{self, Change};
use crate::badges::Paper;
use crate::common::Message;
use crate::db::schema::events;
use crate::db::{self, DbConn};

/// Problems with a form, by field.
pub type Problems = Vec<(&'static str, Message)>;

pub(super) fn problem(field: &'static str, key: &'static str) -> (&'static str, Message) {
    (field, Message { key, args: Vec::new() })
}

/// The event settings form (also used to create an event; serialisable so a client can post
/// it back changed).
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct EventForm {
    pub name: String,
    pub slug: String,
    pub ref_prefix: String,
    pub description: String,
    pub time_zone: String,
    pub starts_at: String,
    pub ends_at: String,
    pub registration_opens_at: String,
    pub registration_closes_at: String,
    pub approval_required: Option<String>,
    pub invitation_only: Option<String>,
    pub contact_email: String,
    /// The paper badges print on: a6, cr80 or a4-4up.
    pub badge_layout: String,
    pub vetting_required: Option<String>,
    pub issue_required: Option<String>,
    /// The host's language code, or empty for none.
    pub host_locale: String,
    /// Mails carry the host's language below the delegate's.
    pub bilingual_mail: Option<String>,
}

/// The value a `datetime-local` input shows for a UTC time, in the event's zone.
pub fn local_input(event_tz: chrono_tz::Tz, utc: NaiveDateTime) -> String {
    event_tz.from_utc_datetime(&utc).naive_local().format("%Y-%m-%dT%H:%M").to_string()
}

pub(super) fn parse_local(tz: chrono_tz::Tz, text: &str) -> Option<NaiveDateTime> {
    let local = NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M").ok()?;
    // A time skipped by a clock change does not exist; an ambiguous one takes the earlier.
    tz.from_local_datetime(&local).earliest().map(|t| t.naive_utc())
}

impl EventForm {
    /// The form showing an existing event.
    pub fn of(e: &Event) -> EventForm {
        let tz = e.tz();
        EventForm {
            name: e.name.clone(),
            slug: e.slug.clone(),
            ref_prefix: e.ref_prefix.clone(),
            description: e.description.clone(),
            time_zone: e.time_zone.clone(),
            starts_at: local_input(tz, e.starts_at),
            ends_at: local_input(tz, e.ends_at),
            registration_opens_at: local_input(tz, e.registration_opens_at),
            registration_closes_at: local_input(tz, e.registration_closes_at),
            approval_required: e.approval_required.then(|| "on".into()),
            invitation_only: e.invitation_only.then(|| "on".into()),
            contact_email: e.contact_email.clone(),
            badge_layout: e.badge_layout.key().to_owned(),
            vetting_required: e.vetting_required.then(|| "on".into()),
            issue_required: e.issue_required.then(|| "on".into()),
            host_locale: e.host_locale.clone(),
            bilingual_mail: e.bilingual_mail.then(|| "on".into()),
        }
    }

    /// Applies the form to `base` (a new or existing event) if every value is valid.
    pub fn apply(&self, base: &Event, now: NaiveDateTime) -> Result<Event, Problems> {
        let mut errors = Vec::new();
        let name = self.name.trim().to_owned();
        if name.is_empty() {
            errors.push(problem("name", "error-required"));
        }
        let slug = self.slug.trim().to_ascii_lowercase();
        let slug_ok = (2..=40).contains(&slug.len())
            && slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !slug.starts_with('-');
        if !slug_ok {
            errors.push(problem("slug", "error-slug"));
        }
        let prefix = self.ref_prefix.trim().to_ascii_uppercase();
        if !(1..=4).contains(&prefix.len()) || !prefix.chars().all(|c| c.is_ascii_uppercase()) {
            errors.push(problem("ref_prefix", "error-prefix"));
        }
        let tz: Option<chrono_tz::Tz> = self.time_zone.trim().parse().ok();
        if tz.is_none() {
            errors.push(problem("time_zone", "error-time-zone"));
        }
        let tz = tz.unwrap_or(chrono_tz::UTC);
        let mut time = |field: &'static str, text: &str| {
            let t = parse_local(tz, text);
            if t.is_none() {
                errors.push(problem(field, "error-datetime"));
            }
            t.unwrap_or(now)
        };
        let starts_at = time("starts_at", &self.starts_at);
        let ends_at = time("ends_at", &self.ends_at);
        let opens = time("registration_opens_at", &self.registration_opens_at);
        let closes = time("registration_closes_at", &self.registration_closes_at);
        if ends_at <= starts_at {
            errors.push(problem("ends_at", "error-ends-before-start"));
        }
        if closes <= opens {
            errors.push(problem("registration_closes_at", "error-ends-before-start"));
        }
        let contact = self.contact_email.trim().to_owned();
        if !contact.is_empty() && !email_address::EmailAddress::is_valid(&contact) {
            errors.push(problem("contact_email", "error-email-invalid"));
        }
        let host_locale = self.host_locale.trim().to_ascii_lowercase();
        if !host_locale.is_empty() && !crate::i18n::Lang::ALL.iter().any(|l| l.code() == host_locale) {
            errors.push(problem("host_locale", "error-host-locale"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Event {
            host_locale,
            bilingual_mail: self.bilingual_mail.is_some(),
            name,
            slug,
            ref_prefix: prefix,
            description: self.description.trim().to_owned(),
            time_zone: tz.name().to_owned(),
            starts_at,
            ends_at,
            registration_opens_at: opens,
            registration_closes_at: closes,
            approval_required: self.approval_required.is_some(),
            invitation_only: self.invitation_only.is_some(),
            contact_email: contact,
            badge_layout: Paper::parse(&self.badge_layout).unwrap_or(base.badge_layout),
            vetting_required: self.vetting_required.is_some(),
            issue_required: self.issue_required.is_some(),
            updated_at: now,
            ..base.clone()
        })
    }
}

/// An empty event to fill in, dated a month ahead.
pub fn blank_event(now: NaiveDateTime) -> Event {
    let day = now + chrono::Duration::days(30);
    Event {
        id: db::new_id().into(),
        slug: String::new(),
        name: String::new(),
        description: String::new(),
        ref_prefix: String::new(),
        time_zone: "UTC".into(),
        starts_at: day,
        ends_at: day + chrono::Duration::hours(8),
        registration_opens_at: now,
        registration_closes_at: day - chrono::Duration::days(3),
        approval_required: true,
        invitation_only: false,
        default_locale: "en".into(),
        contact_email: String::new(),
        created_at: now,
        updated_at: now,
        badge_layout: Paper::A6,
        vetting_required: false,
        issue_required: false,
        privacy_controller: String::new(),
        privacy_version: 1,
        retention_days: 90,
        purged_at: None,
        rehearsal: false,
        host_locale: String::new(),
        bilingual_mail: true,
    }
}

/// An audit entry for a setup change (no "before": setup pages show the current state).
pub(super) fn change<'a>(
    actor: &'a str,
    action: &'a str,
    entity: &'a str,
    id: &'a str,
    event_id: &'a crate::ids::EventId,
    after: serde_json::Value,
) -> Change<'a> {
    Change { actor, action, entity, entity_id: id, event_id: Some(event_id), before: None, after: Some(after) }
}

/// Saves an event (insert when new); a taken slug is a problem on the slug field.
pub fn save_event(
    conn: &mut DbConn,
    event: &Event,
    is_new: bool,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<(), Problems>> {
    let result = db::write_tx(conn, |conn| {
        if is_new {
            store::insert_event(conn, event)?;
        } else {
            diesel::update(events::table.find(&event.id)).set(event_changes(event)).execute(conn)?;
        }
        let after = json!({ "name": event.name, "slug": event.slug, "approval_required": event.approval_required, "invitation_only": event.invitation_only,
            "vetting_required": event.vetting_required, "issue_required": event.issue_required,
            "host_locale": event.host_locale, "bilingual_mail": event.bilingual_mail });
        audit::record(
            conn,
            change(
                actor,
                if is_new { "event.create" } else { "event.update" },
                "event",
                event.id.as_str(),
                &event.id,
                after,
            ),
            now,
        )
    });
    match result {
        Ok(()) => Ok(Ok(())),
        Err(e) if db::unique_violation_on(&e).is_some() => Ok(Err(vec![problem("slug", "error-slug-taken")])),
        Err(e) => Err(e),
    }
}

#[allow(clippy::type_complexity)]
fn event_changes(
    e: &Event,
) -> (
    diesel::dsl::Eq<events::slug, String>,
    diesel::dsl::Eq<events::name, String>,
    diesel::dsl::Eq<events::description, String>,
    diesel::dsl::Eq<events::ref_prefix, String>,
    diesel::dsl::Eq<events::time_zone, String>,
    diesel::dsl::Eq<events::starts_at, NaiveDateTime>,
    diesel::dsl::Eq<events::ends_at, NaiveDateTime>,
    diesel::dsl::Eq<events::registration_opens_at, NaiveDateTime>,
    diesel::dsl::Eq<events::registration_closes_at, NaiveDateTime>,
    diesel::dsl::Eq<events::approval_required, bool>,
    diesel::dsl::Eq<events::invitation_only, bool>,
    diesel::dsl::Eq<events::contact_email, String>,
    diesel::dsl::Eq<events::badge_layout, crate::badges::Paper>,
    (diesel::dsl::Eq<events::vetting_required, bool>, diesel::dsl::Eq<events::issue_required, bool>),
    (diesel::dsl::Eq<events::host_locale, String>, diesel::dsl::Eq<events::bilingual_mail, bool>),
    diesel::dsl::Eq<events::updated_at, NaiveDateTime>,
) {
    (
        events::slug.eq(e.slug.clone()),
        events::name.eq(e.name.clone()),
        events::description.eq(e.description.clone()),
        events::ref_prefix.eq(e.ref_prefix.clone()),
        events::time_zone.eq(e.time_zone.clone()),
        events::starts_at.eq(e.starts_at),
        events::ends_at.eq(e.ends_at),
        events::registration_opens_at.eq(e.registration_opens_at),
        events::registration_closes_at.eq(e.registration_closes_at),
        events::approval_required.eq(e.approval_required),
        events::invitation_only.eq(e.invitation_only),
        events::contact_email.eq(e.contact_email.clone()),
        events::badge_layout.eq(e.badge_layout),
        (events::vetting_required.eq(e.vetting_required), events::issue_required.eq(e.issue_required)),
        (events::host_locale.eq(e.host_locale.clone()), events::bilingual_mail.eq(e.bilingual_mail)),
        events::updated_at.eq(e.updated_at),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_are_read_in_the_events_zone() {
        let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
        let utc = parse_local(tz, "2026-12-23T14:00").unwrap();
        assert_eq!(utc.format("%H:%M").to_string(), "06:00");
        assert_eq!(local_input(tz, utc), "2026-12-23T14:00");
        assert!(parse_local(tz, "23/12/2026 14:00").is_none());
    }

    #[test]
    fn the_event_form_refuses_what_would_break_the_event() {
        let now = chrono::Utc::now().naive_utc();
        let mut form = EventForm::of(&blank_event(now));
        form.name = "Forum".into();
        form.slug = "Forum 2027".into();
        form.ref_prefix = "F1".into();
        form.time_zone = "Mars/Olympus".into();
        let fields: Vec<&str> = form.apply(&blank_event(now), now).unwrap_err().iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["slug", "ref_prefix", "time_zone"]);
    }

    #[test]
    fn the_event_form_reads_its_paper_once_and_keeps_the_old_one_for_an_unknown_key() {
        let now = chrono::Utc::now().naive_utc();
        let mut base = blank_event(now);
        base.badge_layout = Paper::Cr80;
        let mut form = EventForm::of(&base);
        assert_eq!(form.badge_layout, "cr80");
        (form.name, form.slug, form.ref_prefix) = ("Forum".into(), "forum".into(), "F".into());
        form.badge_layout = " A4-4UP ".into();
        assert_eq!(form.apply(&base, now).unwrap().badge_layout, Paper::A4FourUp);
        form.badge_layout = "a5".into();
        assert_eq!(form.apply(&base, now).unwrap().badge_layout, Paper::Cr80);
    }
}
