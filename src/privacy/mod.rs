//! Privacy: the event's notice and the lawful basis each registration is held on, the
//! retention purge, and a person's rights (everything held about them, erasure).

pub mod cli;
pub mod erase;
pub mod export;
pub mod notice;
pub mod schedule;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::consents;
use crate::ids::RegistrationId;

/// Why Lanyard may hold a registration's data (GDPR art. 6; PIPL art. 13 has the same kinds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// The delegate agreed to the event's notice (the public and invitation forms).
    Consent,
    Contract,
    LegalObligation,
    PublicTask,
    /// The default for staff entries and imports: an organiser accrediting its invited guests.
    LegitimateInterests,
}

impl Basis {
    pub const ALL: [Basis; 5] =
        [Basis::Consent, Basis::Contract, Basis::LegalObligation, Basis::PublicTask, Basis::LegitimateInterests];

    /// The stored and typed name (CSV column and API field `lawful_basis`).
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Consent => "consent",
            Basis::Contract => "contract",
            Basis::LegalObligation => "legal_obligation",
            Basis::PublicTask => "public_task",
            Basis::LegitimateInterests => "legitimate_interests",
        }
    }

    pub fn parse(s: &str) -> Option<Basis> {
        let s = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Basis::ALL.into_iter().find(|b| b.as_str() == s)
    }
}

/// The basis a registration is held on, as recorded when it was made.
#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = consents)]
pub struct Consent {
    pub registration_id: RegistrationId,
    pub basis: String,
    /// The notice version agreed to (consent only).
    pub notice_version: Option<i32>,
    pub consented_at: Option<NaiveDateTime>,
}

/// Records the basis of a new registration, in the transaction that makes it.
pub fn record_basis(
    conn: &mut DbConn,
    registration_id: &RegistrationId,
    basis: Basis,
    notice_version: i32,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let consented = basis == Basis::Consent;
    let row = Consent {
        registration_id: registration_id.clone(),
        basis: basis.as_str().to_owned(),
        notice_version: consented.then_some(notice_version),
        consented_at: consented.then_some(now),
    };
    diesel::insert_into(consents::table).values(&row).execute(conn).map(drop)
}

/// The recorded basis of a registration (none for those made before notices existed).
pub fn consent_of(conn: &mut DbConn, id: &RegistrationId) -> QueryResult<Option<Consent>> {
    consents::table.find(id).select(Consent::as_select()).first(conn).optional()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_read_as_typed_in_a_csv_file() {
        assert_eq!(Basis::parse(" Public task "), Some(Basis::PublicTask));
        assert_eq!(Basis::parse("legitimate-interests"), Some(Basis::LegitimateInterests));
        assert_eq!(Basis::parse("because"), None);
        for b in Basis::ALL {
            assert_eq!(Basis::parse(b.as_str()), Some(b));
        }
    }
}
