//! Print stations (`/staff/events/{slug}/stations`, admins): each desk's printer, its paper,
//! the offsets and scale that correct it, and its IPP address; the calibration sheet to
//! measure by; and the jobs sent to printers, with the printer's answer.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::Done;
use super::badges::pdf_response;
use super::registrations::see_other;
use crate::badges::export::Selection;
use crate::badges::jobs::{self, JobState, PrintJob};
use crate::badges::stations::{self, SaveError, Station, StationInput};
use crate::badges::{Paper, calibration};
use crate::common::FieldError;
use crate::db::text::TextValue;
use crate::events::Programme;
use crate::i18n::Lang;
use crate::web::context::Ctx;
use crate::web::extract::{CsrfForm, ManageEvents, PrintBadges, Require};
use crate::web::pages::{Chrome, render};
use crate::web::{AppError, AppState};

pub struct StationView {
    pub id: String,
    pub name: String,
    pub offset_x: String,
    pub offset_y: String,
    pub scale: String,
    pub printer_uri: String,
    pub printer_unverified: bool,
    pub papers: Vec<(String, String, bool)>,
}

pub struct JobView {
    pub at: String,
    pub station: String,
    pub badges: usize,
    pub state: String,
    pub failed: bool,
    pub message: String,
}

#[derive(Template)]
#[template(path = "staff/stations.html")]
pub struct StationsPage {
    pub chrome: Chrome,
    pub slug: String,
    pub csrf_token: String,
    pub flash: String,
    pub errors: Vec<String>,
    pub stations: Vec<StationView>,
    pub new: StationView,
    pub jobs: Vec<JobView>,
}

fn papers(lang: Lang, chosen: &str) -> Vec<(String, String, bool)> {
    let mut out = vec![(String::new(), lang.t("badge-layout-own"), chosen.is_empty())];
    out.extend(
        Paper::ALL
            .iter()
            .map(|p| (p.key().to_owned(), lang.t(&format!("badge-layout-{}", p.key())), p.key() == chosen)),
    );
    out
}

fn view(lang: Lang, s: &Station) -> StationView {
    StationView {
        id: s.id.clone(),
        name: s.name.clone(),
        offset_x: s.offset_x.to_string(),
        offset_y: s.offset_y.to_string(),
        scale: s.scale.to_string(),
        printer_uri: s.printer_uri.clone(),
        printer_unverified: s.printer_unverified,
        papers: papers(lang, &s.paper),
    }
}

/// How a job stands, in words.
pub fn job_view(lang: Lang, p: &Programme, stations: &[Station], j: &PrintJob) -> JobView {
    JobView {
        at: lang.datetime(p.event.local(j.created_at)),
        station: stations.iter().find(|s| s.id == j.station_id).map(|s| s.name.clone()).unwrap_or_default(),
        badges: usize::try_from(j.badge_count).unwrap_or(0),
        state: lang.t(&format!("print-job-{}", j.state.as_str())),
        failed: j.state == JobState::Failed,
        message: j.message.clone(),
    }
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    p: &Programme,
    input: Option<&StationInput>,
) -> Result<StationsPage, AppError> {
    let lang = ctx.lang;
    let event = p.event.id.clone();
    let (list, recent) =
        state.db(move |conn| Ok((stations::list(conn, &event)?, jobs::recent(conn, &event, 20)?))).await?;
    let blank = StationInput { scale: "1".into(), offset_x: "0".into(), offset_y: "0".into(), ..Default::default() };
    let input = input.unwrap_or(&blank);
    Ok(StationsPage {
        chrome: ctx.chrome(lang.t1("stations-title", "event", p.event_name(lang))),
        slug: p.event.slug.clone(),
        csrf_token: ctx.csrf_token(),
        flash: String::new(),
        errors: Vec::new(),
        jobs: recent.iter().map(|j| job_view(lang, p, &list, j)).collect(),
        stations: list.iter().map(|s| view(lang, s)).collect(),
        new: StationView {
            id: String::new(),
            name: input.name.clone(),
            offset_x: input.offset_x.clone(),
            offset_y: input.offset_y.clone(),
            scale: input.scale.clone(),
            printer_uri: input.printer_uri.clone(),
            printer_unverified: !input.printer_unverified.is_empty(),
            papers: papers(lang, &input.paper),
        },
    })
}

