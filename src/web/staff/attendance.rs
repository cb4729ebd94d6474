//! The organisers' attendance dashboard: per venue and session, who has not arrived, the scan
//! log, and its CSV export. The page refreshes itself every 15 seconds.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;

use super::Staff;
use crate::checkin::{self, Outcome, Reason, report};
use crate::staff::Permission;
use crate::web::context::Ctx;
use crate::web::extract::{Require, ViewRegistrations};
use crate::web::pages::{Chrome, render};
use crate::web::{AppError, AppState};

/// Time, outcome class, outcome, detail, who, where, staff.
pub type LogLine = (String, &'static str, String, String, String, String, String);

/// Venue, admitted to the venue as a whole, inside now, and who (name, delegation, since).
pub type VenueRow = (String, i64, i64, Vec<(String, String, String)>);

pub struct SessionRow {
    pub id: String,
    pub title: String,
    pub place: String,
    pub admitted: i64,
    pub expected: i64,
    /// Inside the session now.
    pub inside: i64,
    /// Not arrived yet, by delegation: country name, names.
    pub missing: Vec<(String, Vec<String>)>,
}

#[derive(Template)]
#[template(path = "staff/attendance.html")]
pub struct AttendancePage {
    pub chrome: Chrome,
    pub slug: String,
    pub venues: Vec<VenueRow>,
    pub sessions: Vec<SessionRow>,
    pub log: Vec<LogLine>,
    /// Arrivals per quarter hour (our own SVG, numbers and times only).
    pub chart: String,
    /// Offline admissions the server did not confirm: device time, who, where, device, what happened.
    pub clashes: Vec<(String, String, String, String, String)>,
    /// In rehearsal: how many rehearsal scans there are (none of them counted above).
    pub rehearsal: Option<i64>,
    /// Whether the reader may start, clear and end a rehearsal.
    pub manage: bool,
    pub csrf_token: String,
    /// Arrivals of the delegates this reader watches, newest first, and where their stream
    /// starts (after the newest shown, or now).
    pub alerts: Vec<String>,
    pub alerts_stream: String,
}

pub async fn dashboard(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ViewRegistrations>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let p = state.programme(&slug).await?;
    let p2 = p.clone();
    let (watcher, since) = (staff.user.id.clone(), state.now() - chrono::Duration::hours(12));
    let (figures, missing, log, times, clashes, present, (rehearsed, arrivals)) = state
        .db(move |conn| {
            let event_id = &p2.event.id;
            let mut missing = Vec::new();
            for s in &p2.sessions {
                missing.push(report::not_arrived(conn, &s.id)?);
            }
            let figures = checkin::figures::figures(conn, &p2)?;
            let clashes = named(conn, &figures.clashes)?;
            Ok((
                figures,
                missing,
                report::log(conn, event_id, Some(100))?,
                report::admission_times(conn, event_id)?,
                clashes,
                checkin::inside_now(conn, event_id)?,
                (
                    checkin::rehearsal::scans(conn, event_id)?,
                    checkin::alerts::after(conn, event_id, since, Some(&watcher))?,
                ),
            ))
        })
        .await?;
    let e = &p.event;
    let venues = p
        .venues
        .iter()
        .zip(&figures.venues)
        .map(|(v, f)| {
            let who = present
                .iter()
                .filter(|(venue, _, _)| *venue == v.id)
                .map(|(_, r, since)| {
                    let country = if r.country.is_empty() { String::new() } else { lang.country(&r.country) };
                    (r.display_name(), country, lang.time(e.local(*since)))
                })
                .collect();
            (p.venue_name(lang, v), f.admitted, f.inside, who)
        })
        .collect();
    let sessions = p
        .sessions
        .iter()
        .zip(missing)
        .zip(&figures.sessions)
        .map(|((s, regs), f)| {
            // In the order of precedence: heads of mission one by one, then each delegation's
            // members together (runs of one country share a line).
            let mut by_country: Vec<(String, Vec<String>)> = Vec::new();
            for r in regs {
                let country = if r.country.is_empty() { lang.t("list-any") } else { lang.country(&r.country) };
                match by_country.last_mut() {
                    Some((c, names)) if *c == country => names.push(r.display_name()),
                    _ => by_country.push((country, vec![r.display_name()])),
                }
            }
            SessionRow {
                id: s.id.clone(),
                title: p.session_title(lang, s),
                place: format!(
                    "{} · {}–{}",
                    p.venue(&s.venue_id).map(|v| p.venue_name(lang, v)).unwrap_or_default(),
                    lang.time(e.local(s.starts_at)),
                    lang.time(e.local(s.ends_at))
                ),
                admitted: f.admitted,
                expected: f.expected,
                inside: f.inside,
                missing: by_country,
            }
        })
        .collect();
    let log = log.into_iter().map(|r| log_line(&p, lang, r)).collect();
    let mut chrome = ctx.chrome(lang.t_args("attendance-title", &[("event", p.event_name(lang))]));
    chrome.staff = Some(staff.nav(&ctx));
    let label = lang.t_num("attendance-chart-label", "count", times.len() as i64);
    let chart = report::arrivals_svg(&times, |t| e.local(t), &label).unwrap_or_default();
    let clashes = clashes
        .into_iter()
        .map(|(c, who)| {
            let mut place = p.venue(&c.venue_id).map(|v| p.venue_name(lang, v)).unwrap_or_default();
            if let Some(s) = c.session_id.as_ref().and_then(|id| p.sessions.iter().find(|s| &s.id == id)) {
                place = format!("{place} · {}", p.session_title(lang, s));
            }
            let what = match &c.reason {
                None => lang.t("door-already"),
                Some(reason) => logged_reason(lang, reason),
            };
            (lang.time(e.local(c.device_at.unwrap_or(c.scanned_at))), who, place, c.device, what)
        })
        .collect();
    let rehearsal = e.rehearsal.then_some(rehearsed);
    let from = arrivals.last().map_or_else(|| state.now(), |a| a.at);
    let alerts_stream = format!(
        "/staff/events/{}/alerts?since={}",
        e.slug,
        url::form_urlencoded::byte_serialize(
            from.and_utc().to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true).as_bytes()
        )
        .collect::<String>()
    );
    let alerts = arrivals.iter().rev().map(|a| crate::web::doors::alerts::sentence(&p, lang, a)).collect();
    let manage = staff.user.can(crate::staff::Permission::ManageEvents);
    let page = AttendancePage {
        chrome,
        slug: e.slug.clone(),
        venues,
        sessions,
        log,
        chart,
        clashes,
        rehearsal,
        manage,
        csrf_token: ctx.csrf_token(),
        alerts,
        alerts_stream,
    };
    Ok(render(StatusCode::OK, &page))
}

