//! The security office's vetting page: identity fields and photos of the events a security
//! officer is given, nothing else, and the decision on each registration.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::Staff;
use super::registrations::see_other;
use crate::events::Programme;
use crate::ids::RegistrationId;
use crate::registrations::{Registration, Status};
use crate::vetting::{self, VettingStatus};
use crate::web::context::Ctx;
use crate::web::extract::{CsrfForm, Require, Vet};
use crate::web::pages::{Chrome, render};
use crate::web::{AppError, AppState};

/// One registration as security vets it.
pub struct VettingRow {
    pub id: String,
    pub name: String,
    pub native_name: String,
    pub country: String,
    pub organization: String,
    pub position: String,
    pub category: String,
    pub reference: String,
    pub status: &'static str,
    pub status_label: String,
    pub note: String,
    pub has_photo: bool,
}

#[derive(Template)]
#[template(path = "staff/vetting.html")]
pub struct VettingPage {
    pub chrome: Chrome,
    pub csrf_token: String,
    pub slug: String,
    pub flash: String,
    pub all: bool,
    pub rows: Vec<VettingRow>,
    pub decisions: Vec<(&'static str, String)>,
}

/// The event, if this account may vet there (admins anywhere, security only where given).
async fn vetting_event(state: &AppState, staff: &Staff, slug: &str) -> Result<std::sync::Arc<Programme>, AppError> {
    let p = state.programme(slug).await?;
    let (user, event_id) = (staff.user.clone(), p.event.id.clone());
    if state.db(move |conn| Ok(crate::staff::events::may_vet(conn, &user, &event_id)?)).await? {
        Ok(p)
    } else {
        Err(AppError::Forbidden)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VettingQuery {
    show: String,
    done: String,
}

/// `GET /staff/events/{slug}/vetting`: who is still to be vetted (or everyone, `?show=all`).
pub async fn vetting_page(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<Vet>,
    slug: web::Path<String>,
    query: web::Query<VettingQuery>,
) -> Result<HttpResponse, AppError> {
    let p = vetting_event(&state, &staff, &slug).await?;
    let lang = ctx.lang;
    let all = query.show == "all";
    let event_id = p.event.id.clone();
    let (regs, vettings, photos) = state
        .db(move |conn| {
            use crate::db::schema::{photos, registrations};
            use diesel::prelude::*;
            let regs: Vec<Registration> = registrations::table
                .filter(registrations::event_id.eq(&event_id))
                .filter(registrations::erased_at.is_null())
                .filter(registrations::status.eq_any([Status::Pending.as_str(), Status::Approved.as_str()]))
                .order((registrations::family_name, registrations::given_name))
                .select(Registration::as_select())
                .load(conn)?;
            let photos: Vec<RegistrationId> = photos::table
                .inner_join(registrations::table)
                .filter(registrations::event_id.eq(&event_id))
                .select(photos::registration_id)
                .load(conn)?;
            Ok((regs, vetting::of_event(conn, &event_id)?, photos))
        })
        .await?;
    let rows = regs
        .into_iter()
        .filter_map(|r| {
            let v = vettings.get(&r.id);
            let status = vetting::status_of(v);
            let open = matches!(status, VettingStatus::Pending | VettingStatus::MoreInfo);
            (all || open).then(|| VettingRow {
                id: r.id.to_string(),
                name: r.display_name(),
                country: if r.country.is_empty() { String::new() } else { lang.country(&r.country) },
                category: p
                    .categories
                    .iter()
                    .find(|c| c.id == r.category_id)
                    .map(|c| p.category_name(lang, c))
                    .unwrap_or_default(),
                has_photo: photos.contains(&r.id),
                status: status.as_str(),
                status_label: lang.t(&format!("vetting-status-{}", status.as_str())),
                note: v.map(|v| v.note.clone()).unwrap_or_default(),
                native_name: r.native_name,
                organization: r.organization,
                position: r.position,
                reference: r.reference,
            })
        })
        .collect();
    let flash = match query.done.as_str() {
        "vetted" | "note-too-long" => lang.t(&format!("vetting-done-{}", query.done)),
        _ => String::new(),
    };
    let mut chrome = ctx.chrome(lang.t1("vetting-title", "event", p.event_name(lang)));
    chrome.staff = Some(staff.nav(&ctx));
    let page = VettingPage {
        chrome,
        csrf_token: ctx.csrf_token(),
        slug: p.event.slug.clone(),
        flash,
        all,
        rows,
        decisions: VettingStatus::DECISIONS
            .iter()
            .map(|d| (d.as_str(), lang.t(&format!("vetting-status-{}", d.as_str()))))
            .collect(),
    };
    Ok(render(StatusCode::OK, &page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VettingForm {
    outcome: String,
    note: String,
}

/// A registration of this event by id.
async fn registration_of(state: &AppState, p: &Programme, id: &RegistrationId) -> Result<Registration, AppError> {
    let (key, event_id) = (id.clone(), p.event.id.clone());
    state
        .db(move |conn| {
            crate::registrations::store::find(conn, &key)?.filter(|r| r.event_id == event_id).ok_or(AppError::NotFound)
        })
        .await
}

/// `POST /staff/events/{slug}/vetting/{id}`: security's decision on one registration.
pub async fn vet(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<Vet>,
    path: web::Path<(String, RegistrationId)>,
    form: CsrfForm<VettingForm>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let p = vetting_event(&state, &staff, &slug).await?;
    let status = VettingStatus::decision(&form.outcome).ok_or(AppError::BadRequest("outcome".into()))?;
    let reg = registration_of(&state, &p, &id).await?;
    let (note, actor, now) = (form.note.clone(), staff.user.label(), state.now());
    let done = state.db(move |conn| Ok(vetting::vet(conn, &reg, status, &note, &actor, now)?)).await?;
    let key = if done.is_ok() { "vetted" } else { "note-too-long" };
    Ok(see_other(format!("/staff/events/{slug}/vetting?done={key}")))
}

/// `GET /staff/events/{slug}/vetting/{id}/photo.jpg`: the photo security compares.
pub async fn vetting_photo(
    state: web::Data<AppState>,
    staff: Require<Vet>,
    path: web::Path<(String, RegistrationId)>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let p = vetting_event(&state, &staff, &slug).await?;
    let reg = registration_of(&state, &p, &id).await?;
    super::badges::photo_response(&state, reg.id).await
}

/// Where security stands on a registration, as other staff see it (never the note).
pub fn vetting_line(lang: crate::i18n::Lang, e: &crate::events::Event, v: Option<&vetting::Vetting>) -> String {
    let status = lang.t(&format!("vetting-status-{}", vetting::status_of(v).as_str()));
    match v {
        Some(v) => format!("{status} · {} · {}", lang.datetime(e.local(v.vetted_at)), v.vetted_by),
        None => status,
    }
}