/// `GET /staff/events/{slug}/stations`.
pub async fn show(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageEvents>,
    slug: web::Path<String>,
    query: web::Query<Done>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&slug).await?;
    let mut view = page(&state, &ctx, &p, None).await?;
    view.chrome.staff = Some(staff.nav(&ctx));
    if query.done == "saved" {
        view.flash = ctx.lang.t("stations-saved");
    }
    Ok(render(StatusCode::OK, &view))
}

async fn save(
    state: &AppState,
    ctx: &Ctx,
    staff: &Require<ManageEvents>,
    slug: &str,
    id: Option<String>,
    input: StationInput,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(slug).await?;
    let refuse = |errors: Vec<String>| async {
        let mut view = page(state, ctx, &p, Some(&input)).await?;
        view.chrome.staff = Some(staff.nav(ctx));
        view.errors = errors;
        Ok::<_, AppError>(render(StatusCode::UNPROCESSABLE_ENTITY, &view))
    };
    let settings = match input.parse() {
        Ok(s) => s,
        Err(errors) => {
            let lines = errors.iter().map(|e: &FieldError| e.message.render(ctx.lang)).collect();
            return refuse(lines).await;
        }
    };
    let (event, actor, now) = (p.event.id.clone(), staff.user.label(), state.now());
    let saved = state
        .db(move |conn| match stations::save(conn, &event, id.as_deref(), &settings, &actor, now) {
            Ok(s) => Ok(Ok(s)),
            Err(SaveError::NameTaken) => Ok(Err(())),
            Err(SaveError::Db(e)) => Err(e.into()),
        })
        .await?;
    match saved {
        Ok(_) => Ok(see_other(format!("/staff/events/{slug}/stations?done=saved"))),
        Err(()) => refuse(vec![ctx.lang.t("error-station-name-taken")]).await,
    }
}

/// `POST /staff/events/{slug}/stations`: a new station.
pub async fn create(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageEvents>,
    slug: web::Path<String>,
    form: CsrfForm<StationInput>,
) -> Result<HttpResponse, AppError> {
    save(&state, &ctx, &staff, &slug, None, form.0).await
}

/// `POST /staff/events/{slug}/stations/{id}`: a station's new settings.
pub async fn update(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageEvents>,
    path: web::Path<(String, String)>,
    form: CsrfForm<StationInput>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    save(&state, &ctx, &staff, &slug, Some(id), form.0).await
}

/// `GET /staff/events/{slug}/stations/{id}/calibration.pdf`: rulers and a cross, printed with
/// the station's correction.
pub async fn calibration_sheet(
    state: web::Data<AppState>,
    ctx: Ctx,
    _staff: Require<PrintBadges>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let p = state.programme(&slug).await?;
    let event = p.event.id.clone();
    let station = state.db(move |conn| stations::find(conn, &event, &id)?.ok_or(AppError::NotFound)).await?;
    let lang = ctx.lang;
    let (x, y) = calibration::CROSS;
    let lines = vec![
        lang.t_args("calibration-cross", &[("x", &x.to_string()), ("y", &y.to_string())]),
        lang.t("calibration-offsets"),
        lang.t_args(
            "calibration-now",
            &[
                ("x", &station.offset_x.to_string()),
                ("y", &station.offset_y.to_string()),
                ("scale", &station.scale.to_string()),
            ],
        ),
    ];
    let name = station.name.clone();
    let pdf = actix_web::web::block(move || calibration::sheet(&station, &lines))
        .await?
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    Ok(pdf_response(pdf, &format!("calibration-{}.pdf", name.replace(|c: char| !c.is_ascii_alphanumeric(), "-"))))
}

