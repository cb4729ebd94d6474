//! Badge records: issue, reissue (revoking the old code), look up a scanned code, record prints.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use crate::audit::{self, Change};
use crate::db::schema::{badges, registrations};
use crate::db::{self, DbConn};
use crate::ids::{EventId, RegistrationId};
use crate::registrations::{Registration, Status};
use crate::secrets::Keys;

/// A badge row.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = badges)]
pub struct Badge {
    pub id: String,
    pub event_id: EventId,
    pub registration_id: RegistrationId,
    /// The keyed hash a scanned code finds this badge by; the code itself is only sealed.
    pub code_hash: String,
    pub version: i32,
    pub status: BadgeStatus,
    pub issue_reason: String,
    pub issued_by: String,
    pub issued_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub revoked_by: Option<String>,
    pub print_count: i32,
    pub first_printed_at: Option<NaiveDateTime>,
    pub last_printed_at: Option<NaiveDateTime>,
    pub last_printed_by: Option<String>,
    /// The code, sealed with the server's keys (so it can be printed again).
    pub code_sealed: Option<String>,
    /// The layout and version the badge was first printed with.
    pub layout_id: Option<String>,
    pub layout_version: Option<i32>,
}

impl Badge {
    /// The code the QR holds, opened with the server's keys.
    pub fn code(&self, keys: &Keys) -> Option<String> {
        self.code_sealed.as_deref().and_then(|s| keys.open(s))
    }

    /// Whether this is the badge that works at the doors (not revoked by a reissue).
    pub fn is_current(&self) -> bool {
        self.status == BadgeStatus::Current
    }
}

/// Whether a badge still works: a reissue revokes the old one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, diesel::expression::AsExpression, diesel::deserialize::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum BadgeStatus {
    Current,
    Revoked,
}

impl BadgeStatus {
    /// The value stored in `badges.status`.
    pub const fn as_str(self) -> &'static str {
        match self {
            BadgeStatus::Current => "current",
            BadgeStatus::Revoked => "revoked",
        }
    }
}

crate::text_column!(BadgeStatus);

impl crate::db::text::TextValue for BadgeStatus {
    fn as_str(&self) -> &'static str {
        BadgeStatus::as_str(*self)
    }

    fn parse(s: &str) -> Option<BadgeStatus> {
        [BadgeStatus::Current, BadgeStatus::Revoked].into_iter().find(|b| b.as_str() == s)
    }
}

/// 27 characters of the reference alphabet: 131 random bits, upper-case letters and digits only,
/// so the QR code uses its compact alphanumeric mode (version 2 at level M). Nothing in it comes
/// from the delegate.
pub fn new_code() -> String {
    crate::common::random_code(27)
}

/// The current badge of a registration, if it has one.
pub fn current(conn: &mut DbConn, registration_id: &RegistrationId) -> QueryResult<Option<Badge>> {
    badges::table
        .filter(badges::registration_id.eq(registration_id))
        .filter(badges::status.eq(BadgeStatus::Current))
        .select(Badge::as_select())
        .first(conn)
        .optional()
}

/// Every badge of a registration, newest first.
pub fn history(conn: &mut DbConn, registration_id: &RegistrationId) -> QueryResult<Vec<Badge>> {
    badges::table
        .filter(badges::registration_id.eq(registration_id))
        .order(badges::version.desc())
        .select(Badge::as_select())
        .load(conn)
}

