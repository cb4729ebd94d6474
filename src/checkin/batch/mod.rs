//! Door scans on PostgreSQL in batches: the scans that arrive together are read with one
//! statement and written with one.
//!
//! Each PostgreSQL statement costs a round trip and the work of starting it (locks, plan,
//! executor) whatever it does, and a scan's two statements cost more than the rows they touch.
//! A batch reads the facts of all its scans at once (a join over the list of codes) and writes
//! every row with arrays, in one statement that the database applies all or nothing. The rules
//! are the same `judge` as for one scan.
//!
//! What a batch does not decide goes through `checkin::scan`, one by one: manual admissions,
//! late uploads, unknown codes, a second scan of the same delegate in the batch (decided after
//! the first is stored), and every scan of a batch whose write failed (another door or
//! instance won a race, or a nonce was sent again), which is then decided again on its own.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Array, BigInt, Bool, Integer, Nullable, Text, Timestamp, Untyped};

use super::facts::{Facts, Found, OpenStay, ScannedBadge};
use super::record::Record;
use super::statements::BindList;
use super::{Decision, Previous, ScanRequest, Scope};
use crate::badges::store::BadgeStatus;
use crate::db::DbConn;
use crate::events::Programme;
use crate::registrations::Registration;
use crate::vetting::VettingStatus;

/// One scan of a batch.
pub struct Item<'a> {
    pub programme: &'a Programme,
    pub request: &'a ScanRequest,
    pub now: NaiveDateTime,
}

/// The answers to a batch, in order, and how many of its scans were decided together (the
/// others one by one).
pub struct Answers {
    pub answers: Vec<QueryResult<Decision>>,
    pub together: usize,
}

