//! The credential through the API: security's vetting, and badges handed over against a record
//! (one, or a delegation's to a liaison officer), with the custody receipt.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};

use super::registration_json::vetting_json;
use super::registrations::{find, parse_json, rfc3339};
use super::{Api, ApiError, Caller};
use crate::badges::custody::{self, Collection, Handover, HandoverError};
use crate::badges::receipt;
use crate::badges::store::Badge;
use crate::events::Programme;
use crate::registrations::Registration;
use crate::vetting::{self, VetError, VettingStatus};
use crate::web::AppState;
use crate::web::extract::{PrintBadges, Vet};
use crate::web::staff::badges::pdf_response;

#[derive(Deserialize, Default)]
#[serde(default)]
struct VettingBody {
    outcome: String,
    note: String,
}

/// The event, if this caller may act there: a token bound to another event may not.
async fn event_for(state: &AppState, caller: &Caller, slug: &str) -> Result<std::sync::Arc<Programme>, ApiError> {
    let p = state.programme(slug).await?;
    caller.require_event(&p)?;
    Ok(p)
}

/// `POST …/registrations/{reference}/vetting` with `{"outcome": "cleared" | "refused" |
/// "more_info", "note": "…"}`: security's decision, at once at every door.
pub async fn vet(
    state: web::Data<AppState>,
    caller: Api<Vet>,
    path: web::Path<(String, String)>,
    body: super::Body,
) -> Result<HttpResponse, ApiError> {
    let VettingBody { outcome, note } = parse_json(&body)?;
    let lang = caller.lang;
    let Some(status) = VettingStatus::decision(&outcome) else {
        return Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_outcome", lang.t("vetting-bad-outcome")));
    };
    let (slug, reference) = path.into_inner();
    let p = event_for(&state, &caller, &slug).await?;
    let (reg, _) = find(&state, &p, &reference).await?;
    let (actor, now) = (caller.label(), state.now());
    let done = state.db(move |conn| Ok(vetting::vet(conn, &reg, status, &note, &actor, now)?)).await?;
    match done {
        Ok(v) => Ok(HttpResponse::Ok().json(json!({ "reference": reference, "vetting": vetting_json(Some(&v)) }))),
        Err(VetError::NoteTooLong) => {
            Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "note_too_long", lang.t("vetting-note-too-long")))
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct IssueBody {
    references: Vec<String>,
    collected_by: String,
    on_behalf: bool,
    desk: String,
}

/// A handover as the API answers it, with where its receipt is.
fn handover_json(p: &Programme, h: &Handover, rows: &[(Registration, Badge)]) -> Value {
    json!({
        "id": h.id,
        "collected_by": h.collected_by,
        "on_behalf": h.on_behalf,
        "desk": h.desk,
        "issued_by": h.handed_over_by,
        "issued_at": rfc3339(h.handed_over_at),
        "receipt": format!("/api/v1/events/{}/handovers/{}/receipt.pdf", p.event.slug, h.id),
        "badges": rows.iter().map(|(r, b)| json!({ "reference": r.reference, "version": b.version })).collect::<Vec<_>>(),
    })
}

async fn hand_over(
    state: &AppState,
    caller: &Caller,
    slug: &str,
    references: Vec<String>,
    body: IssueBody,
) -> Result<HttpResponse, ApiError> {
    let p = event_for(state, caller, slug).await?;
    let who = Collection { collected_by: body.collected_by, on_behalf: body.on_behalf, desk: body.desk };
    let (event, actor, now) = (p.event.clone(), caller.label(), state.now());
    let done = state.db(move |conn| Ok(custody::hand_over(conn, &event, &references, &who, &actor, now)?)).await?;
    let lang = caller.lang;
    match done {
        Ok((h, rows)) => Ok(HttpResponse::Created().json(handover_json(&p, &h, &rows))),
        Err(HandoverError::CollectorRequired) => {
            Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "collected_by_required", lang.t("handover-collector")))
        }
        Err(HandoverError::BadCount) => {
            Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_references", lang.t("handover-count")))
        }
        Err(HandoverError::Refused { reason, references }) => {
            let status = if reason == "not_found" { StatusCode::NOT_FOUND } else { StatusCode::CONFLICT };
            let mut e = ApiError::new(status, reason, lang.t(&format!("handover-{reason}")));
            e.references = references;
            Err(e)
        }
    }
}

/// `POST …/registrations/{reference}/badge/issue` with `{"collected_by": "…", "on_behalf":
/// false}`: the current badge is handed over; where the event requires it, it works from now.
pub async fn issue_badge(
    state: web::Data<AppState>,
    caller: Api<PrintBadges>,
    path: web::Path<(String, String)>,
    body: super::Body,
) -> Result<HttpResponse, ApiError> {
    let body: IssueBody = parse_json(&body)?;
    let (slug, reference) = path.into_inner();
    hand_over(&state, &caller, &slug, vec![reference], body).await
}

/// `POST /api/v1/events/{slug}/badges/issue` with `{"references": […], "collected_by": "…"}`:
/// a delegation's badges to its liaison officer, all or none, on one receipt.
pub async fn issue_badges(
    state: web::Data<AppState>,
    caller: Api<PrintBadges>,
    slug: web::Path<String>,
    body: super::Body,
) -> Result<HttpResponse, ApiError> {
    let mut body: IssueBody = parse_json(&body)?;
    let references = std::mem::take(&mut body.references);
    hand_over(&state, &caller, &slug, references, body).await
}

/// `GET /api/v1/events/{slug}/handovers/{id}/receipt.pdf`: the custody receipt.
pub async fn receipt_pdf(
    state: web::Data<AppState>,
    caller: Api<PrintBadges>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (slug, id) = path.into_inner();
    let p = event_for(&state, &caller, &slug).await?;
    Ok(receipt_for(&state, &p, id, caller.lang).await?)
}

/// The receipt of a handover of this event as a PDF answer (the desk's page uses it too).
pub async fn receipt_for(
    state: &AppState,
    p: &Programme,
    id: String,
    lang: crate::i18n::Lang,
) -> Result<HttpResponse, crate::web::AppError> {
    let event_id = p.event.id.clone();
    let found = state.db(move |conn| Ok(custody::receipt(conn, &event_id, &id)?)).await?;
    let (handover, rows) = found.ok_or(crate::web::AppError::NotFound)?;
    let pdf =
        receipt::pdf(p, &handover, &rows, lang).map_err(|e| crate::web::AppError::Internal(anyhow::anyhow!(e)))?;
    Ok(pdf_response(pdf, &format!("receipt-{}.pdf", handover.id)))
}
