//! The door's typed values and their text in the database and on the wire: each has one text
//! mapping (`as_str`/`code` and `FromStr`), which the diesel impls below use, so every column
//! holding one reads and writes the same codes that other tools are built against.

use std::fmt;
use std::str::FromStr;

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Text;
use diesel::sqlite::Sqlite;
use serde::Serialize;

use crate::db::MultiBackend;

/// A text that names none of the values of its column.
#[derive(Debug, thiserror::Error)]
#[error("unknown {kind}: {text:?}")]
pub struct UnknownText {
    kind: &'static str,
    text: String,
}

/// What the door shows (`scans.outcome`, `scans.offline_outcome`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Admitted,
    AlreadyAdmitted,
    Refused,
    /// An exit scan: the delegate's stay at the venue ended.
    Exited,
}

impl Outcome {
    /// The stored and sent text.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Admitted => "admitted",
            Outcome::AlreadyAdmitted => "already_admitted",
            Outcome::Refused => "refused",
            Outcome::Exited => "exited",
        }
    }

    /// Parses a stored or sent outcome.
    pub fn parse(s: &str) -> Option<Outcome> {
        s.parse().ok()
    }
}

impl FromStr for Outcome {
    type Err = UnknownText;

    fn from_str(s: &str) -> Result<Outcome, UnknownText> {
        [Outcome::Admitted, Outcome::AlreadyAdmitted, Outcome::Refused, Outcome::Exited]
            .into_iter()
            .find(|o| o.as_str() == s)
            .ok_or_else(|| UnknownText { kind: "outcome", text: s.to_owned() })
    }
}

/// Why a badge was refused. Stored (`scans.reason`) and sent as its code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    UnknownCode,
    /// A badge that has been reissued since: its version, and the current one's if there is
    /// one. Both are `None` when read back from the scan log, which keeps only the code.
    OldBadge {
        version: Option<i32>,
        current: Option<i32>,
    },
    NotApproved,
    Cancelled,
    NotAllowedInSession,
    OutsideSessionTime,
    SessionAtAnotherVenue,
    /// Security vetting is required and has not cleared the holder (yet).
    NotVetted,
    /// Security refused the holder. The door says no more than that.
    VettingRefused,
    /// Badges work only once handed over, and this one has not been.
    NotIssued,
    /// The session seats so many of one delegation at once, and that many are inside: how
    /// many, and the quota. Both are `None` when read back from the scan log.
    DelegationFull {
        inside: Option<i64>,
        quota: Option<i32>,
    },
    /// An exit scan at a session whose door does not scan people out.
    ExitNotScanned,
    /// The session requires a zone the badge does not carry.
    ZoneRequired,
}

impl Reason {
    /// The reasons without data of their own, in the order the device's texts list them.
    pub const PLAIN: [Reason; 11] = [
        Reason::UnknownCode,
        Reason::NotApproved,
        Reason::Cancelled,
        Reason::NotAllowedInSession,
        Reason::OutsideSessionTime,
        Reason::SessionAtAnotherVenue,
        Reason::NotVetted,
        Reason::VettingRefused,
        Reason::NotIssued,
        Reason::ExitNotScanned,
        Reason::ZoneRequired,
    ];

    /// The stored and sent code.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::UnknownCode => "unknown_code",
            Reason::OldBadge { .. } => "old_badge",
            Reason::NotApproved => "not_approved",
            Reason::Cancelled => "cancelled",
            Reason::NotAllowedInSession => "not_allowed_in_session",
            Reason::OutsideSessionTime => "outside_session_time",
            Reason::SessionAtAnotherVenue => "session_at_another_venue",
            Reason::NotVetted => "not_vetted",
            Reason::VettingRefused => "vetting_refused",
            Reason::NotIssued => "not_issued",
            Reason::DelegationFull { .. } => "delegation_full",
            Reason::ExitNotScanned => "exit_not_scanned",
            Reason::ZoneRequired => "zone_required",
        }
    }
}

impl FromStr for Reason {
    type Err = UnknownText;

    /// Parses a code; an old badge read this way carries no versions.
    fn from_str(s: &str) -> Result<Reason, UnknownText> {
        let old = Reason::OldBadge { version: None, current: None };
        let full = Reason::DelegationFull { inside: None, quota: None };
        Reason::PLAIN
            .into_iter()
            .chain([old, full])
            .find(|r| r.code() == s)
            .ok_or_else(|| UnknownText { kind: "reason", text: s.to_owned() })
    }
}

/// The code of a reason, or empty text for none (as the column and the JSON have it).
pub fn reason_code(reason: Option<&Reason>) -> &'static str {
    reason.map_or("", Reason::code)
}

/// `scans.reason` as stored: a reason's code, or empty text when there was none (the column
/// is not nullable).
#[derive(Clone, Debug, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub struct StoredReason(pub Option<Reason>);

impl From<StoredReason> for Option<Reason> {
    fn from(stored: StoredReason) -> Option<Reason> {
        stored.0
    }
}

/// Which way a scan went through the door (`scans.direction`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum Direction {
    In,
    /// At an exit door.
    Out,
}

impl Direction {
    /// The stored and sent text.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }
}

impl FromStr for Direction {
    type Err = UnknownText;

    fn from_str(s: &str) -> Result<Direction, UnknownText> {
        [Direction::In, Direction::Out]
            .into_iter()
            .find(|d| d.as_str() == s)
            .ok_or_else(|| UnknownText { kind: "direction", text: s.to_owned() })
    }
}