/// Decides the scans, and answers each in order.
pub fn decide(conn: &mut DbConn, items: &[Item<'_>]) -> Answers {
    let mut answers: Vec<Option<QueryResult<Decision>>> = items.iter().map(|_| None).collect();
    // Only the scans before the first that cannot go in a batch: the rest are decided after
    // the batch, so a late upload or a manual admission still comes after the scans that
    // arrived before it, and before those that arrived after.
    let batchable: Vec<usize> = (0..items.len())
        .take_while(|&i| {
            let r = items[i].request;
            // A session with delegation seats counts them one scan at a time.
            let seats = r.seated_session(items[i].programme).is_some();
            // A rehearsal's scans are few, and written with their mark one by one.
            !r.manual && !seats && !r.rehearsal && r.decided_at(items[i].now) == items[i].now
        })
        .collect();
    let mut together_count = 0;
    if batchable.len() > 1
        && let DbConn::Postgres(pg) = conn
    {
        match together(pg, items, &batchable) {
            Ok(decided) => {
                together_count = decided.len();
                for (i, d) in decided {
                    answers[i] = Some(Ok(d));
                }
            }
            // A nonce sent again, or another door first: expected now and then.
            Err(e) if crate::db::unique_violation_on(&e).is_some() => {
                tracing::debug!(error = %e, "scan batch not written; deciding its scans one by one")
            }
            Err(e) => tracing::warn!(error = %e, "scan batch failed; deciding its scans one by one"),
        }
    }
    // The rest, one by one, in arrival order.
    for (i, answer) in answers.iter_mut().enumerate() {
        if answer.is_none() {
            let item = &items[i];
            *answer = Some(super::scan(conn, item.programme, item.request, item.now));
        }
    }
    let answers = answers.into_iter().map(|a| a.unwrap_or_else(|| Err(diesel::result::Error::NotFound))).collect();
    Answers { answers, together: together_count }
}

/// Reads, judges and writes the batchable scans that can be decided together; returns their
/// decisions by item index (the others are left for one-by-one).
fn together(conn: &mut PgConnection, items: &[Item<'_>], batchable: &[usize]) -> QueryResult<Vec<(usize, Decision)>> {
    let read = ReadFacts {
        codes: batchable.iter().map(|&i| items[i].request.code_hash.clone()).collect(),
        scopes: batchable.iter().map(|&i| items[i].request.scope()).collect(),
        sessions: batchable.iter().map(|&i| items[i].request.session_id.clone().unwrap_or_default()).collect(),
    };
    let mut rows: HashMap<i64, FactsRow> = read.load::<FactsRow>(conn)?.into_iter().map(|r| (r.n, r)).collect();
    let mut seen = HashSet::new();
    let mut judged: Vec<(usize, Decision, Record, i64)> = Vec::new();
    for (k, &i) in batchable.iter().enumerate() {
        // Unknown codes (no row) are decided one by one; so is a delegate's second scan here.
        let Some(row) = rows.remove(&(k as i64 + 1)) else { continue };
        if !seen.insert(row.registration.id.clone()) {
            continue;
        }
        let item = &items[i];
        let before = i64::from(row.admitted.unwrap_or(0));
        let facts = Facts { found: Some(row.into_found()), admitted: before, seats: None };
        let (d, record) = super::judge::judge(item.programme, item.request, facts, item.now, item.now);
        judged.push((i, d, record, before));
    }
    if judged.is_empty() {
        return Ok(Vec::new());
    }
    let write = WriteAll::new(judged.iter().map(|(_, _, r, _)| r));
    let after: HashMap<Scope, i64> =
        write.load::<Count>(conn)?.into_iter().map(|c| (c.scope, i64::from(c.admitted))).collect();
    // Each door sees the count as of its own scan: admissions later in the batch come off.
    let mut later: HashMap<Scope, i64> = HashMap::new();
    let mut out = Vec::with_capacity(judged.len());
    for (i, mut d, record, before) in judged.into_iter().rev() {
        let scope = items[i].request.scope();
        let later_here = later.entry(scope.clone()).or_default();
        d.admitted_count = match after.get(&scope) {
            Some(total) => total - *later_here,
            None => before,
        };
        if record.admission.is_some() {
            *later_here += 1;
        }
        out.push((i, d));
    }
    out.reverse();
    Ok(out)
}

/// The facts of every scan in the batch, by its position `n` (from 1), for the codes that
/// name a badge.
struct ReadFacts {
    codes: Vec<String>,
    scopes: Vec<Scope>,
    sessions: Vec<String>,
}

#[derive(QueryableByName)]
struct FactsRow {
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = Text)]
    b_id: String,
    #[diesel(sql_type = Text)]
    b_event_id: EventId,
    #[diesel(sql_type = Integer)]
    b_version: i32,
    #[diesel(sql_type = Text)]
    b_status: BadgeStatus,
    #[diesel(embed)]
    registration: Registration,
    #[diesel(sql_type = Nullable<Integer>)]
    current_version: Option<i32>,
    #[diesel(sql_type = Nullable<Timestamp>)]
    prev_at: Option<NaiveDateTime>,
    #[diesel(sql_type = Nullable<Text>)]
    prev_venue: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    prev_staff: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    prev_device: Option<String>,
    #[diesel(sql_type = Bool)]
    chose: bool,
    #[diesel(sql_type = Nullable<Text>)]
    stay_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    stay_venue: Option<String>,
    #[diesel(sql_type = Nullable<Timestamp>)]
    stay_entered: Option<NaiveDateTime>,
    #[diesel(sql_type = Nullable<Text>)]
    stay_session: Option<String>,
    #[diesel(sql_type = Bool)]
    photo: bool,
    #[diesel(sql_type = Nullable<Timestamp>)]
    photo_accepted: Option<NaiveDateTime>,
    #[diesel(sql_type = Nullable<Integer>)]
    admitted: Option<i32>,
    #[diesel(sql_type = Nullable<Text>)]
    vetting: Option<VettingStatus>,
    #[diesel(sql_type = Bool)]
    handed_over: bool,
}

impl FactsRow {
    fn into_found(self) -> Found {
        let previous = match (self.prev_at, self.prev_venue, self.prev_staff, self.prev_device) {
            (Some(at), Some(venue_id), Some(staff), Some(device)) => Some(Previous { at, venue_id, staff, device }),
            _ => None,
        };
        let open_stay = match (self.stay_id, self.stay_venue, self.stay_entered) {
            (Some(id), Some(venue_id), Some(entered_at)) => {
                Some(OpenStay { id, venue_id, entered_at, session_id: self.stay_session })
            }
            _ => None,
        };
        Found {
            badge: Some(ScannedBadge {
                id: self.b_id,
                event_id: self.b_event_id,
                version: self.b_version,
                current: self.b_status == BadgeStatus::Current,
                handed_over: self.handed_over,
            }),
            registration: self.registration,
            current_version: self.current_version,
            previous,
            chose: self.chose,
            open_stay,
            has_photo: self.photo,
            photo_accepted_at: self.photo_accepted,
            vetting: self.vetting,
            moved_on: false,
        }
    }
}