/// What the desk shows of stations for a registration: the stations, and the jobs that held
/// its badges.
pub async fn desk(
    state: &AppState,
    lang: Lang,
    p: &Programme,
    r: &crate::registrations::Registration,
) -> Result<(Vec<(String, String, bool)>, Vec<JobView>), AppError> {
    let (event, rid) = (p.event.id.clone(), r.id.to_string());
    let (list, held) =
        state.db(move |conn| Ok((stations::list(conn, &event)?, jobs::of_registration(conn, &event, &rid)?))).await?;
    let views = held.iter().map(|j| job_view(lang, p, &list, j)).collect();
    Ok((list.into_iter().map(|s| (s.id.clone(), s.name.clone(), s.has_printer())).collect(), views))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct SendForm {
    station: String,
    /// A batch: the registrations, in the order the batch page showed them.
    ids: Vec<String>,
}

/// Renders these registrations' badges for a station and sends them to its printer as one job;
/// the print is recorded when the printer reports the job completed. The flash key to show.
async fn send(
    state: &AppState,
    p: &Programme,
    station_id: String,
    regs: SendWhat,
    (channel, actor): (&'static str, String),
) -> Result<&'static str, AppError> {
    let (now, keys, p2) = (state.now(), state.keys.clone(), p.clone());
    let (job, pdf, uri, title) = state
        .db(move |conn| {
            let station = stations::find(conn, &p2.event.id, &station_id)?.ok_or(AppError::NotFound)?;
            if !station.has_printer() {
                return Err(AppError::Conflict("station-no-printer"));
            }
            let (selection, title) = match &regs {
                SendWhat::One(reg) => (Selection::Given(std::slice::from_ref(reg)), reg.reference.clone()),
                SendWhat::Batch(ids) => (Selection::Ids(ids), format!("{} batch", p2.event.slug)),
            };
            let (job, pdf) = jobs::submit(conn, &p2, &station, selection, (channel, &actor, &keys), now)
                .map_err(|e| super::badges::export_error(e, "badges-none"))?;
            Ok((job, pdf, (station.printer_uri, station.printer_unverified), title))
        })
        .await?;
    let name = format!("{title} {}", jobs::mark(&job));
    let outcome = web::block(move || {
        let printer = crate::badges::ipp::Printer { uri: &uri.0, unverified: uri.1 };
        crate::badges::ipp::print_pdf(printer, pdf, &name).map_err(|e| e.text)
    })
    .await?;
    let done = if outcome.is_ok() { "print-sent" } else { "print-failed" };
    let at = state.now();
    state.db(move |conn| Ok(jobs::sent(conn, &job, &outcome, at)?)).await?;
    Ok(done)
}

enum SendWhat {
    One(Box<crate::registrations::Registration>),
    Batch(Vec<String>),
}

/// `POST /staff/registrations/{id}/badge/send`: the desk's "Send to the printer".
pub async fn send_badge(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<PrintBadges>,
    id: web::Path<crate::ids::RegistrationId>,
    form: CsrfForm<SendForm>,
) -> Result<HttpResponse, AppError> {
    let key = id.into_inner();
    let lookup = key.clone();
    let reg = state.db(move |conn| crate::registrations::store::find(conn, &lookup)?.ok_or(AppError::NotFound)).await?;
    let event_id = reg.event_id.clone();
    let slug =
        state.db(move |conn| Ok(crate::events::store::find(conn, &event_id)?.ok_or(AppError::NotFound)?.slug)).await?;
    let p = state.programme(&slug).await?;
    let done = send(&state, &p, form.0.station, SendWhat::One(Box::new(reg)), ("desk", staff.user.label())).await?;
    Ok(see_other(format!("/staff/registrations/{key}?done={done}#badge")))
}

/// `POST /staff/events/{slug}/badges/send`: a batch, as the batch page showed it, to a printer.
pub async fn send_batch(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<PrintBadges>,
    slug: web::Path<String>,
    form: CsrfForm<SendForm>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&slug).await?;
    let SendForm { station, ids } = form.0;
    let done = send(&state, &p, station, SendWhat::Batch(ids), ("batch", staff.user.label())).await?;
    Ok(see_other(format!("/staff/events/{slug}/badges?done={done}")))
}
