//! An event, a delegate and a door for the tests of the rules: the facts `judge` is given,
//! made without a database.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime};

use crate::checkin::facts::{Facts, Found, ScannedBadge};
use crate::checkin::record::Record;
use crate::checkin::{Decision, ScanRequest};
use crate::events::{Category, Event, Programme, Session, Venue};
use crate::registrations::Registration;

/// The event's id (its badges carry it).
pub const EVENT: &str = "event-1";
/// The two venues of the event.
pub const HALL: &str = "hall";
pub const ANNEX: &str = "annex";
/// The one session a test door may scan for.
pub const SESSION: &str = "session-1";

/// A UTC time from RFC 3339 text (a test's own constant).
pub fn at(text: &str) -> NaiveDateTime {
    DateTime::parse_from_rfc3339(text).unwrap().naive_utc()
}

fn event() -> Event {
    let t = at("2026-12-24T00:00:00Z");
    Event {
        id: EVENT.into(),
        slug: "qianhai".into(),
        name: "Qianhai".into(),
        description: String::new(),
        ref_prefix: "QH".into(),
        time_zone: "Asia/Shanghai".into(),
        starts_at: t,
        ends_at: t + chrono::Duration::days(2),
        registration_opens_at: t - chrono::Duration::days(30),
        registration_closes_at: t,
        approval_required: true,
        invitation_only: false,
        default_locale: "en".into(),
        contact_email: "protocol@example.org".into(),
        created_at: t,
        updated_at: t,
        badge_layout: crate::badges::Paper::A6,
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

fn venue(id: &str) -> Venue {
    Venue {
        id: id.into(),
        event_id: EVENT.into(),
        name: id.into(),
        address: String::new(),
        position: 0,
        created_at: at("2026-12-01T00:00:00Z"),
    }
}

fn category(id: &str) -> Category {
    Category {
        id: id.into(),
        event_id: EVENT.into(),
        name: id.into(),
        badge_colour: "#1f4e8c".into(),
        position: 0,
        self_register: true,
        created_at: at("2026-12-01T00:00:00Z"),
        badge_layout: None,
    }
}

/// The session `SESSION` at `venue`, from `starts` to `ends`: single entry, open to all.
pub fn session(venue: &str, starts: &str, ends: &str) -> Session {
    Session {
        id: SESSION.into(),
        event_id: EVENT.into(),
        venue_id: venue.into(),
        title: "Plenary".into(),
        description: String::new(),
        starts_at: at(starts),
        ends_at: at(ends),
        capacity: None,
        seats_taken: 0,
        created_at: at("2026-12-01T00:00:00Z"),
        single_entry: true,
        registered_only: false,
        doors_open_minutes: crate::checkin::DOORS_OPEN_MINUTES as i32,
        delegation_quota: None,
        exit_scanning: true,
        required_zone: String::new(),
    }
}

/// The event with both venues, the categories `delegate` and `press`, and `session` if any
/// (only for the categories in `allowed`, when given).
pub fn programme(session: Option<Session>, allowed: Option<Vec<String>>) -> Programme {
    let mut limits = HashMap::new();
    if let Some(ids) = allowed {
        limits.insert(SESSION.to_owned(), ids);
    }
    Programme {
        event: event(),
        venues: vec![venue(HALL), venue(ANNEX)],
        sessions: session.into_iter().collect(),
        categories: vec![category("delegate"), category("press")],
        allowed: limits,
        texts: HashMap::new(),
        zones: vec![crate::events::zones::Zone {
            code: "VIP".into(),
            name: "VIP lounge".into(),
            colour: "#8e24aa".into(),
            categories: vec!["delegate".into()],
        }],
    }
}

/// A delegate of `category` whose registration is `status`.
pub fn registration(status: &str, category: &str) -> Registration {
    let t = at("2026-12-01T00:00:00Z");
    Registration {
        id: "registration-1".into(),
        event_id: EVENT.into(),
        reference: "QH-0001".into(),
        honorific: "H.E.".into(),
        given_name: "Hussam".into(),
        family_name: "Al Husseini".into(),
        native_name: String::new(),
        badge_name: String::new(),
        email: "hussam@example.org".into(),
        email_lower: "hussam@example.org".into(),
        phone: String::new(),
        country: "JO".into(),
        organization: "Embassy of Jordan".into(),
        position: String::new(),
        category_id: category.into(),
        dietary: String::new(),
        accessibility: String::new(),
        locale: "en".into(),
        status: crate::registrations::Status::parse(status)
            .unwrap_or_else(|| panic!("no registration status {status:?}")),
        status_reason: String::new(),
        source: crate::registrations::Source::Web,
        search_text: String::new(),
        created_at: t,
        updated_at: t,
        invitation_id: None,
        precedence_class: None,
        credentials_presented_at: None,
        door_note: String::new(),
        zones: String::new(),
    }
}

/// Badge `version` of the event; `current` unless it has been reissued.
pub fn badge(version: i32, current: bool) -> ScannedBadge {
    ScannedBadge { id: format!("badge-{version}"), event_id: EVENT.into(), version, current, handed_over: false }
}

/// An approved delegate with their first badge, who has not been admitted anywhere yet.
pub fn found() -> Found {
    Found {
        badge: Some(badge(1, true)),
        registration: registration("approved", "delegate"),
        current_version: Some(1),
        previous: None,
        chose: false,
        open_stay: None,
        has_photo: false,
        photo_accepted_at: None,
        vetting: None,
        moved_on: false,
    }
}

/// A scan of a badge at the door of `venue`, for `session` or for the whole venue.
pub fn request(venue: &str, session: Option<&str>) -> ScanRequest {
    ScanRequest {
        code: "ABCDEFGHJKLMNPQRSTUVWXYZ234".into(),
        code_tag: "tag-ABCDEF".into(),
        code_hash: "hash-ABCDEF".into(),
        venue_id: venue.into(),
        session_id: session.map(str::to_owned),
        nonce: "device-1:nonce-1".into(),
        device_at: None,
        staff: "Door 1".into(),
        device: "station".into(),
        manual: false,
        exit: false,
        offline_outcome: None,
        rehearsal: false,
    }
}

/// Judges `found` (or an unknown code) at `when`, with `admitted` so far in the scope.
pub fn judge(p: &Programme, req: &ScanRequest, found: Option<Found>, when: &str) -> (Decision, Record) {
    judge_seated(p, req, found, None, when)
}

/// `judge`, with `inside` of the delegate's delegation already inside the session.
pub fn judge_seated(
    p: &Programme,
    req: &ScanRequest,
    found: Option<Found>,
    inside: Option<i64>,
    when: &str,
) -> (Decision, Record) {
    let t = at(when);
    let seats = inside.map(|inside| crate::checkin::seats::Seats { delegation: "FR".into(), inside });
    super::judge(p, req, Facts { found, admitted: 4, seats }, t, t)
}
