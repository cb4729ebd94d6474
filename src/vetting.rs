//! Security vetting: where an event requires it, a badge works only once the security office
//! has cleared its holder, and a later refusal stops it at every door at once. The security
//! office's note stays with it: doors and other staff learn the outcome, never the reason.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, Change};
use crate::db::schema::{registrations, vettings};
use crate::db::{self, DbConn};
use crate::ids::{EventId, RegistrationId};
use crate::registrations::Registration;

/// The longest note security may keep on a decision.
pub const MAX_NOTE: usize = 1000;

/// Where a registration stands with the security office (`vettings.status`; no row is
/// `Pending`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "snake_case")]
pub enum VettingStatus {
    /// Not decided yet.
    Pending,
    Cleared,
    Refused,
    /// Security needs more information before deciding; the badge does not work meanwhile.
    MoreInfo,
}

impl VettingStatus {
    /// The decisions security can take (pending is where everyone starts).
    pub const DECISIONS: [VettingStatus; 3] = [VettingStatus::Cleared, VettingStatus::Refused, VettingStatus::MoreInfo];

    /// The stored and sent text.
    pub const fn as_str(self) -> &'static str {
        match self {
            VettingStatus::Pending => "pending",
            VettingStatus::Cleared => "cleared",
            VettingStatus::Refused => "refused",
            VettingStatus::MoreInfo => "more_info",
        }
    }

    /// A decision as the API and the desk send it (`pending` is not one).
    pub fn decision(s: &str) -> Option<VettingStatus> {
        VettingStatus::DECISIONS.into_iter().find(|v| v.as_str() == s.trim())
    }
}

crate::text_column!(VettingStatus);

impl crate::db::text::TextValue for VettingStatus {
    fn as_str(&self) -> &'static str {
        VettingStatus::as_str(*self)
    }

    fn parse(s: &str) -> Option<VettingStatus> {
        VettingStatus::DECISIONS.into_iter().chain([VettingStatus::Pending]).find(|v| v.as_str() == s)
    }
}

/// Security's latest decision on a registration.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = vettings)]
pub struct Vetting {
    pub registration_id: RegistrationId,
    pub status: VettingStatus,
    pub note: String,
    pub vetted_at: NaiveDateTime,
    pub vetted_by: String,
}

/// The status of a registration that may have no decision yet.
pub fn status_of(v: Option<&Vetting>) -> VettingStatus {
    v.map_or(VettingStatus::Pending, |v| v.status)
}

/// Whether a badge of this vetting may work at an event (refused never works, even at an
/// event that does not require vetting: a refusal is never ignored).
pub fn lets_in(required: bool, status: VettingStatus) -> bool {
    match status {
        VettingStatus::Cleared => true,
        VettingStatus::Refused => false,
        VettingStatus::Pending | VettingStatus::MoreInfo => !required,
    }
}

/// The decision on one registration, if security took one.
pub fn of(conn: &mut DbConn, registration_id: &RegistrationId) -> QueryResult<Option<Vetting>> {
    vettings::table.find(registration_id).select(Vetting::as_select()).first(conn).optional()
}

/// Every decision taken at an event, by registration.
pub fn of_event(conn: &mut DbConn, event_id: &EventId) -> QueryResult<HashMap<RegistrationId, Vetting>> {
    let rows: Vec<Vetting> = vettings::table
        .inner_join(registrations::table)
        .filter(registrations::event_id.eq(event_id))
        .select(Vetting::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(|v| (v.registration_id.clone(), v)).collect())
}

/// Why a decision was not taken.
#[derive(Debug, PartialEq, Eq)]
pub enum VetError {
    NoteTooLong,
}

/// Records security's decision, replacing the earlier one, with an audit entry that keeps the
/// outcome and not the note.
pub fn vet(
    conn: &mut DbConn,
    reg: &Registration,
    status: VettingStatus,
    note: &str,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<Vetting, VetError>> {
    let note = note.trim();
    if note.chars().count() > MAX_NOTE {
        return Ok(Err(VetError::NoteTooLong));
    }
    let vetting = Vetting {
        registration_id: reg.id.clone(),
        status,
        note: note.to_owned(),
        vetted_at: now,
        vetted_by: actor.to_owned(),
    };
    db::write_tx(conn, |conn| {
        let before = of(conn, &reg.id)?;
        diesel::delete(vettings::table.find(&reg.id)).execute(conn)?;
        diesel::insert_into(vettings::table).values(&vetting).execute(conn)?;
        let change = Change {
            actor,
            action: "registration.vetting",
            entity: "registration",
            entity_id: reg.id.as_str(),
            event_id: Some(&reg.event_id),
            before: Some(json!({ "vetting": status_of(before.as_ref()).as_str() })),
            after: Some(json!({ "vetting": status.as_str() })),
        };
        audit::record(conn, change, now)
    })?;
    Ok(Ok(vetting))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_clearance_lets_a_badge_work_where_vetting_is_required() {
        use VettingStatus::*;
        assert!(lets_in(true, Cleared));
        assert!(!lets_in(true, Pending) && !lets_in(true, MoreInfo) && !lets_in(true, Refused));
        assert!(lets_in(false, Pending) && lets_in(false, MoreInfo));
        assert!(!lets_in(false, Refused), "a refusal counts even where vetting is not required");
        assert_eq!(VettingStatus::decision(" more_info "), Some(MoreInfo));
        assert_eq!(VettingStatus::decision("pending"), None, "pending is not a decision");
    }
}