fn insert_version(
    conn: &mut DbConn,
    keys: &Keys,
    reg: &Registration,
    version: i32,
    reason: &str,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<Badge> {
    let code = new_code();
    let badge = Badge {
        id: db::new_id(),
        event_id: reg.event_id.clone(),
        registration_id: reg.id.clone(),
        code_hash: keys.lookup(&code),
        code_sealed: Some(keys.seal(&code)),
        layout_id: None,
        layout_version: None,
        version,
        status: BadgeStatus::Current,
        issue_reason: reason.to_owned(),
        issued_by: actor.to_owned(),
        issued_at: now,
        revoked_at: None,
        revoked_by: None,
        print_count: 0,
        first_printed_at: None,
        last_printed_at: None,
        last_printed_by: None,
    };
    diesel::insert_into(badges::table).values(&badge).execute(conn)?;
    Ok(badge)
}

fn next_version(conn: &mut DbConn, registration_id: &RegistrationId) -> QueryResult<i32> {
    let max: Option<i32> = badges::table
        .filter(badges::registration_id.eq(registration_id))
        .select(diesel::dsl::max(badges::version))
        .first(conn)?;
    Ok(max.unwrap_or(0) + 1)
}

/// The current badge, issuing version 1 (or the next) if there is none. Call it inside the
/// write transaction that approves the registration; the unique index on current badges keeps
/// two callers from issuing two.
pub fn ensure_current(
    conn: &mut DbConn,
    keys: &Keys,
    reg: &Registration,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<Badge> {
    if let Some(badge) = current(conn, &reg.id)? {
        return Ok(badge);
    }
    let version = next_version(conn, &reg.id)?;
    insert_version(conn, keys, reg, version, "issued", actor, now)
}

/// The current badge of an approved registration, issued now if it has none yet (registrations
/// approved before badges existed, or made by import).
pub fn for_printing(
    conn: &mut DbConn,
    keys: &Keys,
    reg: &Registration,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<Badge>> {
    if reg.status != Status::Approved {
        return Ok(None);
    }
    if let Some(badge) = current(conn, &reg.id)? {
        return Ok(Some(badge));
    }
    match db::write_tx(conn, |conn| ensure_current(conn, keys, reg, actor, now)) {
        Ok(badge) => Ok(Some(badge)),
        // Someone else issued it at the same moment: theirs is the badge.
        Err(e) if db::unique_violation_on(&e).is_some() => current(conn, &reg.id),
        Err(e) => Err(e),
    }
}

/// What reissuing did.
#[derive(Debug)]
pub enum Reissued {
    Done {
        old: Option<Box<Badge>>,
        new: Box<Badge>,
    },
    /// Only approved registrations have badges.
    NotApproved,
}

/// Revokes the current badge (its code stops working at once) and issues the next version.
pub fn reissue(
    conn: &mut DbConn,
    keys: &Keys,
    reg: &Registration,
    reason: &str,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<Reissued> {
    if reg.status != Status::Approved {
        return Ok(Reissued::NotApproved);
    }
    db::write_tx(conn, |conn| {
        let old = current(conn, &reg.id)?;
        if let Some(old) = &old {
            diesel::update(
                badges::table.filter(badges::id.eq(&old.id)).filter(badges::status.eq(BadgeStatus::Current)),
            )
            .set((badges::status.eq(BadgeStatus::Revoked), badges::revoked_at.eq(now), badges::revoked_by.eq(actor)))
            .execute(conn)?;
        }
        let version = next_version(conn, &reg.id)?;
        let new = insert_version(conn, keys, reg, version, reason, actor, now)?;
        // The old badge page link showed the old QR code: it stops working with the new
        // version, and the delegate gets the new link.
        super::link::mail_new_link_in(conn, reg, now)?;
        audit::record(
            conn,
            Change {
                actor,
                action: "badge.reissue",
                entity: "registration",
                entity_id: reg.id.as_str(),
                event_id: Some(&reg.event_id),
                before: old.as_ref().map(|b| json!({ "badge_version": b.version })),
                after: Some(json!({ "badge_version": new.version, "reason": reason })),
            },
            now,
        )?;
        Ok(Reissued::Done { old: old.map(Box::new), new: Box::new(new) })
    })
}

/// A scanned code, as the door will need to judge it.
#[derive(Debug)]
pub enum Lookup {
    Current {
        badge: Badge,
        registration: Box<Registration>,
    },
    /// An old badge: reissued since (the door says "version 1; current is 2").
    Revoked {
        badge: Badge,
        current_version: Option<i32>,
    },
    Unknown,
}

/// Looks up exactly the text a QR code holds, by its keyed hash.
/// (`get_result`, not `first`: codes are unique, and a `LIMIT ?` makes SQLite re-prepare the
/// statement at every scan.)
pub fn lookup(conn: &mut DbConn, keys: &Keys, code: &str) -> QueryResult<Lookup> {
    let hash = keys.lookup(code);
    // On the backend's own connection: the multi-backend one serialises every query to SQL
    // text before running it, which on the scan path costs more than the query.
    let found: Option<(Badge, Registration)> = match conn {
        DbConn::Sqlite(c) => badges::table
            .inner_join(registrations::table)
            .filter(badges::code_hash.eq(&hash))
            .select((Badge::as_select(), Registration::as_select()))
            .get_result(c)
            .optional()?,
        DbConn::Postgres(c) => badges::table
            .inner_join(registrations::table)
            .filter(badges::code_hash.eq(&hash))
            .select((Badge::as_select(), Registration::as_select()))
            .get_result(c)
            .optional()?,
    };
    Ok(match found {
        None => Lookup::Unknown,
        Some((badge, registration)) if badge.is_current() => {
            Lookup::Current { badge, registration: Box::new(registration) }
        }
        Some((badge, _)) => {
            let current_version = current(conn, &badge.registration_id)?.map(|b| b.version);
            Lookup::Revoked { badge, current_version }
        }
    })
}

/// Sets a head of mission's rank in the order of precedence (`None` clears it).
pub fn set_precedence(
    conn: &mut DbConn,
    reg: &Registration,
    rank: Option<i32>,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    db::write_tx(conn, |conn| {
        diesel::update(registrations::table.find(&reg.id)).set(registrations::precedence.eq(rank)).execute(conn)?;
        audit::record(
            conn,
            Change {
                actor,
                action: "registration.precedence",
                entity: "registration",
                entity_id: reg.id.as_str(),
                event_id: Some(&reg.event_id),
                before: None,
                after: Some(json!({ "precedence": rank })),
            },
            now,
        )
    })
}

/// Registrations by id, in the order given (unknown ids are skipped).
pub fn registrations_in_order(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<Registration>> {
    let mut found = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<Registration> = registrations::table
            .filter(registrations::id.eq_any(chunk))
            .filter(registrations::erased_at.is_null())
            .select(Registration::as_select())
            .load(conn)?;
        found.extend(rows.into_iter().map(|r| (r.id.clone(), r)));
    }
    Ok(ids.iter().filter_map(|id| found.remove(&RegistrationId::from(id.as_str()))).collect())
}

/// A registration's rank in the order of precedence.
pub fn precedence(conn: &mut DbConn, registration_id: &RegistrationId) -> QueryResult<Option<i32>> {
    registrations::table.find(registration_id).select(registrations::precedence).first(conn)
}

/// Converts the badges an earlier version stored with their code in clear: the keyed hash in
/// its place, the code sealed beside it. At start-up, once per database; each row only if it is
/// still unconverted, so two instances starting together do no harm.
pub fn seal_clear_codes(conn: &mut DbConn, keys: &Keys) -> QueryResult<usize> {
    let clear: Vec<(String, String)> =
        badges::table.filter(badges::code_sealed.is_null()).select((badges::id, badges::code_hash)).load(conn)?;
    let mut sealed = 0;
    for (id, code) in clear {
        sealed += diesel::update(badges::table.find(&id).filter(badges::code_sealed.is_null()))
            .set((badges::code_hash.eq(keys.lookup(&code)), badges::code_sealed.eq(keys.seal(&code))))
            .execute(conn)?;
    }
    Ok(sealed)
}