// A statement whose text never changes, so the connection prepares it once.
impl QueryId for ReadFacts {
    type QueryId = ReadFacts;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl Query for ReadFacts {
    type SqlType = Untyped;
}

impl RunQueryDsl<PgConnection> for ReadFacts {}

// The registration's columns are named, not `registrations.*`: a column added by a migration
// would otherwise change the result of a statement that connections keep prepared.
impl QueryFragment<Pg> for ReadFacts {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql(
            "SELECT q.n, scanned.id AS b_id, scanned.event_id AS b_event_id, scanned.version AS b_version, \
             scanned.status AS b_status, registrations.id, registrations.event_id, registrations.reference, \
             registrations.honorific, registrations.given_name, registrations.family_name, \
             registrations.native_name, registrations.badge_name, registrations.email, \
             registrations.email_lower, registrations.phone, registrations.country, \
             registrations.organization, registrations.position, registrations.category_id, \
             registrations.dietary, registrations.accessibility, registrations.locale, \
             registrations.status, registrations.status_reason, registrations.source, \
             registrations.search_text, registrations.created_at, registrations.updated_at, \
             registrations.invitation_id, registrations.precedence_class, \
             registrations.credentials_presented_at, registrations.door_note, registrations.zones, \
             current_badges.version AS current_version, \
             admissions.admitted_at AS prev_at, admissions.venue_id AS prev_venue, admissions.staff AS prev_staff, \
             admissions.device AS prev_device, registration_sessions.session_id IS NOT NULL AS chose, \
             stays.id AS stay_id, stays.venue_id AS stay_venue, stays.entered_at AS stay_entered, \
             stays.session_id AS stay_session, \
             photos.registration_id IS NOT NULL AS photo, photos.accepted_at AS photo_accepted, \
             admission_counts.admitted, \
             vettings.status AS vetting, badge_handovers.badge_id IS NOT NULL AS handed_over \
             FROM unnest(",
        );
        let mut lists = BindList::new(out.reborrow());
        lists.push::<Array<Text>, _>(&self.codes)?;
        lists.push::<Array<Text>, _>(&self.scopes)?;
        lists.push::<Array<Text>, _>(&self.sessions)?;
        out.push_sql(
            ") WITH ORDINALITY AS q (code, scope, session, n) \
             JOIN badges AS scanned ON scanned.code = q.code \
             JOIN registrations ON registrations.id = scanned.registration_id \
             LEFT JOIN badges AS current_badges \
               ON current_badges.registration_id = registrations.id AND current_badges.status = 'current' \
             LEFT JOIN admissions ON admissions.registration_id = registrations.id AND admissions.scope = q.scope \
             LEFT JOIN registration_sessions ON registration_sessions.registration_id = registrations.id \
               AND registration_sessions.session_id = q.session \
             LEFT JOIN stays ON stays.registration_id = registrations.id AND stays.left_at IS NULL \
             LEFT JOIN photos ON photos.registration_id = registrations.id \
             LEFT JOIN admission_counts ON admission_counts.scope = q.scope \
             LEFT JOIN vettings ON vettings.registration_id = registrations.id \
             LEFT JOIN badge_handovers ON badge_handovers.badge_id = scanned.id",
        );
        Ok(())
    }
}

/// The text of each statement here as it is sent for `records`, for the schema check.
#[cfg(test)]
pub(super) fn statement_texts<'r>(records: impl Iterator<Item = &'r Record>) -> Vec<String> {
    use diesel::debug_query;
    let read = ReadFacts { codes: Vec::new(), scopes: Vec::new(), sessions: Vec::new() };
    vec![debug_query::<Pg, _>(&read).to_string(), debug_query::<Pg, _>(&WriteAll::new(records)).to_string()]
}

mod write;

use crate::ids::EventId;
use write::{Count, WriteAll};
