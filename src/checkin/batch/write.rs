//! The batch's one write: every row of every scan, column by column, as arrays.

use chrono::NaiveDateTime;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Array, Bool, Integer, Nullable, Text, Timestamp, Untyped};

use crate::checkin::record::Record;

/// The count of a scope after the batch.
#[derive(QueryableByName)]
pub(super) struct Count {
    #[diesel(sql_type = Text)]
    pub scope: String,
    #[diesel(sql_type = Integer)]
    pub admitted: i32,
}

/// Every row the batch writes, column by column.
#[derive(Default)]
pub(super) struct WriteAll {
    a_id: Vec<String>,
    a_scope: Vec<String>,
    a_registration: Vec<String>,
    a_venue: Vec<String>,
    a_session: Vec<Option<String>>,
    a_scan: Vec<String>,
    a_at: Vec<NaiveDateTime>,
    a_staff: Vec<String>,
    a_device: Vec<String>,
    close_id: Vec<String>,
    close_at: Vec<NaiveDateTime>,
    o_id: Vec<String>,
    o_registration: Vec<String>,
    o_venue: Vec<String>,
    o_at: Vec<NaiveDateTime>,
    s_id: Vec<String>,
    s_event: Vec<String>,
    s_nonce: Vec<String>,
    s_code: Vec<String>,
    s_badge: Vec<Option<String>>,
    s_registration: Vec<Option<String>>,
    s_venue: Vec<String>,
    s_session: Vec<Option<String>>,
    s_outcome: Vec<&'static str>,
    s_reason: Vec<String>,
    s_manual: Vec<bool>,
    s_staff: Vec<String>,
    s_device: Vec<String>,
    s_scanned_at: Vec<NaiveDateTime>,
    s_device_at: Vec<Option<NaiveDateTime>>,
    s_offline: Vec<Option<&'static str>>,
    s_direction: Vec<&'static str>,
}

impl WriteAll {
    pub(super) fn new<'r>(records: impl Iterator<Item = &'r Record>) -> WriteAll {
        // Rows in a fixed order (by delegate, then nonce), so two batches that share delegates
        // take their locks in the same order and wait for each other instead of deadlocking.
        let mut records: Vec<&Record> = records.collect();
        records.sort_by(|a, b| (&a.scan.registration_id, &a.scan.nonce).cmp(&(&b.scan.registration_id, &b.scan.nonce)));
        let mut w = WriteAll::default();
        for r in records {
            if let Some(a) = &r.admission {
                w.a_id.push(a.id.clone());
                w.a_scope.push(a.scope.clone());
                w.a_registration.push(a.registration_id.clone());
                w.a_venue.push(a.venue_id.clone());
                w.a_session.push(a.session_id.clone());
                w.a_scan.push(a.scan_id.clone());
                w.a_at.push(a.admitted_at);
                w.a_staff.push(a.staff.clone());
                w.a_device.push(a.device.clone());
            }
            if let Some(id) = &r.close_stay {
                w.close_id.push(id.clone());
                w.close_at.push(r.at);
            }
            if let Some(o) = &r.open_stay {
                w.o_id.push(o.id.clone());
                w.o_registration.push(o.registration_id.clone());
                w.o_venue.push(o.venue_id.clone());
                w.o_at.push(o.entered_at);
            }
            let s = &r.scan;
            w.s_id.push(s.id.clone());
            w.s_event.push(s.event_id.clone());
            w.s_nonce.push(s.nonce.clone());
            w.s_code.push(s.code.clone());
            w.s_badge.push(s.badge_id.clone());
            w.s_registration.push(s.registration_id.clone());
            w.s_venue.push(s.venue_id.clone());
            w.s_session.push(s.session_id.clone());
            w.s_outcome.push(s.outcome);
            w.s_reason.push(s.reason.clone());
            w.s_manual.push(s.manual);
            w.s_staff.push(s.staff.clone());
            w.s_device.push(s.device.clone());
            w.s_scanned_at.push(s.scanned_at);
            w.s_device_at.push(s.device_at);
            w.s_offline.push(s.offline_outcome);
            w.s_direction.push(s.direction);
        }
        w
    }
}

fixed_query!(WriteAll, Untyped);

/// Pushes `unnest(array, array, …)`, each with its SQL type.
macro_rules! unnest {
    ($out:ident; $($ty:ty => $value:expr),+ $(,)?) => {{
        $out.push_sql("SELECT * FROM unnest(");
        let mut first = true;
        $(
            if !std::mem::take(&mut first) {
                $out.push_sql(", ");
            }
            $out.push_bind_param::<Array<$ty>, _>($value)?;
        )+
        $out.push_sql(")");
    }};
}

impl QueryFragment<Pg> for WriteAll {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let w = self;
        out.push_sql(
            "WITH admitted AS (INSERT INTO admissions \
             (id, scope, registration_id, venue_id, session_id, scan_id, admitted_at, staff, device) ",
        );
        unnest!(out; Text => &w.a_id, Text => &w.a_scope, Text => &w.a_registration, Text => &w.a_venue,
            Nullable<Text> => &w.a_session, Text => &w.a_scan, Timestamp => &w.a_at, Text => &w.a_staff,
            Text => &w.a_device);
        out.push_sql(
            " RETURNING scope), \
             counted AS (INSERT INTO admission_counts (scope, admitted) \
             SELECT scope, count(*) FROM admitted GROUP BY scope \
             ON CONFLICT (scope) DO UPDATE SET admitted = admission_counts.admitted + EXCLUDED.admitted \
             RETURNING scope, admitted), \
             closed AS (UPDATE stays SET left_at = c.at FROM (",
        );
        unnest!(out; Text => &w.close_id, Timestamp => &w.close_at);
        // Reading `closed` makes the new stays wait for the old ones to end (the unique index
        // allows one open stay per delegate).
        out.push_sql(
            ") AS c (id, at) WHERE stays.id = c.id AND stays.left_at IS NULL RETURNING stays.id), \
             opened AS (INSERT INTO stays (id, registration_id, venue_id, entered_at) SELECT * FROM (",
        );
        unnest!(out; Text => &w.o_id, Text => &w.o_registration, Text => &w.o_venue, Timestamp => &w.o_at);
        out.push_sql(
            ") AS o WHERE (SELECT count(*) FROM closed) >= 0), \
             stored AS (INSERT INTO scans (id, event_id, nonce, code, badge_id, registration_id, venue_id, \
             session_id, outcome, reason, manual, staff, device, scanned_at, device_at, offline_outcome, direction) ",
        );
        unnest!(out; Text => &w.s_id, Text => &w.s_event, Text => &w.s_nonce, Text => &w.s_code,
            Nullable<Text> => &w.s_badge, Nullable<Text> => &w.s_registration, Text => &w.s_venue,
            Nullable<Text> => &w.s_session, Text => &w.s_outcome, Text => &w.s_reason, Bool => &w.s_manual,
            Text => &w.s_staff, Text => &w.s_device, Timestamp => &w.s_scanned_at,
            Nullable<Timestamp> => &w.s_device_at, Nullable<Text> => &w.s_offline, Text => &w.s_direction);
        out.push_sql(") SELECT scope, admitted FROM counted");
        Ok(())
    }
}
