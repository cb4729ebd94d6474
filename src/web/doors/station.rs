//! The scan station: door staff choose their venue and session, then scan. A keyboard-wedge
//! scanner types the code and Enter into the focused field; the page's script sends it and
//! shows the answer full screen, ready for the next code. Without script the form still works.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::checkin::{self, Outcome, ScanRequest, Scope};
use crate::events::Programme;
use crate::registrations::search;
use crate::staff::doors;
use crate::web::context::Ctx;
use crate::web::doors::view as door_view;
use crate::web::extract::{CsrfForm, Require, Scan};
use crate::web::pages::{Chrome, render};
use crate::web::staff::{Staff, now};
use crate::web::{AppError, AppState};

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct StationQuery {
    event: String,
    venue: String,
    session: String,
    q: String,
    /// `out` for an exit door.
    direction: String,
}

/// The answer shown on the page (without script).
pub struct ResultView {
    pub class: &'static str,
    pub message: String,
    pub name: String,
    pub detail: String,
    pub organization: String,
    pub category: String,
    pub photo: String,
    /// The door note to acknowledge, and the scan's nonce to acknowledge it by.
    pub door_note: String,
    pub nonce: String,
}

#[derive(Template)]
#[template(path = "staff/door.html")]
pub struct StationPage {
    pub chrome: Chrome,
    pub csrf_token: String,
    /// Step 1: events to choose from (slug, name).
    pub events: Vec<(String, String)>,
    /// Step 2: places to scan at: (venue id, session id or "", label, whether it has an exit
    /// door: a whole venue always, a session if it scans exits).
    pub places: Vec<(String, String, String, bool)>,
    pub event: String,
    pub venue: String,
    pub session: String,
    /// `out` at an exit door, else empty.
    pub direction: String,
    /// Step 3: the station itself.
    pub place: String,
    /// The event's doors are in rehearsal (scans count nowhere).
    pub rehearsal: bool,
    pub count: String,
    pub result: Option<ResultView>,
    pub q: String,
    /// Manual search results: reference, name, organization.
    pub found: Vec<(String, String, String)>,
    pub searched: bool,
    /// The delegations with approved members (code, name), to admit one whole.
    pub delegations: Vec<(String, String)>,
}

fn page(ctx: &Ctx, staff: &Staff, title: String) -> StationPage {
    let mut chrome = ctx.chrome(title);
    chrome.staff = Some(staff.nav(ctx));
    StationPage {
        chrome,
        csrf_token: ctx.csrf_token(),
        events: Vec::new(),
        places: Vec::new(),
        event: String::new(),
        venue: String::new(),
        session: String::new(),
        direction: String::new(),
        place: String::new(),
        rehearsal: false,
        count: String::new(),
        result: None,
        q: String::new(),
        found: Vec::new(),
        searched: false,
        delegations: Vec::new(),
    }
}

/// The label of a place: venue, and session with its time.
fn place_label(p: &Programme, lang: crate::i18n::Lang, venue: &str, session: &str) -> String {
    let venue_name = p.venue(venue).map(|v| p.venue_name(lang, v)).unwrap_or_default();
    match p.sessions.iter().find(|s| s.id == session) {
        Some(s) => format!(
            "{venue_name} · {} {}–{}",
            p.session_title(lang, s),
            lang.time(p.event.local(s.starts_at)),
            lang.time(p.event.local(s.ends_at))
        ),
        None => format!("{venue_name} · {}", lang.t("door-whole-venue")),
    }
}

async fn admitted_count(state: &AppState, venue: &str, session: &str) -> Result<i64, AppError> {
    let scope = if session.is_empty() { Scope::Venue(venue.to_owned()) } else { Scope::Session(session.to_owned()) };
    state.db(move |conn| Ok(checkin::admitted_in(conn, &scope)?)).await
}

