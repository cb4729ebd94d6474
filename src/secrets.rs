//! Secrets at rest: what the database keeps of a secret is either a keyed hash (to find a row
//! by the secret someone presents) or a sealed copy (to use the secret again), both with keys
//! derived from the server's secret key. A copy of the database alone opens nothing.

use aes_gcm::aead::Aead;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The prefix of a sealed value (so a later key or cipher can sit beside this one).
const SEALED: &str = "v1:";

/// The keys derived from the server's secret key.
#[derive(Clone)]
pub struct Keys {
    lookup: [u8; 32],
    seal: Aes256Gcm,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(..)")
    }
}

fn derive(secret_key: &[u8], info: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    // 32 bytes is far below HKDF-SHA256's limit, so expand cannot fail.
    let _ = Hkdf::<Sha256>::new(Some(b"lanyard secrets at rest"), secret_key).expand(info, &mut out);
    out
}

impl Keys {
    /// The keys of a server secret key.
    pub fn derive(secret_key: &[u8]) -> Keys {
        let seal = derive(secret_key, b"seal v1");
        Keys { lookup: derive(secret_key, b"lookup v1"), seal: Aes256Gcm::new(&seal.into()) }
    }

    /// The keyed hash a row is found by (HMAC-SHA256, 43 characters).
    pub fn lookup(&self, value: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.lookup).unwrap_or_else(|_| unreachable!("any key length"));
        mac.update(value.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    /// A short tag of a presented value, for logs and support ("the code ending …"): enough
    /// to tell two scans of one code apart from others, not to find or rebuild the code.
    pub fn tag(&self, value: &str) -> String {
        self.lookup(&format!("tag:{value}"))[..10].to_owned()
    }

    /// The value sealed (AES-256-GCM, a random nonce per value).
    pub fn seal(&self, plain: &str) -> String {
        let nonce: [u8; 12] = rand::random();
        let sealed = self.seal.encrypt(&Nonce::from(nonce), plain.as_bytes()).unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend(sealed);
        format!("{SEALED}{}", URL_SAFE_NO_PAD.encode(out))
    }

    /// A sealed value opened, if it was sealed with these keys.
    pub fn open(&self, sealed: &str) -> Option<String> {
        let bytes = URL_SAFE_NO_PAD.decode(sealed.strip_prefix(SEALED)?).ok()?;
        if bytes.len() < 12 {
            return None;
        }
        let (nonce, body) = bytes.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().ok()?;
        String::from_utf8(self.seal.decrypt(&Nonce::from(nonce), body).ok()?).ok()
    }

    /// Whether a stored value is sealed already (the start-up conversion skips it).
    pub fn is_sealed(stored: &str) -> bool {
        stored.starts_with(SEALED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_their_keys_and_hashes_differ_by_key() {
        let keys = Keys::derive(b"0123456789abcdef0123456789abcdef");
        let other = Keys::derive(b"another key of thirty-two bytes!");
        let sealed = keys.seal("JBSWY3DPEHPK3PXP");
        assert!(Keys::is_sealed(&sealed) && !sealed.contains("JBSWY3DP"));
        assert_eq!(keys.open(&sealed).as_deref(), Some("JBSWY3DPEHPK3PXP"));
        assert_eq!(other.open(&sealed), None);
        assert_ne!(keys.seal("JBSWY3DPEHPK3PXP"), sealed, "a fresh nonce each time");
        assert_eq!(keys.open("JBSWY3DPEHPK3PXP"), None, "a clear value is not a sealed one");
        assert_eq!(keys.lookup("CODE"), keys.lookup("CODE"));
        assert_ne!(keys.lookup("CODE"), other.lookup("CODE"));
        assert_eq!(keys.tag("CODE").len(), 10);
        assert!(!keys.lookup("CODE").starts_with(&keys.tag("CODE")), "a tag is not a prefix of the lookup hash");
    }
}
