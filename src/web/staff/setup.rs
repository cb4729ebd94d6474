//! Event setup pages (admins): the event and its window, venues, categories, sessions.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::pages::SetupPage;
use super::setup_views::{event_fields, layout_options, session_edit};
use super::{Staff, now};
use crate::badges::Paper;
use crate::events::setup::{self, CategoryForm, EventForm, Problems, SessionForm, VenueForm};
use crate::events::{Event, Programme};
use crate::web::context::Ctx;
use crate::web::extract::{CsrfForm, ManageEvents, Require};
use crate::web::pages::render;
use crate::web::{AppError, AppState};

fn see_other(to: String) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, to)).finish()
}

fn page(
    ctx: &Ctx,
    staff: &Staff,
    p: Option<&Programme>,
    event_form: &EventForm,
    problems: &Problems,
    flash: String,
) -> SetupPage {
    let lang = ctx.lang;
    let title = match p {
        Some(p) => lang.t1("setup-title", "event", p.event_name(lang)),
        None => lang.t("setup-new"),
    };
    let mut chrome = ctx.chrome(title);
    chrome.staff = Some(staff.nav(ctx));
    let (venues, categories, sessions, blank) = match p {
        Some(p) => {
            let tz = p.event.tz();
            let sessions = p
                .sessions
                .iter()
                .map(|s| {
                    let form = SessionForm {
                        title: s.title.clone(),
                        venue: s.venue_id.clone(),
                        starts_at: setup::local_input(tz, s.starts_at),
                        ends_at: setup::local_input(tz, s.ends_at),
                        capacity: s.capacity.map(|c| c.to_string()).unwrap_or_default(),
                        categories: p.allowed.get(&s.id).cloned().unwrap_or_default(),
                        single_entry: s.single_entry.then(String::new),
                        registered_only: s.registered_only.then(String::new),
                        doors_open_minutes: s.doors_open_minutes.to_string(),
                        exit_scanning: s.exit_scanning.then(String::new),
                        delegation_quota: s.delegation_quota.map(|n| n.to_string()).unwrap_or_default(),
                    };
                    session_edit(p, lang, &s.id, &form, &[])
                })
                .collect();
            let blank_form = SessionForm {
                starts_at: setup::local_input(tz, p.event.starts_at),
                ends_at: setup::local_input(tz, p.event.starts_at + chrono::Duration::hours(1)),
                // A new session is single entry, doors open 60 minutes before, until changed.
                single_entry: Some(String::new()),
                doors_open_minutes: crate::checkin::DOORS_OPEN_MINUTES.to_string(),
                exit_scanning: Some(String::new()),
                ..SessionForm::default()
            };
            (
                // The original names (not translations): this is where they are edited.
                p.venues.iter().map(|v| (v.id.clone(), v.name.clone(), v.address.clone())).collect(),
                p.categories
                    .iter()
                    .map(|c| {
                        let mut options = layout_options(lang, c.badge_layout);
                        options.insert(0, (String::new(), lang.t("setup-layout-event"), c.badge_layout.is_none()));
                        (c.id.clone(), c.name.clone(), c.badge_colour.clone(), c.self_register, options)
                    })
                    .collect(),
                sessions,
                Some(session_edit(p, lang, "", &blank_form, &[])),
            )
        }
        None => (Vec::new(), Vec::new(), Vec::new(), None),
    };
    SetupPage {
        chrome,
        slug: p.map(|p| p.event.slug.clone()).unwrap_or_default(),
        csrf_token: ctx.csrf_token(),
        flash,
        problems: problems.iter().map(|(f, m)| (lang.t(&format!("setup-{f}")), m.render(lang))).collect(),
        fields: event_fields(lang, event_form),
        approval_required: event_form.approval_required.is_some(),
        invitation_only: event_form.invitation_only.is_some(),
        vetting_required: event_form.vetting_required.is_some(),
        issue_required: event_form.issue_required.is_some(),
        host_locales: std::iter::once((
            String::new(),
            lang.t("setup-host-locale-none"),
            event_form.host_locale.is_empty(),
        ))
        .chain(
            crate::i18n::Lang::ALL
                .iter()
                .map(|l| (l.code().to_owned(), l.native_name().to_owned(), l.code() == event_form.host_locale)),
        )
        .collect(),
        bilingual_mail: event_form.bilingual_mail.is_some(),
        // What the form holds, as the admin sent it; a blank form shows the default paper.
        event_layouts: layout_options(lang, Some(Paper::parse(&event_form.badge_layout).unwrap_or(Paper::A6))),
        venues,
        categories,
        sessions,
        blank,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Done {
    done: String,
}

pub async fn new_event(ctx: Ctx, staff: Require<ManageEvents>) -> Result<HttpResponse, AppError> {
    let mut form = EventForm::of(&setup::blank_event(now()));
    form.time_zone = "Asia/Shanghai".into();
    Ok(render(StatusCode::OK, &page(&ctx, &staff, None, &form, &Vec::new(), String::new())))
}

#[derive(Deserialize)]
pub struct WithCsrf<T> {
    #[serde(flatten)]
    form: T,
}

pub async fn create_event(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageEvents>,
    body: CsrfForm<WithCsrf<EventForm>>,
) -> Result<HttpResponse, AppError> {
    let at = now();
    let event = match body.form.apply(&setup::blank_event(at), at) {
        Ok(e) => e,
        Err(problems) => {
            return Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page(&ctx, &staff, None, &body.form, &problems, String::new()),
            ));
        }
    };
    let (saved, actor) = (event.clone(), staff.user.label());
    match state.db(move |conn| Ok(setup::save_event(conn, &saved, true, &actor, at)?)).await? {
        Ok(()) => Ok(see_other(format!("/staff/events/{}/setup?done=saved", event.slug))),
        Err(problems) => {
            Ok(render(StatusCode::CONFLICT, &page(&ctx, &staff, None, &body.form, &problems, String::new())))
        }
    }
}

