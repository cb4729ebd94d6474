//! Batch printing: a filtered, ordered set of approved registrations as one PDF, then marked
//! printed once the printer has finished.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::badges::{export_error, pdf_response};
use super::now;
use super::registrations::{flash, see_other};
use crate::badges::Paper;
use crate::badges::design::store::Layouts;
use crate::badges::export::{self, Filters, Job, Selection};
use crate::badges::print::{self, PaperChoice};
use crate::badges::store;
use crate::registrations::search::Sort;
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
    /// Stations whose printer the server sends to: id, name.
    pub printers: Vec<(String, String)>,
}

const BATCH_MAX: i64 = 10_000;

impl BatchQuery {
    /// The batch filters this query asks for; an unknown order prints by name.
    fn filters(&self) -> Filters {
        Filters {
            q: self.q.clone(),
            category: self.category.clone(),
            country: self.country.clone(),
            session: self.session.clone(),
            unprinted: self.unprinted == "on",
            sort: export::batch_sort(&self.sort).unwrap_or(Sort::Name),
        }
    }
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
    let filters = query.filters();
    let (p2, sort) = (p.clone(), filters.sort);
    let (regs, total, printed, printers) = state
        .db(move |conn| {
            let printers = crate::badges::stations::list(conn, &p2.event.id)?
                .into_iter()
                .filter(|s| s.has_printer())
                .map(|s| (s.id, s.name))
                .collect::<Vec<_>>();
            let (regs, total) = export::select(conn, &p2, &filters, BATCH_MAX)?;
            let mut printed = Vec::with_capacity(regs.len());
            for r in &regs {
                printed.push(store::current(conn, &r.id)?.map_or(0, |b| b.print_count));
            }
            Ok((regs, total, printed, printers))
        })
        .await?;
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
            export::BATCH_SORTS
                .iter()
                .map(|s| (s.as_str().to_owned(), lang.t(&format!("badges-sort-{}", s.as_str()))))
                .collect(),
            sort.as_str(),
        ),
        layouts: options(
            super::setup_views::paper_options(lang).into_iter().map(|(key, label, _)| (key, label)).collect(),
            Paper::parse(&query.layout).map_or("", |p| p.key()),
        ),
        total,
        printers,
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
    let paper = Paper::parse(&form.layout).map_or(PaperChoice::Own, PaperChoice::On);
    let (actor, now, p2, keys) = (staff.user.label(), state.now(), p.clone(), state.keys.clone());
    let title = format!("{} badges", p.event.slug);
    // Not recorded: the printer confirms with `batch_printed` once the sheets are out.
    let exported = state
        .db(move |conn| {
            let job = Job {
                paper,
                title: &title,
                actor: &actor,
                record: None,
                now,
                keys: &keys,
                calibration: Default::default(),
            };
            export::export(conn, &p2, Selection::Ids(&form.ids), &job).map_err(|e| export_error(e, "badges-none"))
        })
        .await?;
    Ok(pdf_response(exported.pdf, &format!("{}-badges.pdf", p.event.slug)))
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
    let paper = Paper::parse(&form.layout).map_or(PaperChoice::Own, PaperChoice::On);
    let (actor, p2) = (staff.user.label(), p.clone());
    let n = state
        .db(move |conn| {
            let layouts = Layouts::load(conn, &p2)?;
            let mut printed = Vec::new();
            for reg in store::registrations_in_order(conn, &form.ids)? {
                if reg.event_id == p2.event.id
                    && let Some(b) = store::current(conn, &reg.id)?
                {
                    let chosen = print::chosen_for(conn, &p2, &layouts, (&reg, &b), paper)?;
                    printed.push((b, chosen.id, chosen.version));
                }
            }
            let refs: Vec<_> = printed.iter().map(|(b, id, v)| (b, (id.as_str(), *v))).collect();
            print::record_prints(conn, &refs, "batch", &actor, now())?;
            Ok(printed.len())
        })
        .await?;
    Ok(see_other(format!("/staff/events/{}/badges?done=marked&n={n}", p.event.slug)))
}
