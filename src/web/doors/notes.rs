//! Acknowledging a door note: the station (staff, by form or script) and a device or API
//! client (by token) say that the note shown with a scan was read. The scan is named by the
//! nonce its sender chose, so a device that decided offline can acknowledge before or after
//! its queue is uploaded.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use crate::checkin::notes;
use crate::web::api::registrations::parse_json;
use crate::web::api::{Api, ApiError};
use crate::web::extract::{CsrfForm, Require, Scan};
use crate::web::{AppError, AppState};

#[derive(Deserialize, Default)]
#[serde(default)]
struct AckBody {
    nonce: String,
}

/// `POST /api/v1/events/{slug}/scans/ack`: the note shown with the scan `nonce` was read.
pub async fn ack_api(
    state: web::Data<AppState>,
    caller: Api<Scan>,
    slug: web::Path<String>,
    body: crate::web::api::Body,
) -> Result<HttpResponse, ApiError> {
    let b: AckBody = parse_json(&body)?;
    if b.nonce.trim().is_empty() || b.nonce.len() > 100 {
        return Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", "The scan's nonce is required."));
    }
    let p = state.programme(&slug).await?;
    let nonce = format!("{}:{}", caller.token.id, b.nonce.trim());
    let (event_id, by, at) = (p.event.id.clone(), caller.label(), state.now());
    let found = state.db(move |conn| Ok(notes::acknowledge(conn, &event_id, &nonce, &by, at)?)).await?;
    if !found {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "not_found", "No scan with a door note has this nonce."));
    }
    Ok(HttpResponse::Ok().json(json!({ "acknowledged": true })))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AckForm {
    event: String,
    venue: String,
    session: String,
    direction: String,
    nonce: String,
}

/// `POST /staff/door/ack`: the same from the staff station; JSON for its script, else back to
/// the station.
pub async fn ack_station(
    state: web::Data<AppState>,
    staff: Require<Scan>,
    req: HttpRequest,
    form: CsrfForm<AckForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.0;
    let p = state.programme(&f.event).await?;
    let nonce = format!("{}:{}", staff.user.id, f.nonce.trim());
    let (event_id, by, at) = (p.event.id.clone(), staff.user.label(), state.now());
    let found = state.db(move |conn| Ok(notes::acknowledge(conn, &event_id, &nonce, &by, at)?)).await?;
    if !found {
        return Err(AppError::NotFound);
    }
    let wants_json =
        req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("application/json"));
    if wants_json {
        return Ok(HttpResponse::Ok().json(json!({ "acknowledged": true })));
    }
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("event", &f.event)
        .append_pair("venue", &f.venue)
        .append_pair("session", &f.session)
        .append_pair("direction", &f.direction)
        .finish();
    Ok(HttpResponse::SeeOther().insert_header((header::LOCATION, format!("/staff/door?{query}"))).finish())
}
