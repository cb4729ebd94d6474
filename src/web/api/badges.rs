//! Badges through the API: the PDF of a registration's current badge, and reissuing it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use super::registrations::{find, now};
use super::{Api, ApiError};
use crate::badges::Paper;
use crate::badges::export::{self, Job, Selection};
use crate::badges::print::PaperChoice;
use crate::badges::store::{self, Reissued};
use crate::web::AppError;
use crate::web::AppState;
use crate::web::extract::PrintBadges;
use crate::web::staff::badges::{export_error, pdf_response};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LayoutQuery {
    layout: String,
}

/// `GET …/registrations/{reference}/badge.pdf?layout=a6|cr80|a4-4up`: recorded as a print.
pub async fn badge_pdf(
    state: web::Data<AppState>,
    caller: Api<PrintBadges>,
    path: web::Path<(String, String)>,
    query: web::Query<LayoutQuery>,
) -> Result<HttpResponse, ApiError> {
    let (slug, reference) = path.into_inner();
    let p = state.programme(&slug).await?;
    let (reg, _) = find(&state, &p, &reference).await?;
    let layout = match query.layout.trim() {
        "" => PaperChoice::Own,
        key => PaperChoice::On(Paper::parse(key).ok_or_else(|| {
            let keys: Vec<&str> = Paper::ALL.iter().map(|p| p.key()).collect();
            ApiError::new(StatusCode::BAD_REQUEST, "bad_layout", format!("layout must be one of {}.", keys.join(", ")))
        })?),
    };
    let (actor, now, keys) = (caller.label(), state.now(), state.keys.clone());
    let filename = format!("{}.pdf", reg.reference);
    let exported = state
        .db(move |conn| {
            let job = Job {
                paper: layout,
                title: &reg.reference,
                actor: &actor,
                record: Some("api"),
                now,
                keys: &keys,
                calibration: Default::default(),
            };
            export::export(conn, &p, Selection::Given(std::slice::from_ref(&reg)), &job)
                .map_err(|e| export_error(e, "badge-not-approved"))
        })
        .await?;
    Ok(pdf_response(exported.pdf, &filename))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReissueBody {
    reason: String,
}

/// `POST …/registrations/{reference}/badge/reissue` with `{"reason": "lost"}`: the old code is
/// refused from now on; the answer gives the new version and code.
pub async fn reissue(
    state: web::Data<AppState>,
    caller: Api<PrintBadges>,
    path: web::Path<(String, String)>,
    body: super::Body,
) -> Result<HttpResponse, ApiError> {
    let ReissueBody { reason } =
        if body.is_empty() { ReissueBody::default() } else { super::registrations::parse_json(&body)? };
    let reason: String = match reason.trim() {
        "" => "other".into(),
        r => r.chars().take(100).collect(),
    };
    let (slug, reference) = path.into_inner();
    let p = state.programme(&slug).await?;
    let (reg, _) = find(&state, &p, &reference).await?;
    let (actor, keys) = (caller.label(), state.keys.clone());
    let done = state.db(move |conn| Ok(store::reissue(conn, &keys, &reg, &reason, &actor, now())?)).await?;
    match done {
        Reissued::Done { old, new } => Ok(HttpResponse::Ok().json(json!({
            "reference": reference,
            "version": new.version,
            "code": new.code(&state.keys),
            "revoked_version": old.map(|b| b.version),
        }))),
        Reissued::NotApproved => Err(AppError::Conflict("badge-not-approved").into()),
    }
}
