//! A person's rights through the API: everything held about a registration, and its erasure;
//! and what an event holds against its retention period. Admins only (`ManageEvents`): an
//! erasure cannot be undone.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde_json::json;

use super::registrations::{find, rfc3339};
use super::{Api, ApiError};
use crate::privacy::{erase, export};
use crate::web::AppState;
use crate::web::extract::ManageEvents;

/// `GET /api/v1/events/{slug}/registrations/{reference}/export`: everything held about one
/// person, as one JSON document.
pub async fn export_registration(
    state: web::Data<AppState>,
    _caller: Api<ManageEvents>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (slug, reference) = path.into_inner();
    let p = state.programme(&slug).await?;
    let (r, _) = find(&state, &p, &reference).await?;
    let doc = state.db(move |conn| Ok(export::export(conn, &slug, &r)?)).await?;
    Ok(crate::web::staff::privacy::export_download(&reference, doc))
}

/// `DELETE /api/v1/events/{slug}/registrations/{reference}`: erases the person at once; the
/// reference answers 404 from then on.
pub async fn erase_registration(
    state: web::Data<AppState>,
    caller: Api<ManageEvents>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (slug, reference) = path.into_inner();
    let p = state.programme(&slug).await?;
    let (r, _) = find(&state, &p, &reference).await?;
    let (actor, now, event_id) = (caller.label(), state.now(), p.event.id.clone());
    let removed =
        state.db(move |conn| Ok(erase::erase_one(conn, &event_id, &r.id, &r.reference, &actor, now)?)).await?;
    let outbox = state.settings.outbox_dir();
    web::block(move || removed.remove_files(&outbox))
        .await
        .map_err(|e| ApiError::from(crate::web::AppError::from(e)))?;
    Ok(HttpResponse::new(StatusCode::NO_CONTENT))
}

/// `GET /api/v1/events/{slug}/privacy`: the personal data the event holds, and when it goes.
pub async fn retention(
    state: web::Data<AppState>,
    _caller: Api<ManageEvents>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let p = state.programme(&slug).await?;
    let event_id = p.event.id.clone();
    let held = state.db(move |conn| Ok(erase::held(conn, &event_id)?)).await?;
    let e = &p.event;
    Ok(HttpResponse::Ok().json(json!({
        "notice_version": e.privacy_version,
        "retention_days": e.retention_days,
        "purge_due_at": rfc3339(e.purge_due_at()),
        "purged_at": e.purged_at.map(rfc3339),
        "held": held,
    })))
}