/// Clashes with the name of whom they concern.
fn named(conn: &mut crate::db::DbConn, clashes: &[report::Clash]) -> Result<Vec<(report::Clash, String)>, AppError> {
    let mut out = Vec::new();
    for c in clashes.iter().cloned() {
        let who = match &c.registration_id {
            Some(id) => crate::registrations::store::find(conn, id)?
                .map(|r| format!("{} ({})", r.display_name(), r.reference))
                .unwrap_or_default(),
            None => String::new(),
        };
        out.push((c, who));
    }
    Ok(out)
}

/// The whole scan log as CSV.
pub async fn export(
    state: web::Data<AppState>,
    _staff: Require<ViewRegistrations>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    scan_log(&state, &slug, "csv", "text/csv; charset=utf-8", report::csv).await
}

/// The whole scan log as an Excel workbook (the same rows as the CSV).
pub async fn export_xlsx(
    state: web::Data<AppState>,
    _staff: Require<ViewRegistrations>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    scan_log(&state, &slug, "xlsx", kind, report::xlsx).await
}

type Writer = fn(&mut crate::db::DbConn, &crate::events::Programme) -> anyhow::Result<Vec<u8>>;

async fn scan_log(
    state: &AppState,
    slug: &str,
    extension: &str,
    content_type: &'static str,
    write: Writer,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(slug).await?;
    let p2 = p.clone();
    let bytes = state.db(move |conn| write(conn, &p2).map_err(AppError::Internal)).await?;
    let file = format!("attachment; filename=\"{}-scans.{extension}\"", p.event.slug);
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CONTENT_DISPOSITION, file))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(bytes))
}

