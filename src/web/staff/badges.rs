//! Badges at the desk: preview, print one (recorded), reissue, photo, precedence; and batches.

use actix_multipart::form::{MultipartForm, bytes::Bytes as FileBytes, text::Text};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::registrations::{flash, see_other};
use super::{Staff, now};
use crate::badges::print::{self, layout_for};
use crate::badges::store::{self, Reissued};
use crate::badges::{Layout, photo};
use crate::registrations::{self, Registration, search};
use crate::staff::Permission;
use crate::web::context::Ctx;
use crate::web::pages::Chrome;
use crate::web::pages::render;
use crate::web::{AppError, AppState};

/// A PDF answer, shown in the browser (where the print dialog is one click away).
pub fn pdf_response(pdf: Vec<u8>, filename: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((header::CONTENT_DISPOSITION, format!("inline; filename=\"{filename}\"")))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(pdf)
}

async fn registration(state: &AppState, id: &str) -> Result<Registration, AppError> {
    let key = id.to_owned();
    state.db(move |conn| registrations::store::find(conn, &key)?.ok_or(AppError::NotFound)).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LayoutQuery {
    layout: String,
    csrf_token: String,
    reason: String,
    precedence: String,
}

/// Renders the current badge of one registration (issuing it if needed) and, when `channel` is
/// given, records the print.
async fn one_badge(
    state: &AppState,
    staff: &Staff,
    id: &str,
    layout: &str,
    channel: Option<&'static str>,
) -> Result<HttpResponse, AppError> {
    let reg = registration(state, id).await?;
    let slug = {
        let event_id = reg.event_id.clone();
        state.db(move |conn| Ok(crate::events::store::find(conn, &event_id)?.ok_or(AppError::NotFound)?.slug)).await?
    };
    let p = state.programme(&slug).await?;
    let layout = Layout::parse(layout).unwrap_or_else(|| layout_for(&p, &reg));
    let actor = staff.user.label();
    let (p2, reference) = (p.clone(), reg.reference.clone());
    let filename = format!("{reference}.pdf");
    let pdf = state
        .db(move |conn| {
            let (badges, contents) = print::prepare(conn, &p2, std::slice::from_ref(&reg), &actor, now())?;
            if badges.is_empty() {
                return Err(AppError::Conflict("badge-not-approved"));
            }
            let pdf = print::pdf(&contents, layout, &reference).map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
            if let Some(channel) = channel {
                store::record_prints(conn, &badges, channel, &actor, now())?;
            }
            Ok(pdf)
        })
        .await?;
    Ok(pdf_response(pdf, &filename))
}

/// The badge as it will print; nothing is recorded.
pub async fn preview_badge(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<String>,
    query: web::Query<LayoutQuery>,
) -> Result<HttpResponse, AppError> {
    staff.require(Permission::PrintBadges)?;
    one_badge(&state, &staff, &id, &query.layout, None).await
}

/// Prints one badge at the desk: the PDF, and a record of who printed it when.
pub async fn print_badge(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Staff,
    id: web::Path<String>,
    form: web::Form<LayoutQuery>,
) -> Result<HttpResponse, AppError> {
    staff.require(Permission::PrintBadges)?;
    if !ctx.csrf_ok(&form.csrf_token) {
        return Err(AppError::Csrf);
    }
    one_badge(&state, &staff, &id, &form.layout, Some("desk")).await
}

/// A lost or wrong badge: the old code stops working and a new version is issued.
pub async fn reissue_badge(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Staff,
    id: web::Path<String>,
    form: web::Form<LayoutQuery>,
) -> Result<HttpResponse, AppError> {
    staff.require(Permission::PrintBadges)?;
    if !ctx.csrf_ok(&form.csrf_token) {
        return Err(AppError::Csrf);
    }
    let reg = registration(&state, &id).await?;
    let reason: &'static str = match form.reason.as_str() {
        "lost" => "lost",
        "damaged" => "damaged",
        "name-corrected" => "name-corrected",
        "stolen" => "stolen",
        _ => "other",
    };
    let actor = staff.user.label();
    let reg_id = reg.id.clone();
    let done = state.db(move |conn| Ok(store::reissue(conn, &reg, reason, &actor, now())?)).await?;
    let key = match done {
        Reissued::Done { .. } => "reissued",
        Reissued::NotApproved => "badge-not-approved",
    };
    Ok(see_other(format!("/staff/registrations/{reg_id}?done={key}#badge")))
}

/// A photo upload form (staff and the delegate's own page).
#[derive(MultipartForm)]
pub struct PhotoUpload {
    pub csrf_token: Text<String>,
    #[multipart(limit = "12MB")]
    pub photo: FileBytes,
}

