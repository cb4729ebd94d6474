//! Writing a decided scan: the scan row, the admission and its count, and the change of stay.
//!
//! On SQLite (in process) these are a few statements in the caller's transaction. On
//! PostgreSQL every statement is a round trip, so they are one statement: a `WITH` of inserts
//! and an update, which the database applies all or nothing. A race with another door (the
//! same admission, the same open stay, the same nonce) fails it on a unique index, and the
//! scan is decided again.

use chrono::NaiveDateTime;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Bool, Integer, Nullable, Text, Timestamp};
use diesel::sqlite::Sqlite;

use super::statements::BindList;
use super::{Direction, Outcome, Scope, StoredReason};
use crate::db::DbConn;
use crate::db::schema::{admissions, scans, stays};
use crate::ids::{EventId, RegistrationId};

// `None` is bound as NULL (not left out as DEFAULT), so the statement's text never changes
// and the connection prepares it once.
#[derive(Insertable)]
#[diesel(table_name = scans, treat_none_as_default_value = false)]
pub(super) struct NewScan {
    pub id: String,
    pub event_id: EventId,
    pub nonce: String,
    pub code: String,
    pub badge_id: Option<String>,
    pub registration_id: Option<RegistrationId>,
    pub venue_id: String,
    pub session_id: Option<String>,
    pub outcome: Outcome,
    pub reason: StoredReason,
    pub manual: bool,
    pub staff: String,
    pub device: String,
    pub scanned_at: NaiveDateTime,
    pub device_at: Option<NaiveDateTime>,
    pub offline_outcome: Option<Outcome>,
    pub direction: Direction,
    pub rehearsal: bool,
}

// `None` is bound as NULL (not left out as DEFAULT), so the statement's text never changes
// and the connection prepares it once.
#[derive(Insertable)]
#[diesel(table_name = admissions, treat_none_as_default_value = false)]
pub(super) struct NewAdmission {
    pub id: String,
    pub scope: Scope,
    pub registration_id: RegistrationId,
    pub venue_id: String,
    pub session_id: Option<String>,
    pub scan_id: String,
    pub admitted_at: NaiveDateTime,
    pub staff: String,
    pub device: String,
}

// `None` is bound as NULL (not left out as DEFAULT), so the statement's text never changes
// and the connection prepares it once.
#[derive(Insertable)]
#[diesel(table_name = stays, treat_none_as_default_value = false)]
pub(super) struct NewStay {
    pub id: String,
    pub registration_id: RegistrationId,
    pub venue_id: String,
    pub entered_at: NaiveDateTime,
    pub session_id: Option<String>,
    pub rehearsal: bool,
}

/// What one scan writes.
pub(super) struct Record {
    pub scan: NewScan,
    /// The first admission of this registration in this scope (it raises the scope's count).
    pub admission: Option<NewAdmission>,
    /// The open stay this scan ends (at `at`).
    pub close_stay: Option<String>,
    pub open_stay: Option<NewStay>,
    pub at: NaiveDateTime,
}

/// Writes the scan. Returns the scope's count after it where the database says it (PostgreSQL,
/// where other instances admit at the same time); `None` leaves the caller's own count.
pub(super) fn store(conn: &mut DbConn, r: &Record) -> QueryResult<Option<i64>> {
    match conn {
        DbConn::Sqlite(c) => {
            if let Some(a) = &r.admission {
                SqliteRaiseCount { scope: &a.scope }.execute(c)?;
                diesel::insert_into(admissions::table).values(a).execute(c)?;
            }
            if let Some(id) = &r.close_stay {
                SqliteCloseStay { id, at: &r.at }.execute(c)?;
            }
            if let Some(s) = &r.open_stay {
                diesel::insert_into(stays::table).values(s).execute(c)?;
            }
            diesel::insert_into(scans::table).values(&r.scan).execute(c)?;
            Ok(None)
        }
        DbConn::Postgres(c) => Ok(PgRecord(r).get_result::<Option<i32>>(c)?.map(i64::from)),
    }
}

