//! What a door device needs to decide on its own when the network drops.
//!
//! Each badge becomes one sealed record: its id and its AES-256-GCM key are derived with HKDF
//! from the badge code, which only the printed QR carries. A stolen phone therefore holds a
//! list of opaque ids and ciphertexts; a record opens only when its badge is scanned. The same
//! derivation runs in the browser with WebCrypto (`door.js`), so nothing is decrypted on the
//! server's behalf. Codes have 131 random bits, so the ids cannot be searched for either.
//! The web layer (`web::door_view`) puts the records into the device's words and seals them.

use std::collections::HashMap;

use aes_gcm::aead::Aead;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use hkdf::Hkdf;
use sha2::Sha256;

use super::Scope;
use crate::badges::store::Badge;
use crate::db::DbConn;
use crate::db::schema::{admissions, badges, registration_sessions, registrations};
use crate::events::Programme;
use crate::ids::RegistrationId;
use crate::registrations::Registration;
use crate::vetting::VettingStatus;

const ID_INFO: &[u8] = b"lanyard offline record id";
const KEY_INFO: &[u8] = b"lanyard offline record key";

fn derive<const N: usize>(salt: &str, code: &str, info: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    // HKDF-Expand fails only for outputs over 255 hash lengths; N is 16 or 32.
    let _ = Hkdf::<Sha256>::new(Some(salt.as_bytes()), code.trim().as_bytes()).expand(info, &mut out);
    out
}

/// The id under which a badge's record is stored on the device (hex, 128 bits).
pub fn record_id(salt: &str, code: &str) -> String {
    derive::<16>(salt, code, ID_INFO).iter().map(|b| format!("{b:02x}")).collect()
}

