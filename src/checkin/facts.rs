//! What the database knows about a scanned badge, read in one query.
//!
//! A door's decision needs the badge, its registration, the current badge (for an old one),
//! the earlier admission in this scope, whether the delegate chose the session, where they are
//! now, whether they have a photo, and the scope's count. Each of those is a row reached
//! through a unique index, so they are left-joined into a single row: on PostgreSQL one round
//! trip instead of seven, on SQLite one statement instead of seven.

use chrono::NaiveDateTime;
use diesel::dsl;
use diesel::pg::Pg;
use diesel::prelude::*;

use super::{Previous, ScanRequest, Scope};
use crate::badges::store::BadgeStatus;
use crate::db::schema::{
    admission_counts, admissions, badge_handovers, badges, photos, registration_sessions, registrations, stays,
    vettings,
};
use crate::db::{self, DbConn};
use crate::events::Programme;
use crate::ids::{EventId, RegistrationId};
use crate::registrations::Registration;
use crate::vetting::VettingStatus;

// The scanned badge and the registration's current one are both rows of `badges`.
diesel::alias! {
    const scanned: Alias<Scanned> = badges as scanned;
    const current_badges: Alias<CurrentBadges> = badges as current_badges;
}

/// The scanned badge, as the door needs it.
pub(super) struct ScannedBadge {
    pub id: String,
    pub event_id: EventId,
    pub version: i32,
    pub current: bool,
    /// Handed over at a desk against a record.
    pub handed_over: bool,
}

/// The delegate's open stay (where they are now).
pub(super) struct OpenStay {
    pub id: String,
    pub venue_id: String,
    pub entered_at: NaiveDateTime,
    /// The session they are in, if they entered through a session's door.
    pub session_id: Option<String>,
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
    /// When staff accepted a replacement photo after approval, if they did.
    pub photo_accepted_at: Option<NaiveDateTime>,
    /// Security's decision, if one was taken.
    pub vetting: Option<VettingStatus>,
    /// Only for a scan made before now (an offline upload): whether their presence has moved
    /// on since (a stay entered or ended after it).
    pub moved_on: bool,
}

/// What a scan is decided on: the registration, if the code names one, and the scope's count.
pub(super) struct Facts {
    pub found: Option<Found>,
    pub admitted: i64,
    /// For an entry to a session with a delegation quota: the delegation's seats taken.
    pub seats: Option<super::seats::Seats>,
}

type Row = (
    Option<(String, EventId, i32, BadgeStatus)>,
    Registration,
    Option<i32>,
    Option<(NaiveDateTime, String, String, String)>,
    Option<String>,
    Option<(String, String, NaiveDateTime, Option<String>)>,
    Option<(String, Option<NaiveDateTime>)>,
    Option<i32>,
    Option<VettingStatus>,
    Option<String>,
);

// The one query, in two forms: by the code of a badge (a scan), or by a registration's
// reference (a manual admission). Both roots reach one row through a unique index, and every
// join after them is by a unique (or, for the current badge, an ordinary) index on the
// registration. No value bound here may decide whether an index applies (see the current
// badge). Binds are owned: diesel caches each statement by its type, which must be `'static`.

/// The current badge is the one not revoked (revoking sets both). Not `status = 'current'` as
/// a bound value: SQLite would then consider the partial index on it and prepare the statement
/// again at every scan.
#[dsl::auto_type]
fn current_badge() -> _ {
    current_badges
        .field(badges::registration_id)
        .eq(registrations::id)
        .and(current_badges.field(badges::revoked_at).is_null())
}

/// The admission in this scope, if any.
#[dsl::auto_type]
fn admission_in(scope: Scope) -> _ {
    admissions::registration_id.eq(registrations::id).and(admissions::scope.eq(scope))
}

/// The delegate's choice of the scanned session, if they made it.
#[dsl::auto_type]
fn chosen(session: String) -> _ {
    registration_sessions::registration_id.eq(registrations::id).and(registration_sessions::session_id.eq(session))
}

/// Where the delegate is now.
#[dsl::auto_type]
fn open_stay() -> _ {
    stays::registration_id.eq(registrations::id).and(stays::left_at.is_null())
}

/// The columns of a registration, as `Registration::as_select()` reads them but of one type for
/// every backend, so that one query serves both.
type RegistrationColumns = <Registration as Selectable<Pg>>::SelectExpression;

/// What the query reads: the order of `Row`.
#[dsl::auto_type]
fn columns() -> _ {
    let registration: RegistrationColumns = <Registration as Selectable<Pg>>::construct_selection();
    (
        (
            scanned.field(badges::id),
            scanned.field(badges::event_id),
            scanned.field(badges::version),
            scanned.field(badges::status),
        )
            .nullable(),
        registration,
        current_badges.field(badges::version).nullable(),
        (admissions::admitted_at, admissions::venue_id, admissions::staff, admissions::device).nullable(),
        registration_sessions::session_id.nullable(),
        (stays::id, stays::venue_id, stays::entered_at, stays::session_id).nullable(),
        (photos::registration_id, photos::accepted_at).nullable(),
        admission_counts::admitted.nullable(),
        vettings::status.nullable(),
        badge_handovers::badge_id.nullable(),
    )
}

