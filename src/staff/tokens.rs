//! API bearer tokens: random, shown once, stored hashed, with a role like staff accounts.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use super::Role;
use crate::db::schema::{api_tokens, token_venues};
use crate::db::{self, DbConn};
use crate::ids::EventId;

/// A token row (never holds the token itself).
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub token_hash: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    /// The one event the token works on (a paired device's, or the one an admin gave it);
    /// `None` only for admin tokens, which reach every event.
    pub event_id: Option<EventId>,
    /// When a device token stops working (a day after its event, unless renewed).
    pub expires_at: Option<NaiveDateTime>,
    /// A device's PIN verifier, if it has a PIN (see `staff::pin`).
    pub pin_verifier: Option<String>,
}

/// How long after its event ends a device token still works.
pub const DEVICE_AFTER_EVENT: Duration = Duration::days(1);

impl ApiToken {
    /// A paired door device (only those expire): it scans only at the venues it was given.
    pub fn is_device(&self) -> bool {
        self.expires_at.is_some()
    }

    /// Whether it works on this event.
    pub fn reaches(&self, event_id: &EventId) -> bool {
        match &self.event_id {
            Some(own) => own == event_id,
            None => self.role == Role::Admin,
        }
    }

    /// Whether it still works at `now`.
    pub fn live_at(&self, now: NaiveDateTime) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|t| now < t)
    }
}

/// A live token with what it may reach: a device's venues (none given: none), or any venue
/// of its event for other tokens.
#[derive(Clone, Debug)]
pub struct Authorised {
    pub token: ApiToken,
    pub venues: Vec<String>,
    pub any_venue: bool,
}

/// The stored form of a secret.
pub fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Creates a token; returns the row and the secret, which is not stored and shown only now.
pub fn create(
    conn: &mut DbConn,
    name: &str,
    role: Role,
    event_id: Option<&EventId>,
    created_by: &str,
    now: NaiveDateTime,
) -> QueryResult<(ApiToken, String)> {
    let secret = format!("lny_{}", URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>()));
    let row = ApiToken {
        id: db::new_id(),
        name: name.trim().to_owned(),
        role,
        token_hash: hash(&secret),
        created_by: created_by.to_owned(),
        created_at: now,
        last_used_at: None,
        revoked_at: None,
        event_id: event_id.cloned(),
        expires_at: None,
        pin_verifier: None,
    };
    diesel::insert_into(api_tokens::table).values(&row).execute(conn)?;
    Ok((row, secret))
}

/// Creates a scanning device for one event and some of its venues (door role), working until
/// `expires_at`; returns the row and the secret, shown once, as the QR code a phone picks up.
pub fn create_device(
    conn: &mut DbConn,
    event_id: &EventId,
    expires_at: NaiveDateTime,
    name: &str,
    venues: &[String],
    created_by: &str,
    now: NaiveDateTime,
) -> QueryResult<(ApiToken, String)> {
    db::write_tx(conn, |conn| {
        let (mut row, secret) = create(conn, name, Role::Door, Some(event_id), created_by, now)?;
        diesel::update(api_tokens::table.find(&row.id))
            .set((api_tokens::event_id.eq(event_id), api_tokens::expires_at.eq(expires_at)))
            .execute(conn)?;
        row.event_id = Some(event_id.to_owned());
        row.expires_at = Some(expires_at);
        for v in venues {
            diesel::insert_into(token_venues::table)
                .values((token_venues::token_id.eq(&row.id), token_venues::venue_id.eq(v)))
                .execute(conn)?;
        }
        Ok((row, secret))
    })
}

/// The scanning devices of an event, newest first, with their venues.
pub fn devices(conn: &mut DbConn, event_id: &EventId) -> QueryResult<Vec<Authorised>> {
    let rows = api_tokens::table
        .filter(api_tokens::event_id.eq(event_id))
        .order(api_tokens::created_at.desc())
        .select(ApiToken::as_select())
        .load(conn)?;
    rows.into_iter()
        .map(|token| Ok(Authorised { venues: venues_of(conn, &token.id)?, token, any_venue: false }))
        .collect()
}

/// The venues a device token is limited to.
pub fn venues_of(conn: &mut DbConn, token_id: &str) -> QueryResult<Vec<String>> {
    token_venues::table.filter(token_venues::token_id.eq(token_id)).select(token_venues::venue_id).load(conn)
}

/// The live token for a presented secret.
pub fn authenticate(conn: &mut DbConn, secret: &str, now: NaiveDateTime) -> QueryResult<Option<Authorised>> {
    let token = api_tokens::table
        .filter(api_tokens::token_hash.eq(hash(secret.trim())))
        .filter(api_tokens::revoked_at.is_null())
        .select(ApiToken::as_select())
        .first(conn)
        .optional()?
        .filter(|t| t.live_at(now));
    if let Some(t) = &token
        && t.last_used_at.is_none_or(|at| now - at > Duration::minutes(1))
    {
        diesel::update(api_tokens::table.find(&t.id)).set(api_tokens::last_used_at.eq(now)).execute(conn)?;
    }
    match token {
        Some(token) if token.is_device() => {
            Ok(Some(Authorised { venues: venues_of(conn, &token.id)?, token, any_venue: false }))
        }
        Some(token) => Ok(Some(Authorised { token, venues: Vec::new(), any_venue: true })),
        None => Ok(None),
    }
}

/// Revokes a token by id or name; returns how many were revoked.
pub fn revoke(conn: &mut DbConn, id_or_name: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        api_tokens::table
            .filter(api_tokens::id.eq(id_or_name).or(api_tokens::name.eq(id_or_name)))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(now))
    .execute(conn)
}

/// Revokes one token by its id only (names may repeat); returns whether it was live.
pub fn revoke_id(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(api_tokens::table.filter(api_tokens::id.eq(id)).filter(api_tokens::revoked_at.is_null()))
        .set(api_tokens::revoked_at.eq(now))
        .execute(conn)?;
    Ok(n > 0)
}

/// Renews a device token of an event until `until` (an expired one works again); returns
/// whether there was such a live (unrevoked) device.
pub fn renew_device(conn: &mut DbConn, event_id: &EventId, id: &str, until: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        api_tokens::table
            .filter(api_tokens::id.eq(id))
            .filter(api_tokens::event_id.eq(event_id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::expires_at.eq(until))
    .execute(conn)?;
    Ok(n > 0)
}

/// Sets (or with `None`, removes) a device's PIN verifier.
pub fn set_pin(conn: &mut DbConn, id: &str, verifier: Option<&str>) -> QueryResult<()> {
    diesel::update(api_tokens::table.find(id)).set(api_tokens::pin_verifier.eq(verifier)).execute(conn).map(drop)
}

/// Every token, newest first.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<ApiToken>> {
    api_tokens::table.order(api_tokens::created_at.desc()).select(ApiToken::as_select()).load(conn)
}
