//! Zones and privileges: "VIP lounge" as `VIP`, in a colour, given to whole categories or to
//! one registration, printed on badges as codes or tabs, and required by sessions (the door
//! answers `zone_required` to a badge without it).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::Programme;
use crate::audit::{self, Change};
use crate::common::Message;
use crate::db::schema::{registrations, sessions, zones};
use crate::db::{self, DbConn};
use crate::ids::EventId;
use crate::registrations::Registration;

/// The most zones an event has.
pub const MAX: usize = 50;

/// A zone as the event defines it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Zone {
    pub code: String,
    pub name: String,
    /// `#RRGGBB`, or empty (black).
    pub colour: String,
    /// The categories (ids) whose badges carry it.
    pub categories: Vec<String>,
}

/// The event's zones, in their order.
pub fn of_event(conn: &mut DbConn, event: &EventId) -> QueryResult<Vec<Zone>> {
    let rows: Vec<(String, String, String, String)> = zones::table
        .filter(zones::event_id.eq(event))
        .order(zones::position)
        .select((zones::code, zones::name, zones::colour, zones::categories))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(code, name, colour, categories)| Zone {
            code,
            name,
            colour,
            categories: categories.split_whitespace().map(str::to_owned).collect(),
        })
        .collect())
}

/// A registration's own zone codes.
pub fn own(reg: &Registration) -> Vec<&str> {
    reg.zones.split_whitespace().collect()
}

impl Programme {
    /// The zones a registration's badge carries: its category's and its own, in the event's order.
    pub fn zones_of(&self, reg: &Registration) -> Vec<&Zone> {
        let mine = own(reg);
        self.zones
            .iter()
            .filter(|z| z.categories.contains(&reg.category_id) || mine.contains(&z.code.as_str()))
            .collect()
    }

    /// Whether a registration's badge carries the zone `code`.
    pub fn has_zone(&self, reg: &Registration, code: &str) -> bool {
        self.zones_of(reg).iter().any(|z| z.code == code)
    }
}

/// A zone as the API gives it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ZoneInput {
    pub code: String,
    pub name: String,
    pub colour: String,
    /// Category ids or names.
    pub categories: Vec<String>,
}

/// What is wrong with a list of zones: where (`zones[2].code`) and what.
pub type Problems = Vec<(String, Message)>;

fn valid_code(code: &str) -> bool {
    (1..=12).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

/// Checks zones for `p`: codes of 1 to 12 capitals, digits or hyphens, each once; names; colours;
/// categories that exist; and every zone a session requires still there.
pub fn check(p: &Programme, inputs: &[ZoneInput]) -> Result<Vec<Zone>, Problems> {
    let mut problems: Problems = Vec::new();
    if inputs.len() > MAX {
        problems.push(("zones".into(), Message::new("error-zones-too-many").with("max", MAX.to_string())));
    }
    let mut out: Vec<Zone> = Vec::new();
    for (i, z) in inputs.iter().enumerate() {
        let at = |field: &str| format!("zones[{i}].{field}");
        let code = z.code.trim().to_ascii_uppercase();
        if !valid_code(&code) {
            problems.push((at("code"), Message::new("error-zone-code")));
        } else if out.iter().any(|o| o.code == code) {
            problems.push((at("code"), Message::new("error-zone-code-twice").with("code", code.clone())));
        }
        let name = z.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
            problems.push((at("name"), Message::new("error-zone-name")));
        }
        let colour = z.colour.trim().to_ascii_lowercase();
        if !colour.is_empty() && crate::badges::pdf::Colour::parse(&colour).is_none() {
            problems.push((at("colour"), Message::new("error-colour")));
        }
        let mut categories = Vec::new();
        for c in &z.categories {
            match p.find_category(c) {
                Some(found) if !categories.contains(&found.id) => categories.push(found.id.clone()),
                Some(_) => {}
                None => problems.push((at("categories"), Message::new("error-category-unknown"))),
            }
        }
        out.push(Zone { code, name, colour, categories });
    }
    for s in p.sessions.iter().filter(|s| !s.required_zone.is_empty()) {
        if !out.iter().any(|z| z.code == s.required_zone) {
            let message = Message::new("error-zone-in-use")
                .with("code", s.required_zone.clone())
                .with("session", s.title.clone());
            problems.push(("zones".into(), message));
        }
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

/// Replaces the event's zones with `list` (checked), audited.
pub fn replace(conn: &mut DbConn, event: &EventId, list: &[Zone], actor: &str, now: NaiveDateTime) -> QueryResult<()> {
    db::write_tx(conn, |conn| {
        diesel::delete(zones::table.filter(zones::event_id.eq(event))).execute(conn)?;
        for (i, z) in list.iter().enumerate() {
            diesel::insert_into(zones::table)
                .values((
                    zones::event_id.eq(event),
                    zones::code.eq(&z.code),
                    zones::name.eq(&z.name),
                    zones::colour.eq(&z.colour),
                    zones::position.eq(i32::try_from(i).unwrap_or(0)),
                    zones::categories.eq(z.categories.join(" ")),
                ))
                .execute(conn)?;
        }
        let change = Change {
            actor,
            action: "event.zones",
            entity: "event",
            entity_id: event.as_str(),
            event_id: Some(event),
            before: None,
            after: Some(json!({ "zones": list })),
        };
        audit::record(conn, change, now)
    })
}

/// Gives a registration its own zones (codes of the event), audited; the codes as stored, or
/// the first code the event does not have.
pub fn set_own(
    conn: &mut DbConn,
    p: &Programme,
    reg: &Registration,
    codes: &[String],
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<String, String>> {
    let mut list: Vec<String> = Vec::new();
    for code in codes {
        let code = code.trim().to_ascii_uppercase();
        if !p.zones.iter().any(|z| z.code == code) {
            return Ok(Err(code));
        }
        if !list.contains(&code) {
            list.push(code);
        }
    }
    let stored = list.join(" ");
    db::write_tx(conn, |conn| {
        diesel::update(registrations::table.find(&reg.id)).set(registrations::zones.eq(&stored)).execute(conn)?;
        let change = Change {
            actor,
            action: "registration.zones",
            entity: "registration",
            entity_id: reg.id.as_str(),
            event_id: Some(&reg.event_id),
            before: Some(json!({ "zones": reg.zones })),
            after: Some(json!({ "zones": stored })),
        };
        audit::record(conn, change, now)
    })?;
    Ok(Ok(stored))
}

/// Sets the zone a session requires ('' for none); the caller checked the code.
pub fn require(conn: &mut DbConn, session: &str, code: &str) -> QueryResult<usize> {
    diesel::update(sessions::table.find(session)).set(sessions::required_zone.eq(code)).execute(conn)
}
