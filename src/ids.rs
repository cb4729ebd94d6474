//! Ids as types: an event's id and a registration's id are both UUIDv7 text, but a function
//! that wants one no longer accepts the other. One generic `Id<K>` carries every trait impl
//! once; `K` is an empty marker type that only names what the id belongs to.

use std::fmt;
use std::marker::PhantomData;

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;

/// The id of a `K`, stored and shown as its text (UUIDv7 for ids Lanyard made).
#[derive(
    Clone, PartialEq, Eq, Hash, PartialOrd, Ord, diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = Text)]
pub struct Id<K> {
    text: String,
    // `fn() -> K` keeps `Id<K>` Send and Sync whatever `K` is; `K` is never stored.
    kind: PhantomData<fn() -> K>,
}

/// Marks an `Id` as an event's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {}

/// Marks an `Id` as a registration's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RegistrationKind {}

/// Marks an `Id` as a badge's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BadgeKind {}

/// An `events.id`.
pub type EventId = Id<EventKind>;
/// A `registrations.id`.
pub type RegistrationId = Id<RegistrationKind>;
/// A `badges.id`.
pub type BadgeId = Id<BadgeKind>;

impl<K> Id<K> {
    /// A fresh id (UUIDv7, from `db::new_id`).
    pub fn new() -> Id<K> {
        Id::from(crate::db::new_id())
    }

    /// The stored text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The stored text, owned.
    pub fn into_string(self) -> String {
        self.text
    }
}

impl<K> Default for Id<K> {
    /// A fresh id, as `new`: an id is never empty.
    fn default() -> Id<K> {
        Id::new()
    }
}

impl<K> From<String> for Id<K> {
    /// The id a stored, routed or posted text names; not checked, as ids read from the
    /// database are not (an unknown id simply finds nothing).
    fn from(text: String) -> Id<K> {
        Id { text, kind: PhantomData }
    }
}

impl<K> From<&str> for Id<K> {
    fn from(text: &str) -> Id<K> {
        Id::from(text.to_owned())
    }
}

impl<K> std::str::FromStr for Id<K> {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Id<K>, Self::Err> {
        Ok(Id::from(s))
    }
}

impl<K> fmt::Display for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<K> fmt::Debug for Id<K> {
    /// As the plain text's `Debug`, so logs and messages read as they did with `String` ids.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl<K> serde::Serialize for Id<K> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de, K> serde::Deserialize<'de> for Id<K> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Id<K>, D::Error> {
        String::deserialize(deserializer).map(Id::from)
    }
}

// One impl per direction covers SQLite, PostgreSQL and `DbConn`'s backend alike: an id is
// its text on every backend.
impl<K, DB: Backend> ToSql<Text, DB> for Id<K>
where
    str: ToSql<Text, DB>,
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
        <str as ToSql<Text, DB>>::to_sql(self.text.as_str(), out)
    }
}

impl<K, DB: Backend> FromSql<Text, DB> for Id<K>
where
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Id<K>> {
        <String as FromSql<Text, DB>>::from_sql(bytes).map(Id::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_id_is_a_uuid_v7_and_displays_as_its_text() {
        let id = RegistrationId::new();
        let uuid = uuid::Uuid::parse_str(id.as_str()).unwrap();
        assert_eq!(uuid.get_version_num(), 7);
        assert_eq!(id.to_string(), id.as_str());
        assert_eq!(id.to_string(), uuid.to_string());
        assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{id}\""));
        assert_eq!(RegistrationId::from(id.to_string()), id);
    }

    #[test]
    fn two_fresh_ids_differ() {
        assert_ne!(EventId::new(), EventId::new());
    }
}
