//! The attendance figures organisers follow during the event: per session admitted and
//! expected, per venue admitted and inside now, and the offline clashes. One use case, read by
//! the dashboard and by `GET /api/v1/events/{slug}/attendance`.

use diesel::QueryResult;

use super::presence::inside_by_session;
use super::report::{self, Clash};
use super::{admitted_by_scope, expected_by_session, inside_by_venue};
use crate::db::DbConn;
use crate::events::Programme;

/// One session's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionFigures {
    pub session_id: String,
    pub admitted: i64,
    pub expected: i64,
    /// Inside now: entered through this session's door and not gone out or elsewhere since.
    pub inside: i64,
}

/// One venue's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VenueFigures {
    pub venue_id: String,
    /// Admitted to the venue as a whole (not through one of its sessions).
    pub admitted: i64,
    /// Inside now: stays begun and not ended.
    pub inside: i64,
}

/// The event's attendance, in programme order.
#[derive(Clone, Debug)]
pub struct Figures {
    pub sessions: Vec<SessionFigures>,
    pub venues: Vec<VenueFigures>,
    /// Offline admissions the server did not confirm, newest first.
    pub clashes: Vec<Clash>,
}

/// Reads the figures of the programme's event.
pub fn figures(conn: &mut DbConn, p: &Programme) -> QueryResult<Figures> {
    let event_id = &p.event.id;
    let admitted = admitted_by_scope(conn, event_id)?;
    let inside = inside_by_venue(conn, event_id)?;
    let inside_sessions = inside_by_session(conn, event_id)?;
    let expected = expected_by_session(conn, event_id)?;
    let get = |list: &[(String, i64)], key: &str| list.iter().find(|(k, _)| k == key).map_or(0, |(_, n)| *n);
    let sessions = p
        .sessions
        .iter()
        .map(|s| SessionFigures {
            session_id: s.id.clone(),
            admitted: admitted.in_session(&s.id),
            expected: get(&expected, &s.id),
            inside: get(&inside_sessions, &s.id),
        })
        .collect();
    let venues = p
        .venues
        .iter()
        .map(|v| VenueFigures {
            venue_id: v.id.clone(),
            admitted: admitted.in_venue(&v.id),
            inside: get(&inside, &v.id),
        })
        .collect();
    Ok(Figures { sessions, venues, clashes: report::clashes(conn, event_id)? })
}