async fn current(state: &AppState, slug: &str) -> Result<Programme, AppError> {
    let key = slug.to_owned();
    state
        .db(move |conn| {
            let e = crate::events::store::find_by_slug(conn, &key)?.ok_or(AppError::NotFound)?;
            Ok(crate::events::store::programme(conn, e)?)
        })
        .await
}

pub async fn show_setup(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageEvents>,
    slug: web::Path<String>,
    query: web::Query<Done>,
) -> Result<HttpResponse, AppError> {
    let p = current(&state, &slug).await?;
    let flash = if query.done == "saved" { ctx.lang.t("done-updated") } else { String::new() };
    Ok(render(StatusCode::OK, &page(&ctx, &staff, Some(&p), &EventForm::of(&p.event), &Vec::new(), flash)))
}

/// After a change: forget cached programmes, back to the setup page.
fn saved(state: &AppState, slug: &str) -> HttpResponse {
    state.forget_all_programmes();
    see_other(format!("/staff/events/{slug}/setup?done=saved"))
}

async fn refused(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    slug: &str,
    problems: Problems,
) -> Result<HttpResponse, AppError> {
    let p = current(state, slug).await?;
    Ok(render(
        StatusCode::UNPROCESSABLE_ENTITY,
        &page(ctx, staff, Some(&p), &EventForm::of(&p.event), &problems, String::new()),
    ))
}

pub async fn update_event(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageEvents>,
    slug: web::Path<String>,
    body: CsrfForm<WithCsrf<EventForm>>,
) -> Result<HttpResponse, AppError> {
    let p = current(&state, &slug).await?;
    let at = now();
    let event: Event = match body.form.apply(&p.event, at) {
        Ok(e) => e,
        Err(problems) => {
            return Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page(&ctx, &staff, Some(&p), &body.form, &problems, String::new()),
            ));
        }
    };
    let (saved_event, actor) = (event.clone(), staff.user.label());
    match state.db(move |conn| Ok(setup::save_event(conn, &saved_event, false, &actor, at)?)).await? {
        Ok(()) => Ok(saved(&state, &event.slug)),
        Err(problems) => refused(&state, &ctx, &staff, &slug, problems).await,
    }
}

pub async fn add_venue(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageEvents>,
    slug: web::Path<String>,
    body: CsrfForm<WithCsrf<VenueForm>>,
) -> Result<HttpResponse, AppError> {
    let p = current(&state, &slug).await?;
    let (event, form, actor) = (p.event.clone(), body.form.clone(), staff.user.label());
    match state.db(move |conn| Ok(setup::add_venue(conn, &event, &form, &actor, now())?)).await? {
        Ok(()) => Ok(saved(&state, &slug)),
        Err(problems) => refused(&state, &ctx, &staff, &slug, problems).await,
    }
}

