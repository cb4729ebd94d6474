//! Two-factor login: each staff member sets up a TOTP app; an admin can require it for all.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::Done;
use super::Staff;
use super::pages::{SecurityPage, TotpPage};
use crate::audit::{self, Change};
use crate::staff::totp;
use crate::web::context::Ctx;
use crate::web::extract::{CsrfForm, ManageStaff, Require};
use crate::web::pages::render;
use crate::web::{AppError, AppState};

fn unix(now: chrono::NaiveDateTime) -> u64 {
    now.and_utc().timestamp().max(0) as u64
}

async fn is_required(state: &AppState) -> Result<bool, AppError> {
    state.db(|conn| Ok(totp::required(conn)?)).await
}

fn totp_page(ctx: &Ctx, staff: &Staff, required: bool, secret: String, error: String) -> TotpPage {
    let mut chrome = ctx.chrome(ctx.lang.t("totp-title"));
    chrome.staff = Some(staff.nav(ctx));
    let qr = totp::setup_qr(&secret, &staff.user.email).unwrap_or_default();
    TotpPage {
        chrome,
        csrf_token: ctx.csrf_token(),
        enabled: staff.user.totp_secret.is_some(),
        required,
        secret,
        qr,
        error,
    }
}

pub async fn show_totp(state: web::Data<AppState>, ctx: Ctx, staff: Staff) -> Result<HttpResponse, AppError> {
    let required = is_required(&state).await?;
    Ok(render(StatusCode::OK, &totp_page(&ctx, &staff, required, totp::new_secret(), String::new())))
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    secret: String,
    #[serde(default)]
    code: String,
}

pub async fn enable_totp(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Staff,
    form: CsrfForm<CodeForm>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let required = is_required(&state).await?;
    if staff.user.totp_secret.is_some() {
        // Replacing a second factor needs the current one: turn it off (with a code) first.
        let page = totp_page(&ctx, &staff, required, totp::new_secret(), ctx.lang.t("totp-already"));
        return Ok(render(StatusCode::CONFLICT, &page));
    }
    // Saved only once the app has shown it produces the right codes.
    if !totp::check(&form.secret, &staff.user.email, &form.code, unix(now)) {
        let page = totp_page(&ctx, &staff, required, form.secret.clone(), ctx.lang.t("login-code-invalid"));
        return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page));
    }
    let (id, secret, actor) = (staff.user.id.clone(), form.secret.clone(), staff.user.label());
    let (user, token, keys) = (staff.user.clone(), staff.token.clone(), state.keys.clone());
    state
        .db(move |conn| {
            totp::set_secret(conn, &keys, &id, Some(&secret), now)?;
            crate::staff::auth::end_other_sessions(conn, &user, &token)?;
            let change = Change {
                actor: &actor,
                action: "staff.totp-enable",
                entity: "staff",
                entity_id: &id,
                event_id: None,
                before: None,
                after: None,
            };
            Ok(audit::record(conn, change, now)?)
        })
        .await?;
    Ok(HttpResponse::SeeOther().insert_header((header::LOCATION, "/staff")).finish())
}

pub async fn disable_totp(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Staff,
    form: CsrfForm<CodeForm>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let required = is_required(&state).await?;
    let secret = totp::secret_of(&state.keys, &staff.user).unwrap_or_default();
    if required || !totp::check(&secret, &staff.user.email, &form.code, unix(now)) {
        let key = if required { "totp-cannot-disable" } else { "login-code-invalid" };
        let page = totp_page(&ctx, &staff, required, totp::new_secret(), ctx.lang.t(key));
        return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page));
    }
    let (id, actor, keys) = (staff.user.id.clone(), staff.user.label(), state.keys.clone());
    state
        .db(move |conn| {
            totp::set_secret(conn, &keys, &id, None, now)?;
            let change = Change {
                actor: &actor,
                action: "staff.totp-disable",
                entity: "staff",
                entity_id: &id,
                event_id: None,
                before: None,
                after: None,
            };
            Ok(audit::record(conn, change, now)?)
        })
        .await?;
    Ok(HttpResponse::SeeOther().insert_header((header::LOCATION, "/staff/totp")).finish())
}

pub async fn show_security(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageStaff>,
    query: web::Query<Done>,
) -> Result<HttpResponse, AppError> {
    let required = is_required(&state).await?;
    let mut chrome = ctx.chrome(ctx.lang.t("security-title"));
    chrome.staff = Some(staff.nav(&ctx));
    let done = if query.done == "saved" { ctx.lang.t("done-updated") } else { String::new() };
    Ok(render(StatusCode::OK, &SecurityPage { chrome, csrf_token: ctx.csrf_token(), required, done }))
}

#[derive(Deserialize)]
pub struct SecurityForm {
    #[serde(default)]
    require_totp: String,
}

pub async fn update_security(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<ManageStaff>,
    form: CsrfForm<SecurityForm>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let on = form.require_totp == "true";
    let actor = staff.user.label();
    state
        .db(move |conn| {
            crate::db::write_tx(conn, |conn| {
                totp::set_required(conn, on, now)?;
                let change = Change {
                    actor: &actor,
                    action: "settings.require-totp",
                    entity: "settings",
                    entity_id: "require_totp",
                    event_id: None,
                    before: None,
                    after: Some(serde_json::json!({ "require_totp": on })),
                };
                audit::record(conn, change, now)
            })?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::SeeOther().insert_header((header::LOCATION, "/staff/security?done=saved")).finish())
}
