//! The delegate's own badge page, behind a signed link from the approval mail: the QR code to
//! show at the door from a phone, the badge as PDF, and a photo upload.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::context::Ctx;
use super::extract::read_upload;
use super::limits::{self, Limited};
use super::pages::{Chrome, render};
use super::staff::badges::{PhotoUpload, export_error, pdf_response, prepared_photo};
use super::{AppError, AppState};
use crate::badges::export::{self, Job, Selection};
use crate::badges::store::{self, Badge};
use crate::badges::{link, photo, print};
use crate::events::Programme;
use crate::registrations::{self, Registration, Status};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Signature {
    t: String,
    done: String,
}

#[derive(Template)]
#[template(path = "public/badge.html")]
pub struct BadgePage {
    pub chrome: Chrome,
    pub name: String,
    pub event: String,
    pub reference: String,
    /// Version and QR code (our own SVG), when the badge exists.
    pub badge: Option<(i32, String)>,
    pub pdf_href: String,
    pub photo_action: String,
    pub has_photo: bool,
    /// A new photo the delegate sent waits for staff.
    pub photo_pending: bool,
    pub csrf_token: String,
    pub flash: String,
    pub flash_is_error: bool,
}

fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// The registration the link is for, if the link still opens: signed under the current badge
/// version and link nonce, before the event is over. Every refusal reads the same for an
/// unknown reference, so the page tells nobody which references exist.
async fn open(
    state: &AppState,
    slug: &str,
    reference: &str,
    t: &str,
) -> Result<(std::sync::Arc<Programme>, Registration), AppError> {
    let p = state.programme(slug).await?;
    let (event_id, key, now) = (p.event.id.clone(), reference.to_owned(), state.now());
    let found = state
        .db(move |conn| {
            let Some(reg) = registrations::store::find_by_reference(conn, &key)?.filter(|r| r.event_id == event_id)
            else {
                return Ok(None);
            };
            let link = link::key_of(conn, &reg.id, now)?;
            Ok(Some((reg, link)))
        })
        .await?;
    let Some((reg, key)) = found else { return Err(AppError::Gone("link-replaced")) };
    match link::check(&state.csrf_key, &p.event, reference, t, &key, now) {
        Ok(()) => Ok((p, reg)),
        Err(link::Refusal::Replaced) => Err(AppError::Gone("link-replaced")),
        Err(link::Refusal::Expired) => Err(AppError::Gone("link-expired")),
    }
}

fn private(mut response: HttpResponse) -> HttpResponse {
    // Personal data behind a secret link: keep it out of shared caches and referrers.
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    headers.insert(header::REFERRER_POLICY, header::HeaderValue::from_static("no-referrer"));
    response
}

pub async fn show_badge(
    _limit: Limited<limits::Badge>,
    state: web::Data<AppState>,
    ctx: Ctx,
    path: web::Path<(String, String)>,
    sig: web::Query<Signature>,
) -> Result<HttpResponse, AppError> {
    let (slug, reference) = path.into_inner();
    let (p, reg) = open(&state, &slug, &reference, &sig.t).await?;
    // The delegate's own page speaks the language they registered in (and their mail is in),
    // unless the reader picks another.
    let ctx = ctx.with_default_lang(&reg.locale);
    let lang = ctx.lang;
    let approved = reg.status == Status::Approved;
    let (reg2, keys) = (reg.clone(), state.keys.clone());
    let (badge, has_photo, photo_pending): (Option<Badge>, bool, bool) = state
        .db(move |conn| {
            let badge = store::for_printing(conn, &keys, &reg2, "system", now())?;
            let pending = crate::badges::photo_review::pending_since(conn, &reg2.id)?.is_some();
            Ok((badge, print::has_photo(conn, reg2.id.as_str())?, pending))
        })
        .await?;
    let query = format!("?t={}", sig.t);
    let flash_is_error = sig.done.starts_with("photo-error-");
    let flash = match sig.done.as_str() {
        "photo" => lang.t("done-photo"),
        "photo-pending" => lang.t("done-photo-pending"),
        key if flash_is_error && photo::ERROR_KEYS.contains(&key) => lang.t(key),
        _ => String::new(),
    };
    let title = if approved { lang.t("badge-page-title") } else { lang.t("badge-page-not-yet") };
    let page = BadgePage {
        chrome: ctx.chrome(title),
        name: reg.display_name(),
        event: p.event_name(lang).to_owned(),
        reference: reg.reference.clone(),
        badge: badge.and_then(|b| Some((b.version, crate::qr::svg(&b.code(&state.keys)?, 280).unwrap_or_default()))),
        pdf_href: format!("/events/{slug}/badge/{reference}/badge.pdf{query}"),
        photo_action: format!("/events/{slug}/badge/{reference}/photo{query}"),
        has_photo,
        photo_pending,
        csrf_token: ctx.csrf_token(),
        flash,
        flash_is_error,
    };
    Ok(private(render(StatusCode::OK, &page)))
}

pub async fn badge_pdf(
    _limit: Limited<limits::Badge>,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    sig: web::Query<Signature>,
) -> Result<HttpResponse, AppError> {
    let (slug, reference) = path.into_inner();
    let (p, reg) = open(&state, &slug, &reference, &sig.t).await?;
    // One badge on its own page: a sheet of four would waste three places.
    let layout = print::PaperChoice::Single;
    let (filename, now, keys) = (format!("{}.pdf", reg.reference), state.now(), state.keys.clone());
    let exported = state
        .db(move |conn| {
            let job = Job {
                paper: layout,
                title: &reg.reference,
                actor: "system",
                record: None,
                now,
                keys: &keys,
                calibration: Default::default(),
            };
            export::export(conn, &p, Selection::Given(std::slice::from_ref(&reg)), &job)
                .map_err(|e| export_error(e, "badge-not-approved"))
        })
        .await?;
    Ok(private(pdf_response(exported.pdf, &filename)))
}

pub async fn upload_photo(
    _limit: Limited<limits::Badge>,
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    sig: web::Query<Signature>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let (slug, reference) = path.into_inner();
    // The link is checked before a byte of the upload is read.
    let (_, reg) = open(&state, &slug, &reference, &sig.t).await?;
    if matches!(reg.status, Status::Rejected | Status::Cancelled) {
        return Err(AppError::NotFound);
    }
    let upload = read_upload::<PhotoUpload>(&req, payload).await?;
    let back = |done: &str| {
        let to = format!("/events/{slug}/badge/{reference}?t={}&done={done}", sig.t);
        HttpResponse::SeeOther().insert_header((header::LOCATION, to)).finish()
    };
    let prepared = match prepared_photo(upload).await? {
        Ok(p) => p,
        Err(e) => return Ok(back(e.key())),
    };
    // After approval the door's photo is frozen: a new one waits for staff.
    let review = crate::badges::photo_review::needs_review(&reg);
    let now = state.now();
    state
        .db(move |conn| {
            if review {
                Ok(crate::badges::photo_review::propose(conn, &reg, &prepared, now)?)
            } else {
                Ok(crate::badges::photo_review::save_photo(conn, &reg, &prepared, "delegate", now)?)
            }
        })
        .await?;
    Ok(back(if review { "photo-pending" } else { "photo" }))
}
