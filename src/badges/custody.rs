//! Custody: a badge handed over at a desk against a record of who collected which version,
//! when, from which desk and from whom. Where an event requires it, a badge works at the doors
//! only once handed over. A liaison officer may collect a whole delegation's badges at once;
//! the handover is then one record with one receipt.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use serde_json::json;

use super::store::{self, Badge};
use crate::audit::{self, Change};
use crate::db::schema::{badge_handovers, badges, handovers, registrations};
use crate::db::{self, DbConn};
use crate::events::Event;
use crate::ids::{EventId, RegistrationId};
use crate::registrations::{Registration, Status};
use crate::vetting::{self, VettingStatus};

/// The longest name of a collector or a desk.
pub const MAX_NAME: usize = 200;
/// The most badges one handover takes (a large delegation, with room to spare).
pub const MAX_BADGES: usize = 500;

/// One handing-over at a desk.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = handovers)]
pub struct Handover {
    pub id: String,
    pub event_id: EventId,
    pub collected_by: String,
    pub on_behalf: bool,
    pub desk: String,
    pub handed_over_by: String,
    pub handed_over_at: NaiveDateTime,
}

/// A handover and what it handed out: each registration with its badge version.
pub type HandedOut = (Handover, Vec<(Registration, Badge)>);

/// Who collects, as the desk or the API says it.
#[derive(Clone, Debug)]
pub struct Collection {
    pub collected_by: String,
    pub on_behalf: bool,
    pub desk: String,
}

/// Why a handover did not happen. Every refusal names the registrations it is about, so the
/// desk can set them aside and hand over the rest.
#[derive(Debug, PartialEq, Eq)]
pub enum HandoverError {
    /// No name of who collects (or one too long).
    CollectorRequired,
    /// No registrations, or more than `MAX_BADGES`.
    BadCount,
    /// A reason code (`not_found`, `not_approved`, `not_printed`, `not_vetted`,
    /// `vetting_refused`, `already_issued`) and the references it applies to.
    Refused { reason: &'static str, references: Vec<String> },
}

/// A badge version's state, as lists and exports show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BadgeState {
    NotPrinted,
    Printed,
    /// Handed over against a record.
    Issued,
    /// Revoked because it was reported lost or stolen.
    Lost,
    /// Revoked for another reason (damaged, name corrected).
    Replaced,
}

impl BadgeState {
    /// The code in exports and the API.
    pub fn code(self) -> &'static str {
        match self {
            BadgeState::NotPrinted => "not_printed",
            BadgeState::Printed => "printed",
            BadgeState::Issued => "issued",
            BadgeState::Lost => "lost",
            BadgeState::Replaced => "replaced",
        }
    }

    /// The state of `badge`; `successor_reason` is the issue reason of the version that
    /// replaced it, if one did.
    pub fn of(badge: &Badge, handed_over: bool, successor_reason: Option<&str>) -> BadgeState {
        match (badge.is_current(), successor_reason) {
            (false, Some("lost" | "stolen")) => BadgeState::Lost,
            (false, _) => BadgeState::Replaced,
            (true, _) if handed_over => BadgeState::Issued,
            (true, _) if badge.print_count > 0 => BadgeState::Printed,
            (true, _) => BadgeState::NotPrinted,
        }
    }
}

