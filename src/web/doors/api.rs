//! Door scanning through the API: scans, the sessions to scan for, attendance figures.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::DateTime;
use serde::Deserialize;
use serde_json::json;

use crate::checkin::{self, ScanRequest, offline};
use crate::web::AppState;
use crate::web::api::registrations::{parse_json, rfc3339};
use crate::web::api::{Api, ApiError};
use crate::web::doors::view as door_view;
use crate::web::extract::{Scan, ViewRegistrations};

#[derive(Deserialize, Default)]
#[serde(default)]
struct ScanBody {
    /// Exactly the text of the QR code.
    code: String,
    /// A session id; or leave it out and give `venue` for the venue as a whole.
    session: Option<String>,
    venue: Option<String>,
    /// Unique per scan, chosen by the device; a retry sends the same one.
    nonce: String,
    /// When the device scanned (RFC 3339), for scans uploaded late.
    scanned_at: Option<String>,
    /// A manual admission: `code` is the registration's reference.
    manual: bool,
    /// `in` (the default) or `out` for an exit scan.
    direction: Option<String>,
    /// For a scan decided while offline and uploaded now: what the device showed.
    offline_outcome: Option<String>,
    /// Instead of `code`, for a scan a device queued offline: the badge's record id and the
    /// proof it read the code (`checkin::offline::proof`, bound to `nonce`).
    record: String,
    proof: String,
}

/// Whether a scan's body parses as the handler reads it (for the fuzz targets).
pub(crate) fn parse_scan_body(bytes: &[u8]) -> bool {
    parse_json::<ScanBody>(bytes).is_ok()
}

pub(super) fn problem(field: &'static str, message: &str) -> ApiError {
    let mut e = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", "Please correct the fields marked.");
    e.fields.push(crate::web::api::FieldProblem {
        field: field.to_owned(),
        code: "invalid".into(),
        message: message.to_owned(),
    });
    e
}

/// Where a scan is made: a session (and its venue), or a venue as a whole.
pub(super) fn place<'p>(
    p: &'p crate::events::Programme,
    session: Option<&str>,
    venue: Option<&str>,
) -> Result<(Option<&'p crate::events::Session>, String), ApiError> {
    let session = match session.filter(|s| !s.is_empty()) {
        Some(id) => Some(p.sessions.iter().find(|s| s.id == id).ok_or_else(|| problem("session", "No such session."))?),
        None => None,
    };
    let venue_id = match (session, venue.filter(|v| !v.is_empty())) {
        (Some(s), _) => s.venue_id.clone(),
        (None, Some(v)) if p.venue(v).is_some() => v.to_owned(),
        _ => return Err(problem("session", "Give a session, or a venue for the venue as a whole.")),
    };
    Ok((session, venue_id))
}

/// `POST /api/v1/events/{slug}/scans`: decides and records one scan.
pub async fn create_scan(
    state: web::Data<AppState>,
    caller: Api<Scan>,
    slug: web::Path<String>,
    body: crate::web::api::Body,
) -> Result<HttpResponse, ApiError> {
    let b: ScanBody = parse_json(&body)?;
    let p = state.programme(&slug).await?;
    let mut b = b;
    if b.code.trim().is_empty() && !b.record.trim().is_empty() {
        // A queued offline scan: found by its record, if its proof holds; otherwise it counts
        // as a code that names no badge.
        let (keys, p2) = (state.keys.clone(), p.clone());
        let (record, proof, nonce) = (b.record.clone(), b.proof.clone(), b.nonce.clone());
        let found =
            state.db(move |conn| Ok(offline::code_of_record(conn, &keys, &p2, (&record, &proof, &nonce))?)).await?;
        b.code = found.unwrap_or_else(|| format!("record:{}", b.record.trim()));
    }
    if b.code.trim().is_empty() {
        return Err(problem("code", "The text of the QR code is required."));
    }
    if b.nonce.trim().is_empty() || b.nonce.len() > 100 {
        return Err(problem("nonce", "A nonce of 1 to 100 characters, unique per scan, is required."));
    }
    let (session, venue_id) = place(&p, b.session.as_deref(), b.venue.as_deref())?;
    let device_at = match b.scanned_at.as_deref() {
        Some(t) => Some(
            DateTime::parse_from_rfc3339(t)
                .map_err(|_| problem("scanned_at", "An RFC 3339 time, e.g. 2026-12-24T14:02:11Z."))?
                .naive_utc(),
        ),
        None => None,
    };
    caller.require_venue(&p, &venue_id)?;
    // A manual admission looks people up by reference: that is for staff at a station, never
    // for a paired device, whose token could otherwise be used to read the delegate list.
    if b.manual && caller.token.event_id.is_some() {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", caller.lang.t("api-device-scope")));
    }
    let exit = match b.direction.as_deref().unwrap_or("in") {
        "in" | "" => false,
        "out" => true,
        _ => return Err(problem("direction", "Either in or out.")),
    };
    let offline_outcome = match b.offline_outcome.as_deref().filter(|o| !o.is_empty()) {
        Some(o) => Some(
            checkin::Outcome::parse(o)
                .ok_or_else(|| problem("offline_outcome", "One of admitted, already_admitted, refused, exited."))?,
        ),
        None => None,
    };
    let code: String = b.code.chars().take(200).collect();
    let req = ScanRequest {
        code_tag: state.keys.tag(code.trim()),
        code_hash: state.keys.lookup(code.trim()),
        code,
        venue_id,
        session_id: session.map(|s| s.id.clone()),
        nonce: format!("{}:{}", caller.token.id, b.nonce.trim()),
        device_at,
        staff: caller.label(),
        device: caller.token.name.clone(),
        manual: b.manual,
        exit,
        offline_outcome,
        rehearsal: p.event.rehearsal,
    };
    let decision = state.decide_scan(p.clone(), req, state.now()).await?;
    Ok(HttpResponse::Ok().json(door_view::decision_json(&p, caller.lang, &decision)))
}