/// The printed list of a session, for a door without power or network.
pub async fn door_list(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Staff,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (slug, session_id) = path.into_inner();
    let p = state.programme(&slug).await?;
    let session = p.sessions.iter().find(|s| s.id == session_id).cloned().ok_or(AppError::NotFound)?;
    // Organisers may print any list; door staff only the lists of their own venues.
    if !staff.user.can(Permission::ViewRegistrations) {
        let (user, venue) = (staff.user.clone(), session.venue_id.clone());
        if !state.db(move |conn| Ok(crate::staff::doors::may_scan(conn, &user, &venue)?)).await? {
            return Err(AppError::Forbidden);
        }
    }
    let (p2, s2) = (p.clone(), session.clone());
    let people = state.db(move |conn| Ok(crate::checkin::door_list::expected(conn, &p2, &s2)?)).await?;
    let pdf = crate::checkin::door_list::pdf(&p, &session, &people, ctx.lang)
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    Ok(super::badges::pdf_response(pdf, &format!("{}-door-list.pdf", p.event.slug)))
}

/// A line of the scan log as the pages show it: time, outcome class, outcome, detail, who,
/// where, staff.
pub(super) fn log_line(p: &crate::events::Programme, lang: crate::i18n::Lang, r: report::LogRow) -> LogLine {
    let e = &p.event;
    let class = match r.outcome {
        Outcome::Admitted => "admitted",
        Outcome::AlreadyAdmitted => "already",
        Outcome::Exited => "exited",
        Outcome::Refused => "refused",
    };
    let outcome = match class {
        "admitted" => lang.t("door-admit"),
        "already" => lang.t("door-already"),
        "exited" => lang.t("door-exited"),
        _ => lang.t("door-refused"),
    };
    let detail = match &r.reason {
        None => match (r.manual, r.offline_outcome.is_some()) {
            (true, _) => lang.t("attendance-manual"),
            (_, true) => lang.t("attendance-offline"),
            _ => String::new(),
        },
        Some(reason) => logged_reason(lang, reason),
    };
    let who = match (&r.reference, &r.given_name, &r.family_name) {
        (Some(reference), g, f) => {
            format!("{} {} ({reference})", g.clone().unwrap_or_default(), f.clone().unwrap_or_default())
        }
        _ => String::new(),
    };
    let mut place = p.venue(&r.venue_id).map(|v| p.venue_name(lang, v)).unwrap_or_default();
    if let Some(s) = r.session_id.as_ref().and_then(|id| p.sessions.iter().find(|s| &s.id == id)) {
        place = format!("{place} · {}", p.session_title(lang, s));
    }
    (lang.time(e.local(r.scanned_at)), class, outcome, detail, who, place, r.staff)
}

/// A refusal as the scan log has it: the code only, so the reasons that name numbers at the
/// door are named without them.
fn logged_reason(lang: crate::i18n::Lang, reason: &Reason) -> String {
    match reason {
        Reason::OldBadge { .. } => lang.t("attendance-old-badge"),
        Reason::DelegationFull { .. } => lang.t("attendance-delegation-full"),
        reason => lang.t(&format!("door-reason-{}", reason.code())),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct RehearsalBody {
    /// `start`, `clear` or `end`.
    action: String,
}

/// Starts, clears or ends the event's rehearsal (admins), then back to the dashboard.
pub async fn rehearsal(
    state: web::Data<AppState>,
    staff: Require<crate::web::extract::ManageEvents>,
    slug: web::Path<String>,
    body: crate::web::extract::CsrfForm<RehearsalBody>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&slug).await?;
    let (event_id, actor, at) = (p.event.id.clone(), staff.user.label(), state.now());
    let action = body.0.action;
    if !matches!(action.as_str(), "start" | "clear" | "end") {
        return Err(AppError::BadRequest(format!("unknown rehearsal action {action:?}")));
    }
    state
        .db(move |conn| {
            Ok(match action.as_str() {
                "start" => checkin::rehearsal::set(conn, &event_id, true, &actor, at)?,
                "end" => checkin::rehearsal::set(conn, &event_id, false, &actor, at)?,
                _ => checkin::rehearsal::clear(conn, &event_id, &actor, at)?,
            })
        })
        .await?;
    state.forget_all_programmes();
    let to = format!("/staff/events/{}/attendance", p.event.slug);
    Ok(HttpResponse::SeeOther().insert_header((actix_web::http::header::LOCATION, to)).finish())
}