/// The handover of each of these badges, if it went out.
pub fn handovers_of(conn: &mut DbConn, badge_ids: &[String]) -> QueryResult<HashMap<String, Handover>> {
    let mut out = HashMap::new();
    for chunk in badge_ids.chunks(500) {
        let rows: Vec<(String, Handover)> = badge_handovers::table
            .inner_join(handovers::table)
            .filter(badge_handovers::badge_id.eq_any(chunk))
            .select((badge_handovers::badge_id, Handover::as_select()))
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}

/// A badge and its handover, for one registration's page or JSON.
#[derive(Clone, Debug)]
pub struct Custody {
    pub badge: Badge,
    pub state: BadgeState,
    pub handover: Option<Handover>,
}

/// Every badge version of a registration, newest first, with its state and handover.
pub fn history(conn: &mut DbConn, registration_id: &RegistrationId) -> QueryResult<Vec<Custody>> {
    let versions = store::history(conn, registration_id)?;
    let ids: Vec<String> = versions.iter().map(|b| b.id.clone()).collect();
    let mut handed = handovers_of(conn, &ids)?;
    // Newest first: each version's successor is the one before it in the list.
    let reasons: Vec<Option<String>> =
        std::iter::once(None).chain(versions.iter().map(|b| Some(b.issue_reason.clone()))).collect();
    Ok(versions
        .into_iter()
        .zip(reasons)
        .map(|(badge, successor)| {
            let handover = handed.remove(&badge.id);
            let state = BadgeState::of(&badge, handover.is_some(), successor.as_deref());
            Custody { badge, state, handover }
        })
        .collect())
}

/// The badge versions of these registrations reported lost or stolen (each replaced by a
/// version issued for that reason), oldest first: lists and exports show them beside the
/// current badge.
pub fn lost_versions(conn: &mut DbConn, ids: &[RegistrationId]) -> QueryResult<HashMap<RegistrationId, Vec<i32>>> {
    let mut out: HashMap<RegistrationId, Vec<i32>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let successors: Vec<(RegistrationId, i32)> = badges::table
            .filter(badges::registration_id.eq_any(chunk))
            .filter(badges::issue_reason.eq_any(["lost", "stolen"]))
            .order(badges::version.asc())
            .select((badges::registration_id, badges::version))
            .load(conn)?;
        for (id, version) in successors {
            // Versions run 1, 2, 3…: the one before a replacement is the one that was lost.
            out.entry(id).or_default().push(version - 1);
        }
    }
    Ok(out)
}

/// The current badge's custody of each registration of an event that has one (for lists and
/// exports).
pub fn current_of_event(conn: &mut DbConn, event_id: &EventId) -> QueryResult<HashMap<RegistrationId, Custody>> {
    let current: Vec<Badge> = badges::table
        .filter(badges::event_id.eq(event_id))
        .filter(badges::revoked_at.is_null())
        .select(Badge::as_select())
        .load(conn)?;
    with_handovers(conn, current)
}

/// The current badge's custody of these registrations (a page of a list).
pub fn current_of(conn: &mut DbConn, ids: &[RegistrationId]) -> QueryResult<HashMap<RegistrationId, Custody>> {
    let current: Vec<Badge> = badges::table
        .filter(badges::registration_id.eq_any(ids))
        .filter(badges::revoked_at.is_null())
        .select(Badge::as_select())
        .load(conn)?;
    with_handovers(conn, current)
}

fn with_handovers(conn: &mut DbConn, current: Vec<Badge>) -> QueryResult<HashMap<RegistrationId, Custody>> {
    let ids: Vec<String> = current.iter().map(|b| b.id.clone()).collect();
    let mut handed = handovers_of(conn, &ids)?;
    Ok(current
        .into_iter()
        .map(|badge| {
            let handover = handed.remove(&badge.id);
            let state = BadgeState::of(&badge, handover.is_some(), None);
            (badge.registration_id.clone(), Custody { badge, state, handover })
        })
        .collect())
}

fn clean(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty() && text.chars().count() <= MAX_NAME && !text.chars().any(char::is_control))
        .then(|| text.to_owned())
}

