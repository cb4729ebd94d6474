//! Logging in: password check with throttling, and sessions held by an opaque cookie token.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Duration, NaiveDateTime};
use diesel::QueryResult;
use sha2::{Digest, Sha256};

use super::{Role, StaffUser, password, store};
use crate::db::{self, DbConn};

/// Failed logins allowed before the account is locked for a while.
pub const FREE_ATTEMPTS: i32 = 5;

/// A session ends after this long without use.
pub const IDLE: Duration = Duration::hours(12);

/// The result of a login attempt.
#[derive(Debug)]
pub enum LoginOutcome {
    /// The cookie token for the new session.
    Success { staff: Box<StaffUser>, token: String },
    /// Wrong email or password (never says which).
    Invalid,
    /// Too many failures: try again after this moment.
    Locked { until: NaiveDateTime },
    /// The password was right; the account's one-time code must follow.
    NeedsCode { staff_id: String },
}

/// How long the lock lasts after the n-th consecutive failure: 1 minute after the 5th,
/// doubling, at most an hour.
fn lock_for(failures: i32) -> Option<Duration> {
    (failures >= FREE_ATTEMPTS)
        .then(|| Duration::minutes(1i64 << (failures - FREE_ATTEMPTS).min(6)).min(Duration::hours(1)))
}

