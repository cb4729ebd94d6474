//! Events and their programme: venues, sessions (programme items), categories.

pub mod cli;
pub mod demo;
pub mod setup;
pub mod store;
pub mod translations;
pub mod zones;

use std::collections::HashMap;

use chrono::{NaiveDateTime, TimeZone};
use diesel::prelude::*;

use crate::badges::Paper;
use crate::db::schema::{categories, events, sessions, venues};
use crate::i18n::Lang;
use crate::ids::EventId;

/// An event row. Times are UTC; `time_zone` is the IANA zone the programme is lived in.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = events)]
pub struct Event {
    pub id: EventId,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub ref_prefix: String,
    pub time_zone: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub registration_opens_at: NaiveDateTime,
    pub registration_closes_at: NaiveDateTime,
    pub approval_required: bool,
    pub invitation_only: bool,
    pub default_locale: String,
    pub contact_email: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The paper badges print on, unless a category says otherwise.
    pub badge_layout: Paper,
    /// Badges work only once security has cleared their holder.
    pub vetting_required: bool,
    /// Badges work only once handed over at a desk against a record.
    pub issue_required: bool,
    /// Who is responsible for the personal data (the privacy notice names them).
    pub privacy_controller: String,
    /// Raised whenever the notice changes; a consent records the version it was given to.
    pub privacy_version: i32,
    /// Days after the event's end that personal data is kept, then purged.
    pub retention_days: i32,
    /// When the retention purge removed the event's personal data.
    pub purged_at: Option<NaiveDateTime>,
    /// Doors are being rehearsed: scans are accepted at any time, marked as rehearsal, kept
    /// out of every figure and export, and cleared in one action (`checkin::rehearsal`).
    pub rehearsal: bool,
    /// The host's language (`zh` for the demo): mails to delegates who read another language
    /// carry this one below theirs. Empty: none.
    pub host_locale: String,
    /// Whether mails are bilingual when `host_locale` is set.
    pub bilingual_mail: bool,
}

/// A place where sessions happen.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = venues)]
pub struct Venue {
    pub id: String,
    pub event_id: EventId,
    pub name: String,
    pub address: String,
    pub position: i32,
    pub created_at: NaiveDateTime,
}

/// A kind of participant, with the colour of its badge band.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = categories)]
pub struct Category {
    pub id: String,
    pub event_id: EventId,
    pub name: String,
    pub badge_colour: String,
    pub position: i32,
    /// Whether delegates may choose it on the public form (staff and organisers may not).
    pub self_register: bool,
    pub created_at: NaiveDateTime,
    /// A paper of its own for this category's badges (e.g. CR80 cards for press).
    pub badge_layout: Option<Paper>,
}

/// A programme item at a venue.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub id: String,
    pub event_id: EventId,
    pub venue_id: String,
    pub title: String,
    pub description: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub capacity: Option<i32>,
    pub seats_taken: i32,
    pub created_at: NaiveDateTime,
    /// A second scan is "already admitted" (otherwise people may leave and come back).
    pub single_entry: bool,
    /// Only the registrations that chose this session may enter (not its whole categories).
    pub registered_only: bool,
    /// How long before the start its doors admit.
    pub doors_open_minutes: i32,
    /// How many of one delegation may be inside at once (none: no limit).
    pub delegation_quota: Option<i32>,
    /// Whether the door scans people out (an exit frees a delegation's seat).
    pub exit_scanning: bool,
    /// A zone the badge must carry to enter ('' for none).
    pub required_zone: String,
}

impl Session {
    /// Places left, or `None` when the session has no capacity limit.
    pub fn places_left(&self) -> Option<i32> {
        self.capacity.map(|c| (c - self.seats_taken).max(0))
    }

    /// Whether two sessions share any moment.
    pub fn overlaps(&self, other: &Session) -> bool {
        self.starts_at < other.ends_at && other.starts_at < self.ends_at
    }
}

/// Where the registration window stands at a given moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    NotYetOpen,
    Open,
    Closed,
}

impl Event {
    /// The event's time zone; UTC if the stored name is unknown (it is validated on save).
    pub fn tz(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::UTC)
    }

    /// A UTC time as wall-clock time at the event.
    pub fn local(&self, utc: NaiveDateTime) -> NaiveDateTime {
        self.tz().from_utc_datetime(&utc).naive_local()
    }

    /// When the event's personal data is due to be purged.
    pub fn purge_due_at(&self) -> NaiveDateTime {
        self.ends_at + chrono::Duration::days(i64::from(self.retention_days))
    }

    /// The registration window at `now` (UTC).
    pub fn window(&self, now: NaiveDateTime) -> Window {
        if now < self.registration_opens_at {
            Window::NotYetOpen
        } else if now >= self.registration_closes_at {
            Window::Closed
        } else {
            Window::Open
        }
    }
}

/// An event with everything the public pages and the registration rules need.
#[derive(Clone, Debug)]
pub struct Programme {
    pub event: Event,
    pub venues: Vec<Venue>,
    /// Sorted by start time.
    pub sessions: Vec<Session>,
    /// Sorted by position (order of precedence).
    pub categories: Vec<Category>,
    /// Session id -> category ids allowed; a session missing here is open to all.
    pub allowed: HashMap<String, Vec<String>>,
    /// (owner id, field, locale) -> organiser-written translation.
    pub texts: HashMap<(String, String, String), String>,
    /// Zones and privileges, in their order.
    pub zones: Vec<zones::Zone>,
}

impl Programme {
    /// The organiser's text in `lang`, or the original.
    pub fn text<'a>(&'a self, lang: Lang, owner_id: &str, field: &str, original: &'a str) -> &'a str {
        self.texts
            .get(&(owner_id.to_owned(), field.to_owned(), lang.code().to_owned()))
            .map_or(original, String::as_str)
    }

    /// The event name in `lang`.
    pub fn event_name(&self, lang: Lang) -> &str {
        self.text(lang, self.event.id.as_str(), "name", &self.event.name)
    }

    /// A session's title in `lang`.
    pub fn session_title(&self, lang: Lang, session: &Session) -> String {
        self.text(lang, &session.id, "title", &session.title).to_owned()
    }

    /// A category's name in `lang`.
    pub fn category_name(&self, lang: Lang, category: &Category) -> String {
        self.text(lang, &category.id, "name", &category.name).to_owned()
    }

    /// The venue of a session.
    pub fn venue(&self, venue_id: &str) -> Option<&Venue> {
        self.venues.iter().find(|v| v.id == venue_id)
    }

    /// A venue's name in `lang`.
    pub fn venue_name(&self, lang: Lang, venue: &Venue) -> String {
        self.text(lang, &venue.id, "name", &venue.name).to_owned()
    }

    /// Whether a category may attend a session.
    pub fn admits(&self, session: &Session, category_id: &str) -> bool {
        self.allowed.get(&session.id).is_none_or(|ids| ids.iter().any(|id| id == category_id))
    }

    /// A category by id or by name (case-insensitive): the form sends names, like CSV files.
    pub fn find_category(&self, key: &str) -> Option<&Category> {
        let key = key.trim();
        self.categories
            .iter()
            .find(|c| c.id == key)
            .or_else(|| self.categories.iter().find(|c| c.name.eq_ignore_ascii_case(key)))
    }

    /// A session by id or by exact title.
    pub fn find_session(&self, key: &str) -> Option<&Session> {
        let key = key.trim();
        self.sessions.iter().find(|s| s.id == key).or_else(|| self.sessions.iter().find(|s| s.title == key))
    }
}
