//! SQL for staff accounts and sessions.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::StaffUser;
use crate::db::DbConn;
use crate::db::schema::{login_throttles, staff_sessions, staff_users};

/// Stores a new account; a taken email is a unique violation.
pub fn insert(conn: &mut DbConn, user: &StaffUser) -> QueryResult<()> {
    diesel::insert_into(staff_users::table).values(user).execute(conn).map(drop)
}

/// The account with this email (any case).
pub fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<StaffUser>> {
    staff_users::table
        .filter(staff_users::email_lower.eq(email.trim().to_lowercase()))
        .select(StaffUser::as_select())
        .first(conn)
        .optional()
}

/// The account with this id.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<StaffUser>> {
    staff_users::table.find(id).select(StaffUser::as_select()).first(conn).optional()
}

/// Clears the failures of this account from this address after a successful login.
pub fn record_success(conn: &mut DbConn, id: &str, address: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::delete(
        login_throttles::table.filter(login_throttles::staff_id.eq(id)).filter(login_throttles::address.eq(address)),
    )
    .execute(conn)?;
    diesel::update(staff_users::table.find(id)).set(staff_users::updated_at.eq(now)).execute(conn).map(drop)
}

/// Failed attempts on this account from this address, and until when the pair is locked.
pub fn throttle(conn: &mut DbConn, id: &str, address: &str) -> QueryResult<(i32, Option<NaiveDateTime>)> {
    let row = login_throttles::table
        .find((id, address))
        .select((login_throttles::failed, login_throttles::locked_until))
        .first::<(i32, Option<NaiveDateTime>)>(conn)
        .optional()?;
    Ok(row.unwrap_or((0, None)))
}

/// Accounts locked for at least one address at `now` (for the accounts page).
pub fn locked_accounts(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Vec<String>> {
    login_throttles::table
        .filter(login_throttles::locked_until.gt(now))
        .select(login_throttles::staff_id)
        .distinct()
        .load(conn)
}

/// Replaces the password hash.
pub fn set_password(conn: &mut DbConn, id: &str, hash: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(staff_users::table.find(id))
        .set((staff_users::password_hash.eq(hash), staff_users::updated_at.eq(now)))
        .execute(conn)
        .map(drop)
}

/// Stores a session under the hash of its token.
pub fn insert_session(
    conn: &mut DbConn,
    id: &str,
    staff_id: &str,
    now: NaiveDateTime,
    expires: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(staff_sessions::table)
        .values((
            staff_sessions::id.eq(id),
            staff_sessions::staff_id.eq(staff_id),
            staff_sessions::created_at.eq(now),
            staff_sessions::last_seen_at.eq(now),
            staff_sessions::expires_at.eq(expires),
        ))
        .execute(conn)
        .map(drop)
}

/// The live session with this id and its (active) account.
pub fn find_session(
    conn: &mut DbConn,
    id: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<(NaiveDateTime, StaffUser)>> {
    staff_sessions::table
        .inner_join(staff_users::table)
        .filter(staff_sessions::id.eq(id))
        .filter(staff_sessions::expires_at.gt(now))
        .filter(staff_users::active.eq(true))
        .select((staff_sessions::last_seen_at, StaffUser::as_select()))
        .first(conn)
        .optional()
}

/// Extends a session that is in use.
pub fn touch_session(conn: &mut DbConn, id: &str, now: NaiveDateTime, expires: NaiveDateTime) -> QueryResult<()> {
    diesel::update(staff_sessions::table.find(id))
        .set((staff_sessions::last_seen_at.eq(now), staff_sessions::expires_at.eq(expires)))
        .execute(conn)
        .map(drop)
}

/// Ends one session.
pub fn delete_session(conn: &mut DbConn, id: &str) -> QueryResult<()> {
    diesel::delete(staff_sessions::table.find(id)).execute(conn).map(drop)
}

/// Ends every session of an account except `keep`.
pub fn delete_other_sessions(conn: &mut DbConn, staff_id: &str, keep: &str) -> QueryResult<()> {
    diesel::delete(
        staff_sessions::table.filter(staff_sessions::staff_id.eq(staff_id)).filter(staff_sessions::id.ne(keep)),
    )
    .execute(conn)
    .map(drop)
}

/// Every account, by email.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<StaffUser>> {
    staff_users::table.order(staff_users::email_lower.asc()).select(StaffUser::as_select()).load(conn)
}

/// Turns an account on or off; a deactivated account's sessions end at once.
pub fn set_active(conn: &mut DbConn, id: &str, active: bool, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(staff_users::table.find(id))
        .set((staff_users::active.eq(active), staff_users::updated_at.eq(now)))
        .execute(conn)?;
    if !active {
        diesel::delete(staff_sessions::table.filter(staff_sessions::staff_id.eq(id))).execute(conn)?;
    }
    Ok(())
}

/// Counts a login attempt from `address` before the password is checked, as a failure until
/// proven otherwise, and sets the lock it would earn. Conditional on the count just read (`failed`)
/// and on the pair not being locked, so parallel guesses cannot slip past the limit: all but one
/// of them find the count changed (or the row already made). Returns whether this attempt may go ahead.
pub fn begin_attempt(
    conn: &mut DbConn,
    id: &str,
    address: &str,
    failed: i32,
    lock_if_fails: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    if failed == 0 {
        let first = diesel::insert_into(login_throttles::table)
            .values((
                login_throttles::staff_id.eq(id),
                login_throttles::address.eq(address),
                login_throttles::failed.eq(1),
                login_throttles::locked_until.eq(lock_if_fails),
                login_throttles::updated_at.eq(now),
            ))
            .execute(conn);
        return match first {
            Ok(_) => Ok(true),
            Err(e) if crate::db::unique_violation_on(&e).is_some() => Ok(false),
            Err(e) => Err(e),
        };
    }
    let n = diesel::update(
        login_throttles::table
            .find((id, address))
            .filter(login_throttles::failed.eq(failed))
            .filter(login_throttles::locked_until.is_null().or(login_throttles::locked_until.le(now))),
    )
    .set((
        login_throttles::failed.eq(failed + 1),
        login_throttles::locked_until.eq(lock_if_fails),
        login_throttles::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Accepts a TOTP time step once: a later login (or replay) with the same code fails.
pub fn accept_totp_step(conn: &mut DbConn, id: &str, step: i64) -> QueryResult<bool> {
    let n = diesel::update(
        staff_users::table
            .filter(staff_users::id.eq(id))
            .filter(staff_users::totp_last_step.is_null().or(staff_users::totp_last_step.lt(step))),
    )
    .set(staff_users::totp_last_step.eq(step))
    .execute(conn)?;
    Ok(n == 1)
}