/// Hands over the current badges of `references` (of one event) to one collector, all or
/// none: a receipt lists exactly what went out.
pub fn hand_over(
    conn: &mut DbConn,
    event: &Event,
    references: &[String],
    who: &Collection,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<HandedOut, HandoverError>> {
    let Some(collected_by) = clean(&who.collected_by) else { return Ok(Err(HandoverError::CollectorRequired)) };
    let desk = clean(&who.desk).unwrap_or_else(|| actor.chars().take(MAX_NAME).collect());
    let mut wanted: Vec<String> = references.iter().map(|r| r.trim().to_ascii_uppercase()).collect();
    wanted.dedup();
    if wanted.is_empty() || wanted.len() > MAX_BADGES {
        return Ok(Err(HandoverError::BadCount));
    }
    let result = db::write_tx(conn, |conn| {
        let regs: Vec<Registration> = registrations::table
            .filter(registrations::event_id.eq(&event.id))
            .filter(registrations::reference.eq_any(&wanted))
            .filter(registrations::erased_at.is_null())
            .select(Registration::as_select())
            .load(conn)?;
        let missing: Vec<String> =
            wanted.iter().filter(|r| !regs.iter().any(|g| &g.reference == *r)).cloned().collect();
        if !missing.is_empty() {
            return Ok(Err(refused("not_found", missing)));
        }
        let not_approved = references_where(&regs, |r| r.status != Status::Approved);
        if !not_approved.is_empty() {
            return Ok(Err(refused("not_approved", not_approved)));
        }
        let vettings = vetting::of_event(conn, &event.id)?;
        let status = |r: &Registration| vetting::status_of(vettings.get(&r.id));
        let refused_by_security = references_where(&regs, |r| status(r) == VettingStatus::Refused);
        if !refused_by_security.is_empty() {
            return Ok(Err(refused("vetting_refused", refused_by_security)));
        }
        let not_vetted = references_where(&regs, |r| !vetting::lets_in(event.vetting_required, status(r)));
        if !not_vetted.is_empty() {
            return Ok(Err(refused("not_vetted", not_vetted)));
        }
        let mut out = Vec::with_capacity(regs.len());
        let mut not_printed = Vec::new();
        for reg in regs {
            match store::current(conn, &reg.id)? {
                Some(badge) if badge.print_count > 0 => out.push((reg, badge)),
                _ => not_printed.push(reg.reference),
            }
        }
        if !not_printed.is_empty() {
            return Ok(Err(refused("not_printed", not_printed)));
        }
        let ids: Vec<String> = out.iter().map(|(_, b)| b.id.clone()).collect();
        let already: Vec<String> = {
            let handed = handovers_of(conn, &ids)?;
            out.iter().filter(|(_, b)| handed.contains_key(&b.id)).map(|(r, _)| r.reference.clone()).collect()
        };
        if !already.is_empty() {
            return Ok(Err(refused("already_issued", already)));
        }
        let handover = Handover {
            id: db::new_id(),
            event_id: event.id.clone(),
            collected_by: collected_by.clone(),
            on_behalf: who.on_behalf,
            desk: desk.clone(),
            handed_over_by: actor.to_owned(),
            handed_over_at: now,
        };
        diesel::insert_into(handovers::table).values(&handover).execute(conn)?;
        for (reg, badge) in &out {
            diesel::insert_into(badge_handovers::table)
                .values((badge_handovers::badge_id.eq(&badge.id), badge_handovers::handover_id.eq(&handover.id)))
                .execute(conn)?;
            let change = Change {
                actor,
                action: "badge.issue",
                entity: "registration",
                entity_id: reg.id.as_str(),
                event_id: Some(&event.id),
                before: None,
                after: Some(json!({
                    "badge_version": badge.version, "collected_by": collected_by,
                    "on_behalf": who.on_behalf, "desk": desk, "handover": handover.id,
                })),
            };
            audit::record(conn, change, now)?;
        }
        Ok(Ok((handover, out)))
    });
    match result {
        // Two desks handing over the same badge at once: the other one did.
        Err(e) if db::unique_violation_on(&e).is_some() => {
            Ok(Err(HandoverError::Refused { reason: "already_issued", references: wanted }))
        }
        other => other,
    }
}

fn refused(reason: &'static str, references: Vec<String>) -> HandoverError {
    HandoverError::Refused { reason, references }
}

fn references_where(regs: &[Registration], pred: impl Fn(&Registration) -> bool) -> Vec<String> {
    regs.iter().filter(|r| pred(r)).map(|r| r.reference.clone()).collect()
}

/// A handover of an event with the registrations and badge versions it handed out, in the
/// order of the delegation's list (by country, then family name).
pub fn receipt(conn: &mut DbConn, event_id: &EventId, handover_id: &str) -> QueryResult<Option<HandedOut>> {
    let Some(handover) = handovers::table
        .find(handover_id)
        .filter(handovers::event_id.eq(event_id))
        .select(Handover::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let mut rows: Vec<(Registration, Badge)> = badge_handovers::table
        .filter(badge_handovers::handover_id.eq(&handover.id))
        .inner_join(badges::table.inner_join(registrations::table))
        .select((Registration::as_select(), Badge::as_select()))
        .load(conn)?;
    rows.sort_by(|(a, _), (b, _)| {
        (&a.country, a.family_name.to_lowercase()).cmp(&(&b.country, b.family_name.to_lowercase()))
    });
    Ok(Some((handover, rows)))
}
