//! What the database knows about a scanned badge, read in one query.
//!
//! A door's decision needs the badge, its registration, the current badge (for an old one),
//! the earlier admission in this scope, whether the delegate chose the session, where they are
//! now, whether they have a photo, and the scope's count. Each of those is a row reached
//! through a unique index, so they are left-joined into a single row: on PostgreSQL one round
//! trip instead of seven, on SQLite one statement instead of seven.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{Previous, ScanRequest, scope_of};
use crate::badges::store::CURRENT;
use crate::db::DbConn;
use crate::db::schema::{admission_counts, admissions, badges, photos, registration_sessions, registrations, stays};
use crate::events::Programme;
use crate::registrations::Registration;

// The scanned badge and the registration's current one are both rows of `badges`.
diesel::alias!(badges as scanned: Scanned, badges as current_badges: CurrentBadges);

/// The scanned badge, as the door needs it.
pub(super) struct ScannedBadge {
    pub id: String,
    pub event_id: String,
    pub version: i32,
    pub current: bool,
}

/// The delegate's open stay (where they are now).
pub(super) struct OpenStay {
    pub id: String,
    pub venue_id: String,
    pub entered_at: NaiveDateTime,
}

/// Everything about one registration a scan is decided on.
pub(super) struct Found {
    /// The badge whose code was scanned (none for a manual admission by reference).
    pub badge: Option<ScannedBadge>,
    pub registration: Registration,
    /// The version of the registration's current badge, if it has one.
    pub current_version: Option<i32>,
    /// The admission in this scope, if any.
    pub previous: Option<Previous>,
    /// Whether the delegate registered for the scanned session.
    pub chose: bool,
    pub open_stay: Option<OpenStay>,
    pub has_photo: bool,
    /// Only for a scan made before now (an offline upload): whether their presence has moved
    /// on since (a stay entered or ended after it).
    pub moved_on: bool,
}

/// What a scan is decided on: the registration, if the code names one, and the scope's count.
pub(super) struct Facts {
    pub found: Option<Found>,
    pub admitted: i64,
}

type Row = (
    Option<(String, String, i32, String)>,
    Registration,
    Option<i32>,
    Option<(NaiveDateTime, String, String, String)>,
    Option<String>,
    Option<(String, String, NaiveDateTime)>,
    Option<String>,
    Option<i32>,
);

/// The one query, from `$from` (which joins `scanned` and `registrations`) filtered by `$filter`.
/// Both roots reach one row through a unique index, and every join below is by a unique (or,
/// for the current badge, an ordinary) index on the registration. No value bound here may
/// decide whether an index applies (see the current badge).
macro_rules! facts_query {
    ($c:ident, $from:expr, $scope:expr, $session:expr, $filter:expr) => {
        $from
            .left_join(
                // The current badge is the one not revoked (revoking sets both). Not `status =
                // 'current'` as a bound value: SQLite would then consider the partial index on
                // it and prepare the statement again at every scan.
                current_badges.on(current_badges
                    .field(badges::registration_id)
                    .eq(registrations::id)
                    .and(current_badges.field(badges::revoked_at).is_null())),
            )
            .left_join(
                admissions::table
                    .on(admissions::registration_id.eq(registrations::id).and(admissions::scope.eq($scope))),
            )
            .left_join(
                registration_sessions::table.on(registration_sessions::registration_id
                    .eq(registrations::id)
                    .and(registration_sessions::session_id.eq($session))),
            )
            .left_join(stays::table.on(stays::registration_id.eq(registrations::id).and(stays::left_at.is_null())))
            .left_join(photos::table.on(photos::registration_id.eq(registrations::id)))
            .left_join(admission_counts::table.on(admission_counts::scope.eq($scope)))
            .filter($filter)
            .select((
                (
                    scanned.field(badges::id),
                    scanned.field(badges::event_id),
                    scanned.field(badges::version),
                    scanned.field(badges::status),
                )
                    .nullable(),
                Registration::as_select(),
                current_badges.field(badges::version).nullable(),
                (admissions::admitted_at, admissions::venue_id, admissions::staff, admissions::device).nullable(),
                registration_sessions::session_id.nullable(),
                (stays::id, stays::venue_id, stays::entered_at).nullable(),
                photos::registration_id.nullable(),
                admission_counts::admitted.nullable(),
            ))
            .get_result::<Row>($c)
            .optional()
    };
}

/// Reads what the scan is decided on. `at` is when it is judged (see `decided_at`); `late`
/// says that is before now.
pub(super) fn load(
    conn: &mut DbConn,
    p: &Programme,
    req: &ScanRequest,
    at: NaiveDateTime,
    late: bool,
) -> QueryResult<Facts> {
    // Owned binds: diesel caches this statement by its type, which must then be `'static`.
    let code = req.code.trim().to_owned();
    let scope = scope_of(req);
    let session = req.session_id.clone().unwrap_or_default();
    let row = if req.manual {
        // By reference: a delegate without a badge (none has a code equal to a reference).
        let reference = code.to_ascii_uppercase();
        crate::on_backend!(conn, |c| facts_query!(
            c,
            registrations::table.left_join(
                scanned.on(scanned
                    .field(badges::registration_id)
                    .eq(registrations::id)
                    .and(scanned.field(badges::code).eq(code.clone())))
            ),
            scope.clone(),
            session.clone(),
            registrations::event_id.eq(p.event.id.clone()).and(registrations::reference.eq(reference.clone()))
        ))?
    } else {
        crate::on_backend!(conn, |c| facts_query!(
            c,
            scanned.inner_join(registrations::table.on(registrations::id.eq(scanned.field(badges::registration_id)))),
            scope.clone(),
            session.clone(),
            scanned.field(badges::code).eq(code.clone())
        ))?
    };
    let Some((badge, registration, current_version, previous, chose, open_stay, photo, admitted)) = row else {
        // An unknown code: only the count is shown.
        return Ok(Facts { found: None, admitted: super::admitted_in(conn, &scope)? });
    };
    let mut found = Found {
        badge: badge.map(|(id, event_id, version, status)| ScannedBadge {
            id,
            event_id,
            version,
            current: status == CURRENT,
        }),
        registration,
        current_version,
        previous: previous.map(|(at, venue_id, staff, device)| Previous { at, venue_id, staff, device }),
        chose: chose.is_some(),
        open_stay: open_stay.map(|(id, venue_id, entered_at)| OpenStay { id, venue_id, entered_at }),
        has_photo: photo.is_some(),
        moved_on: false,
    };
    if late {
        found.moved_on = moved_on_since(conn, &found.registration.id, at)?;
    }
    Ok(Facts { found: Some(found), admitted: i64::from(admitted.unwrap_or(0)) })
}

/// For a late upload: whether the delegate's presence changed after `at`.
fn moved_on_since(conn: &mut DbConn, registration_id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        stays::table
            .filter(stays::registration_id.eq(registration_id))
            .filter(stays::entered_at.gt(at).or(stays::left_at.gt(at))),
    ))
    .get_result(conn)
}
