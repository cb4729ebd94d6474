//! What the hand-written PostgreSQL statements of the scan path share.
//!
//! Those statements have a fixed text (diesel's builders do not promise one for updates and
//! upserts, and `sql_query` is never kept prepared), so each connection prepares them once.
//! `sql_check` tests that the tables and columns they name are those of `db::schema`.

use diesel::pg::Pg;
use diesel::query_builder::AstPass;
use diesel::result::QueryResult;
use diesel::serialize::ToSql;
use diesel::sql_types::HasSqlType;

/// Binds pushed as one comma-separated list, each with its SQL type.
pub(super) struct BindList<'a, 'b> {
    out: AstPass<'a, 'b, Pg>,
    started: bool,
}

impl<'a, 'b> BindList<'a, 'b> {
    /// A list that starts where `out` is now.
    pub(super) fn new(out: AstPass<'a, 'b, Pg>) -> BindList<'a, 'b> {
        BindList { out, started: false }
    }

    /// Pushes one bind of SQL type `T` (after a comma unless it is the first).
    pub(super) fn push<T, U>(&mut self, value: &'b U) -> QueryResult<()>
    where
        Pg: HasSqlType<T>,
        U: ToSql<T, Pg> + ?Sized,
    {
        if std::mem::replace(&mut self.started, true) {
            self.out.push_sql(", ");
        }
        self.out.push_bind_param::<T, U>(value)
    }
}
