//! Handing badges over against a record, one at the desk or a delegation's to its liaison
//! officer, with the custody receipt to sign.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::Staff;
use super::registrations::see_other;
use crate::badges::custody::{self, Collection, HandoverError};
use crate::events::Programme;
use crate::ids::RegistrationId;
use crate::registrations::{Registration, Status};
use crate::web::context::Ctx;
use crate::web::extract::{CsrfForm, PrintBadges, Require};
use crate::web::pages::{Chrome, render};
use crate::web::{AppError, AppState};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct HandoverForm {
    collected_by: String,
    on_behalf: Option<String>,
    desk: String,
    /// The references handed over (the delegation page ticks them).
    #[serde(rename = "reference")]
    references: Vec<String>,
}

impl HandoverForm {
    fn collection(&self) -> Collection {
        Collection {
            collected_by: self.collected_by.clone(),
            on_behalf: self.on_behalf.is_some(),
            desk: self.desk.clone(),
        }
    }
}

/// Where a handover's outcome is shown: its receipt, or why it was refused.
fn after_handover(slug: &str, back: &str, done: Result<String, HandoverError>) -> HttpResponse {
    match done {
        Ok(id) => see_other(format!("{back}done=issued&handover={id}")),
        Err(HandoverError::CollectorRequired) => see_other(format!("{back}done=handover-collector")),
        Err(HandoverError::BadCount) => see_other(format!("/staff/events/{slug}/handover?done=handover-count")),
        Err(HandoverError::Refused { reason, references }) => {
            see_other(format!("{back}done=handover-{reason}&refs={}", references.join(",")))
        }
    }
}

async fn hand_over(
    state: &AppState,
    staff: &Staff,
    p: &Programme,
    references: Vec<String>,
    who: Collection,
) -> Result<Result<String, HandoverError>, AppError> {
    let (event, actor, now) = (p.event.clone(), staff.user.label(), state.now());
    let done = state.db(move |conn| Ok(custody::hand_over(conn, &event, &references, &who, &actor, now)?)).await?;
    Ok(done.map(|(h, _)| h.id))
}

/// `POST /staff/registrations/{id}/badge/issue`: the badge handed over at the desk.
pub async fn issue_badge(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<PrintBadges>,
    id: web::Path<RegistrationId>,
    form: CsrfForm<HandoverForm>,
) -> Result<HttpResponse, AppError> {
    let key = id.into_inner();
    let reg = state.db(move |conn| crate::registrations::store::find(conn, &key)?.ok_or(AppError::NotFound)).await?;
    let event_id = reg.event_id.clone();
    let slug =
        state.db(move |conn| Ok(crate::events::store::find(conn, &event_id)?.ok_or(AppError::NotFound)?.slug)).await?;
    let p = state.programme(&slug).await?;
    let done = hand_over(&state, &staff, &p, vec![reg.reference.clone()], form.collection()).await?;
    Ok(after_handover(&slug, &format!("/staff/registrations/{}?", reg.id), done))
}

/// One badge the delegation page can hand over.
pub struct HandoverRow {
    pub reference: String,
    pub name: String,
    pub native_name: String,
    pub version: i32,
    pub state: String,
    pub ready: bool,
}