/// Staff upload or replace a delegate's photo.
pub async fn upload_photo(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Staff,
    id: web::Path<String>,
    MultipartForm(upload): MultipartForm<PhotoUpload>,
) -> Result<HttpResponse, AppError> {
    staff.require(Permission::ManageRegistrations)?;
    if !ctx.csrf_ok(&upload.csrf_token) {
        return Err(AppError::Csrf);
    }
    let reg = registration(&state, &id).await?;
    let reg_id = reg.id.clone();
    let prepared = match web::block(move || photo::prepare(&upload.photo.data)).await {
        Ok(Ok(p)) => p,
        Ok(Err(e)) => return Ok(see_other(format!("/staff/registrations/{reg_id}?done={}#badge", e.key()))),
        Err(e) => return Err(e.into()),
    };
    let actor = staff.user.label();
    state.db(move |conn| Ok(store::save_photo(conn, &reg, &prepared, &actor, now())?)).await?;
    Ok(see_other(format!("/staff/registrations/{reg_id}?done=photo#badge")))
}

/// The stored photo (staff only; the delegate sees theirs on their own page).
pub async fn show_photo(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    staff.require(Permission::ViewRegistrations)?;
    let key = id.into_inner();
    let photo = state.db(move |conn| Ok(print::photo(conn, &key)?)).await?.ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type("image/jpeg")
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(photo.bytes.as_ref().clone()))
}

/// Sets a head of mission's rank in the order of precedence.
pub async fn set_precedence(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Staff,
    id: web::Path<String>,
    form: web::Form<LayoutQuery>,
) -> Result<HttpResponse, AppError> {
    staff.require(Permission::ManageRegistrations)?;
    if !ctx.csrf_ok(&form.csrf_token) {
        return Err(AppError::Csrf);
    }
    let text = form.precedence.trim();
    let rank = match text {
        "" => None,
        t => match t.parse::<i32>() {
            Ok(n) if (1..=9999).contains(&n) => Some(n),
            _ => return Ok(see_other(format!("/staff/registrations/{id}?done=precedence-invalid#badge"))),
        },
    };
    let reg = registration(&state, &id).await?;
    let (reg_id, actor) = (reg.id.clone(), staff.user.label());
    state.db(move |conn| Ok(store::set_precedence(conn, &reg, rank, &actor, now())?)).await?;
    Ok(see_other(format!("/staff/registrations/{reg_id}?done=precedence#badge")))
}

/// The batch page's query: which badges, in which order, on which paper.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct BatchQuery {
    q: String,
    category: String,
    country: String,
    session: String,
    /// `on` (the default on the form) for badges never printed.
    unprinted: String,
    sort: String,
    layout: String,
}

#[derive(Template)]
#[template(path = "staff/badges.html")]
pub struct BatchPage {
    pub chrome: Chrome,
    pub slug: String,
    pub csrf_token: String,
    pub flash: String,
    pub q: String,
    pub unprinted: bool,
    pub categories: Vec<(String, String, bool)>,
    pub countries: Vec<(String, String, bool)>,
    pub sorts: Vec<(String, String, bool)>,
    pub layouts: Vec<(String, String, bool)>,
    pub total: i64,
    /// The registrations of the batch, in print order: id, reference, name, printed count.
    pub items: Vec<(String, String, String, i32)>,
}

const BATCH_MAX: i64 = 10_000;

