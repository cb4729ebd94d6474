//! The watch list on a registration's page: which staff members are alerted when the delegate
//! arrives (they see it on the attendance dashboard within seconds).

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::registrations::see_other;
use crate::checkin::alerts;
use crate::db::DbConn;
use crate::ids::{EventId, RegistrationId};
use crate::staff::Permission;
use crate::web::extract::{CsrfForm, ManageRegistrations, Require};
use crate::web::{AppError, AppState};

/// Who may be alerted about a delegate of `event_id` (active accounts that see its
/// registrations), as (id, label, watching now), by label.
pub fn candidates(
    conn: &mut DbConn,
    event_id: &EventId,
    registration_id: &RegistrationId,
) -> diesel::QueryResult<Vec<(String, String, bool)>> {
    let watching = alerts::watchers(conn, registration_id)?;
    let mut out = Vec::new();
    for user in crate::staff::store::all(conn)? {
        if user.can(Permission::ViewRegistrations) && crate::staff::events::reaches(conn, &user, event_id)? {
            let on = watching.contains(&user.id);
            out.push((user.id.clone(), user.label(), on));
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct WatchForm {
    /// Staff ids to alert; none unwatches.
    staff: Vec<String>,
}

/// Sets who is alerted when this delegate arrives (registrars), audited.
pub async fn set_watch(
    state: web::Data<AppState>,
    staff: Require<ManageRegistrations>,
    id: web::Path<RegistrationId>,
    form: CsrfForm<WatchForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (actor, at, wanted) = (staff.user.label(), state.now(), form.0.staff);
    let rid = id.clone();
    state
        .db(move |conn| {
            let event_id: EventId = crate::registrations::store::find(conn, &rid)?.ok_or(AppError::NotFound)?.event_id;
            // Only those who may see the event's registrations can be alerted about them.
            let allowed: Vec<String> = candidates(conn, &event_id, &rid)?.into_iter().map(|(id, _, _)| id).collect();
            let chosen: Vec<String> = wanted.into_iter().filter(|s| allowed.contains(s)).collect();
            Ok(alerts::set_watchers(conn, &event_id, &rid, &chosen, &actor, at)?)
        })
        .await?;
    Ok(see_other(format!("/staff/registrations/{id}?done=watch#watch")))
}