fn session_id(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Starts an attempt on an account from one client address: `Err(outcome)` when that pair is
/// locked (or another attempt raced this one), `Ok(lock)` with the lock a failure would earn.
/// The attempt counts as a failure until a success clears it, so guesses sent in parallel
/// cannot slip past the limit.
fn attempt(
    conn: &mut DbConn,
    user: &StaffUser,
    address: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<Option<NaiveDateTime>, LoginOutcome>> {
    let (failed, locked_until) = store::throttle(conn, &user.id, address)?;
    if let Some(until) = locked_until.filter(|u| *u > now) {
        return Ok(Err(LoginOutcome::Locked { until }));
    }
    let lock = lock_for(failed + 1).map(|d| now + d);
    if !store::begin_attempt(conn, &user.id, address, failed, lock, now)? {
        return Ok(Err(LoginOutcome::Locked { until: lock.unwrap_or(now + Duration::minutes(1)) }));
    }
    Ok(Ok(lock))
}

fn failed(user: &StaffUser, address: &str, lock: Option<NaiveDateTime>) -> LoginOutcome {
    match lock {
        Some(until) => {
            tracing::warn!(target: "lanyard::security", account = %user.id, %address, %until, "login locked");
            LoginOutcome::Locked { until }
        }
        None => {
            tracing::warn!(target: "lanyard::security", account = %user.id, %address, "login failed");
            LoginOutcome::Invalid
        }
    }
}

/// The first step of a password login, before any hashing: the account and whether this
/// client may try it now. The password is then checked outside the database pool.
pub enum LoginStart {
    /// No such account (a dummy hash is still computed, so the answer takes as long).
    Unknown,
    Locked {
        until: NaiveDateTime,
    },
    /// Compare the password with this account's hash; a failure earns `lock`.
    Check {
        user: Box<StaffUser>,
        lock: Option<NaiveDateTime>,
    },
}

/// Finds the account by `email` and counts the attempt from `address`.
pub fn start_login(conn: &mut DbConn, email: &str, address: &str, now: NaiveDateTime) -> QueryResult<LoginStart> {
    let Some(user) = store::find_by_email(conn, email)? else {
        tracing::warn!(target: "lanyard::security", %address, "login failed: no such account");
        return Ok(LoginStart::Unknown);
    };
    Ok(match attempt(conn, &user, address, now)? {
        Ok(lock) => LoginStart::Check { user: Box::new(user), lock },
        Err(LoginOutcome::Locked { until }) => LoginStart::Locked { until },
        Err(_) => LoginStart::Unknown,
    })
}

/// Ends a password login once the password was compared (`matches`).
pub fn finish_login(
    conn: &mut DbConn,
    user: StaffUser,
    lock: Option<NaiveDateTime>,
    matches: bool,
    address: &str,
    now: NaiveDateTime,
) -> QueryResult<LoginOutcome> {
    if !matches || !user.active {
        return Ok(failed(&user, address, lock));
    }
    if user.totp_secret.is_some() {
        // The attempt stays counted until the code step succeeds.
        return Ok(LoginOutcome::NeedsCode { staff_id: user.id });
    }
    store::record_success(conn, &user.id, address, now)?;
    let token = start_session(conn, &user.id, now)?;
    Ok(LoginOutcome::Success { staff: Box::new(user), token })
}

/// Checks an email and password at `now` in one call (the command line and tests; the web
/// login hashes outside the pool with `start_login` and `finish_login`).
pub fn login(
    conn: &mut DbConn,
    email: &str,
    password: &str,
    address: &str,
    now: NaiveDateTime,
) -> QueryResult<LoginOutcome> {
    match start_login(conn, email, address, now)? {
        LoginStart::Unknown => {
            password::verify_dummy(password);
            Ok(LoginOutcome::Invalid)
        }
        LoginStart::Locked { until } => {
            password::verify_dummy(password);
            Ok(LoginOutcome::Locked { until })
        }
        LoginStart::Check { user, lock } => {
            let matches = password::verify(password, &user.password_hash);
            finish_login(conn, *user, lock, matches, address, now)
        }
    }
}

/// The second step: the one-time code of an account whose password was just accepted.
/// Wrong codes count as failed logins of the pair; a code is accepted once only.
pub fn login_with_code(
    conn: &mut DbConn,
    keys: &crate::secrets::Keys,
    staff_id: &str,
    code: &str,
    address: &str,
    now: NaiveDateTime,
) -> QueryResult<LoginOutcome> {
    let Some(user) = store::find(conn, staff_id)? else { return Ok(LoginOutcome::Invalid) };
    let lock = match attempt(conn, &user, address, now)? {
        Ok(lock) => lock,
        Err(outcome) => return Ok(outcome),
    };
    let unix = now.and_utc().timestamp().max(0) as u64;
    let secret = super::totp::secret_of(keys, &user);
    let step = secret.and_then(|s| super::totp::matching_step(&s, &user.email, code, unix));
    let valid = match step {
        Some(step) if user.active => store::accept_totp_step(conn, &user.id, step)?,
        _ => false,
    };
    if !valid {
        return Ok(failed(&user, address, lock));
    }
    store::record_success(conn, &user.id, address, now)?;
    let token = start_session(conn, &user.id, now)?;
    Ok(LoginOutcome::Success { staff: Box::new(user), token })
}

/// Counts a check of the current password before a change like a login attempt (a stolen
/// session cannot guess it without limit): `Err` when locked, else the lock a failure earns.
pub fn start_confirm(
    conn: &mut DbConn,
    user: &StaffUser,
    address: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<(StaffUser, Option<NaiveDateTime>), LoginOutcome>> {
    let fresh = store::find(conn, &user.id)?.unwrap_or_else(|| user.clone());
    Ok(attempt(conn, &fresh, address, now)?.map(|lock| (fresh, lock)))
}

/// Ends a check of the current password (`matches`).
pub fn finish_confirm(
    conn: &mut DbConn,
    user: StaffUser,
    lock: Option<NaiveDateTime>,
    matches: bool,
    address: &str,
    now: NaiveDateTime,
) -> QueryResult<LoginOutcome> {
    if matches {
        store::record_success(conn, &user.id, address, now)?;
        Ok(LoginOutcome::Success { staff: Box::new(user), token: String::new() })
    } else {
        Ok(failed(&user, address, lock))
    }
}

/// Opens a session and returns its cookie token.
pub fn start_session(conn: &mut DbConn, staff_id: &str, now: NaiveDateTime) -> QueryResult<String> {
    let token = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
    store::insert_session(conn, &session_id(&token), staff_id, now, now + IDLE)?;
    Ok(token)
}

/// The account behind a session token, extending the session when it is in use.
pub fn resume(conn: &mut DbConn, token: &str, now: NaiveDateTime) -> QueryResult<Option<StaffUser>> {
    let id = session_id(token);
    let Some((last_seen, user)) = store::find_session(conn, &id, now)? else {
        return Ok(None);
    };
    // Writing on every request would serialise SQLite; every five minutes is enough.
    if now - last_seen > Duration::minutes(5) {
        store::touch_session(conn, &id, now, now + IDLE)?;
    }
    Ok(Some(user))
}

/// Ends a session.
pub fn logout(conn: &mut DbConn, token: &str) -> QueryResult<()> {
    store::delete_session(conn, &session_id(token))
}

/// Sets a new password, ends the account's other sessions, and records it in the audit log.
pub fn change_password(
    conn: &mut DbConn,
    user: &StaffUser,
    new_hash: &str,
    token: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    db::write_tx(conn, |conn| {
        store::set_password(conn, &user.id, new_hash, now)?;
        store::delete_other_sessions(conn, &user.id, &session_id(token))?;
        let actor = user.label();
        let change = crate::audit::Change {
            actor: &actor,
            action: "staff.password-change",
            entity: "staff",
            entity_id: &user.id,
            event_id: None,
            before: None,
            after: None,
        };
        crate::audit::record(conn, change, now)
    })
}

/// Ends the account's sessions except the current one (after its second factor changed).
pub fn end_other_sessions(conn: &mut DbConn, user: &StaffUser, token: &str) -> QueryResult<()> {
    store::delete_other_sessions(conn, &user.id, &session_id(token))
}

/// Why an account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error("{0:?} is not an email address")]
    Email(String),
    #[error("a staff account with this email exists already")]
    Taken,
    #[error("the password needs at least {min} characters", min = password::MIN_LENGTH)]
    Password,
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
    #[error(transparent)]
    Hash(#[from] anyhow::Error),
}

/// Creates an account.
pub fn create(
    conn: &mut DbConn,
    email: &str,
    name: &str,
    role: Role,
    pw: &str,
    now: NaiveDateTime,
) -> Result<StaffUser, CreateError> {
    let email = email.trim();
    if !email_address::EmailAddress::is_valid(email) {
        return Err(CreateError::Email(email.to_owned()));
    }
    password::check_new(pw).map_err(|_| CreateError::Password)?;
    let user = StaffUser {
        id: db::new_id(),
        email: email.to_owned(),
        email_lower: email.to_lowercase(),
        name: name.trim().to_owned(),
        role,
        password_hash: password::hash(pw)?,
        totp_secret: None,
        totp_last_step: None,
        active: true,
        failed_logins: 0,
        locked_until: None,
        created_at: now,
        updated_at: now,
    };
    store::insert(conn, &user)
        .map_err(|e| if db::unique_violation_on(&e).is_some() { CreateError::Taken } else { e.into() })?;
    Ok(user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_start_after_five_failures_and_double_up_to_an_hour() {
        assert_eq!(lock_for(4), None);
        assert_eq!(lock_for(5), Some(Duration::minutes(1)));
        assert_eq!(lock_for(6), Some(Duration::minutes(2)));
        assert_eq!(lock_for(30), Some(Duration::hours(1)));
    }
}
