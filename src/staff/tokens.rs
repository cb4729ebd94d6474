//! API bearer tokens: random, shown once, stored hashed, with a role like staff accounts.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use super::Role;
use crate::db::schema::api_tokens;
use crate::db::{self, DbConn};

/// A token row (never holds the token itself).
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    pub role: String,
    pub token_hash: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

impl ApiToken {
    /// The token's role; an unknown stored value grants as little as possible.
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Door)
    }
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
    created_by: &str,
    now: NaiveDateTime,
) -> QueryResult<(ApiToken, String)> {
    let secret = format!("lny_{}", URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>()));
    let row = ApiToken {
        id: db::new_id(),
        name: name.trim().to_owned(),
        role: role.as_str().to_owned(),
        token_hash: hash(&secret),
        created_by: created_by.to_owned(),
        created_at: now,
        last_used_at: None,
        revoked_at: None,
    };
    diesel::insert_into(api_tokens::table).values(&row).execute(conn)?;
    Ok((row, secret))
}

/// The live token for a presented secret.
pub fn authenticate(conn: &mut DbConn, secret: &str, now: NaiveDateTime) -> QueryResult<Option<ApiToken>> {
    let token = api_tokens::table
        .filter(api_tokens::token_hash.eq(hash(secret.trim())))
        .filter(api_tokens::revoked_at.is_null())
        .select(ApiToken::as_select())
        .first(conn)
        .optional()?;
    if let Some(t) = &token
        && t.last_used_at.is_none_or(|at| now - at > Duration::minutes(1))
    {
        diesel::update(api_tokens::table.find(&t.id)).set(api_tokens::last_used_at.eq(now)).execute(conn)?;
    }
    Ok(token)
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

/// Every token, newest first.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<ApiToken>> {
    api_tokens::table.order(api_tokens::created_at.desc()).select(ApiToken::as_select()).load(conn)
}
