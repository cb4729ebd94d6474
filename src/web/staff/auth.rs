//! Logging in and out, and changing one's password.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::pages::{CodePage, LoginPage, PasswordPage};
use super::{COOKIE, Staff};
use crate::links::Purpose;
use crate::staff::{auth, password};
use crate::web::context::Ctx;
use crate::web::extract::CsrfForm;
use crate::web::limits::{Limited, Login};
use crate::web::pages::render;
use crate::web::{AppError, AppState};

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// Only paths inside the staff area are followed after login (no open redirect).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with("/staff") && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/staff".to_owned(),
    }
}

fn login_form(ctx: &Ctx, next: &str, email: &str, error: String) -> LoginPage {
    LoginPage {
        chrome: ctx.chrome(ctx.lang.t("login-title")),
        csrf_token: ctx.csrf_token(),
        next: next.to_owned(),
        email: email.to_owned(),
        error,
    }
}

pub async fn login_page(ctx: Ctx, query: web::Query<Next>) -> HttpResponse {
    render(StatusCode::OK, &login_form(&ctx, &safe_next(query.next.as_deref()), "", String::new()))
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// How long the code step of a login stays open after the password was accepted.
const CODE_STEP_SECONDS: i64 = 300;

fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build(COOKIE, token)
        .path("/")
        .http_only(true)
        .secure(state.settings.secure_cookies())
        .same_site(SameSite::Strict)
        .finish()
}

/// Notes a login step's outcome in the security log (the code step's "needs a code" is not
/// an outcome yet).
fn note_login(state: &AppState, req: &HttpRequest, outcome: &auth::LoginOutcome, typed: &str) {
    use crate::security_log::Kind;
    let (kind, actor) = match outcome {
        auth::LoginOutcome::Success { staff, .. } => (Kind::LoginSucceeded, staff.label()),
        auth::LoginOutcome::Invalid => (Kind::LoginFailed, typed.trim().to_owned()),
        auth::LoginOutcome::Locked { .. } => (Kind::LoginLocked, typed.trim().to_owned()),
        auth::LoginOutcome::NeedsCode { .. } => return,
    };
    state.security.note(kind, &actor, &client_of(state, req), req.path(), state.now());
}

/// Answers a login step: a session, the code step, or the form again with the reason.
fn answer(state: &AppState, ctx: &Ctx, outcome: auth::LoginOutcome, next: String, email: &str) -> HttpResponse {
    let now = state.now();
    let lang = ctx.lang;
    match outcome {
        auth::LoginOutcome::Success { token, .. } => HttpResponse::SeeOther()
            .cookie(session_cookie(state, token))
            .insert_header((header::LOCATION, next))
            .finish(),
        auth::LoginOutcome::NeedsCode { staff_id } => {
            // The password step is remembered in a signed, short-lived field: nothing is kept
            // on the server between the two steps, so any instance can take the second.
            let until = (now + chrono::Duration::seconds(CODE_STEP_SECONDS)).and_utc().timestamp();
            let value = format!("{staff_id}|{until}");
            let pending = format!(
                "{value}|{}",
                crate::links::sign(&state.csrf_key, Purpose::TotpLogin { csrf_token: &ctx.csrf_token() }, &value)
            );
            render(StatusCode::OK, &code_form(ctx, &next, &pending, String::new()))
        }
        auth::LoginOutcome::Invalid => {
            render(StatusCode::UNAUTHORIZED, &login_form(ctx, &next, email, lang.t("login-invalid")))
        }
        auth::LoginOutcome::Locked { until } => {
            let message = lang.t1("login-locked", "until", &lang.time(until + chrono::Duration::minutes(1)));
            render(StatusCode::TOO_MANY_REQUESTS, &login_form(ctx, &next, email, message))
        }
    }
}

fn code_form(ctx: &Ctx, next: &str, pending: &str, error: String) -> CodePage {
    CodePage {
        chrome: ctx.chrome(ctx.lang.t("login-code-title")),
        csrf_token: ctx.csrf_token(),
        next: next.to_owned(),
        pending: pending.to_owned(),
        error,
    }
}

pub async fn login(
    _limit: Limited<Login>,
    state: web::Data<AppState>,
    ctx: Ctx,
    req: HttpRequest,
    form: CsrfForm<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let form = form.into_inner();
    let next = safe_next(Some(&form.next));
    let address = client_of(&state, &req);
    let (email, at) = (form.email.clone(), address.clone());
    let start = state.db(move |conn| Ok(auth::start_login(conn, &email, &at, now)?)).await?;
    let password = form.password;
    let outcome = match start {
        auth::LoginStart::Check { user, lock } => {
            let hash = user.password_hash.clone();
            let matches = hashing(move || password::verify(&password, &hash)).await?;
            state.db(move |conn| Ok(auth::finish_login(conn, *user, lock, matches, &address, now)?)).await?
        }
        // Unknown or locked: hash anyway, so the answer takes as long as a real check.
        auth::LoginStart::Unknown => {
            hashing(move || password::verify_dummy(&password)).await?;
            auth::LoginOutcome::Invalid
        }
        auth::LoginStart::Locked { until } => {
            hashing(move || password::verify_dummy(&password)).await?;
            auth::LoginOutcome::Locked { until }
        }
    };
    note_login(&state, &req, &outcome, &form.email);
    Ok(answer(&state, &ctx, outcome, next, &form.email))
}

