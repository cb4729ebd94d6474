//! Time-based one-time passwords (RFC 6238) as a second login factor, and the instance-wide
//! setting that makes them compulsory for every staff account.

use base64::Engine;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use totp_rs::{Algorithm, Secret, TOTP};

use crate::db::DbConn;
use crate::db::schema::{app_settings, staff_users};
use crate::secrets::Keys;

const REQUIRE_KEY: &str = "require_totp";

/// A new random secret, base32 as authenticator apps expect.
pub fn new_secret() -> String {
    Secret::Raw(rand::random::<[u8; 20]>().to_vec()).to_encoded().to_string()
}

fn totp(secret: &str, account: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().ok()?;
    // One step of clock drift either way: phones are rarely exact.
    TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes, Some("Lanyard".into()), account.replace(':', " ")).ok()
}

/// Whether `code` is valid for `secret` at `unix_time`.
pub fn check(secret: &str, account: &str, code: &str, unix_time: u64) -> bool {
    matching_step(secret, account, code, unix_time).is_some()
}

/// The time step (30 s) at which `code` is valid for `secret`, allowing one step of drift.
pub fn matching_step(secret: &str, account: &str, code: &str, unix_time: u64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let t = totp(secret, account).filter(|_| code.len() == 6)?;
    let now_step = (unix_time / 30) as i64;
    [now_step - 1, now_step, now_step + 1].into_iter().filter(|s| *s >= 0).find(|s| {
        let expected = t.generate(*s as u64 * 30);
        // Compare without an early exit.
        expected.len() == code.len() && expected.bytes().zip(code.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    })
}

/// The code for `secret` at `unix_time` (tests act as the phone with it).
pub fn code_at(secret: &str, account: &str, unix_time: u64) -> Option<String> {
    totp(secret, account).map(|t| t.generate(unix_time))
}

/// The otpauth:// link an authenticator app reads from the QR code.
pub fn setup_url(secret: &str, account: &str) -> Option<String> {
    totp(secret, account).map(|t| t.get_url())
}

/// The QR code of the setup link as an `<img>` source.
pub fn setup_qr(secret: &str, account: &str) -> Option<String> {
    let svg = crate::qr::svg(&setup_url(secret, account)?, 220)?;
    Some(format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(svg)))
}

/// Stores (or with `None`, removes) an account's secret, sealed: a copy of the database does
/// not let anyone make an account's codes.
pub fn set_secret(
    conn: &mut DbConn,
    keys: &Keys,
    staff_id: &str,
    secret: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let sealed = secret.map(|s| keys.seal(s));
    diesel::update(staff_users::table.find(staff_id))
        .set((staff_users::totp_secret.eq(sealed), staff_users::updated_at.eq(now)))
        .execute(conn)
        .map(drop)
}

/// An account's secret, opened (`None` without one, or if it does not open with these keys).
pub fn secret_of(keys: &Keys, user: &super::StaffUser) -> Option<String> {
    user.totp_secret.as_deref().and_then(|s| keys.open(s))
}

/// Seals the secrets stored in clear by earlier versions (at start-up, once per database).
pub fn seal_clear_secrets(conn: &mut DbConn, keys: &Keys) -> QueryResult<usize> {
    let clear: Vec<(String, String)> = staff_users::table
        .filter(staff_users::totp_secret.is_not_null())
        .select((staff_users::id, staff_users::totp_secret.assume_not_null()))
        .load(conn)?;
    let mut sealed = 0;
    for (id, secret) in clear.into_iter().filter(|(_, s)| !Keys::is_sealed(s)) {
        sealed += diesel::update(staff_users::table.find(&id).filter(staff_users::totp_secret.eq(&secret)))
            .set(staff_users::totp_secret.eq(keys.seal(&secret)))
            .execute(conn)?;
    }
    Ok(sealed)
}

/// Whether an admin requires two-factor login for every staff account.
pub fn required(conn: &mut DbConn) -> QueryResult<bool> {
    let value: Option<String> =
        app_settings::table.find(REQUIRE_KEY).select(app_settings::value).first(conn).optional()?;
    Ok(value.as_deref() == Some("true"))
}

/// Sets the requirement (update, or insert the first time).
pub fn set_required(conn: &mut DbConn, on: bool, now: NaiveDateTime) -> QueryResult<()> {
    let value = if on { "true" } else { "false" };
    let n = diesel::update(app_settings::table.find(REQUIRE_KEY))
        .set((app_settings::value.eq(value), app_settings::updated_at.eq(now)))
        .execute(conn)?;
    if n == 0 {
        diesel::insert_into(app_settings::table)
            .values((
                app_settings::key.eq(REQUIRE_KEY),
                app_settings::value.eq(value),
                app_settings::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_works_in_its_window_only() {
        let secret = new_secret();
        let t = 1_800_000_000;
        let code = code_at(&secret, "ada@example.org", t).unwrap();
        assert!(check(&secret, "ada@example.org", &code, t));
        assert!(check(&secret, "ada@example.org", &code, t + 30), "one step of drift");
        assert!(!check(&secret, "ada@example.org", &code, t + 120));
        assert!(!check(&secret, "ada@example.org", "12345", t));
        assert!(setup_url(&secret, "ada@example.org").unwrap().starts_with("otpauth://totp/Lanyard:"));
    }
}