/// Where an admission counts (`admissions.scope`, `admission_counts.scope`): one session, or
/// a venue as a whole. Stored as the session's id, or as `venue:{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum Scope {
    Session(String),
    Venue(String),
    /// A rehearsal's admissions, counted apart from the real ones (`rehearsal:` before the
    /// scope), so no figure that reads a session's or venue's scope sees them.
    Rehearsal(Box<Scope>),
}

const VENUE_PREFIX: &str = "venue:";
/// The prefix of every rehearsal scope, which clearing a rehearsal deletes by.
pub const REHEARSAL_PREFIX: &str = "rehearsal:";

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Session(id) => f.write_str(id),
            Scope::Venue(id) => write!(f, "{VENUE_PREFIX}{id}"),
            Scope::Rehearsal(scope) => write!(f, "{REHEARSAL_PREFIX}{scope}"),
        }
    }
}

impl FromStr for Scope {
    type Err = std::convert::Infallible;

    /// Session ids are UUIDs, so nothing but a venue's scope starts with the prefix.
    fn from_str(s: &str) -> Result<Scope, Self::Err> {
        if let Some(scope) = s.strip_prefix(REHEARSAL_PREFIX) {
            return Ok(Scope::Rehearsal(Box::new(scope.parse()?)));
        }
        Ok(match s.strip_prefix(VENUE_PREFIX) {
            Some(venue) => Scope::Venue(venue.to_owned()),
            None => Scope::Session(s.to_owned()),
        })
    }
}

// The fixed codes are `'static` text, so one impl serves every backend.
impl<DB: Backend> ToSql<Text, DB> for Outcome
where
    str: ToSql<Text, DB>,
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
        self.as_str().to_sql(out)
    }
}

impl<DB: Backend> ToSql<Text, DB> for Direction
where
    str: ToSql<Text, DB>,
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
        self.as_str().to_sql(out)
    }
}

impl<DB: Backend> ToSql<Text, DB> for StoredReason
where
    str: ToSql<Text, DB>,
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
        reason_code(self.0.as_ref()).to_sql(out)
    }
}

// A venue's scope is text made at the bind, which each backend takes in its own way: SQLite
// as an owned value, PostgreSQL written into its buffer, and the connection that can be
// either hands it to whichever it is.
impl ToSql<Text, Sqlite> for Scope {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        out.set_value(self.to_string());
        Ok(IsNull::No)
    }
}

impl ToSql<Text, Pg> for Scope {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        use std::io::Write;
        write!(out, "{self}")?;
        Ok(IsNull::No)
    }
}

impl ToSql<Text, MultiBackend> for Scope {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
        out.set_value((Text, self));
        Ok(IsNull::No)
    }
}

fn text_from_sql<DB: Backend>(bytes: DB::RawValue<'_>) -> deserialize::Result<String>
where
    String: FromSql<Text, DB>,
{
    <String as FromSql<Text, DB>>::from_sql(bytes)
}

impl<DB: Backend> FromSql<Text, DB> for Outcome
where
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        Ok(text_from_sql::<DB>(bytes)?.parse()?)
    }
}

impl<DB: Backend> FromSql<Text, DB> for Direction
where
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        Ok(text_from_sql::<DB>(bytes)?.parse()?)
    }
}

impl<DB: Backend> FromSql<Text, DB> for StoredReason
where
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        match text_from_sql::<DB>(bytes)?.as_str() {
            "" => Ok(StoredReason(None)),
            code => Ok(StoredReason(Some(code.parse()?))),
        }
    }
}

impl<DB: Backend> FromSql<Text, DB> for Scope
where
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        Ok(text_from_sql::<DB>(bytes)?.parse()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_reads_back_from_its_own_text() {
        for o in [Outcome::Admitted, Outcome::AlreadyAdmitted, Outcome::Refused, Outcome::Exited] {
            assert_eq!(o.as_str().parse::<Outcome>().ok(), Some(o));
            assert_eq!(serde_json::to_value(o).ok(), Some(serde_json::json!(o.as_str())), "JSON and column agree");
        }
        for r in Reason::PLAIN {
            assert_eq!(r.code().parse::<Reason>().ok(), Some(r.clone()));
        }
        for d in [Direction::In, Direction::Out] {
            assert_eq!(d.as_str().parse::<Direction>().ok(), Some(d));
        }
        let rehearsal = Scope::Rehearsal(Box::new(Scope::Venue("0190-ef".into())));
        for s in [Scope::Session("0190-ab".into()), Scope::Venue("0190-cd".into()), rehearsal] {
            assert_eq!(s.to_string().parse::<Scope>().ok(), Some(s));
        }
        assert!("admited".parse::<Outcome>().is_err() && "old".parse::<Reason>().is_err());
    }

    /// Other tools read these exact texts from the exports and the API.
    #[test]
    fn the_codes_are_the_published_ones() {
        let codes: Vec<&str> = Reason::PLAIN.iter().map(Reason::code).collect();
        assert_eq!(
            codes,
            [
                "unknown_code",
                "not_approved",
                "cancelled",
                "not_allowed_in_session",
                "outside_session_time",
                "session_at_another_venue",
                "not_vetted",
                "vetting_refused",
                "not_issued",
                "exit_not_scanned",
                "zone_required"
            ]
        );
        let old = "old_badge".parse::<Reason>().ok();
        assert_eq!(old, Some(Reason::OldBadge { version: None, current: None }));
        let full = "delegation_full".parse::<Reason>().ok();
        assert_eq!(full, Some(Reason::DelegationFull { inside: None, quota: None }));
        assert_eq!(Scope::Venue("v1".into()).to_string(), "venue:v1");
        assert_eq!(Scope::Session("s1".into()).to_string(), "s1");
        assert_eq!(reason_code(None), "");
    }
}