// Statements with a fixed text, which diesel's update and upsert builders do not promise (they
// prepare their statement at every use), so the connection prepares each once.

/// One more admitted in a scope (the first admission creates its row).
struct SqliteRaiseCount<'a> {
    scope: &'a Scope,
}

impl QueryId for SqliteRaiseCount<'_> {
    type QueryId = SqliteRaiseCount<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl RunQueryDsl<SqliteConnection> for SqliteRaiseCount<'_> {}

impl QueryFragment<Sqlite> for SqliteRaiseCount<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        out.push_sql("INSERT INTO admission_counts (scope, admitted) VALUES (");
        out.push_bind_param::<Text, _>(self.scope)?;
        out.push_sql(", 1) ON CONFLICT (scope) DO UPDATE SET admitted = admitted + 1");
        Ok(())
    }
}

/// The end of a stay (unless another scan ended it first).
struct SqliteCloseStay<'a> {
    id: &'a String,
    at: &'a NaiveDateTime,
}

impl QueryId for SqliteCloseStay<'_> {
    type QueryId = SqliteCloseStay<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl RunQueryDsl<SqliteConnection> for SqliteCloseStay<'_> {}

impl QueryFragment<Sqlite> for SqliteCloseStay<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        out.push_sql("UPDATE stays SET left_at = ");
        out.push_bind_param::<Timestamp, _>(self.at)?;
        out.push_sql(" WHERE id = ");
        out.push_bind_param::<Text, _>(self.id)?;
        out.push_sql(" AND left_at IS NULL");
        Ok(())
    }
}

/// The PostgreSQL statement. Its text never changes (the parts that do not apply are switched
/// off by `WHERE` on a bound flag), so the connection prepares it once.
struct PgRecord<'a>(&'a Record);

impl QueryId for PgRecord<'_> {
    type QueryId = PgRecord<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl Query for PgRecord<'_> {
    type SqlType = Nullable<Integer>;
}

impl RunQueryDsl<PgConnection> for PgRecord<'_> {}

/// Bound as the scope of an admission that a scan does not write.
static NO_SCOPE: Scope = Scope::Session(String::new());

