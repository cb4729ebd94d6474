//! The audit log: who changed what, when, with the values before and after.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::audit_log;
use crate::db::{self, DbConn};
use crate::ids::EventId;

/// An audit row.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_log)]
pub struct AuditEntry {
    pub id: String,
    pub at: NaiveDateTime,
    pub event_id: Option<EventId>,
    /// The staff member (label), or `public` / `system`.
    pub actor: String,
    /// What happened, e.g. `registration.approve`.
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    /// JSON of the changed fields before and after.
    pub before_value: Option<String>,
    pub after_value: Option<String>,
}

/// What to record; written inside the transaction that makes the change.
pub struct Change<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub event_id: Option<&'a EventId>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Appends one entry.
pub fn record(conn: &mut DbConn, change: Change<'_>, now: NaiveDateTime) -> QueryResult<()> {
    let entry = AuditEntry {
        id: db::new_id(),
        at: now,
        event_id: change.event_id.cloned(),
        actor: change.actor.to_owned(),
        action: change.action.to_owned(),
        entity: change.entity.to_owned(),
        entity_id: change.entity_id.to_owned(),
        before_value: change.before.map(|v| v.to_string()),
        after_value: change.after.map(|v| v.to_string()),
    };
    diesel::insert_into(audit_log::table).values(&entry).execute(conn).map(drop)
}

/// The history of one thing, oldest first.
pub fn for_entity(conn: &mut DbConn, entity: &str, entity_id: &str) -> QueryResult<Vec<AuditEntry>> {
    audit_log::table
        .filter(audit_log::entity.eq(entity))
        .filter(audit_log::entity_id.eq(entity_id))
        .order((audit_log::at.asc(), audit_log::id.asc()))
        .select(AuditEntry::as_select())
        .load(conn)
}

/// An event's latest entries, newest first.
pub fn for_event(conn: &mut DbConn, event_id: &EventId, limit: i64, offset: i64) -> QueryResult<Vec<AuditEntry>> {
    audit_log::table
        .filter(audit_log::event_id.eq(event_id))
        .order((audit_log::at.desc(), audit_log::id.desc()))
        .limit(limit)
        .offset(offset)
        .select(AuditEntry::as_select())
        .load(conn)
}