/// The client's address as login throttling keys it.
fn client_of(state: &AppState, req: &HttpRequest) -> String {
    crate::web::observe::client_addr(req, &state.settings.trusted_proxies)
        .map_or_else(|| "unknown".into(), |a| a.to_string())
}

/// Password hashes computed at once: each takes a core for tens of milliseconds (and argon2's
/// memory), so a burst of logins queues here, outside the database pool, instead of taking
/// every core and every connection. A login that waits longer than `HASH_WAIT` is told to retry.
const HASHING_AT_ONCE: usize = 2;
const HASH_WAIT: std::time::Duration = std::time::Duration::from_secs(10);
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(HASHING_AT_ONCE);

async fn hashing<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let Ok(Ok(permit)) = tokio::time::timeout(HASH_WAIT, HASHING.acquire()).await else {
        crate::metrics::METRICS.busy.with_label_values(&["password_hashing"]).inc();
        return Err(AppError::Busy);
    };
    let out = web::block(work).await?;
    drop(permit);
    Ok(out)
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    pending: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
}

pub async fn login_code(
    _limit: Limited<Login>,
    state: web::Data<AppState>,
    ctx: Ctx,
    req: HttpRequest,
    form: CsrfForm<CodeForm>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let next = safe_next(Some(&form.next));
    let mut parts = form.pending.rsplitn(2, '|');
    let (signature, value) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
    let (staff_id, until) = value.split_once('|').unwrap_or_default();
    let fresh = until.parse::<i64>().is_ok_and(|u| u >= now.and_utc().timestamp());
    if !fresh
        || !crate::links::verify(
            &state.csrf_key,
            Purpose::TotpLogin { csrf_token: &ctx.csrf_token() },
            value,
            signature,
        )
    {
        // Expired or forged: start again from the password.
        return Ok(render(StatusCode::UNAUTHORIZED, &login_form(&ctx, &next, "", ctx.lang.t("login-code-expired"))));
    }
    let (id, code) = (staff_id.to_owned(), form.code.clone());
    let (keys, address) = (state.keys.clone(), client_of(&state, &req));
    let outcome = state.db(move |conn| Ok(auth::login_with_code(conn, &keys, &id, &code, &address, now)?)).await?;
    note_login(&state, &req, &outcome, staff_id);
    if let auth::LoginOutcome::Invalid = outcome {
        let page = code_form(&ctx, &next, &form.pending, ctx.lang.t("login-code-invalid"));
        return Ok(render(StatusCode::UNAUTHORIZED, &page));
    }
    Ok(answer(&state, &ctx, outcome, next, ""))
}

#[derive(Deserialize)]
pub struct CsrfOnly {}

pub async fn logout(
    state: web::Data<AppState>,
    _ctx: Ctx,
    req: HttpRequest,
    _form: CsrfForm<CsrfOnly>,
) -> Result<HttpResponse, AppError> {
    if let Some(token) = req.cookie(COOKIE).map(|c| c.value().to_owned()) {
        state.db(move |conn| Ok(auth::logout(conn, &token)?)).await?;
    }
    let mut gone = Cookie::build(COOKIE, "").path("/").finish();
    gone.make_removal();
    Ok(HttpResponse::SeeOther().cookie(gone).insert_header((header::LOCATION, "/staff/login")).finish())
}

fn password_form(ctx: &Ctx, staff: &Staff, error: String, done: String) -> PasswordPage {
    let mut chrome = ctx.chrome(ctx.lang.t("password-title"));
    chrome.staff = Some(staff.nav(ctx));
    PasswordPage { chrome, csrf_token: ctx.csrf_token(), error, done }
}

pub async fn password_page(ctx: Ctx, staff: Staff) -> HttpResponse {
    render(StatusCode::OK, &password_form(&ctx, &staff, String::new(), String::new()))
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
}

pub async fn change_password(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Staff,
    req: HttpRequest,
    form: CsrfForm<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let lang = ctx.lang;
    let fail = |key: &str| {
        Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &password_form(&ctx, &staff, lang.t(key), String::new())))
    };
    let (user, address) = (staff.user.clone(), client_of(&state, &req));
    let at = address.clone();
    let confirmed = match state.db(move |conn| Ok(auth::start_confirm(conn, &user, &at, now)?)).await? {
        Ok((user, lock)) => {
            let (current, hash) = (form.current.clone(), user.password_hash.clone());
            let matches = hashing(move || password::verify(&current, &hash)).await?;
            state.db(move |conn| Ok(auth::finish_confirm(conn, user, lock, matches, &address, now)?)).await?
        }
        Err(outcome) => outcome,
    };
    match confirmed {
        auth::LoginOutcome::Success { .. } => {}
        auth::LoginOutcome::Locked { until } => {
            let message = lang.t1("login-locked", "until", &lang.time(until + chrono::Duration::minutes(1)));
            return Ok(render(StatusCode::TOO_MANY_REQUESTS, &password_form(&ctx, &staff, message, String::new())));
        }
        _ => return fail("password-wrong-current"),
    }
    if let Err(key) = password::check_new(&form.new) {
        return fail(key);
    }
    if form.new != form.repeat {
        return fail("password-mismatch");
    }
    let new = form.new.clone();
    let hash = hashing(move || password::hash(&new)).await?.map_err(AppError::Internal)?;
    let (user, token) = (staff.user.clone(), staff.token.clone());
    state.db(move |conn| Ok(auth::change_password(conn, &user, &hash, &token, now)?)).await?;
    Ok(render(StatusCode::OK, &password_form(&ctx, &staff, String::new(), lang.t("password-changed"))))
}
