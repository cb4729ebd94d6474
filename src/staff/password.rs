//! Password hashing with argon2id (the crate's defaults: 19 MiB, 2 passes).

use std::sync::OnceLock;

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use base64::Engine;

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 12;

/// A PHC string for `password`.
pub fn hash(password: &str) -> anyhow::Result<String> {
    let hash: argon2::PasswordHash =
        Argon2::default().hash_password(password.as_bytes()).map_err(|e| anyhow::anyhow!("hashing failed: {e}"))?;
    Ok(hash.to_string())
}

/// Whether `password` matches a stored PHC string (constant time inside argon2).
pub fn verify(password: &str, stored: &str) -> bool {
    Argon2::default().verify_password(password.as_bytes(), stored).is_ok()
}

/// Spends the same time as a real check, for logins with an unknown email.
pub fn verify_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash("a dummy password nobody has").unwrap_or_default());
    let _ = verify(password, stored);
}

/// A random password for a new account: 18 URL-safe characters (108 bits).
pub fn generate() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 14]>())[..18].to_owned()
}

/// Why a new password is refused (a Fluent key).
pub fn check_new(password: &str) -> Result<(), &'static str> {
    if password.chars().count() < MIN_LENGTH {
        return Err("error-password-short");
    }
    if password.chars().count() > 200 {
        return Err("error-password-long");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_only_its_password() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &h));
        assert!(!verify("correct horse batterz", &h));
        assert!(!verify("x", "not a hash"));
        assert_eq!(generate().len(), 18);
        assert!(check_new("short").is_err() && check_new(&generate()).is_ok());
    }
}
