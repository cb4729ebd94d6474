//! The badge designer (`/staff/events/{slug}/badge-layouts`, admins): the event's layouts, and
//! for each a to-scale canvas whose elements are dragged, resized or moved by keyboard, a panel
//! for the selected element, undo, a preview of the unsaved design for any sample delegate
//! drawn by the PDF renderer itself, and "Publish", which saves the next version through the
//! same checks as the API. Without script, the layout document is edited as text.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::badges::pdf_response;
use super::registrations::see_other;
use crate::badges::design::draw::Pictures;
use crate::badges::design::samples;
use crate::badges::design::store::{self, DEFAULT, Layouts};
use crate::badges::design::{Design, publish};
use crate::badges::{Group, Paper};
use crate::events::Programme;
use crate::web::context::Ctx;
use crate::web::extract::{CsrfForm, ManageEvents, Require};
use crate::web::pages::{Chrome, render};
use crate::web::{AppError, AppState};

/// One layout in the list: id, paper, version (0: built in), its categories by name.
pub struct LayoutRow {
    pub id: String,
    pub paper: String,
    pub version: i32,
    pub categories: String,
}

#[derive(Template)]
#[template(path = "staff/layouts.html")]
pub struct LayoutsPage {
    pub chrome: Chrome,
    pub slug: String,
    pub rows: Vec<LayoutRow>,
    /// Categories whose own paper the saved default overrides, said in a sentence each.
    pub overridden: Vec<String>,
}

#[derive(Template)]
#[template(path = "staff/designer.html")]
pub struct DesignerPage {
    pub chrome: Chrome,
    pub slug: String,
    pub id: String,
    pub csrf_token: String,
    pub flash: String,
    pub problems: Vec<String>,
    pub version: i32,
    /// The document, as pretty JSON (the form's text area; the script edits it).
    pub document: String,
    /// Badge width and height in millimetres, for the canvas.
    pub width: f32,
    pub height: f32,
    pub samples: Vec<(usize, String)>,
}