#[derive(Template)]
#[template(path = "staff/handover.html")]
pub struct HandoverPage {
    pub chrome: Chrome,
    pub csrf_token: String,
    pub slug: String,
    pub flash: String,
    pub receipt: String,
    pub countries: Vec<(String, String, bool)>,
    pub rows: Vec<HandoverRow>,
    pub desk: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct HandoverQuery {
    country: String,
    done: String,
    handover: String,
    refs: String,
}

/// `GET /staff/events/{slug}/handover?country=XX`: a delegation's printed badges, to hand over
/// together to its liaison officer.
pub async fn handover_page(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<PrintBadges>,
    slug: web::Path<String>,
    query: web::Query<HandoverQuery>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&slug).await?;
    let lang = ctx.lang;
    let event_id = p.event.id.clone();
    let (regs, held) = state
        .db(move |conn| {
            use crate::db::schema::registrations;
            use diesel::prelude::*;
            let regs: Vec<Registration> = registrations::table
                .filter(registrations::event_id.eq(&event_id))
                .filter(registrations::erased_at.is_null())
                .filter(registrations::status.eq(Status::Approved.as_str()))
                .order((registrations::country, registrations::family_name))
                .select(Registration::as_select())
                .load(conn)?;
            Ok((regs, custody::current_of_event(conn, &event_id)?))
        })
        .await?;
    let mut countries: Vec<String> = regs.iter().map(|r| r.country.clone()).filter(|c| !c.is_empty()).collect();
    countries.dedup();
    let country = query.country.trim().to_ascii_uppercase();
    let rows = regs
        .iter()
        .filter(|r| !country.is_empty() && r.country == country)
        .filter_map(|r| {
            let c = held.get(&r.id)?;
            Some(HandoverRow {
                reference: r.reference.clone(),
                name: r.display_name(),
                native_name: r.native_name.clone(),
                version: c.badge.version,
                state: lang.t(&format!("badge-state-{}", c.state.code())),
                ready: c.state == custody::BadgeState::Printed,
            })
        })
        .collect();
    let flash = handover_flash(lang, &query.done, &query.refs);
    let receipt = match query.handover.as_str() {
        "" => String::new(),
        id => format!("/staff/events/{}/handovers/{id}/receipt.pdf", p.event.slug),
    };
    let mut chrome = ctx.chrome(lang.t1("handover-title", "event", p.event_name(lang)));
    chrome.staff = Some(staff.nav(&ctx));
    let page = HandoverPage {
        chrome,
        csrf_token: ctx.csrf_token(),
        slug: p.event.slug.clone(),
        flash,
        receipt,
        countries: countries.into_iter().map(|c| (lang.country(&c), c.clone(), c == country)).collect(),
        rows,
        desk: staff.user.label(),
    };
    Ok(render(StatusCode::OK, &page))
}

/// The flash of a handover's outcome, naming the references a refusal is about.
pub fn handover_flash(lang: crate::i18n::Lang, done: &str, refs: &str) -> String {
    const KEYS: [&str; 9] = [
        "issued",
        "handover-collector",
        "handover-count",
        "handover-not_found",
        "handover-not_approved",
        "handover-not_printed",
        "handover-not_vetted",
        "handover-vetting_refused",
        "handover-already_issued",
    ];
    if !KEYS.contains(&done) {
        return String::new();
    }
    let text = if done == "issued" { lang.t("done-issued") } else { lang.t(done) };
    let refs: String = refs.chars().filter(|c| c.is_ascii_alphanumeric() || *c == ',' || *c == '-').take(400).collect();
    if refs.is_empty() { text } else { format!("{text} ({})", refs.replace(',', ", ")) }
}

/// `POST /staff/events/{slug}/handover`: the ticked badges, to one collector, on one receipt.
pub async fn hand_over_many(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<PrintBadges>,
    slug: web::Path<String>,
    form: CsrfForm<HandoverForm>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&slug).await?;
    let done = hand_over(&state, &staff, &p, form.references.clone(), form.collection()).await?;
    Ok(after_handover(&slug, &format!("/staff/events/{slug}/handover?"), done))
}

/// `GET /staff/events/{slug}/handovers/{id}/receipt.pdf`: the custody receipt to sign.
pub async fn receipt_pdf(
    state: web::Data<AppState>,
    ctx: Ctx,
    _staff: Require<PrintBadges>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let p = state.programme(&slug).await?;
    crate::web::api::credentials::receipt_for(&state, &p, id, ctx.lang).await
}

/// A badge version's state and custody, for the registration's page.
pub fn custody_line(lang: crate::i18n::Lang, e: &crate::events::Event, c: &custody::Custody) -> String {
    let state = lang.t(&format!("badge-state-{}", c.state.code()));
    let mut line = format!("{} · {state}", lang.t1("badge-version", "version", &c.badge.version.to_string()));
    if let Some(h) = &c.handover {
        let key = if h.on_behalf { "receipt-collected-on-behalf" } else { "receipt-collected" };
        line = format!(
            "{line} · {} · {} · {}",
            lang.t_args(key, &[("name", &h.collected_by)]),
            lang.datetime(e.local(h.handed_over_at)),
            lang.t_args("receipt-desk", &[("desk", &h.desk), ("staff", &h.handed_over_by)])
        );
    }
    line
}
