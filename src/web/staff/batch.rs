//! Batch printing: a filtered, ordered set of approved registrations as one PDF, then marked
//! printed once the printer has finished.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::badges::pdf_response;
use super::now;
use super::registrations::{flash, see_other};
use crate::badges::Layout;
use crate::badges::print;
use crate::badges::store;
use crate::registrations::{Registration, search};
use crate::web::context::Ctx;
use crate::web::extract::{CsrfForm, PrintBadges, Require};
use crate::web::pages::{Chrome, render};
use crate::web::{AppError, AppState};

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
    staff: Require<PrintBadges>,
    slug: web::Path<String>,
    query: web::Query<BatchQuery>,
    done: web::Query<DoneQuery>,
) -> Result<HttpResponse, AppError> {
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
            .map(|(r, n)| (r.id.to_string(), r.reference.clone(), r.display_name(), n))
            .collect(),
        chrome,
    };
    Ok(render(StatusCode::OK, &page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BatchForm {
    layout: String,
    ids: Vec<String>,
}

/// The batch as one PDF, in the order of the page it was asked from.
pub async fn batch_pdf(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<PrintBadges>,
    slug: web::Path<String>,
    form: CsrfForm<BatchForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.0;
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
    _ctx: Ctx,
    staff: Require<PrintBadges>,
    slug: web::Path<String>,
    form: CsrfForm<BatchForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.0;
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