/// Checks that the account may scan at this venue, and that the session is there.
pub(super) async fn check_place(
    state: &AppState,
    staff: &Staff,
    p: &Programme,
    venue: &str,
    session: &str,
) -> Result<(), AppError> {
    if p.venue(venue).is_none()
        || (!session.is_empty() && !p.sessions.iter().any(|s| s.id == session && s.venue_id == venue))
    {
        return Err(AppError::NotFound);
    }
    let (user, venue) = (staff.user.clone(), venue.to_owned());
    if state.db(move |conn| Ok(doors::may_scan(conn, &user, &venue)?)).await? {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub(super) async fn station_page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    q: &StationQuery,
    result: Option<ResultView>,
) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    if q.event.is_empty() {
        let events =
            state.db(|conn| Ok(crate::events::store::upcoming(conn, now() - chrono::Duration::days(1))?)).await?;
        let mut page = page(ctx, staff, lang.t("door-title"));
        page.events = events.into_iter().map(|e| (e.slug, e.name)).collect();
        return Ok(render(StatusCode::OK, &page));
    }
    let p = state.programme(&q.event).await?;
    if q.venue.is_empty() {
        let (user, venue_ids) = (staff.user.clone(), p.venues.iter().map(|v| v.id.clone()).collect::<Vec<_>>());
        let allowed = state
            .db(move |conn| {
                let mut allowed = Vec::new();
                for v in venue_ids {
                    if doors::may_scan(conn, &user, &v)? {
                        allowed.push(v);
                    }
                }
                Ok(allowed)
            })
            .await?;
        let mut page = page(ctx, staff, lang.t("door-title"));
        page.event = p.event.slug.clone();
        for v in p.venues.iter().filter(|v| allowed.contains(&v.id)) {
            page.places.push((v.id.clone(), String::new(), place_label(&p, lang, &v.id, ""), true));
            for s in p.sessions.iter().filter(|s| s.venue_id == v.id) {
                page.places.push((v.id.clone(), s.id.clone(), place_label(&p, lang, &v.id, &s.id), s.exit_scanning));
            }
        }
        return Ok(render(StatusCode::OK, &page));
    }
    check_place(state, staff, &p, &q.venue, &q.session).await?;
    let mut page = page(ctx, staff, lang.t("door-title"));
    page.event = p.event.slug.clone();
    page.venue = q.venue.clone();
    page.session = q.session.clone();
    page.direction = if q.direction == "out" { "out".into() } else { String::new() };
    page.place = place_label(&p, lang, &q.venue, &q.session);
    page.rehearsal = p.event.rehearsal;
    page.count = lang.t_num("door-count", "count", admitted_count(state, &q.venue, &q.session).await?);
    page.result = result;
    if page.direction.is_empty() {
        let event_id = p.event.id.clone();
        let keys = state.db(move |conn| Ok(crate::checkin::seats::delegations(conn, &event_id)?)).await?;
        let mut named: Vec<(String, String)> = keys.into_iter().map(|k| (lang.country(&k), k)).collect();
        named.sort();
        page.delegations = named.into_iter().map(|(name, k)| (k, name)).collect();
    }
    if !q.q.trim().is_empty() {
        let (event_id, text) = (p.event.id.clone(), search::Filter::words(&q.q));
        let filter =
            search::Filter { q: text, status: Some(crate::registrations::Status::Approved), ..Default::default() };
        let (found, _) =
            state.db(move |conn| Ok(search::search(conn, &event_id, &filter, search::Sort::Name, 1, 20)?)).await?;
        // Door staff find people by name or reference, not by email address.
        let words: Vec<String> = q.q.split_whitespace().map(str::to_lowercase).collect();
        page.found = found
            .into_iter()
            .filter(|r| {
                let shown =
                    [&r.given_name, &r.family_name, &r.native_name, &r.badge_name, &r.reference, &r.organization]
                        .map(|f| f.to_lowercase())
                        .join(" ");
                words.iter().all(|w| shown.contains(w.as_str()))
            })
            .map(|r| (r.reference.clone(), r.display_name(), r.organization))
            .collect();
        page.searched = true;
        page.q = q.q.clone();
    }
    Ok(render(StatusCode::OK, &page))
}

pub async fn station(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<Scan>,
    query: web::Query<StationQuery>,
) -> Result<HttpResponse, AppError> {
    station_page(&state, &ctx, &staff, &query, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ScanForm {
    event: String,
    venue: String,
    session: String,
    code: String,
    nonce: String,
    manual: String,
    direction: String,
}

impl StationQuery {
    /// The station at a place (after an action there).
    pub fn at(event: &str, venue: &str, session: &str) -> StationQuery {
        StationQuery { event: event.into(), venue: venue.into(), session: session.into(), ..StationQuery::default() }
    }
}

/// One scan from the station: JSON for the page's script, a page without it.
pub async fn scan(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<Scan>,
    req: HttpRequest,
    form: CsrfForm<ScanForm>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&form.event).await?;
    check_place(&state, &staff, &p, &form.venue, &form.session).await?;
    let nonce = match form.nonce.trim() {
        "" => crate::db::new_id(),
        n => n.chars().take(100).collect(),
    };
    let code: String = form.code.chars().take(200).collect();
    let scan = ScanRequest {
        code_tag: state.keys.tag(code.trim()),
        code_hash: state.keys.lookup(code.trim()),
        code,
        venue_id: form.venue.clone(),
        session_id: Some(form.session.clone()).filter(|s| !s.is_empty()),
        nonce: format!("{}:{nonce}", staff.user.id),
        device_at: None,
        staff: staff.user.label(),
        device: "station".into(),
        manual: form.manual == "on",
        exit: form.direction == "out",
        offline_outcome: None,
        rehearsal: p.event.rehearsal,
    };
    // The decision and whether there is a photo to show, in one trip to the database.
    let d = state.decide_scan(p.clone(), scan, now()).await?;
    let lang = ctx.lang;
    let mut json = door_view::decision_json(&p, lang, &d);
    let photo = match (&d.registration, d.has_photo) {
        (Some(r), true) => format!("/staff/door/photo/{}", r.id),
        _ => String::new(),
    };
    json["photo_url"] = serde_json::Value::String(photo.clone());
    json["count_text"] = serde_json::Value::String(lang.t_num("door-count", "count", d.admitted_count));
    let wants_json =
        req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("application/json"));
    if wants_json {
        return Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).json(json));
    }
    let text = |k: &str| json[k].as_str().unwrap_or_default().to_owned();
    let reg = |k: &str| json["registration"][k].as_str().unwrap_or_default().to_owned();
    let result = ResultView {
        class: match d.outcome {
            Outcome::Admitted => "admitted",
            Outcome::AlreadyAdmitted => "already",
            Outcome::Refused => "refused",
            Outcome::Exited => "exited",
        },
        message: text("message"),
        name: reg("name"),
        detail: text("detail"),
        organization: reg("organization"),
        category: reg("category"),
        photo,
        door_note: text("door_note"),
        nonce,
    };
    let q = StationQuery {
        event: form.event.clone(),
        venue: form.venue.clone(),
        session: form.session.clone(),
        q: String::new(),
        direction: form.direction.clone(),
    };
    station_page(&state, &ctx, &staff, &q, Some(result)).await
}

/// A delegate's photo, for the door screen.
pub async fn photo(
    state: web::Data<AppState>,
    _staff: Require<Scan>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let key = id.into_inner();
    let photo = state.db(move |conn| Ok(crate::badges::print::photo(conn, &key)?)).await?.ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type("image/jpeg")
        .insert_header((header::CACHE_CONTROL, "private, max-age=600"))
        .body(photo.bytes.as_ref().clone()))
}
