//! API: events, and invitations (links with a quota for an embassy or organisation).

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::registrations::{invalid, parse_json, rfc3339};
use super::{Api, ApiError, Caller};
use crate::common::FieldError;
use crate::events::Window;
use crate::web::AppState;
use crate::web::extract::ManageRegistrations;

#[derive(Serialize)]
pub struct EventJson {
    slug: String,
    name: String,
    time_zone: String,
    starts_at: String,
    ends_at: String,
    registration_opens_at: String,
    registration_closes_at: String,
    registration_open: bool,
    approval_required: bool,
    invitation_only: bool,
    vetting_required: bool,
    issue_required: bool,
}

pub async fn list_events(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let at = state.now();
    let events =
        state.db(move |conn| Ok(crate::events::store::upcoming(conn, at - chrono::Duration::days(365))?)).await?;
    let items: Vec<EventJson> = events
        .into_iter()
        // A token sees the events it works on.
        .filter(|e| caller.token.reaches(&e.id))
        .map(|e| EventJson {
            registration_open: e.window(at) == Window::Open && !e.invitation_only,
            slug: e.slug,
            name: e.name,
            time_zone: e.time_zone,
            starts_at: rfc3339(e.starts_at),
            ends_at: rfc3339(e.ends_at),
            registration_opens_at: rfc3339(e.registration_opens_at),
            registration_closes_at: rfc3339(e.registration_closes_at),
            approval_required: e.approval_required,
            invitation_only: e.invitation_only,
            vetting_required: e.vetting_required,
            issue_required: e.issue_required,
        })
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "events": items })))
}

#[derive(Serialize)]
struct InvitationJson {
    id: String,
    code: String,
    organization: String,
    country: String,
    contact_name: String,
    contact_email: String,
    locale: String,
    quota: i32,
    used: i32,
    registration_link: String,
    delegation_link: String,
    revoked: bool,
}

fn invitation_json(state: &AppState, slug: &str, i: crate::invitations::Invitation) -> InvitationJson {
    let link = |path: String| state.settings.base_url.join(&path).map(|u| u.to_string()).unwrap_or(path);
    let codes =
        i.codes(&state.keys).unwrap_or(crate::invitations::Codes { register: String::new(), manage: String::new() });
    InvitationJson {
        registration_link: link(format!("events/{slug}/register?invitation={}", codes.register)),
        delegation_link: link(format!("invitations/{}", codes.manage)),
        revoked: i.revoked_at.is_some(),
        id: i.id,
        code: codes.register,
        organization: i.organization,
        country: i.country,
        contact_name: i.contact_name,
        contact_email: i.contact_email,
        locale: i.locale,
        quota: i.quota,
        used: i.used,
    }
}

pub async fn list_invitations(
    state: web::Data<AppState>,
    _caller: Api<ManageRegistrations>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let p = state.programme(&slug).await?;
    let event_id = p.event.id.clone();
    let list = state.db(move |conn| Ok(crate::invitations::for_event(conn, &event_id)?)).await?;
    let items: Vec<InvitationJson> = list.into_iter().map(|i| invitation_json(&state, &p.event.slug, i)).collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}

/// Creates an invitation and mails its links to the contact.
pub async fn create_invitation(
    state: web::Data<AppState>,
    caller: Api<ManageRegistrations>,
    slug: web::Path<String>,
    body: super::Body,
) -> Result<HttpResponse, ApiError> {
    let now = state.now();
    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Input {
        organization: String,
        country: String,
        contact_name: String,
        contact_email: String,
        locale: String,
        quota: i64,
    }
    let input: Input = parse_json(&body)?;
    let form = crate::invitations::InvitationForm {
        organization: input.organization,
        country: input.country,
        contact_name: input.contact_name,
        contact_email: input.contact_email,
        locale: input.locale,
        quota: input.quota.to_string(),
    };
    let p = state.programme(&slug).await?;
    let (event, actor, keys) = (p.event.clone(), caller.label(), state.keys.clone());
    let created =
        state.db(move |conn| Ok(crate::invitations::create(conn, &keys, &event, &form, &actor, now)?)).await?;
    match created {
        Ok(invitation) => {
            state.mailer.wake();
            Ok(HttpResponse::Created().json(invitation_json(&state, &p.event.slug, invitation)))
        }
        Err(problems) => {
            let errors: Vec<FieldError> =
                problems.into_iter().map(|(field, message)| FieldError { field, message }).collect();
            Err(invalid(&caller, &errors))
        }
    }
}
