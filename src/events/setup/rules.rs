//! A session's door rules, changed on their own (`PUT /api/v1/events/{slug}/sessions/{id}`):
//! single entry or re-entry, registered only, exit scanning, when the doors open, seats per
//! delegation, which categories. Fields not given stay as they are.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;
use serde_json::json;

use super::{Problems, change, problem};
use crate::audit;
use crate::db::schema::{session_categories, sessions};
use crate::db::{self, DbConn};
use crate::events::{Event, store};

/// The most minutes before its start a session's doors may open (a day).
pub const DOORS_OPEN_MAX: i32 = 24 * 60;

/// The rules to change; `None` keeps the current value.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesChange {
    pub single_entry: Option<bool>,
    pub registered_only: Option<bool>,
    pub doors_open_minutes: Option<i32>,
    pub exit_scanning: Option<bool>,
    /// Seats per delegation: a number, or `null` to lift the limit (absent keeps it).
    #[serde(default, deserialize_with = "present")]
    pub delegation_quota: Option<Option<i32>>,
    /// Category names or ids allowed; an empty list opens the session to every category.
    pub categories: Option<Vec<String>>,
    /// A zone code the badge must carry; empty lifts the requirement.
    pub required_zone: Option<String>,
}

/// Minutes as typed in the setup form: empty is the usual 60.
pub(super) fn doors_open(text: &str) -> Result<i32, (&'static str, crate::common::Message)> {
    match text.trim() {
        "" => Ok(crate::checkin::DOORS_OPEN_MINUTES as i32),
        t => t.parse::<i32>().ok().filter(|n| (0..=DOORS_OPEN_MAX).contains(n)).ok_or_else(|| doors_problem()),
    }
}

fn doors_problem() -> (&'static str, crate::common::Message) {
    problem("doors_open_minutes", "error-doors-open")
}

/// Seats per delegation as typed in the setup form: empty is no limit.
pub(super) fn quota(text: &str) -> Result<Option<i32>, (&'static str, crate::common::Message)> {
    match text.trim() {
        "" => Ok(None),
        t => t.parse::<i32>().ok().filter(|n| (1..=QUOTA_MAX).contains(n)).map(Some).ok_or_else(quota_problem),
    }
}

/// The most seats one delegation may be given in a session.
pub const QUOTA_MAX: i32 = 10_000;

fn quota_problem() -> (&'static str, crate::common::Message) {
    problem("delegation_quota", "error-delegation-quota")
}

/// A field that is present (even as `null`) is `Some`: `null` lifts a limit, absence keeps it.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<i32>>, D::Error> {
    Option::<i32>::deserialize(d).map(Some)
}

/// What became of a change: done, or no such session in this event.
#[derive(Debug, PartialEq, Eq)]
pub enum RulesOutcome {
    Done,
    NotFound,
}

/// Applies `change` to the session `id` of `event`, audited.
pub fn set_rules(
    conn: &mut DbConn,
    event: &Event,
    id: &str,
    wanted: &RulesChange,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<RulesOutcome, Problems>> {
    let p = store::programme(conn, event.clone())?;
    if !p.sessions.iter().any(|s| s.id == id) {
        return Ok(Ok(RulesOutcome::NotFound));
    }
    let mut errors = Vec::new();
    if wanted.doors_open_minutes.is_some_and(|n| !(0..=DOORS_OPEN_MAX).contains(&n)) {
        errors.push(doors_problem());
    }
    if wanted.delegation_quota.is_some_and(|q| q.is_some_and(|n| !(1..=QUOTA_MAX).contains(&n))) {
        errors.push(quota_problem());
    }
    let zone = wanted.required_zone.as_ref().map(|code| code.trim().to_ascii_uppercase());
    if zone.as_ref().is_some_and(|code| !code.is_empty() && !p.zones.iter().any(|z| &z.code == code)) {
        errors.push(problem("required_zone", "error-zone-unknown"));
    }
    let allowed: Option<Vec<String>> = wanted.categories.as_ref().map(|keys| {
        keys.iter()
            .filter_map(|k| {
                let found = p.find_category(k).map(|c| c.id.clone());
                if found.is_none() {
                    errors.push(problem("categories", "error-category-unknown"));
                }
                found
            })
            .collect()
    });
    if !errors.is_empty() {
        // One message per field: several unknown categories are one problem to fix.
        errors.dedup_by_key(|(field, _)| *field);
        return Ok(Err(errors));
    }
    db::write_tx(conn, |conn| {
        let target = sessions::table.find(id);
        if let Some(v) = wanted.single_entry {
            diesel::update(target).set(sessions::single_entry.eq(v)).execute(conn)?;
        }
        if let Some(v) = wanted.registered_only {
            diesel::update(target).set(sessions::registered_only.eq(v)).execute(conn)?;
        }
        if let Some(v) = wanted.doors_open_minutes {
            diesel::update(target).set(sessions::doors_open_minutes.eq(v)).execute(conn)?;
        }
        if let Some(v) = wanted.exit_scanning {
            diesel::update(target).set(sessions::exit_scanning.eq(v)).execute(conn)?;
        }
        if let Some(v) = wanted.delegation_quota {
            diesel::update(target).set(sessions::delegation_quota.eq(v)).execute(conn)?;
        }
        if let Some(code) = &zone {
            crate::events::zones::require(conn, id, code)?;
        }
        if let Some(ids) = &allowed {
            diesel::delete(session_categories::table.filter(session_categories::session_id.eq(id))).execute(conn)?;
            for c in ids {
                store::allow_category(conn, id, c)?;
            }
        }
        let after = json!({ "single_entry": wanted.single_entry, "registered_only": wanted.registered_only,
            "doors_open_minutes": wanted.doors_open_minutes, "exit_scanning": wanted.exit_scanning,
            "delegation_quota": wanted.delegation_quota, "categories": allowed, "required_zone": zone });
        audit::record(conn, change(actor, "session.rules", "session", id, &event.id, after), now)?;
        Ok(Ok(RulesOutcome::Done))
    })
}
