//! The batch's one write: every row of every scan, column by column, as arrays.

use chrono::NaiveDateTime;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Array, Bool, Integer, Nullable, Text, Timestamp, Untyped};

use crate::checkin::record::Record;
use crate::checkin::statements::BindList;
use crate::checkin::{Direction, Outcome, Scope, StoredReason};
use crate::ids::{EventId, RegistrationId};

/// The count of a scope after the batch.
#[derive(QueryableByName)]
pub(super) struct Count {
    #[diesel(sql_type = Text)]
    pub scope: Scope,
    #[diesel(sql_type = Integer)]
    pub admitted: i32,
}

/// Every row the batch writes, column by column.
#[derive(Default)]
pub(super) struct WriteAll {
    a_id: Vec<String>,
    a_scope: Vec<Scope>,
    a_registration: Vec<RegistrationId>,
    a_venue: Vec<String>,
    a_session: Vec<Option<String>>,
    a_scan: Vec<String>,
    a_at: Vec<NaiveDateTime>,
    a_staff: Vec<String>,
    a_device: Vec<String>,
    close_id: Vec<String>,
    close_at: Vec<NaiveDateTime>,
    o_id: Vec<String>,
    o_registration: Vec<RegistrationId>,
    o_venue: Vec<String>,
    o_at: Vec<NaiveDateTime>,
    o_session: Vec<Option<String>>,
    s_id: Vec<String>,
    s_event: Vec<EventId>,
    s_nonce: Vec<String>,
    s_code: Vec<String>,
    s_badge: Vec<Option<String>>,
    s_registration: Vec<Option<RegistrationId>>,
    s_venue: Vec<String>,
    s_session: Vec<Option<String>>,
    s_outcome: Vec<Outcome>,
    s_reason: Vec<StoredReason>,
    s_manual: Vec<bool>,
    s_staff: Vec<String>,
    s_device: Vec<String>,
    s_scanned_at: Vec<NaiveDateTime>,
    s_device_at: Vec<Option<NaiveDateTime>>,
    s_offline: Vec<Option<Outcome>>,
    s_direction: Vec<Direction>,
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
                w.o_session.push(o.session_id.clone());
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

// A statement whose text never changes, so the connection prepares it once.
impl QueryId for WriteAll {
    type QueryId = WriteAll;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl Query for WriteAll {
    type SqlType = Untyped;
}

impl RunQueryDsl<PgConnection> for WriteAll {}

impl QueryFragment<Pg> for WriteAll {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let w = self;
        out.push_sql(
            "WITH admitted AS (INSERT INTO admissions \
             (id, scope, registration_id, venue_id, session_id, scan_id, admitted_at, staff, device) \
             SELECT * FROM unnest(",
        );
        let mut admissions = BindList::new(out.reborrow());
        admissions.push::<Array<Text>, _>(&w.a_id)?;
        admissions.push::<Array<Text>, _>(&w.a_scope)?;
        admissions.push::<Array<Text>, _>(&w.a_registration)?;
        admissions.push::<Array<Text>, _>(&w.a_venue)?;
        admissions.push::<Array<Nullable<Text>>, _>(&w.a_session)?;
        admissions.push::<Array<Text>, _>(&w.a_scan)?;
        admissions.push::<Array<Timestamp>, _>(&w.a_at)?;
        admissions.push::<Array<Text>, _>(&w.a_staff)?;
        admissions.push::<Array<Text>, _>(&w.a_device)?;
        out.push_sql(
            ") RETURNING scope), \
             counted AS (INSERT INTO admission_counts (scope, admitted) \
             SELECT scope, count(*) FROM admitted GROUP BY scope \
             ON CONFLICT (scope) DO UPDATE SET admitted = admission_counts.admitted + EXCLUDED.admitted \
             RETURNING scope, admitted), \
             closed AS (UPDATE stays SET left_at = c.at FROM (SELECT * FROM unnest(",
        );
        let mut closes = BindList::new(out.reborrow());
        closes.push::<Array<Text>, _>(&w.close_id)?;
        closes.push::<Array<Timestamp>, _>(&w.close_at)?;
        // Reading `closed` makes the new stays wait for the old ones to end (the unique index
        // allows one open stay per delegate).
        out.push_sql(
            ")) AS c (id, at) WHERE stays.id = c.id AND stays.left_at IS NULL RETURNING stays.id), \
             opened AS (INSERT INTO stays (id, registration_id, venue_id, entered_at, session_id) SELECT * FROM (\
             SELECT * FROM unnest(",
        );
        let mut stays = BindList::new(out.reborrow());
        stays.push::<Array<Text>, _>(&w.o_id)?;
        stays.push::<Array<Text>, _>(&w.o_registration)?;
        stays.push::<Array<Text>, _>(&w.o_venue)?;
        stays.push::<Array<Timestamp>, _>(&w.o_at)?;
        stays.push::<Array<Nullable<Text>>, _>(&w.o_session)?;
        out.push_sql(
            ")) AS o WHERE (SELECT count(*) FROM closed) >= 0), \
             stored AS (INSERT INTO scans (id, event_id, nonce, code, badge_id, registration_id, venue_id, \
             session_id, outcome, reason, manual, staff, device, scanned_at, device_at, offline_outcome, direction) \
             SELECT * FROM unnest(",
        );
        let mut scans = BindList::new(out.reborrow());
        scans.push::<Array<Text>, _>(&w.s_id)?;
        scans.push::<Array<Text>, _>(&w.s_event)?;
        scans.push::<Array<Text>, _>(&w.s_nonce)?;
        scans.push::<Array<Text>, _>(&w.s_code)?;
        scans.push::<Array<Nullable<Text>>, _>(&w.s_badge)?;
        scans.push::<Array<Nullable<Text>>, _>(&w.s_registration)?;
        scans.push::<Array<Text>, _>(&w.s_venue)?;
        scans.push::<Array<Nullable<Text>>, _>(&w.s_session)?;
        scans.push::<Array<Text>, _>(&w.s_outcome)?;
        scans.push::<Array<Text>, _>(&w.s_reason)?;
        scans.push::<Array<Bool>, _>(&w.s_manual)?;
        scans.push::<Array<Text>, _>(&w.s_staff)?;
        scans.push::<Array<Text>, _>(&w.s_device)?;
        scans.push::<Array<Timestamp>, _>(&w.s_scanned_at)?;
        scans.push::<Array<Nullable<Timestamp>>, _>(&w.s_device_at)?;
        scans.push::<Array<Nullable<Text>>, _>(&w.s_offline)?;
        scans.push::<Array<Text>, _>(&w.s_direction)?;
        out.push_sql(")) SELECT scope, admitted FROM counted");
        Ok(())
    }
}