fn category_names(p: &Programme, design: &Design) -> String {
    design
        .categories
        .iter()
        .map(|c| p.find_category(c).map_or(c.clone(), |c| c.name.clone()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `GET /staff/events/{slug}/badge-layouts`.
pub async fn list(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageEvents>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&slug).await?;
    let p2 = p.clone();
    let layouts = state.db(move |conn| Ok(Layouts::load(conn, &p2)?)).await?;
    let lang = ctx.lang;
    let mut rows: Vec<LayoutRow> = layouts
        .builtin_default()
        .map(|d| LayoutRow { id: DEFAULT.into(), paper: d.paper.key().into(), version: 0, categories: String::new() })
        .into_iter()
        .collect();
    rows.extend(layouts.saved.iter().map(|s| LayoutRow {
        id: s.id.clone(),
        paper: s.design.paper.key().into(),
        version: s.version,
        categories: category_names(&p, &s.design),
    }));
    let paper_name = |paper: Paper| lang.t(&format!("badge-layout-{}", paper.key()));
    let overridden = layouts
        .overridden_papers()
        .into_iter()
        .map(|(category, own, used)| {
            let name = p.categories.iter().find(|c| c.id == category).map(|c| p.category_name(lang, c));
            let name = name.unwrap_or(category);
            lang.t_args(
                "layouts-paper-overridden",
                &[("category", &name), ("own", &paper_name(own)), ("used", &paper_name(used))],
            )
        })
        .collect();
    let mut chrome = ctx.chrome(lang.t1("layouts-title", "event", p.event_name(lang)));
    chrome.staff = Some(staff.nav(&ctx));
    Ok(render(StatusCode::OK, &LayoutsPage { chrome, slug: p.event.slug.clone(), rows, overridden }))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Done {
    done: String,
    /// A new layout starts on this paper.
    paper: String,
}

async fn designer(
    state: &AppState,
    ctx: &Ctx,
    staff: &Require<ManageEvents>,
    p: &Programme,
    (id, paper): (&str, &str),
) -> Result<DesignerPage, AppError> {
    let (event, key) = (p.event.id.clone(), id.to_owned());
    let found = state.db(move |conn| Ok(store::find(conn, &event, &key, None)?)).await?;
    let (version, design) = match found {
        Some(s) => (s.version, s.design),
        // A layout not saved yet starts as the built-in one, on the paper asked for.
        None => (0, crate::badges::design::builtin(Paper::parse(paper).unwrap_or(p.event.badge_layout))),
    };
    let lang = ctx.lang;
    let mut chrome = ctx.chrome(lang.t1("designer-title", "layout", id));
    chrome.staff = Some(staff.nav(ctx));
    let (width, height) = design.paper.badge_size();
    Ok(DesignerPage {
        chrome,
        slug: p.event.slug.clone(),
        id: id.to_owned(),
        csrf_token: ctx.csrf_token(),
        flash: String::new(),
        problems: Vec::new(),
        version,
        document: serde_json::to_string_pretty(&design).unwrap_or_default(),
        width,
        height,
        samples: samples::names(),
    })
}

/// `GET /staff/events/{slug}/badge-layouts/{id}`.
pub async fn show(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageEvents>,
    path: web::Path<(String, String)>,
    query: web::Query<Done>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    if !store::valid_id(&id) {
        return Err(AppError::NotFound);
    }
    let p = state.programme(&slug).await?;
    let mut page = designer(&state, &ctx, &staff, &p, (&id, &query.paper)).await?;
    if query.done == "published" {
        page.flash = ctx.lang.t1("designer-published", "version", &page.version.to_string());
    }
    Ok(render(StatusCode::OK, &page))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct DocumentForm {
    document: String,
    sample: String,
}

/// `POST /staff/events/{slug}/badge-layouts/{id}`: publishes the document as the next version.
pub async fn publish_layout(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageEvents>,
    path: web::Path<(String, String)>,
    form: CsrfForm<DocumentForm>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    if !store::valid_id(&id) {
        return Err(AppError::NotFound);
    }
    let p = state.programme(&slug).await?;
    let lang = ctx.lang;
    let refuse = |problems: Vec<String>| async {
        let mut page = designer(&state, &ctx, &staff, &p, (&id, "")).await?;
        page.document.clone_from(&form.document);
        page.problems = problems;
        Ok::<_, AppError>(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
    };
    let design = match serde_json::from_str::<Design>(&form.document) {
        Ok(d) => publish::normalise(&p, d),
        Err(e) => return refuse(vec![lang.t1("error-layout-json", "detail", &e.to_string())]).await,
    };
    let (p2, key, actor, now) = (p.clone(), id.clone(), staff.user.label(), state.now());
    let outcome = state.db(move |conn| Ok(publish::publish(conn, &p2, &key, &design, &actor, now)?)).await?;
    match outcome {
        Ok(_) => Ok(see_other(format!("/staff/events/{slug}/badge-layouts/{id}?done=published"))),
        Err(problems) => {
            refuse(problems.iter().map(|pr| format!("{}: {}", pr.at, pr.message.render(lang))).collect()).await
        }
    }
}

/// `POST /staff/events/{slug}/badge-layouts/{id}/preview`: the unsaved document drawn for one
/// sample delegate by the PDF renderer, nothing saved.
pub async fn preview(
    state: web::Data<AppState>,
    ctx: Ctx,
    _staff: Require<ManageEvents>,
    path: web::Path<(String, String)>,
    form: CsrfForm<DocumentForm>,
) -> Result<HttpResponse, AppError> {
    let (slug, _) = path.into_inner();
    let p = state.programme(&slug).await?;
    let design: Design = serde_json::from_str(&form.document)
        .map_err(|e| AppError::BadRequest(ctx.lang.t1("error-layout-json", "detail", &e.to_string())))?;
    let samples = publish::samples_of(&p);
    let index = form.sample.parse::<usize>().unwrap_or(0).min(samples.len().saturating_sub(1));
    let sample = samples.into_iter().nth(index).ok_or(AppError::NotFound)?;
    let event = p.event.id.clone();
    let doc = design.clone();
    let pictures: Pictures = state.db(move |conn| Ok(store::pictures(conn, &event, std::iter::once(&doc))?)).await?;
    let pdf = web::block(move || {
        let mut out = Vec::new();
        let group = Group { design: &design, badges: std::slice::from_ref(&sample) };
        crate::badges::write_pdf(&[group], (&pictures, Default::default()), "preview", &mut out, |_| {}).map(|()| out)
    })
    .await?
    .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    Ok(pdf_response(pdf, "preview.pdf"))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct StartQuery {
    id: String,
    paper: String,
}

/// `GET /staff/events/{slug}/badge-layouts/new?id=…&paper=…`: to the designer of a new layout.
pub async fn start(
    _staff: Require<ManageEvents>,
    slug: web::Path<String>,
    query: web::Query<StartQuery>,
) -> Result<HttpResponse, AppError> {
    let id = query.id.trim().to_ascii_lowercase();
    if !store::valid_id(&id) {
        return Err(AppError::BadRequest("a layout id is 1 to 40 lower-case letters, digits or hyphens".into()));
    }
    let paper = Paper::parse(&query.paper).map_or("", |p| p.key());
    Ok(see_other(format!("/staff/events/{slug}/badge-layouts/{id}?paper={paper}")))
}