fn batch_filter(p: &crate::events::Programme, q: &BatchQuery) -> (search::Filter, search::Sort) {
    let mut filter = search::Filter::from_params(p, &q.q, "approved", &q.category, &q.country, &q.session);
    filter.unprinted = q.unprinted == "on";
    let sort = match q.sort.as_str() {
        "country" => search::Sort::Country,
        "precedence" => search::Sort::Precedence,
        _ => search::Sort::Name,
    };
    (filter, sort)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DoneQuery {
    done: Option<String>,
    n: Option<String>,
}

/// Batch printing: a filtered, ordered set of approved registrations.
pub async fn batch_page(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Staff,
    slug: web::Path<String>,
    query: web::Query<BatchQuery>,
    done: web::Query<DoneQuery>,
) -> Result<HttpResponse, AppError> {
    staff.require(Permission::PrintBadges)?;
    let lang = ctx.lang;
    let p = state.programme(&slug).await?;
    let mut query = query.into_inner();
    if query.sort.is_empty() && query.layout.is_empty() && query.unprinted.is_empty() {
        query.unprinted = "on".into();
    }
    let (filter, sort) = batch_filter(&p, &query);
    let event_id = p.event.id.clone();
    let (regs, total, printed) = state
        .db(move |conn| {
            let (regs, total) = search::search(conn, &event_id, &filter, sort, 1, BATCH_MAX)?;
            let mut printed = Vec::with_capacity(regs.len());
            for r in &regs {
                printed.push(store::current(conn, &r.id)?.map_or(0, |b| b.print_count));
            }
            Ok((regs, total, printed))
        })
        .await?;
    let layout = Layout::parse(&query.layout).or_else(|| Layout::parse(&p.event.badge_layout)).unwrap_or(Layout::A6);
    let options = |items: Vec<(String, String)>, chosen: &str| -> Vec<(String, String, bool)> {
        items.into_iter().map(|(v, l)| (v.clone(), l, v == chosen)).collect()
    };
    let mut chrome = ctx.chrome(lang.t_args("badges-title", &[("event", p.event_name(lang))]));
    chrome.staff = Some(staff.nav(&ctx));
    let mut countries: Vec<(String, String)> =
        crate::i18n::countries(lang).iter().map(|(c, n)| (c.to_string(), n.clone())).collect();
    countries.insert(0, (String::new(), lang.t("list-any")));
    let mut categories: Vec<(String, String)> =
        p.categories.iter().map(|c| (c.id.clone(), p.category_name(lang, c))).collect();
    categories.insert(0, (String::new(), lang.t("list-any")));
    let page = BatchPage {
        slug: p.event.slug.clone(),
        csrf_token: ctx.csrf_token(),
        flash: flash(lang, done.done.as_deref(), done.n.as_deref()),
        q: query.q.clone(),
        unprinted: query.unprinted == "on",
        categories: options(categories, &p.find_category(&query.category).map(|c| c.id.clone()).unwrap_or_default()),
        countries: options(countries, &query.country.to_ascii_uppercase()),
        sorts: options(
            ["name", "country", "precedence"]
                .iter()
                .map(|s| (s.to_string(), lang.t(&format!("badges-sort-{s}"))))
                .collect(),
            match query.sort.as_str() {
                "country" | "precedence" => &query.sort,
                _ => "name",
            },
        ),
        layouts: options(
            Layout::ALL.iter().map(|l| (l.key().to_owned(), lang.t(&format!("badge-layout-{}", l.key())))).collect(),
            layout.key(),
        ),
        total,
        items: regs
            .iter()
            .zip(printed)
            .map(|(r, n)| (r.id.clone(), r.reference.clone(), r.display_name(), n))
            .collect(),
        chrome,
    };
    Ok(render(StatusCode::OK, &page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BatchForm {
    csrf_token: String,
    layout: String,
    ids: Vec<String>,
}

fn batch_form(ctx: &Ctx, body: &[u8]) -> Result<BatchForm, AppError> {
    let f: BatchForm = serde_html_form::from_bytes(body).map_err(|e| AppError::BadRequest(e.to_string()))?;
    if ctx.csrf_ok(&f.csrf_token) { Ok(f) } else { Err(AppError::Csrf) }
}

/// The batch as one PDF, in the order of the page it was asked from.
pub async fn batch_pdf(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Staff,
    slug: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    staff.require(Permission::PrintBadges)?;
    let form = batch_form(&ctx, &body)?;
    let p = state.programme(&slug).await?;
    let layout = Layout::parse(&form.layout).unwrap_or(Layout::A6);
    let (actor, event_id, p2) = (staff.user.label(), p.event.id.clone(), p.clone());
    let title = format!("{} badges", p.event.slug);
    let pdf = state
        .db(move |conn| {
            let regs: Vec<Registration> = store::registrations_in_order(conn, &form.ids)?
                .into_iter()
                .filter(|r| r.event_id == event_id)
                .collect();
            let (_, contents) = print::prepare(conn, &p2, &regs, &actor, now())?;
            if contents.is_empty() {
                return Err(AppError::Conflict("badges-none"));
            }
            print::pdf(&contents, layout, &title).map_err(|e| AppError::Internal(anyhow::anyhow!(e)))
        })
        .await?;
    Ok(pdf_response(pdf, &format!("{}-badges.pdf", p.event.slug)))
}

/// Marks a printed batch as printed (after the printer finished: a jam is simply printed again).
pub async fn batch_printed(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Staff,
    slug: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    staff.require(Permission::PrintBadges)?;
    let form = batch_form(&ctx, &body)?;
    let p = state.programme(&slug).await?;
    let (actor, event_id) = (staff.user.label(), p.event.id.clone());
    let n = state
        .db(move |conn| {
            let mut badges = Vec::new();
            for reg in store::registrations_in_order(conn, &form.ids)? {
                if reg.event_id == event_id
                    && let Some(b) = store::current(conn, &reg.id)?
                {
                    badges.push(b);
                }
            }
            store::record_prints(conn, &badges, "batch", &actor, now())?;
            Ok(badges.len())
        })
        .await?;
    Ok(see_other(format!("/staff/events/{}/badges?done=marked&n={n}", p.event.slug)))
}
