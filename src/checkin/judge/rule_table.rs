//! The table of door rule cases (`tests/door_rules.json`) through `judge`. The device's offline
//! rules in `door.js` run the same table (`tests/door_rules.js`, started by
//! `tests/door_rules.rs`), so the two cannot drift apart unnoticed.

use serde::Deserialize;
use serde_json::{Value, json};

use super::fixtures::{self, SESSION};
use crate::checkin::facts::{Found, OpenStay, ScannedBadge};
use crate::checkin::{DOORS_OPEN_MINUTES, Previous, Reason};
use crate::vetting::VettingStatus;

const TABLE: &str = include_str!("../../../tests/door_rules.json");

#[derive(Deserialize)]
struct Badge {
    version: i32,
    current_version: Option<i32>,
    revoked: bool,
    issued: bool,
}

#[derive(Deserialize)]
struct EventRules {
    vetting_required: bool,
    issue_required: bool,
    #[serde(default)]
    rehearsal: bool,
}

#[derive(Deserialize)]
struct Registration {
    status: String,
    category: String,
    chose_session: bool,
    vetting: String,
    /// Zone codes of its own.
    #[serde(default)]
    zones: Vec<String>,
}

#[derive(Deserialize)]
struct Door {
    venue: String,
    exit: bool,
}

#[derive(Deserialize)]
struct Session {
    venue: String,
    starts_at: String,
    ends_at: String,
    single_entry: bool,
    registered_only: bool,
    categories: Option<Vec<String>>,
    /// The session's own rule; the table's `doors_open_minutes` when absent.
    doors_open_minutes: Option<i32>,
    delegation_quota: Option<i32>,
    /// Whether the door scans exits; yes when absent.
    exit_scanning: Option<bool>,
    #[serde(default)]
    required_zone: String,
}

/// The delegate's delegation in the session: how many of it are inside, and whether the
/// delegate is one of them (inside this session now).
#[derive(Deserialize)]
struct Seats {
    inside: i64,
    here: bool,
}

#[derive(Deserialize)]
struct Earlier {
    at: String,
    venue: String,
}

/// The facts of one case, once its `given` is laid over the defaults.
#[derive(Deserialize)]
struct Given {
    event: EventRules,
    badge: Option<Badge>,
    registration: Registration,
    door: Door,
    session: Option<Session>,
    previous: Option<Earlier>,
    seats: Option<Seats>,
    at: String,
}

/// `given` over `defaults`: a value replaces the default, an object only the fields it names.
fn laid_over(defaults: &Value, given: &Value) -> Value {
    let mut out = defaults.clone();
    if let (Some(out), Some(given)) = (out.as_object_mut(), given.as_object()) {
        for (key, value) in given {
            match (out.get_mut(key), value) {
                (Some(Value::Object(base)), Value::Object(fields)) => {
                    base.extend(fields.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
    }
    out
}

/// The answer of `judge` to one case, in the table's terms.
fn answer(g: Given, zones: &[crate::events::zones::Zone]) -> Value {
    let session = g.session.as_ref().map(|s| {
        let mut session = fixtures::session(&s.venue, &s.starts_at, &s.ends_at);
        session.single_entry = s.single_entry;
        session.registered_only = s.registered_only;
        session.doors_open_minutes = s.doors_open_minutes.unwrap_or(session.doors_open_minutes);
        session.delegation_quota = s.delegation_quota;
        session.exit_scanning = s.exit_scanning.unwrap_or(true);
        session.required_zone.clone_from(&s.required_zone);
        session
    });
    let allowed = g.session.as_ref().and_then(|s| s.categories.clone());
    let mut p = fixtures::programme(session, allowed);
    p.event.vetting_required = g.event.vetting_required;
    p.event.issue_required = g.event.issue_required;
    p.event.rehearsal = g.event.rehearsal;
    p.zones = zones.to_vec();
    let mut req = fixtures::request(&g.door.venue, g.session.as_ref().map(|_| SESSION));
    req.exit = g.door.exit;
    req.rehearsal = g.event.rehearsal;
    let found = g.badge.map(|b| Found {
        badge: Some(ScannedBadge { handed_over: b.issued, ..fixtures::badge(b.version, !b.revoked) }),
        vetting: <VettingStatus as crate::db::text::TextValue>::parse(&g.registration.vetting),
        registration: crate::registrations::Registration {
            zones: g.registration.zones.join(" "),
            ..fixtures::registration(&g.registration.status, &g.registration.category)
        },
        current_version: b.current_version,
        previous: g.previous.map(|e| Previous {
            at: fixtures::at(&e.at),
            venue_id: e.venue,
            staff: "Door 2".into(),
            device: "tablet".into(),
        }),
        chose: g.registration.chose_session,
        open_stay: g.seats.as_ref().filter(|s| s.here).map(|_| OpenStay {
            id: "stay-1".into(),
            venue_id: g.door.venue.clone(),
            entered_at: fixtures::at("2026-12-24T10:00:00Z"),
            session_id: Some(SESSION.into()),
        }),
        ..fixtures::found()
    });
    // The server reads the seats only for a session with a quota, and not for an exit.
    let quota = g.session.as_ref().is_some_and(|s| s.delegation_quota.is_some()) && !g.door.exit;
    let inside = g.seats.as_ref().map_or(0, |s| s.inside);
    let (d, record) = fixtures::judge_seated(&p, &req, found, quota.then_some(inside), &g.at);
    let mut out = json!({
        "outcome": d.outcome.as_str(),
        "reason": d.reason.as_ref().map(Reason::code),
        "first_admission": record.admission.is_some(),
    });
    if let Some(Reason::OldBadge { version, current }) = d.reason {
        out["version"] = json!(version);
        out["current_version"] = json!(current);
    }
    if let Some(Reason::DelegationFull { inside, quota }) = d.reason {
        out["inside"] = json!(inside);
        out["quota"] = json!(quota);
    }
    out
}

#[test]
fn the_rules_answer_every_case_of_the_table() {
    let table: Value = serde_json::from_str(TABLE).unwrap();
    assert_eq!(table["doors_open_minutes"], json!(DOORS_OPEN_MINUTES), "the table's doors open as the server's");
    let cases = table["cases"].as_array().unwrap();
    let zones: Vec<crate::events::zones::Zone> = table["zones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|z| crate::events::zones::Zone {
            code: z["code"].as_str().unwrap().to_owned(),
            name: z["code"].as_str().unwrap().to_owned(),
            colour: String::new(),
            categories: z["categories"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect(),
        })
        .collect();
    assert!(cases.len() >= 45, "the whole table was read");
    let mut wrong = Vec::new();
    for case in cases {
        let given: Given = serde_json::from_value(laid_over(&table["defaults"], &case["given"])).unwrap();
        let got = answer(given, &zones);
        if got != case["expect"] {
            wrong.push(format!("{}: expected {}, got {got}", case["name"], case["expect"]));
        }
    }
    assert!(wrong.is_empty(), "{} of {} cases:\n{}", wrong.len(), cases.len(), wrong.join("\n"));
}

#[test]
fn a_case_lays_its_facts_over_the_defaults() {
    let defaults = json!({ "door": { "venue": "hall", "exit": false }, "session": { "venue": "hall" }, "at": "t0" });
    let given = json!({ "door": { "exit": true }, "session": null });
    assert_eq!(
        laid_over(&defaults, &given),
        json!({ "door": { "venue": "hall", "exit": true }, "session": null, "at": "t0" })
    );
}