/// A session as `GET …/sessions` lists it: when, where, and its door rules.
pub fn session_json(
    p: &crate::events::Programme,
    lang: crate::i18n::Lang,
    s: &crate::events::Session,
) -> serde_json::Value {
    json!({
        "id": s.id, "title": p.session_title(lang, s), "venue_id": s.venue_id,
        "venue": p.venue(&s.venue_id).map(|v| p.venue_name(lang, v)).unwrap_or_default(),
        "starts_at": rfc3339(s.starts_at), "ends_at": rfc3339(s.ends_at),
        "single_entry": s.single_entry, "registered_only": s.registered_only,
        "doors_open_minutes": s.doors_open_minutes, "exit_scanning": s.exit_scanning,
        "delegation_quota": s.delegation_quota, "required_zone": s.required_zone,
        "categories": p.allowed.get(&s.id).map(|ids| {
            p.categories.iter().filter(|c| ids.contains(&c.id)).map(|c| c.name.clone()).collect::<Vec<_>>()
        }),
    })
}

/// `GET /api/v1/events/{slug}/sessions`: what a station can scan for.
pub async fn list_sessions(
    state: web::Data<AppState>,
    caller: Api<Scan>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let p = state.programme(&slug).await?;
    let lang = caller.lang;
    let mine = |venue_id: &str| caller.any_venue || caller.venues.iter().any(|v| v == venue_id);
    let sessions: Vec<_> = p.sessions.iter().filter(|s| mine(&s.venue_id)).map(|s| session_json(&p, lang, s)).collect();
    let venues: Vec<_> = p
        .venues
        .iter()
        .filter(|v| mine(&v.id))
        .map(|v| json!({ "id": v.id, "name": p.venue_name(lang, v), "address": v.address }))
        .collect();
    Ok(HttpResponse::Ok().json(json!({ "sessions": sessions, "venues": venues })))
}

/// `GET /api/v1/events/{slug}/attendance`: admitted per session and venue, inside now.
pub async fn attendance(
    state: web::Data<AppState>,
    caller: Api<ViewRegistrations>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let p = state.programme(&slug).await?;
    let p2 = p.clone();
    let figures = state.db(move |conn| Ok(checkin::figures::figures(conn, &p2)?)).await?;
    let lang = caller.lang;
    let sessions: Vec<_> = p
        .sessions
        .iter()
        .zip(&figures.sessions)
        .map(|(s, f)| {
            json!({ "id": s.id, "title": p.session_title(lang, s), "venue_id": s.venue_id,
                    "admitted": f.admitted, "expected": f.expected, "inside": f.inside })
        })
        .collect();
    let venues: Vec<_> = p
        .venues
        .iter()
        .zip(&figures.venues)
        .map(|(v, f)| json!({ "id": v.id, "name": p.venue_name(lang, v), "admitted": f.admitted, "inside": f.inside }))
        .collect();
    let clashes: Vec<_> = figures
        .clashes
        .iter()
        .map(|c| {
            json!({ "reference": c.reference, "device": c.device, "device_at": c.device_at.map(rfc3339),
                    "venue_id": c.venue_id, "session_id": c.session_id,
                    "offline_outcome": c.offline_outcome, "outcome": c.outcome,
                    "reason": checkin::reason_code(c.reason.as_ref()) })
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({ "sessions": sessions, "venues": venues, "clashes": clashes })))
}

/// `GET /api/v1/events/{slug}/sync`: what a device needs to decide while offline, each
/// delegate's record sealed with a key derived from their badge code.
pub async fn sync(
    state: web::Data<AppState>,
    caller: Api<Scan>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let p = state.programme(&slug).await?;
    let venues = (!caller.any_venue).then(|| caller.venues.clone());
    let (lang, p2, at, keys) = (caller.lang, p.clone(), state.now(), state.keys.clone());
    let mut body =
        state.db(move |conn| Ok(door_view::snapshot(conn, &p2, lang, venues.as_deref(), at, &keys)?)).await?;
    // A device that has not reached us for this long wipes the records by itself.
    body["wipe_after_hours"] = json!(state.settings.device_wipe_hours);
    Ok(HttpResponse::Ok().insert_header((actix_web::http::header::CACHE_CONTROL, "no-store")).json(body))
}

/// `GET /api/v1/device`: who this token is (a paired device learns its event and name).
pub async fn device(state: web::Data<AppState>, caller: Api<Scan>) -> Result<HttpResponse, ApiError> {
    let event = match caller.token.event_id.clone() {
        Some(id) => state.db(move |conn| Ok(crate::events::store::find(conn, &id)?)).await?,
        None => None,
    };
    Ok(HttpResponse::Ok().json(json!({
        "name": caller.token.name,
        "event": event.map(|e| json!({ "slug": e.slug, "name": e.name })),
        "venues": caller.venues,
        // A station with a PIN locks itself when idle; it checks the PIN against this.
        "pin": caller.token.pin_verifier,
        "lock_after_minutes": crate::staff::pin::LOCK_AFTER_MINUTES,
    })))
}
