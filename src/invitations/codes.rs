//! An invitation's two codes at rest: found by their keyed hashes, kept sealed together so the
//! invitation mail and the staff page can show the links again.

use diesel::prelude::*;

use super::Invitation;
use crate::db::DbConn;
use crate::db::schema::invitations;
use crate::secrets::Keys;

/// An invitation's codes in clear: one registers under the quota (shared within the
/// delegation), one manages the delegation (the head of delegation's alone).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Codes {
    pub register: String,
    pub manage: String,
}

impl Codes {
    /// Both codes sealed as one value.
    pub fn sealed(&self, keys: &Keys) -> String {
        keys.seal(&format!("{} {}", self.register, self.manage))
    }
}

/// A code as typed or linked, in the form it was made (codes are upper case).
pub fn normal(code: &str) -> String {
    code.trim().to_ascii_uppercase()
}

impl Invitation {
    /// The codes, opened with the server's keys.
    pub fn codes(&self, keys: &Keys) -> Option<Codes> {
        let both = keys.open(self.codes_sealed.as_deref()?)?;
        let (register, manage) = both.split_once(' ')?;
        Some(Codes { register: register.to_owned(), manage: manage.to_owned() })
    }
}

/// Converts the invitations an earlier version stored with their codes in clear (at start-up;
/// each row only while it is still unconverted).
pub fn seal_clear_codes(conn: &mut DbConn, keys: &Keys) -> QueryResult<usize> {
    let clear: Vec<(String, String, String)> = invitations::table
        .filter(invitations::codes_sealed.is_null())
        .select((invitations::id, invitations::code_hash, invitations::manage_hash))
        .load(conn)?;
    let mut sealed = 0;
    for (id, register, manage) in clear {
        let codes = Codes { register: normal(&register), manage: normal(&manage) };
        sealed += diesel::update(invitations::table.find(&id).filter(invitations::codes_sealed.is_null()))
            .set((
                invitations::code_hash.eq(keys.lookup(&codes.register)),
                invitations::manage_hash.eq(keys.lookup(&codes.manage)),
                invitations::codes_sealed.eq(codes.sealed(keys)),
            ))
            .execute(conn)?;
    }
    Ok(sealed)
}
