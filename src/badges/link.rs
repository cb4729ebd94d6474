//! The delegate's badge link, from the approval mail: it shows the QR code that opens the
//! doors and takes a new photo, so it must stop working when it should. It is signed with the
//! server key over the reference, the current badge version and a random per-registration
//! nonce: a reissue (a new version) or "send a new link" (a new nonce) voids every older link,
//! and a link works only until a day after the event ends. The nonce alone opens nothing: a
//! copy of the database without the server key cannot make a link.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde_json::json;

use super::store;
use crate::audit::{self, Change};
use crate::db::schema::badge_links;
use crate::db::{self, DbConn};
use crate::events::Event;
use crate::ids::RegistrationId;
use crate::links::{self, Purpose};
use crate::mail::outbox::{self, MailKind};
use crate::registrations::Registration;

/// How long after the event's end a badge link still opens.
pub const AFTER_EVENT: Duration = Duration::days(1);

/// What a link is bound to now: the current badge version (0 before there is one) and the
/// registration's nonce.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkKey {
    pub version: i32,
    pub nonce: String,
}

impl LinkKey {
    fn purpose(&self) -> Purpose<'_> {
        Purpose::Badge { version: self.version, nonce: &self.nonce }
    }
}

fn new_nonce() -> String {
    crate::common::random_code(26)
}

/// The registration's link key now, its nonce made on first use. Not inside a transaction:
/// two first uses at once are settled by the primary key, and the loser reads the winner's.
pub fn key_of(conn: &mut DbConn, registration_id: &RegistrationId, now: NaiveDateTime) -> QueryResult<LinkKey> {
    let stored: Option<String> =
        badge_links::table.find(registration_id).select(badge_links::nonce).first(conn).optional()?;
    let nonce = match stored {
        Some(nonce) => nonce,
        None => {
            let row = (
                badge_links::registration_id.eq(registration_id),
                badge_links::nonce.eq(new_nonce()),
                badge_links::created_at.eq(now),
            );
            match diesel::insert_into(badge_links::table).values(row).execute(conn) {
                Err(e) if db::unique_violation_on(&e).is_none() => return Err(e),
                _ => {}
            }
            badge_links::table.find(registration_id).select(badge_links::nonce).first(conn)?
        }
    };
    let version = store::current(conn, registration_id)?.map_or(0, |b| b.version);
    Ok(LinkKey { version, nonce })
}

/// The page's path under `key`.
pub fn path(secret: &[u8], slug: &str, reference: &str, key: &LinkKey) -> String {
    let t = links::sign(secret, key.purpose(), reference);
    format!("/events/{slug}/badge/{reference}?t={t}")
}

/// Why a link does not open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Signed under an older version or nonce, or not by us: "no longer valid".
    Replaced,
    /// The event is over.
    Expired,
}

/// Whether `t` opens the badge page of `reference` under `key` at `now`.
pub fn check(
    secret: &[u8],
    event: &Event,
    reference: &str,
    t: &str,
    key: &LinkKey,
    now: NaiveDateTime,
) -> Result<(), Refusal> {
    if !links::verify(secret, key.purpose(), reference, t) {
        return Err(Refusal::Replaced);
    }
    if now > event.ends_at + AFTER_EVENT {
        return Err(Refusal::Expired);
    }
    Ok(())
}

/// "Send a new link": a new nonce voids every older link, and the new one goes out by mail in
/// the same transaction.
pub fn send_new(conn: &mut DbConn, reg: &Registration, actor: &str, now: NaiveDateTime) -> QueryResult<()> {
    db::write_tx(conn, |conn| {
        diesel::delete(badge_links::table.find(&reg.id)).execute(conn)?;
        diesel::insert_into(badge_links::table)
            .values((
                badge_links::registration_id.eq(&reg.id),
                badge_links::nonce.eq(new_nonce()),
                badge_links::created_at.eq(now),
            ))
            .execute(conn)?;
        mail_new_link_in(conn, reg, now)?;
        let change = Change {
            actor,
            action: "badge.link",
            entity: "registration",
            entity_id: reg.id.as_str(),
            event_id: Some(&reg.event_id),
            before: None,
            after: Some(json!({ "link": "renewed" })),
        };
        audit::record(conn, change, now)
    })
}

/// Queues the mail that carries the badge page's current link (after a reissue, or a new link).
pub fn mail_new_link_in(conn: &mut DbConn, reg: &Registration, now: NaiveDateTime) -> QueryResult<String> {
    outbox::enqueue(conn, MailKind::BadgeLink, &reg.id, &reg.email, &reg.locale, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_opens_only_under_its_version_and_nonce_and_until_a_day_after_the_event() {
        let mut event = crate::events::setup::blank_event(chrono::DateTime::UNIX_EPOCH.naive_utc());
        event.ends_at =
            chrono::NaiveDate::from_ymd_opt(2026, 12, 24).and_then(|d| d.and_hms_opt(18, 0, 0)).unwrap_or_default();
        let key = LinkKey { version: 1, nonce: "N1".into() };
        let p = path(b"secret", "qianhai", "QH-7K3M9P", &key);
        let t = p.rsplit("t=").next().unwrap_or_default();
        let during = event.ends_at - Duration::hours(3);
        assert_eq!(check(b"secret", &event, "QH-7K3M9P", t, &key, during), Ok(()));
        let reissued = LinkKey { version: 2, ..key.clone() };
        assert_eq!(check(b"secret", &event, "QH-7K3M9P", t, &reissued, during), Err(Refusal::Replaced));
        let renewed = LinkKey { nonce: "N2".into(), ..key.clone() };
        assert_eq!(check(b"secret", &event, "QH-7K3M9P", t, &renewed, during), Err(Refusal::Replaced));
        assert_eq!(check(b"secret", &event, "QH-7K3M9Q", t, &key, during), Err(Refusal::Replaced));
        assert_eq!(check(b"other", &event, "QH-7K3M9P", t, &key, during), Err(Refusal::Replaced));
        let after = event.ends_at + AFTER_EVENT + Duration::minutes(1);
        assert_eq!(check(b"secret", &event, "QH-7K3M9P", t, &key, after), Err(Refusal::Expired));
    }
}
