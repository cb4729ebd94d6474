//! Signed links: addresses that carry a signature made with the server's secret key, so they
//! cannot be guessed from a reference and need no stored token. Each kind of link signs under
//! its own purpose, so a signature for one never opens another.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// What a signature is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose<'a> {
    /// The page confirming a registration, shown after the form.
    Confirmation,
    /// The delegate's own badge page, linked from the approval mail: bound to the badge
    /// version and the registration's link nonce (see `badges::link`).
    Badge { version: i32, nonce: &'a str },
    /// The second step of a two-factor login, bound to the browser's CSRF token.
    TotpLogin { csrf_token: &'a str },
}

impl Purpose<'_> {
    fn update(self, mac: &mut HmacSha256) {
        match self {
            Purpose::Confirmation => mac.update(b"confirmation"),
            Purpose::Badge { version, nonce } => {
                mac.update(b"badge:");
                mac.update(version.to_string().as_bytes());
                mac.update(b":");
                mac.update(nonce.as_bytes());
            }
            Purpose::TotpLogin { csrf_token } => {
                mac.update(b"totp-login:");
                mac.update(csrf_token.as_bytes());
            }
        }
    }
}

fn mac(key: &[u8], purpose: Purpose<'_>, value: &str) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    purpose.update(&mut mac);
    mac.update(b":");
    mac.update(value.as_bytes());
    mac
}

/// A 128-bit signature of `value` for `purpose`.
pub fn sign(key: &[u8], purpose: Purpose<'_>, value: &str) -> String {
    URL_SAFE_NO_PAD.encode(&mac(key, purpose, value).finalize().into_bytes()[..16])
}

/// Checks a signature made by `sign`, in constant time.
pub fn verify(key: &[u8], purpose: Purpose<'_>, value: &str, signature: &str) -> bool {
    let Ok(given) = URL_SAFE_NO_PAD.decode(signature.trim()) else { return false };
    given.len() == 16 && mac(key, purpose, value).verify_truncated_left(&given).is_ok()
}

/// The confirmation page's address: only the person who registered (or whoever they share
/// the link with) can open it.
pub fn confirmation_path(key: &[u8], slug: &str, reference: &str) -> String {
    let t = sign(key, Purpose::Confirmation, reference);
    format!("/events/{slug}/registered/{reference}?t={t}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_opens_only_its_own_value_purpose_and_key() {
        let s = sign(b"key", Purpose::Confirmation, "QH-7K3M9P");
        assert!(verify(b"key", Purpose::Confirmation, "QH-7K3M9P", &s));
        assert!(!verify(b"key", Purpose::Confirmation, "QH-7K3M9Q", &s));
        assert!(!verify(b"key", Purpose::Badge { version: 1, nonce: "" }, "QH-7K3M9P", &s));
        assert!(!verify(b"other key", Purpose::Confirmation, "QH-7K3M9P", &s));
        assert!(!verify(b"key", Purpose::Confirmation, "QH-7K3M9P", &s[..10]));
        let t = sign(b"key", Purpose::TotpLogin { csrf_token: "a" }, "v");
        assert!(verify(b"key", Purpose::TotpLogin { csrf_token: "a" }, "v", &t));
        assert!(!verify(b"key", Purpose::TotpLogin { csrf_token: "b" }, "v", &t));
    }
}