pub async fn add_category(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageEvents>,
    slug: web::Path<String>,
    body: CsrfForm<WithCsrf<CategoryForm>>,
) -> Result<HttpResponse, AppError> {
    let p = current(&state, &slug).await?;
    let (event, form, actor) = (p.event.clone(), body.form.clone(), staff.user.label());
    match state.db(move |conn| Ok(setup::add_category(conn, &event, &form, &actor, now())?)).await? {
        Ok(()) => Ok(saved(&state, &slug)),
        Err(problems) => refused(&state, &ctx, &staff, &slug, problems).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SessionBody {
    id: String,
    title: String,
    venue: String,
    starts_at: String,
    ends_at: String,
    capacity: String,
    categories: Vec<String>,
    single_entry: Option<String>,
    registered_only: Option<String>,
    doors_open_minutes: String,
    exit_scanning: Option<String>,
    delegation_quota: String,
}

/// Adds (no id) or changes (with id) a session.
pub async fn save_session(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageEvents>,
    slug: web::Path<String>,
    body: CsrfForm<SessionBody>,
) -> Result<HttpResponse, AppError> {
    let b = body.0;
    let p = current(&state, &slug).await?;
    if !b.id.is_empty() && !p.sessions.iter().any(|s| s.id == b.id) {
        return Err(AppError::NotFound);
    }
    let form = SessionForm {
        title: b.title,
        venue: b.venue,
        starts_at: b.starts_at,
        ends_at: b.ends_at,
        capacity: b.capacity,
        categories: b.categories,
        single_entry: b.single_entry,
        registered_only: b.registered_only,
        doors_open_minutes: b.doors_open_minutes,
        exit_scanning: b.exit_scanning,
        delegation_quota: b.delegation_quota,
    };
    let (event, actor, id) = (p.event.clone(), staff.user.label(), b.id);
    let kept = (id.clone(), form.clone());
    let result = state
        .db(move |conn| {
            Ok(setup::save_session(conn, &event, Some(id.as_str()).filter(|i| !i.is_empty()), &form, &actor, now())?)
        })
        .await?;
    match result {
        Ok(()) => Ok(saved(&state, &slug)),
        Err(problems) => session_refused(&state, &ctx, &staff, &slug, (&kept.0, &kept.1), problems).await,
    }
}

/// A session refused: the page again with what was typed kept and each problem by its field.
async fn session_refused(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    slug: &str,
    (id, form): (&str, &SessionForm),
    problems: Problems,
) -> Result<HttpResponse, AppError> {
    let p = current(state, slug).await?;
    let mut out = page(ctx, staff, Some(&p), &EventForm::of(&p.event), &problems, String::new());
    let kept = session_edit(&p, ctx.lang, id, form, &problems);
    match out.sessions.iter_mut().find(|s| s.id == id) {
        Some(s) => *s = kept,
        None => out.blank = Some(kept),
    }
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &out))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ItemPath {
    slug: String,
    id: String,
}

pub async fn update_venue(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageEvents>,
    path: web::Path<ItemPath>,
    body: CsrfForm<WithCsrf<VenueForm>>,
) -> Result<HttpResponse, AppError> {
    let p = current(&state, &path.slug).await?;
    let (event, id, form, actor) = (p.event.clone(), path.id.clone(), body.form.clone(), staff.user.label());
    match state.db(move |conn| Ok(setup::update_venue(conn, &event, &id, &form, &actor, now())?)).await? {
        Ok(()) => Ok(saved(&state, &path.slug)),
        Err(problems) => refused(&state, &ctx, &staff, &path.slug, problems).await,
    }
}

pub async fn update_category(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageEvents>,
    path: web::Path<ItemPath>,
    body: CsrfForm<WithCsrf<CategoryForm>>,
) -> Result<HttpResponse, AppError> {
    let p = current(&state, &path.slug).await?;
    let (event, id, form, actor) = (p.event.clone(), path.id.clone(), body.form.clone(), staff.user.label());
    match state.db(move |conn| Ok(setup::update_category(conn, &event, &id, &form, &actor, now())?)).await? {
        Ok(()) => Ok(saved(&state, &path.slug)),
        Err(problems) => refused(&state, &ctx, &staff, &path.slug, problems).await,
    }
}
