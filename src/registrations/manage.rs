//! Staff changes to a registration: approve, reject, cancel, edit. Each is one transaction
//! with its audit entry and, where the delegate should know, their mail.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{Map, Value, json};

use super::{NewRegistration, Registration, Status, store};
use crate::audit::{self, Change};
use crate::db::schema::{registration_sessions, registrations, sessions};
use crate::db::{self, DbConn};
use crate::events;
use crate::ids::RegistrationId;
use crate::mail::outbox::{self, MailKind};
use crate::secrets::Keys;

/// The result of a staff change; every expected case is a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ManageOutcome {
    Done,
    NotFound,
    /// The change does not apply to a registration in this state (e.g. approving twice).
    NotAllowed {
        status: Status,
    },
    SessionFull {
        session_id: String,
    },
    EmailTaken,
    /// Reinstating would exceed the invitation's quota.
    QuotaReached,
    /// A rejection needs a reason the delegate will read.
    ReasonRequired,
}

enum Abort {
    Db(diesel::result::Error),
    Outcome(ManageOutcome),
}

impl From<diesel::result::Error> for Abort {
    fn from(e: diesel::result::Error) -> Abort {
        Abort::Db(e)
    }
}

fn finish(result: Result<(), Abort>) -> QueryResult<ManageOutcome> {
    match result {
        Ok(()) => Ok(ManageOutcome::Done),
        Err(Abort::Outcome(o)) => Ok(o),
        Err(Abort::Db(e)) => Err(e),
    }
}

fn load(conn: &mut DbConn, id: &RegistrationId) -> Result<(Registration, Status), Abort> {
    let reg = store::find(conn, id)?.ok_or(Abort::Outcome(ManageOutcome::NotFound))?;
    let status = reg.status;
    Ok((reg, status))
}

/// Capped sessions a registration holds a place in.
pub(super) fn capped_sessions(conn: &mut DbConn, registration_id: &RegistrationId) -> QueryResult<Vec<String>> {
    registration_sessions::table
        .inner_join(sessions::table)
        .filter(registration_sessions::registration_id.eq(registration_id))
        .filter(sessions::capacity.is_not_null())
        .select(sessions::id)
        .load(conn)
}

pub(super) fn release_seat(conn: &mut DbConn, session_id: &str) -> QueryResult<()> {
    diesel::update(sessions::table.filter(sessions::id.eq(session_id)).filter(sessions::seats_taken.gt(0)))
        .set(sessions::seats_taken.eq(sessions::seats_taken - 1))
        .execute(conn)
        .map(drop)
}

fn take_seat(conn: &mut DbConn, session_id: &str) -> Result<(), Abort> {
    if events::store::take_seat(conn, session_id)? {
        Ok(())
    } else {
        Err(Abort::Outcome(ManageOutcome::SessionFull { session_id: session_id.to_owned() }))
    }
}

/// Pending and approved registrations hold their places; rejected and cancelled ones do not.
fn holds_places(s: Status) -> bool {
    matches!(s, Status::Pending | Status::Approved)
}

struct Transition<'a> {
    from: &'a [Status],
    to: Status,
    action: &'a str,
    /// The delegate's mail; `None` for a rejection of registrations judged fake.
    mail: Option<MailKind>,
    /// For a transition to approved: the keys its badge is issued with (codes are sealed).
    keys: Option<&'a Keys>,
}

