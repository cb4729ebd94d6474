//! Zones on staff pages: the event's list (`/staff/events/{slug}/zones`, admins), edited as one
//! table and saved whole through the same check as the API, and a registration's own zones on
//! the desk (registrars).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::Done;
use super::registrations::see_other;
use crate::events::Programme;
use crate::events::zones::{self, ZoneInput};
use crate::ids::RegistrationId;
use crate::web::context::Ctx;
use crate::web::extract::{CsrfForm, ManageEvents, ManageRegistrations, Require};
use crate::web::pages::{Chrome, render};
use crate::web::{AppError, AppState};

/// Empty rows under the zones, for new ones.
const BLANK_ROWS: usize = 3;

/// One row of the table: its number from 1, its fields, and each category (id, name, ticked).
pub struct ZoneRow {
    pub n: usize,
    pub code: String,
    pub name: String,
    pub colour: String,
    pub categories: Vec<(String, String, bool)>,
}

#[derive(Template)]
#[template(path = "staff/zones.html")]
pub struct ZonesPage {
    pub chrome: Chrome,
    pub slug: String,
    pub csrf_token: String,
    pub flash: String,
    pub errors: Vec<String>,
    pub rows: Vec<ZoneRow>,
    /// The sessions that require a zone: title and code.
    pub required: Vec<(String, String)>,
}

/// The table as posted: one value per row for each field (in row order), and the ticked
/// categories as `row:category`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ZonesForm {
    code: Vec<String>,
    name: Vec<String>,
    colour: Vec<String>,
    category: Vec<String>,
}

impl ZonesForm {
    /// The rows that hold anything, as zones, each with its row number (from 1).
    fn zones(&self) -> Vec<(usize, ZoneInput)> {
        let field = |list: &[String], i: usize| list.get(i).map(|s| s.trim().to_owned()).unwrap_or_default();
        (0..self.code.len().max(self.name.len()))
            .map(|i| {
                let categories = self
                    .category
                    .iter()
                    .filter_map(|c| c.split_once(':'))
                    .filter(|(row, _)| row.parse::<usize>() == Ok(i + 1))
                    .map(|(_, id)| id.to_owned())
                    .collect();
                let zone = ZoneInput {
                    code: field(&self.code, i),
                    name: field(&self.name, i),
                    colour: field(&self.colour, i),
                    categories,
                };
                (i + 1, zone)
            })
            .filter(|(_, z)| !(z.code.is_empty() && z.name.is_empty() && z.colour.is_empty()))
            .collect()
    }
}

fn row(p: &Programme, lang: crate::i18n::Lang, n: usize, z: &ZoneInput) -> ZoneRow {
    ZoneRow {
        n,
        code: z.code.clone(),
        name: z.name.clone(),
        colour: z.colour.clone(),
        categories: p
            .categories
            .iter()
            .map(|c| (c.id.clone(), p.category_name(lang, c), z.categories.contains(&c.id)))
            .collect(),
    }
}

fn page(ctx: &Ctx, staff: &Require<ManageEvents>, p: &Programme, zones: &[ZoneInput]) -> ZonesPage {
    let lang = ctx.lang;
    let mut chrome = ctx.chrome(lang.t1("zones-title", "event", p.event_name(lang)));
    chrome.staff = Some(staff.nav(ctx));
    let blank = ZoneInput::default();
    let rows = zones.iter().chain(std::iter::repeat_n(&blank, BLANK_ROWS));
    ZonesPage {
        chrome,
        slug: p.event.slug.clone(),
        csrf_token: ctx.csrf_token(),
        flash: String::new(),
        errors: Vec::new(),
        rows: rows.enumerate().map(|(i, z)| row(p, lang, i + 1, z)).collect(),
        required: p
            .sessions
            .iter()
            .filter(|s| !s.required_zone.is_empty())
            .map(|s| (p.session_title(lang, s), s.required_zone.clone()))
            .collect(),
    }
}

/// `GET /staff/events/{slug}/zones`.
pub async fn show(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageEvents>,
    slug: web::Path<String>,
    query: web::Query<Done>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&slug).await?;
    let zones: Vec<ZoneInput> = p
        .zones
        .iter()
        .map(|z| ZoneInput {
            code: z.code.clone(),
            name: z.name.clone(),
            colour: z.colour.clone(),
            categories: z.categories.clone(),
        })
        .collect();
    let mut view = page(&ctx, &staff, &p, &zones);
    if query.done == "saved" {
        view.flash = ctx.lang.t("zones-saved");
    }
    Ok(render(StatusCode::OK, &view))
}

/// `POST /staff/events/{slug}/zones`: the whole list, checked whole; a row left empty is
/// dropped, and a zone is removed by emptying its row.
pub async fn save(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageEvents>,
    slug: web::Path<String>,
    form: CsrfForm<ZonesForm>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&slug).await?;
    let rows = form.0.zones();
    let inputs: Vec<ZoneInput> = rows.iter().map(|(_, z)| z.clone()).collect();
    let list = match zones::check(&p, &inputs) {
        Ok(list) => list,
        Err(problems) => {
            let lang = ctx.lang;
            // `zones[2].code` is the third row that holds anything: named by its row number.
            let errors = problems
                .iter()
                .map(|(at, message)| {
                    let index = at.strip_prefix("zones[").and_then(|r| r.split(']').next()?.parse::<usize>().ok());
                    match index.and_then(|i| rows.get(i)) {
                        Some((n, _)) => {
                            lang.t_args("zones-row-error", &[("n", &n.to_string()), ("message", &message.render(lang))])
                        }
                        None => message.render(lang),
                    }
                })
                .collect();
            let mut view = page(&ctx, &staff, &p, &inputs);
            view.errors = errors;
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &view));
        }
    };
    let (event, actor, now) = (p.event.id.clone(), staff.user.label(), state.now());
    state.db(move |conn| Ok(zones::replace(conn, &event, &list, &actor, now)?)).await?;
    state.forget_all_programmes();
    Ok(see_other(format!("/staff/events/{slug}/zones?done=saved")))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OwnForm {
    zone: Vec<String>,
}

/// `POST /staff/registrations/{id}/zones`: the zones this registration has beyond its
/// category's (registrars), audited.
pub async fn set_own(
    state: web::Data<AppState>,
    staff: Require<ManageRegistrations>,
    id: web::Path<RegistrationId>,
    form: CsrfForm<OwnForm>,
) -> Result<HttpResponse, AppError> {
    let (reg, p) = super::registration::load(&state, &id).await?;
    let (actor, now, codes) = (staff.user.label(), state.now(), form.0.zone);
    let rid = reg.id.clone();
    let saved = state.db(move |conn| Ok(zones::set_own(conn, &p, &reg, &codes, &actor, now)?)).await?;
    let done = if saved.is_ok() { "zones" } else { "zones-unknown" };
    Ok(see_other(format!("/staff/registrations/{rid}?done={done}#zones")))
}