impl QueryFragment<Pg> for PgRecord<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let r = self.0;
        let s = &r.scan;
        // Without an admission or a new stay, their columns are bound to the scan's values
        // (of the same types) and nothing is inserted.
        let a = r.admission.as_ref();
        let o = r.open_stay.as_ref();
        out.push_sql(
            "WITH admitted AS (INSERT INTO admissions \
             (id, scope, registration_id, venue_id, session_id, scan_id, admitted_at, staff, device) SELECT ",
        );
        let mut admission = BindList::new(out.reborrow());
        admission.push::<Text, _>(a.map_or(&s.id, |a| &a.id))?;
        admission.push::<Text, _>(a.map_or(&NO_SCOPE, |a| &a.scope))?;
        admission.push::<Text, _>(a.map_or(s.id.as_str(), |a| a.registration_id.as_str()))?;
        admission.push::<Text, _>(a.map_or(&s.venue_id, |a| &a.venue_id))?;
        admission.push::<Nullable<Text>, _>(a.map_or(&s.session_id, |a| &a.session_id))?;
        admission.push::<Text, _>(a.map_or(&s.id, |a| &a.scan_id))?;
        admission.push::<Timestamp, _>(a.map_or(&s.scanned_at, |a| &a.admitted_at))?;
        admission.push::<Text, _>(a.map_or(&s.staff, |a| &a.staff))?;
        admission.push::<Text, _>(a.map_or(&s.device, |a| &a.device))?;
        out.push_sql(" WHERE ");
        out.push_bind_param::<Bool, _>(if a.is_some() { &true } else { &false })?;
        out.push_sql(
            " RETURNING scope), \
             counted AS (INSERT INTO admission_counts (scope, admitted) SELECT scope, 1 FROM admitted \
             ON CONFLICT (scope) DO UPDATE SET admitted = admission_counts.admitted + 1 RETURNING admitted), \
             closed AS (UPDATE stays SET left_at = ",
        );
        out.push_bind_param::<Timestamp, _>(&r.at)?;
        out.push_sql(" WHERE id = ");
        out.push_bind_param::<Nullable<Text>, _>(&r.close_stay)?;
        // Reading `closed` makes the new stay wait for the old one to end (the unique index
        // allows one open stay per delegate).
        out.push_sql(
            " AND left_at IS NULL RETURNING id), \
             opened AS (INSERT INTO stays (id, registration_id, venue_id, entered_at, session_id, rehearsal) SELECT ",
        );
        let mut stay = BindList::new(out.reborrow());
        stay.push::<Text, _>(o.map_or(&s.id, |o| &o.id))?;
        stay.push::<Text, _>(o.map_or(s.id.as_str(), |o| o.registration_id.as_str()))?;
        stay.push::<Text, _>(o.map_or(&s.venue_id, |o| &o.venue_id))?;
        stay.push::<Timestamp, _>(o.map_or(&s.scanned_at, |o| &o.entered_at))?;
        stay.push::<Nullable<Text>, _>(o.map_or(&s.session_id, |o| &o.session_id))?;
        stay.push::<Bool, _>(o.map_or(&s.rehearsal, |o| &o.rehearsal))?;
        out.push_sql(" WHERE ");
        out.push_bind_param::<Bool, _>(if o.is_some() { &true } else { &false })?;
        out.push_sql(
            " AND (SELECT count(*) FROM closed) >= 0), \
             stored AS (INSERT INTO scans (id, event_id, nonce, code, badge_id, registration_id, venue_id, \
             session_id, outcome, reason, manual, staff, device, scanned_at, device_at, offline_outcome, \
             direction, rehearsal) VALUES (",
        );
        let mut scan = BindList::new(out.reborrow());
        scan.push::<Text, _>(&s.id)?;
        scan.push::<Text, _>(&s.event_id)?;
        scan.push::<Text, _>(&s.nonce)?;
        scan.push::<Text, _>(&s.code)?;
        scan.push::<Nullable<Text>, _>(&s.badge_id)?;
        scan.push::<Nullable<Text>, _>(&s.registration_id)?;
        scan.push::<Text, _>(&s.venue_id)?;
        scan.push::<Nullable<Text>, _>(&s.session_id)?;
        scan.push::<Text, _>(&s.outcome)?;
        scan.push::<Text, _>(&s.reason)?;
        scan.push::<Bool, _>(&s.manual)?;
        scan.push::<Text, _>(&s.staff)?;
        scan.push::<Text, _>(&s.device)?;
        scan.push::<Timestamp, _>(&s.scanned_at)?;
        scan.push::<Nullable<Timestamp>, _>(&s.device_at)?;
        scan.push::<Nullable<Text>, _>(&s.offline_outcome)?;
        scan.push::<Text, _>(&s.direction)?;
        scan.push::<Bool, _>(&s.rehearsal)?;
        // The admission is written first (the main query reads it), the scan row after, in the
        // same order as a batch writes them: two statements racing on one delegate then wait for
        // each other in turn instead of deadlocking.
        out.push_sql(")) SELECT (SELECT admitted FROM counted)");
        Ok(())
    }
}

/// The text of each statement here as it is sent for `r`, for the schema check.
#[cfg(test)]
pub(super) fn statement_texts(r: &Record) -> Vec<String> {
    use diesel::debug_query;
    let id = String::new();
    let scope = Scope::Venue(String::new());
    vec![
        debug_query::<Sqlite, _>(&SqliteRaiseCount { scope: &scope }).to_string(),
        debug_query::<Sqlite, _>(&SqliteCloseStay { id: &id, at: &r.at }).to_string(),
        debug_query::<Pg, _>(&PgRecord(r)).to_string(),
    ]
}
