//! Privacy at the desk (admins): the event's notice and retention period, what it holds and
//! when that goes (the purge), and one person's data: export and erasure.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::Done;
use super::Staff;
use super::pages::PrivacySettingsPage;
use super::registrations::see_other;
use crate::common::Message;
use crate::events::Programme;
use crate::i18n::Lang;
use crate::ids::RegistrationId;
use crate::privacy::erase::{self, Counts};
use crate::privacy::export;
use crate::privacy::notice::{self, NoticeForm};
use crate::registrations::{self, Registration};
use crate::web::context::Ctx;
use crate::web::extract::{CsrfForm, ManageEvents, Require};
use crate::web::pages::render;
use crate::web::{AppError, AppState};

async fn current(state: &AppState, slug: &str) -> Result<(Programme, Counts), AppError> {
    let key = slug.to_owned();
    state
        .db(move |conn| {
            let e = crate::events::store::find_by_slug(conn, &key)?.ok_or(AppError::NotFound)?;
            let held = erase::held(conn, &e.id)?;
            Ok((crate::events::store::programme(conn, e)?, held))
        })
        .await
}

fn page(
    ctx: &Ctx,
    staff: &Staff,
    (p, held): (&Programme, &Counts),
    form: &NoticeForm,
    problems: &[(&'static str, Message)],
    flash: String,
    now: chrono::NaiveDateTime,
) -> PrivacySettingsPage {
    let lang = ctx.lang;
    let mut chrome = ctx.chrome(lang.t1("privacy-staff-title", "event", p.event_name(lang)));
    chrome.staff = Some(staff.nav(ctx));
    let e = &p.event;
    let due_at = e.purge_due_at();
    PrivacySettingsPage {
        chrome,
        slug: e.slug.clone(),
        csrf_token: ctx.csrf_token(),
        flash,
        problems: problems.iter().map(|(f, m)| (lang.t(&format!("setup-{f}")), m.render(lang))).collect(),
        held: vec![
            (lang.t("privacy-held-registrations"), held.registrations),
            (lang.t("privacy-held-photos"), held.photos),
            (lang.t("privacy-held-mails"), held.mails),
            (lang.t("privacy-held-invitations"), held.invitations),
        ],
        due: lang.t1("privacy-due", "date", &lang.date(e.local(due_at))),
        purged: e.purged_at.map(|t| lang.t1("privacy-purged", "date", &lang.datetime(e.local(t)))).unwrap_or_default(),
        can_purge: due_at <= now && !held.is_empty(),
        version: e.privacy_version,
        controller: form.privacy_controller.clone(),
        retention_days: form.retention_days.clone(),
        notices: Lang::ALL
            .iter()
            .map(|l| {
                (
                    format!("notice_{}", l.code()),
                    lang.t1("setup-notice", "language", l.native_name()),
                    form.text(*l).to_owned(),
                )
            })
            .collect(),
    }
}

/// `GET /staff/events/{slug}/privacy`.
pub async fn show_privacy(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageEvents>,
    slug: web::Path<String>,
    query: web::Query<Done>,
) -> Result<HttpResponse, AppError> {
    let (p, held) = current(&state, &slug).await?;
    let lang = ctx.lang;
    let flash = match query.done.as_str() {
        "saved" => lang.t1("privacy-saved", "version", &p.event.privacy_version.to_string()),
        "purged" => lang.t("privacy-purge-done"),
        _ => String::new(),
    };
    let form = NoticeForm::of(&p);
    Ok(render(StatusCode::OK, &page(&ctx, &staff, (&p, &held), &form, &[], flash, state.now())))
}

/// `POST /staff/events/{slug}/privacy`: the notice and the retention period.
pub async fn save_privacy(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageEvents>,
    slug: web::Path<String>,
    form: CsrfForm<NoticeForm>,
) -> Result<HttpResponse, AppError> {
    let (p, held) = current(&state, &slug).await?;
    let (actor, now, p2, f2) = (staff.user.label(), state.now(), p.clone(), form.clone());
    match state.db(move |conn| Ok(notice::save(conn, &p2, &f2, &actor, now)?)).await? {
        Ok(_) => {
            state.forget_all_programmes();
            Ok(see_other(format!("/staff/events/{}/privacy?done=saved", p.event.slug)))
        }
        Err(problems) => Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(&ctx, &staff, (&p, &held), &form, &problems, String::new(), now),
        )),
    }
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct NoFields {}

/// `POST /staff/events/{slug}/purge`: the purge, once the retention period is over.
pub async fn purge_event(
    state: web::Data<AppState>,
    staff: Require<ManageEvents>,
    slug: web::Path<String>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let (p, _) = current(&state, &slug).await?;
    let now = state.now();
    if p.event.purge_due_at() > now {
        return Err(AppError::Conflict("privacy-purge-not-due"));
    }
    let (actor, event) = (staff.user.label(), p.event.clone());
    let removed = state.db(move |conn| Ok(erase::purge(conn, &event, &actor, now)?)).await?;
    let outbox = state.settings.outbox_dir();
    web::block(move || removed.remove_files(&outbox)).await?;
    state.forget_all_programmes();
    Ok(see_other(format!("/staff/events/{}/privacy?done=purged", p.event.slug)))
}

async fn registration(state: &AppState, id: &RegistrationId) -> Result<(Registration, String), AppError> {
    let key = id.to_owned();
    state
        .db(move |conn| {
            let r = registrations::store::find(conn, &key)?.ok_or(AppError::NotFound)?;
            let e = crate::events::store::find(conn, &r.event_id)?.ok_or(AppError::NotFound)?;
            Ok((r, e.slug))
        })
        .await
}

/// `GET /staff/registrations/{id}/export.json`: everything held about the person.
pub async fn export_registration(
    state: web::Data<AppState>,
    _staff: Require<ManageEvents>,
    id: web::Path<RegistrationId>,
) -> Result<HttpResponse, AppError> {
    let (r, slug) = registration(&state, &id).await?;
    let reference = r.reference.clone();
    let doc = state.db(move |conn| Ok(export::export(conn, &slug, &r)?)).await?;
    Ok(export_download(&reference, doc))
}

/// A person's export as a file to save, kept out of caches (the desk and the API send the same).
pub(crate) fn export_download(reference: &str, doc: serde_json::Value) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{reference}.json\"")))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(doc)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EraseForm {
    /// The reference, typed again: an erasure cannot be undone.
    confirm: String,
}

/// `POST /staff/registrations/{id}/erase`.
pub async fn erase_registration(
    state: web::Data<AppState>,
    staff: Require<ManageEvents>,
    id: web::Path<RegistrationId>,
    form: CsrfForm<EraseForm>,
) -> Result<HttpResponse, AppError> {
    let (r, slug) = registration(&state, &id).await?;
    if form.confirm.trim().to_ascii_uppercase() != r.reference {
        return Err(AppError::BadRequest("confirm".into()));
    }
    let (actor, now) = (staff.user.label(), state.now());
    let removed =
        state.db(move |conn| Ok(erase::erase_one(conn, &r.event_id, &r.id, &r.reference, &actor, now)?)).await?;
    let outbox = state.settings.outbox_dir();
    web::block(move || removed.remove_files(&outbox)).await?;
    Ok(see_other(format!("/staff/events/{slug}/registrations?done=erased")))
}
