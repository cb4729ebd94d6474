//! What the delegate's own badge page holds, from the desk: its link (send a new one, which
//! voids every older link) and the photo the delegate sent after approval (accept or reject).

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::registrations::see_other;
use crate::badges::link;
use crate::badges::photo_review::{self, Review};
use crate::ids::RegistrationId;
use crate::registrations::{self, Registration};
use crate::web::context::Ctx;
use crate::web::extract::{CsrfForm, ManageRegistrations, Require, ViewRegistrations};
use crate::web::{AppError, AppState};

async fn registration(state: &AppState, id: &RegistrationId) -> Result<Registration, AppError> {
    let key = id.to_owned();
    state.db(move |conn| registrations::store::find(conn, &key)?.ok_or(AppError::NotFound)).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NoFields {}

/// `POST /staff/registrations/{id}/badge/link`: a new badge page link, mailed to the delegate;
/// every older link (a forwarded mail) stops working at once.
pub async fn send_link(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<ManageRegistrations>,
    id: web::Path<RegistrationId>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let reg = registration(&state, &id).await?;
    let (actor, now, reg_id) = (staff.user.label(), state.now(), reg.id.clone());
    state.db(move |conn| Ok(link::send_new(conn, &reg, &actor, now)?)).await?;
    Ok(see_other(format!("/staff/registrations/{reg_id}?done=link-sent#badge")))
}

/// `GET /staff/registrations/{id}/photo-pending.jpg`: the photo waiting for review.
pub async fn pending_photo(
    state: web::Data<AppState>,
    _staff: Require<ViewRegistrations>,
    id: web::Path<RegistrationId>,
) -> Result<HttpResponse, AppError> {
    let key = id.into_inner();
    let jpeg = state.db(move |conn| Ok(photo_review::pending_jpeg(conn, &key)?)).await?.ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type("image/jpeg")
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(jpeg))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReviewForm {
    decision: String,
}

/// `POST /staff/registrations/{id}/photo/review` with `decision=accept|reject`.
pub async fn review_photo(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<ManageRegistrations>,
    id: web::Path<RegistrationId>,
    form: CsrfForm<ReviewForm>,
) -> Result<HttpResponse, AppError> {
    let decision = match form.decision.as_str() {
        "accept" => Review::Accept,
        "reject" => Review::Reject,
        _ => return Err(AppError::BadRequest("decision".into())),
    };
    let reg = registration(&state, &id).await?;
    let (actor, now, reg_id) = (staff.user.label(), state.now(), reg.id.clone());
    let done = state.db(move |conn| Ok(photo_review::review(conn, &reg, decision, &actor, now)?)).await?;
    let key = match (done, decision) {
        (false, _) => "photo-none-pending",
        (true, Review::Accept) => "photo-accepted",
        (true, Review::Reject) => "photo-rejected",
    };
    Ok(see_other(format!("/staff/registrations/{reg_id}?done={key}#badge")))
}