fn transition(
    conn: &mut DbConn,
    id: &RegistrationId,
    t: Transition<'_>,
    reason: &str,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<ManageOutcome> {
    let result = db::write_tx(conn, |conn| {
        let (reg, current) = load(conn, id)?;
        if !t.from.contains(&current) {
            return Err(Abort::Outcome(ManageOutcome::NotAllowed { status: current }));
        }
        // A pending registration whose hold lapsed has given its seats back already.
        let released = super::holds::seats_released(conn, id)?;
        match (holds_places(current) && !released, holds_places(t.to)) {
            (true, false) => capped_sessions(conn, id)?.iter().try_for_each(|s| release_seat(conn, s))?,
            (false, true) => capped_sessions(conn, id)?.iter().try_for_each(|s| take_seat(conn, s))?,
            _ => {}
        }
        if released && holds_places(t.to) {
            super::holds::seats_retaken(conn, id)?;
        }
        match (holds_places(current), holds_places(t.to)) {
            (true, false) => {
                if let Some(inv) = &reg.invitation_id {
                    crate::invitations::release_place(conn, inv, now)?;
                }
            }
            (false, true) => {
                if let Some(inv) = &reg.invitation_id
                    && !crate::invitations::retake_place(conn, inv, now)?
                {
                    return Err(Abort::Outcome(ManageOutcome::QuotaReached));
                }
            }
            _ => {}
        }
        // Conditional on the state we read, so two staff acting at once cannot both succeed.
        let n = diesel::update(
            registrations::table.filter(registrations::id.eq(id)).filter(registrations::status.eq(current.as_str())),
        )
        .set((
            registrations::status.eq(t.to.as_str()),
            registrations::status_reason.eq(reason),
            registrations::updated_at.eq(now),
        ))
        .execute(conn)?;
        if n == 0 {
            return Err(Abort::Outcome(ManageOutcome::NotAllowed { status: current }));
        }
        if let Some(keys) = t.keys.filter(|_| t.to == Status::Approved) {
            crate::badges::store::ensure_current(conn, keys, &reg, actor, now)?;
        }
        if let Some(kind) = t.mail {
            outbox::enqueue(conn, kind, id, &reg.email, &reg.locale, now)?;
        }
        audit::record(
            conn,
            Change {
                actor,
                action: t.action,
                entity: "registration",
                entity_id: id.as_str(),
                event_id: Some(&reg.event_id),
                before: Some(json!({ "status": current.as_str() })),
                after: Some(json!({ "status": t.to.as_str(), "reason": reason })),
            },
            now,
        )?;
        Ok(())
    });
    finish(result)
}

/// Approves a pending registration (or reinstates a rejected or cancelled one) and mails the delegate.
pub fn approve(
    conn: &mut DbConn,
    keys: &Keys,
    id: &RegistrationId,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<ManageOutcome> {
    let t = Transition {
        from: &[Status::Pending, Status::Rejected, Status::Cancelled],
        to: Status::Approved,
        action: "registration.approve",
        mail: Some(MailKind::RegistrationApproved),
        keys: Some(keys),
    };
    transition(conn, id, t, "", actor, now)
}

/// Rejects a registration with a reason the delegate will read.
pub fn reject(
    conn: &mut DbConn,
    id: &RegistrationId,
    reason: &str,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<ManageOutcome> {
    let t = Transition {
        from: &[Status::Pending, Status::Approved],
        to: Status::Rejected,
        action: "registration.reject",
        mail: Some(MailKind::RegistrationRejected),
        keys: None,
    };
    transition(conn, id, t, reason, actor, now)
}

/// Rejects a pending registration without a mail: for registrations staff judge fake (sent
/// by a script to addresses nobody owns), so rejecting them mails no one.
pub fn reject_unmailed(
    conn: &mut DbConn,
    id: &RegistrationId,
    reason: &str,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<ManageOutcome> {
    let t = Transition {
        from: &[Status::Pending],
        to: Status::Rejected,
        action: "registration.reject_unmailed",
        mail: None,
        keys: None,
    };
    transition(conn, id, t, reason, actor, now)
}

/// Cancels a registration (the delegate's places are freed).
pub fn cancel(
    conn: &mut DbConn,
    id: &RegistrationId,
    reason: &str,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<ManageOutcome> {
    let t = Transition {
        from: &[Status::Pending, Status::Approved],
        to: Status::Cancelled,
        action: "registration.cancel",
        mail: Some(MailKind::RegistrationCancelled),
        keys: None,
    };
    transition(conn, id, t, reason, actor, now)
}

/// A staff decision on a registration, from the desk or the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
    Cancel,
}

/// The longest reason kept (the rest of a longer one is cut).
pub const MAX_REASON: usize = 500;

/// Applies a decision from the desk or the API, in its own transaction; `reason` is shown to
/// the delegate, trimmed to `MAX_REASON` characters, and a rejection without one is refused.
pub fn decide(
    conn: &mut DbConn,
    keys: &Keys,
    id: &RegistrationId,
    decision: Decision,
    reason: &str,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<ManageOutcome> {
    let reason: String = reason.trim().chars().take(MAX_REASON).collect();
    match decision {
        Decision::Approve => approve(conn, keys, id, actor, now),
        Decision::Reject if reason.is_empty() => Ok(ManageOutcome::ReasonRequired),
        Decision::Reject => reject(conn, id, &reason, actor, now),
        Decision::Cancel => cancel(conn, id, &reason, actor, now),
    }
}

/// Replaces every field of a registration with validated values (staff fix names before
/// printing); sessions added take places, sessions removed free them.
pub fn update(
    conn: &mut DbConn,
    id: &RegistrationId,
    new: &NewRegistration,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<ManageOutcome> {
    let result = db::write_tx(conn, |conn| {
        let (old, status) = load(conn, id)?;
        let row = new.applied_to(old.clone(), now);
        let class = |r: &Registration| r.precedence_class.map_or(String::new(), |c| c.as_str().to_owned());
        let credentials = |r: &Registration| {
            r.credentials_presented_at.map(super::precedence::format_credentials).unwrap_or_default()
        };
        let mut before = Map::new();
        let mut after = Map::new();
        let pairs = [
            ("honorific", &old.honorific, &row.honorific),
            ("given_name", &old.given_name, &row.given_name),
            ("family_name", &old.family_name, &row.family_name),
            ("native_name", &old.native_name, &row.native_name),
            ("badge_name", &old.badge_name, &row.badge_name),
            ("email", &old.email, &row.email),
            ("phone", &old.phone, &row.phone),
            ("country", &old.country, &row.country),
            ("organization", &old.organization, &row.organization),
            ("position", &old.position, &row.position),
            ("category", &old.category_id, &row.category_id),
            ("dietary", &old.dietary, &row.dietary),
            ("accessibility", &old.accessibility, &row.accessibility),
            ("locale", &old.locale, &row.locale),
            ("precedence_class", &class(&old), &class(&row)),
            ("credentials_presented_at", &credentials(&old), &credentials(&row)),
        ];
        for (name, a, b) in pairs {
            if a != b {
                before.insert(name.to_owned(), Value::from(a.as_str()));
                after.insert(name.to_owned(), Value::from(b.as_str()));
            }
        }
        let old_sessions = store::session_ids(conn, id)?;
        let added: Vec<&String> = new.session_ids.iter().filter(|s| !old_sessions.contains(s)).collect();
        let removed: Vec<&String> = old_sessions.iter().filter(|s| !new.session_ids.contains(s)).collect();
        if !added.is_empty() || !removed.is_empty() {
            before.insert("sessions".into(), json!(old_sessions));
            after.insert("sessions".into(), json!(new.session_ids));
        }
        if before.is_empty() {
            return Ok(());
        }
        diesel::update(registrations::table.find(id)).set(&row).execute(conn).map_err(|e| {
            if db::unique_violation_on(&e).is_some() { Abort::Outcome(ManageOutcome::EmailTaken) } else { Abort::Db(e) }
        })?;
        let capped = capped_sessions(conn, id)?;
        let holding = holds_places(status) && !super::holds::seats_released(conn, id)?;
        for s in &removed {
            diesel::delete(registration_sessions::table.find((id, s.as_str()))).execute(conn)?;
            if holding && capped.contains(s) {
                release_seat(conn, s)?;
            }
        }
        let added_ids: Vec<String> = added.iter().map(|s| s.to_string()).collect();
        store::insert_sessions(conn, id, &added_ids)?;
        if holding {
            for s in capped_sessions(conn, id)?.iter().filter(|s| added_ids.contains(s)) {
                take_seat(conn, s)?;
            }
        }
        audit::record(
            conn,
            Change {
                actor,
                action: "registration.update",
                entity: "registration",
                entity_id: id.as_str(),
                event_id: Some(&old.event_id),
                before: Some(Value::Object(before)),
                after: Some(Value::Object(after)),
            },
            now,
        )?;
        Ok(())
    });
    finish(result)
}
