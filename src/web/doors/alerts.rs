//! Arrival alerts as the watchers see them: `GET /api/v1/events/{slug}/alerts?since=…` for
//! tools, and a Server-Sent Events stream for the staff dashboard, which asks the database
//! twice a second for alerts after the last it sent (so every instance behind a balancer
//! serves the same stream, and an alert is on screen within a second of its scan).

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDateTime};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::checkin::alerts::{self, Alert};
use crate::events::Programme;
use crate::i18n::Lang;
use crate::web::api::{Api, ApiError};
use crate::web::extract::{Require, ViewRegistrations};
use crate::web::{AppError, AppState};

/// How often a stream looks for new alerts.
const POLL: Duration = Duration::from_millis(500);
/// A stream ends after this long; the browser reconnects at once from the last alert it got
/// (`Last-Event-ID`), so no connection is held for ever.
const STREAM_FOR: Duration = Duration::from_secs(300);

/// The sentence an alert is shown as: who arrived where, when, through which door.
pub fn sentence(p: &Programme, lang: Lang, a: &Alert) -> String {
    let r = &a.registration;
    let mut who = r.display_name();
    if !r.country.is_empty() {
        who = format!("{who} ({})", lang.country(&r.country));
    }
    lang.t_args(
        "alert-arrived",
        &[
            ("name", &who),
            ("place", &place(p, lang, a)),
            ("time", &lang.time(p.event.local(a.at))),
            ("door", &format!("{} · {}", a.device, a.staff)),
        ],
    )
}

fn place(p: &Programme, lang: Lang, a: &Alert) -> String {
    let venue = p.venue(&a.venue_id).map(|v| p.venue_name(lang, v)).unwrap_or_default();
    match a.session_id.as_ref().and_then(|id| p.sessions.iter().find(|s| &s.id == id)) {
        Some(s) => format!("{venue} · {}", p.session_title(lang, s)),
        None => venue,
    }
}

/// An alert as JSON: time, delegate, venue, session, door, and the sentence in `lang`.
pub fn alert_json(p: &Programme, lang: Lang, a: &Alert) -> Value {
    let r = &a.registration;
    let session = a.session_id.as_ref().and_then(|id| p.sessions.iter().find(|s| &s.id == id));
    json!({
        "id": a.scan_id,
        "at": precise(a.at),
        "local_time": lang.time(p.event.local(a.at)),
        "delegate": {
            "reference": r.reference, "name": r.display_name(), "native_name": r.native_name,
            "country": r.country, "organization": r.organization,
        },
        "venue": { "id": a.venue_id, "name": p.venue(&a.venue_id).map(|v| p.venue_name(lang, v)).unwrap_or_default() },
        "session": session.map(|s| json!({ "id": s.id, "title": p.session_title(lang, s) })),
        "door": { "staff": a.staff, "device": a.device },
        "rehearsal": a.rehearsal,
        "message": sentence(p, lang, a),
    })
}

/// An alert's time in full (SQLite keeps nanoseconds), so that `since` set to it leaves out
/// exactly it.
fn precise(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

fn parse_since(text: Option<&str>) -> Option<NaiveDateTime> {
    DateTime::parse_from_rfc3339(text?.trim()).ok().map(|t| t.naive_utc())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SinceQuery {
    since: Option<String>,
}

/// `GET /api/v1/events/{slug}/alerts?since=…`: admissions of watched delegates after `since`
/// (exclusive; default the last 24 hours), oldest first, at most `alerts::PAGE`.
pub async fn list(
    state: web::Data<AppState>,
    caller: Api<crate::web::extract::ViewRegistrations>,
    slug: web::Path<String>,
    query: web::Query<SinceQuery>,
) -> Result<HttpResponse, ApiError> {
    let now = state.now();
    let since = match query.since.as_deref().filter(|s| !s.is_empty()) {
        None => now - chrono::Duration::hours(24),
        Some(text) => parse_since(Some(text)).ok_or_else(|| {
            ApiError::new(StatusCode::BAD_REQUEST, "bad_since", "since: an RFC 3339 time, e.g. 2026-12-24T14:02:11Z.")
        })?,
    };
    let p = state.programme(&slug).await?;
    let event_id = p.event.id.clone();
    let found = state.db(move |conn| Ok(alerts::after(conn, &event_id, since, None)?)).await?;
    let list: Vec<Value> = found.iter().map(|a| alert_json(&p, caller.lang, a)).collect();
    let next = found.last().map_or(since, |a| a.at);
    Ok(HttpResponse::Ok().json(json!({ "alerts": list, "next_since": precise(next) })))
}

/// `GET /staff/events/{slug}/alerts`: the alerts of the staff member watching, as a stream of
/// Server-Sent Events (`alert`, data: the alert's JSON), from `since` or the last event id.
pub async fn stream(
    state: web::Data<AppState>,
    staff: Require<ViewRegistrations>,
    ctx: crate::web::context::Ctx,
    req: HttpRequest,
    slug: web::Path<String>,
    query: web::Query<SinceQuery>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&slug).await?;
    let last = req.headers().get("last-event-id").and_then(|v| v.to_str().ok()).and_then(|t| parse_since(Some(t)));
    let since = last.or_else(|| parse_since(query.since.as_deref())).unwrap_or_else(|| state.now());
    let watcher = staff.user.id.clone();
    let lang = ctx.lang;
    let started = std::time::Instant::now();
    let first = web::Bytes::from_static(b"retry: 1000\n\n");
    struct Polling {
        state: web::Data<AppState>,
        p: std::sync::Arc<Programme>,
        since: NaiveDateTime,
        first: Option<web::Bytes>,
    }
    let start = Polling { state, p, since, first: Some(first) };
    let events = futures_util::stream::unfold(start, move |mut s| {
        let watcher = watcher.clone();
        async move {
            if let Some(bytes) = s.first.take() {
                return Some((Ok::<_, actix_web::Error>(bytes), s));
            }
            loop {
                if started.elapsed() > STREAM_FOR {
                    return None;
                }
                tokio::time::sleep(POLL).await;
                let (event_id, since) = (s.p.event.id.clone(), s.since);
                let w = watcher.clone();
                let found = s.state.db(move |conn| Ok(alerts::after(conn, &event_id, since, Some(&w))?)).await;
                let Ok(found) = found else { continue };
                if found.is_empty() {
                    continue;
                }
                let mut out = String::new();
                for a in &found {
                    let data = alert_json(&s.p, lang, a).to_string();
                    out.push_str(&format!("id: {}\nevent: alert\ndata: {data}\n\n", precise(a.at)));
                }
                s.since = found.last().map_or(s.since, |a| a.at);
                return Some((Ok(web::Bytes::from(out)), s));
            }
        }
    });
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/event-stream"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(events))
}
