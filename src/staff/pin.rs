//! A door device's optional PIN: it locks a station left unattended (after a few idle minutes,
//! or at once with its Lock button). The device checks the PIN itself, offline too, so the
//! device and the database hold a PBKDF2-SHA256 verifier, never the PIN. It keeps a passer-by
//! off an unlocked station; it is no protection of the synced records, which are sealed anyway.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// PBKDF2 rounds: about 50 ms in a phone's browser.
pub const ITERATIONS: u32 = 100_000;
/// Idle minutes before a station with a PIN locks itself.
pub const LOCK_AFTER_MINUTES: u32 = 5;

/// A PIN as typed: 4 to 8 digits (`None` for anything else).
pub fn parse(text: &str) -> Option<String> {
    let pin = text.trim();
    ((4..=8).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit())).then(|| pin.to_owned())
}

fn hash(pin: &str, salt: &[u8], rounds: u32) -> [u8; 32] {
    let mut out = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(pin.as_bytes(), salt, rounds, &mut out);
    out
}

/// The verifier of a PIN: `pbkdf2-sha256$rounds$salt$hash` (salt and hash base64url).
pub fn verifier(pin: &str) -> String {
    let salt: [u8; 16] = rand::random();
    let h = hash(pin, &salt, ITERATIONS);
    format!("pbkdf2-sha256${ITERATIONS}${}${}", URL_SAFE_NO_PAD.encode(salt), URL_SAFE_NO_PAD.encode(h))
}

/// Whether `pin` is the one `verifier` was made from (what the device's script does too).
pub fn matches(verifier: &str, pin: &str) -> bool {
    let parts: Vec<&str> = verifier.split('$').collect();
    let [scheme, rounds, salt, expected] = parts[..] else { return false };
    let (Ok(rounds), Ok(salt), Ok(expected)) =
        (rounds.parse::<u32>(), URL_SAFE_NO_PAD.decode(salt), URL_SAFE_NO_PAD.decode(expected))
    else {
        return false;
    };
    scheme == "pbkdf2-sha256" && hash(pin, &salt, rounds).as_slice() == expected.as_slice()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verifier_admits_its_pin_only_and_does_not_hold_it() {
        assert_eq!(parse(" 2468 ").as_deref(), Some("2468"));
        assert_eq!(parse("123"), None, "too short");
        assert_eq!(parse("123456789"), None, "too long");
        assert_eq!(parse("12a4"), None, "digits only");
        let v = verifier("2468");
        assert!(v.starts_with("pbkdf2-sha256$100000$") && !v.contains("2468"));
        assert!(matches(&v, "2468") && !matches(&v, "2469"));
        assert_ne!(verifier("2468"), v, "a fresh salt each time");
        assert!(!matches("garbage", "2468"));
    }
}
