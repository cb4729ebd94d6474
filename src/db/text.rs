//! States, roles and kinds stored as text: each type has one `as_str`/`parse` pair
//! (`TextValue`), and `text_column!` turns that pair into diesel's `ToSql`/`FromSql` for both
//! backends and for `DbConn`, so rows hold the type itself and no code parses a column again.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;

/// A value with one stored text form.
pub trait TextValue: Sized + 'static {
    /// The stored text.
    fn as_str(&self) -> &'static str;
    /// The value a stored text stands for (`None` for text no version of Lanyard wrote).
    fn parse(s: &str) -> Option<Self>;
}

/// Writes `value` as its text on backend `DB`.
pub fn to_sql<'b, T: TextValue, DB: Backend>(value: &T, out: &mut Output<'b, '_, DB>) -> serialize::Result
where
    str: ToSql<Text, DB>,
{
    <str as ToSql<Text, DB>>::to_sql(value.as_str(), out)
}

/// Reads a stored text as `T`; an unknown value is an error that names it, not a default.
pub fn from_sql<T: TextValue, DB: Backend>(bytes: DB::RawValue<'_>) -> deserialize::Result<T>
where
    String: FromSql<Text, DB>,
{
    let text = <String as FromSql<Text, DB>>::from_sql(bytes)?;
    T::parse(&text).ok_or_else(|| format!("unexpected stored value {text:?} for {}", std::any::type_name::<T>()).into())
}

/// Implements `ToSql<Text>`/`FromSql<Text>` on SQLite, PostgreSQL and `DbConn`'s backend for a
/// `TextValue` type that derives `AsExpression` and `FromSqlRow` with `sql_type = Text`. It
/// writes trait impls only, like a derive: no control flow, no new types.
#[macro_export]
macro_rules! text_column {
    ($t:ty) => {
        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::sqlite::Sqlite> for $t {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::sqlite::Sqlite>,
            ) -> diesel::serialize::Result {
                $crate::db::text::to_sql(self, out)
            }
        }
        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg> for $t {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
            ) -> diesel::serialize::Result {
                $crate::db::text::to_sql(self, out)
            }
        }
        impl diesel::serialize::ToSql<diesel::sql_types::Text, $crate::db::MultiBackend> for $t {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, $crate::db::MultiBackend>,
            ) -> diesel::serialize::Result {
                $crate::db::text::to_sql(self, out)
            }
        }
        impl diesel::deserialize::FromSql<diesel::sql_types::Text, diesel::sqlite::Sqlite> for $t {
            fn from_sql(
                bytes: <diesel::sqlite::Sqlite as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                $crate::db::text::from_sql::<Self, diesel::sqlite::Sqlite>(bytes)
            }
        }
        impl diesel::deserialize::FromSql<diesel::sql_types::Text, diesel::pg::Pg> for $t {
            fn from_sql(
                bytes: <diesel::pg::Pg as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                $crate::db::text::from_sql::<Self, diesel::pg::Pg>(bytes)
            }
        }
        impl diesel::deserialize::FromSql<diesel::sql_types::Text, $crate::db::MultiBackend> for $t {
            fn from_sql(
                bytes: <$crate::db::MultiBackend as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                $crate::db::text::from_sql::<Self, $crate::db::MultiBackend>(bytes)
            }
        }
    };
}