/// The facts of a scanned code.
#[dsl::auto_type(no_type_alias)]
fn by_code(code: String, scope: Scope, session: String) -> _ {
    let admission: admission_in = admission_in(scope.clone());
    let choice: chosen = chosen(session);
    scanned
        .inner_join(registrations::table.on(registrations::id.eq(scanned.field(badges::registration_id))))
        .left_join(current_badges.on(current_badge()))
        .left_join(admissions::table.on(admission))
        .left_join(registration_sessions::table.on(choice))
        .left_join(stays::table.on(open_stay()))
        .left_join(photos::table.on(photos::registration_id.eq(registrations::id)))
        .left_join(admission_counts::table.on(admission_counts::scope.eq(scope)))
        .left_join(vettings::table.on(vettings::registration_id.eq(registrations::id)))
        .left_join(badge_handovers::table.on(badge_handovers::badge_id.eq(scanned.field(badges::id))))
        .filter(scanned.field(badges::code_hash).eq(code))
        .select(columns())
}

/// The facts of a registration found by its reference: a delegate without a badge (none has a
/// code equal to a reference).
#[dsl::auto_type(no_type_alias)]
fn by_reference(event_id: EventId, reference: String, code: String, scope: Scope, session: String) -> _ {
    let admission: admission_in = admission_in(scope.clone());
    let choice: chosen = chosen(session);
    registrations::table
        .left_join(scanned.on(
            scanned.field(badges::registration_id).eq(registrations::id).and(scanned.field(badges::code_hash).eq(code)),
        ))
        .left_join(current_badges.on(current_badge()))
        .left_join(admissions::table.on(admission))
        .left_join(registration_sessions::table.on(choice))
        .left_join(stays::table.on(open_stay()))
        .left_join(photos::table.on(photos::registration_id.eq(registrations::id)))
        .left_join(admission_counts::table.on(admission_counts::scope.eq(scope)))
        .left_join(vettings::table.on(vettings::registration_id.eq(registrations::id)))
        .left_join(badge_handovers::table.on(badge_handovers::badge_id.eq(scanned.field(badges::id))))
        .filter(registrations::event_id.eq(event_id).and(registrations::reference.eq(reference)))
        .select(columns())
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
    let code = req.code.trim().to_owned();
    let scope = req.scope();
    let session = req.session_id.clone().unwrap_or_default();
    let row: Option<Row> = if req.manual {
        let reference = code.to_ascii_uppercase();
        db::optional_row(conn, by_reference(p.event.id.clone(), reference, code, scope.clone(), session))?
    } else {
        db::optional_row(conn, by_code(req.code_hash.clone(), scope.clone(), session))?
    };
    let Some((badge, registration, current_version, previous, chose, open_stay, photo, admitted, vetting, handed_over)) =
        row
    else {
        // An unknown code: only the count is shown.
        return Ok(Facts { found: None, admitted: super::admitted_in(conn, &scope)?, seats: None });
    };
    let mut found = Found {
        badge: badge.map(|(id, event_id, version, status)| ScannedBadge {
            id,
            event_id,
            version,
            current: status == BadgeStatus::Current,
            handed_over: handed_over.is_some(),
        }),
        registration,
        current_version,
        previous: previous.map(|(at, venue_id, staff, device)| Previous { at, venue_id, staff, device }),
        chose: chose.is_some(),
        open_stay: open_stay.map(|(id, venue_id, entered_at, session_id)| OpenStay {
            id,
            venue_id,
            entered_at,
            session_id,
        }),
        has_photo: photo.is_some(),
        photo_accepted_at: photo.and_then(|(_, at)| at),
        vetting,
        moved_on: false,
    };
    if late {
        found.moved_on = moved_on_since(conn, &found.registration.id, at)?;
    }
    let seats = match req.seated_session(p) {
        Some(session) => Some(super::seats::of(conn, session, &found.registration.id, req.rehearsal)?),
        None => None,
    };
    Ok(Facts { found: Some(found), admitted: i64::from(admitted.unwrap_or(0)), seats })
}

/// For a late upload: whether the delegate's presence changed after `at`.
fn moved_on_since(conn: &mut DbConn, registration_id: &RegistrationId, at: NaiveDateTime) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        stays::table
            .filter(stays::registration_id.eq(registration_id))
            .filter(stays::entered_at.gt(at).or(stays::left_at.gt(at))),
    ))
    .get_result(conn)
}