/// What a device sends instead of the code with a scan it queued offline: proof that it read
/// that badge's code, bound to the scan's nonce (hex, 128 bits). Its queue then holds record
/// ids and proofs, never a code: a stolen tablet's queue opens no record and prints no badge.
pub fn proof(salt: &str, code: &str, nonce: &str) -> String {
    let info = format!("lanyard offline proof {}", nonce.trim());
    derive::<16>(salt, code, info.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The code of the event's badge whose record id is `record`, if the device's `proof` for
/// `nonce` holds (the server opens each badge's sealed code to find it).
pub fn code_of_record(
    conn: &mut DbConn,
    keys: &crate::secrets::Keys,
    p: &Programme,
    (record, proof_given, nonce): (&str, &str, &str),
) -> QueryResult<Option<String>> {
    let salt = p.event.id.as_str();
    let sealed: Vec<Option<String>> =
        badges::table.filter(badges::event_id.eq(&p.event.id)).select(badges::code_sealed).load(conn)?;
    let found = sealed
        .iter()
        .filter_map(|s| keys.open(s.as_deref()?))
        .find(|code| record_id(salt, code) == record.trim().to_ascii_lowercase());
    Ok(found.filter(|code| proof(salt, code, nonce) == proof_given.trim().to_ascii_lowercase()))
}

fn cipher(salt: &str, code: &str) -> Aes256Gcm {
    let key = derive::<32>(salt, code, KEY_INFO);
    Aes256Gcm::new(&key.into())
}

/// Seals a record with the key of its badge: base64 of nonce (12 bytes) and ciphertext.
pub fn seal(salt: &str, code: &str, plain: &[u8]) -> String {
    let nonce: [u8; 12] = rand::random();
    let sealed = cipher(salt, code).encrypt(&Nonce::from(nonce), padded(plain).as_slice()).unwrap_or_default();
    let mut out = nonce.to_vec();
    out.extend(sealed);
    STANDARD.encode(out)
}

/// Every sealed record is this long (or a multiple, for an unusually long one), so the sizes
/// in a stolen copy tell nothing about whose record is whose (a long name, many admissions).
pub const RECORD_SIZE: usize = 4096;

/// The record padded with trailing spaces, which JSON readers ignore, to a multiple of
/// `RECORD_SIZE`.
fn padded(plain: &[u8]) -> Vec<u8> {
    let size = plain.len().div_ceil(RECORD_SIZE).max(1) * RECORD_SIZE;
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(plain);
    out.resize(size, b' ');
    out
}

/// Opens a sealed record with the badge code (what the device does when that badge is scanned).
pub fn open(salt: &str, code: &str, sealed: &str) -> Option<Vec<u8>> {
    let bytes = STANDARD.decode(sealed).ok()?;
    if bytes.len() < 12 {
        return None;
    }
    let (nonce, body) = bytes.split_at(12);
    let nonce: [u8; 12] = nonce.try_into().ok()?;
    cipher(salt, code).decrypt(&Nonce::from(nonce), body).ok()
}

/// One badge as a device gets it, before it is sealed: whose it is, where they may go, and
/// where they have been admitted.
pub struct BadgeRecord {
    /// The badge's code: the key its record is sealed with (never sent to a device).
    pub code: String,
    pub version: i32,
    /// The version of the registration's current badge, if it has one.
    pub current_version: Option<i32>,
    pub revoked: bool,
    /// Handed over at a desk.
    pub issued: bool,
    /// Security's decision (refused registrations have no record at all).
    pub vetting: VettingStatus,
    pub registration: Registration,
    /// The sessions the delegate chose.
    pub sessions: Vec<String>,
    pub admitted: Vec<Admission>,
    /// The delegation whose seats they take (`seats::delegation`).
    pub delegation: String,
    /// The session they are inside now, if they entered one and have not left.
    pub inside_session: Option<String>,
    /// The delegate's photo, small (current badges only: the door compares a face only for
    /// a badge that may work).
    pub photo: Option<Vec<u8>>,
}

/// An earlier admission, for a device to say "already admitted".
#[derive(Clone)]
pub struct Admission {
    pub scope: Scope,
    pub at: NaiveDateTime,
    pub venue_id: String,
}

/// Every badge of the event (current and revoked), with what a device decides on; none of a
/// registration security refused, so a device drops it at its next sync.
pub fn records(conn: &mut DbConn, keys: &crate::secrets::Keys, p: &Programme) -> QueryResult<Vec<BadgeRecord>> {
    let rows: Vec<(Badge, Registration)> = badges::table
        .inner_join(registrations::table)
        .filter(badges::event_id.eq(&p.event.id))
        .select((Badge::as_select(), Registration::as_select()))
        .load(conn)?;
    let mut chosen: HashMap<RegistrationId, Vec<String>> = HashMap::new();
    let pairs: Vec<(RegistrationId, String)> = registration_sessions::table
        .inner_join(registrations::table)
        .filter(registrations::event_id.eq(&p.event.id))
        .select((registration_sessions::registration_id, registration_sessions::session_id))
        .load(conn)?;
    for (r, s) in pairs {
        chosen.entry(r).or_default().push(s);
    }
    let mut admitted: HashMap<RegistrationId, Vec<Admission>> = HashMap::new();
    let rows_admitted: Vec<(RegistrationId, Scope, NaiveDateTime, String)> = admissions::table
        .inner_join(registrations::table)
        .filter(registrations::event_id.eq(&p.event.id))
        .select((admissions::registration_id, admissions::scope, admissions::admitted_at, admissions::venue_id))
        .load(conn)?;
    for (r, scope, at, venue_id) in rows_admitted {
        admitted.entry(r).or_default().push(Admission { scope, at, venue_id });
    }
    let invited: HashMap<String, String> = crate::db::schema::invitations::table
        .filter(crate::db::schema::invitations::event_id.eq(&p.event.id))
        .select((crate::db::schema::invitations::id, crate::db::schema::invitations::country))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let inside: HashMap<RegistrationId, String> = crate::db::schema::stays::table
        .inner_join(registrations::table)
        .filter(registrations::event_id.eq(&p.event.id))
        .filter(crate::db::schema::stays::left_at.is_null())
        .select((crate::db::schema::stays::registration_id, crate::db::schema::stays::session_id))
        .load::<(RegistrationId, Option<String>)>(conn)?
        .into_iter()
        .filter_map(|(r, s)| Some((r, s?)))
        .collect();
    let vettings = crate::vetting::of_event(conn, &p.event.id)?;
    let vetting_of = |id: &RegistrationId| crate::vetting::status_of(vettings.get(id));
    let ids: Vec<String> = rows.iter().map(|(b, _)| b.id.clone()).collect();
    let handed = crate::badges::custody::handovers_of(conn, &ids)?;
    let mut photos = crate::badges::photo_review::thumbnails(conn, &p.event.id)?;
    let current: HashMap<RegistrationId, i32> =
        rows.iter().filter(|(b, _)| b.is_current()).map(|(b, _)| (b.registration_id.clone(), b.version)).collect();
    Ok(rows
        .into_iter()
        .filter(|(_, r)| vetting_of(&r.id) != VettingStatus::Refused)
        // The record is sealed under the badge's code, opened here with the server's keys.
        .filter_map(|(badge, registration)| Some((badge.code(keys)?, badge, registration)))
        .map(|(code, badge, registration)| BadgeRecord {
            issued: handed.contains_key(&badge.id),
            vetting: vetting_of(&registration.id),
            current_version: current.get(&registration.id).copied(),
            revoked: !badge.is_current(),
            sessions: chosen.get(&registration.id).cloned().unwrap_or_default(),
            admitted: admitted.get(&registration.id).cloned().unwrap_or_default(),
            delegation: super::seats::delegation(
                &registration.country,
                registration.invitation_id.as_ref().and_then(|i| invited.get(i.as_str())).map(String::as_str),
            ),
            inside_session: inside.get(&registration.id).cloned(),
            photo: if badge.is_current() { photos.remove(&registration.id) } else { None },
            code,
            version: badge.version,
            registration,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_opens_only_with_its_own_badge_code() {
        let sealed = seal("event-1", "ABCDEFGHJKLMNPQRSTUVWXYZ234", b"{\"name\":\"Hussam\"}");
        let opened = open("event-1", "ABCDEFGHJKLMNPQRSTUVWXYZ234", &sealed).unwrap_or_default();
        assert_eq!(opened.trim_ascii_end(), b"{\"name\":\"Hussam\"}");
        let value: serde_json::Value = serde_json::from_slice(&opened).unwrap_or_default();
        assert_eq!(value["name"], "Hussam", "the padding is whitespace JSON readers skip");
        assert_eq!(open("event-1", "ABCDEFGHJKLMNPQRSTUVWXYZ235", &sealed), None, "another badge's code");
        assert_eq!(open("event-2", "ABCDEFGHJKLMNPQRSTUVWXYZ234", &sealed), None, "another event");
        let id = record_id("event-1", "ABCDEFGHJKLMNPQRSTUVWXYZ234");
        assert_eq!(id.len(), 32);
        assert!(!id.contains("ABCD"));
        assert_ne!(id, record_id("event-1", "ABCDEFGHJKLMNPQRSTUVWXYZ235"));
    }

    #[test]
    fn every_record_seals_to_the_same_size_whoever_it_is_for() {
        let short = seal("event-1", "CODE1", b"{\"name\":\"Li\"}");
        let long = seal(
            "event-1",
            "CODE2",
            "{\"name\":\"حسام الحسيني, Embassy of the Hashemite Kingdom of Jordan\"}".as_bytes(),
        );
        assert_eq!(short.len(), long.len());
        let huge = seal("event-1", "CODE3", &[b' '; RECORD_SIZE + 1]);
        assert!(huge.len() > short.len(), "a record longer than the size takes two");
    }

    /// RFC 5869 test case 1, so the browser's WebCrypto HKDF and this one agree by definition.
    #[test]
    fn hkdf_is_the_standard_one() {
        let ikm = [0x0bu8; 22];
        let salt: Vec<u8> = (0x00..=0x0c).collect();
        let info: Vec<u8> = (0xf0..=0xf9).collect();
        let mut okm = [0u8; 42];
        Hkdf::<Sha256>::new(Some(&salt), &ikm).expand(&info, &mut okm).unwrap();
        let hex: String = okm.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }
}
