//! CSRF protection: a random per-browser seed in an HttpOnly cookie, and in every form a
//! token that is an HMAC of that seed under the server's secret key. A cross-site page can
//! neither read the cookie nor compute the token.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The cookie holding the seed.
pub const COOKIE: &str = "lanyard_csrf";
/// The form field holding the token.
pub const FIELD: &str = "csrf_token";

type HmacSha256 = Hmac<Sha256>;

fn mac(key: &[u8], seed: &str) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(b"lanyard-csrf:");
    mac.update(seed.as_bytes());
    mac
}

/// A fresh random seed for a new browser.
pub fn new_seed() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 24]>())
}

/// Whether a cookie value looks like a seed we issued (so junk is replaced, not trusted).
pub fn is_seed(value: &str) -> bool {
    value.len() == 32 && URL_SAFE_NO_PAD.decode(value).is_ok()
}

/// The token forms carry for this seed.
pub fn token(key: &[u8], seed: &str) -> String {
    URL_SAFE_NO_PAD.encode(mac(key, seed).finalize().into_bytes())
}

/// Checks a submitted token in constant time.
pub fn verify(key: &[u8], seed: &str, submitted: &str) -> bool {
    match URL_SAFE_NO_PAD.decode(submitted.trim()) {
        Ok(bytes) => mac(key, seed).verify_slice(&bytes).is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_fits_only_its_seed_and_key() {
        let seed = new_seed();
        assert!(is_seed(&seed));
        let t = token(b"key one", &seed);
        assert!(verify(b"key one", &seed, &t));
        assert!(!verify(b"key two", &seed, &t));
        assert!(!verify(b"key one", &new_seed(), &t));
        assert!(!verify(b"key one", &seed, ""));
        assert!(!verify(b"key one", &seed, "not base64!"));
    }
}
