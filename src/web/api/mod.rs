//! The JSON API under /api/v1: bearer tokens with the same roles as staff; errors are JSON
//! with a machine code and a human message in the caller's language (Accept-Language).

mod badges;
pub(super) mod credentials;
mod events;
mod layouts;
pub(super) mod messages;
mod openapi;
mod privacy;
mod registration_json;
pub(super) mod registrations;
mod sessions;
mod translations;
mod zones;

use std::future::Future;
use std::marker::PhantomData;
use std::ops::Deref;
use std::pin::Pin;

use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, ResponseError, web};
use serde::Serialize;

use super::context::Ctx;
use super::extract::Grant;
use super::{AppError, AppState};
use crate::i18n::Lang;
use crate::staff::Permission;
use crate::staff::tokens::{self, ApiToken};

/// One field's problem, as in the form.
#[derive(Debug, Serialize)]
pub struct FieldProblem {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// An API failure: status, machine code, human message, and per-field problems.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub fields: Vec<FieldProblem>,
    /// The registrations a refusal is about (a handover that cannot be made, by reference).
    pub references: Vec<String>,
    /// Seconds to wait before trying again (429, 503).
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            fields: Vec::new(),
            references: Vec::new(),
            retry_after: None,
        }
    }

    /// The same error, telling the client when to try again.
    pub fn retry_after(self, seconds: u64) -> ApiError {
        ApiError { retry_after: Some(seconds), ..self }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorInner<'a>,
}

#[derive(Serialize)]
struct ErrorInner<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    fields: &'a [FieldProblem],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    references: &'a [String],
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let (code, message, fields, references) = (self.code, &self.message, &self.fields, &self.references);
        let body = ErrorBody { error: ErrorInner { code, message, fields, references } };
        let mut res = HttpResponse::build(self.status);
        if self.status == StatusCode::UNAUTHORIZED {
            res.insert_header(("WWW-Authenticate", "Bearer"));
        }
        if let Some(seconds) = self.retry_after {
            res.insert_header((actix_web::http::header::RETRY_AFTER, seconds.to_string()));
        }
        res.json(body)
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> ApiError {
        match e {
            AppError::NotFound => ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such resource."),
            AppError::BadRequest(m) => ApiError::new(StatusCode::BAD_REQUEST, "bad_request", m),
            AppError::TooLarge => {
                ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "The request is too large.")
            }
            AppError::Unavailable | AppError::Busy => {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "busy", "Busy; retry in a few seconds.")
                    .retry_after(crate::web::error::BUSY_RETRY_SECONDS)
            }
            AppError::TooManyRequests { retry_after } => {
                ApiError::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "Too many requests; slow down.")
                    .retry_after(retry_after)
            }
            AppError::Forbidden | AppError::Csrf | AppError::LoginRequired { .. } | AppError::TotpSetupRequired => {
                ApiError::new(StatusCode::FORBIDDEN, "forbidden", "This token's role does not allow this.")
            }
            AppError::Conflict(key) => {
                let message = crate::i18n::Lang::En.t(&format!("error-text-{key}"));
                ApiError::new(StatusCode::CONFLICT, key, message)
            }
            AppError::Gone(key) => {
                let message = crate::i18n::Lang::En.t(&format!("error-text-{key}"));
                ApiError::new(StatusCode::GONE, key, message)
            }
            AppError::Internal(e) => {
                tracing::error!(error = format!("{e:#}"), "API request failed");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Unexpected error; nothing was saved.")
            }
        }
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> ApiError {
        AppError::from(e).into()
    }
}

/// A request body for the API: as `web::Bytes`, but a body over the size limit (or one cut
/// short) is answered in JSON like every API error, not in actix's plain text.
pub struct Body(pub web::Bytes);

impl Deref for Body {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl FromRequest for Body {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Body, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            bytes.await.map(Body).map_err(|e| match e.as_response_error().status_code() {
                StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge.into(),
                _ => ApiError::new(StatusCode::BAD_REQUEST, "bad_body", "The body could not be read."),
            })
        })
    }
}

/// An authenticated API client.
pub struct Caller {
    pub token: ApiToken,
    /// A device's venues (none given: none); see `any_venue`.
    pub venues: Vec<String>,
    /// Any venue of its event (every token but a paired device).
    pub any_venue: bool,
    pub lang: Lang,
}

impl Caller {
    /// Fails with 403 unless the token's role allows `p` (see `Api<P>`, the one caller).
    fn require(&self, p: Permission) -> Result<(), ApiError> {
        if self.token.role.can(p) {
            Ok(())
        } else {
            Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", self.lang.t("api-forbidden")))
        }
    }

    /// Fails with 403 unless the token is given this event (admin tokens without one reach
    /// every event).
    pub fn require_event(&self, p: &crate::events::Programme) -> Result<(), ApiError> {
        if self.token.reaches(&p.event.id) {
            Ok(())
        } else if self.token.is_device() {
            Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", self.lang.t("api-device-scope")))
        } else {
            Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", self.lang.t("api-event-scope")))
        }
    }

    /// Fails with 403 unless this token may scan at the venue (a device only at its own).
    pub fn require_venue(&self, p: &crate::events::Programme, venue_id: &str) -> Result<(), ApiError> {
        self.require_event(p)?;
        if self.any_venue || self.venues.iter().any(|v| v == venue_id) {
            Ok(())
        } else {
            Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", self.lang.t("api-device-scope")))
        }
    }

    /// How the token appears in the audit log.
    pub fn label(&self) -> String {
        format!("api:{}", self.token.name)
    }
}

/// An API client whose token's role grants `P`; anyone else is refused before the handler runs.
pub struct Api<P> {
    pub caller: Caller,
    grant: PhantomData<P>,
}

impl<P> Deref for Api<P> {
    type Target = Caller;

    fn deref(&self) -> &Caller {
        &self.caller
    }
}

impl<P: Grant + 'static> FromRequest for Api<P> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Api<P>, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let caller = Caller::from_request(req, payload);
        // Every route about an event names it: the token must be given that event.
        let slug = req.match_info().get("slug").map(str::to_owned);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let caller = caller.await?;
            caller.require(P::PERMISSION)?;
            if let (Some(slug), Some(state)) = (slug, state) {
                // An unknown event answers 404 in the handler, as to anyone.
                if let Ok(p) = state.programme(&slug).await {
                    caller.require_event(&p)?;
                }
            }
            Ok(Api { caller, grant: PhantomData })
        })
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Caller, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let lang = req.extensions().get::<Ctx>().map_or(Lang::En, |c| c.lang);
        let client = state.as_ref().and_then(|s| super::observe::client_addr(req, &s.settings.trusted_proxies));
        let secret = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(|s| s.trim().to_owned());
        let req = req.clone();
        Box::pin(async move {
            let unauthorized = || ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", lang.t("api-unauthorized"));
            let state = state.ok_or_else(|| ApiError::from(AppError::Internal(anyhow::anyhow!("no state"))))?;
            let secret = secret.filter(|s| !s.is_empty()).ok_or_else(unauthorized)?;
            let key = tokens::hash(&secret);
            if let Err(wait) = state.limiters.check_token(&key, client) {
                return Err(ApiError::from(AppError::TooManyRequests { retry_after: wait }));
            }
            let now = state.now();
            if let Some(a) = state.cached_token(&key) {
                req.extensions_mut().insert(crate::web::Actor(format!("token:{}", a.token.name)));
                // A remembered device token still stops working when it expires.
                return if a.token.live_at(now) {
                    Ok(Caller { token: a.token, venues: a.venues, any_venue: a.any_venue, lang })
                } else {
                    Err(unauthorized())
                };
            }
            let found = state.db(move |conn| Ok(tokens::authenticate(conn, &secret, now)?)).await?;
            if let Some(a) = &found {
                let actor = format!("token:{}", a.token.name);
                // Logged as often as its last use is recorded: once a minute at most.
                if a.token.last_used_at.is_none_or(|at| now - at > chrono::Duration::minutes(1)) {
                    let address = client.map(|c| c.to_string()).unwrap_or_default();
                    state.security.note(crate::security_log::Kind::TokenUsed, &actor, &address, req.path(), now);
                }
                req.extensions_mut().insert(crate::web::Actor(actor));
            }
            // Only door devices, the hot path, are remembered; other tokens are checked on every
            // request, so revoking them (also from the command line) takes effect at once.
            if let Some(a) = found.as_ref().filter(|a| a.token.role == crate::staff::Role::Door) {
                state.remember_token(key, a.clone());
            }
            found
                .map(|a| Caller { token: a.token, venues: a.venues, any_venue: a.any_venue, lang })
                .ok_or_else(unauthorized)
        })
    }
}

/// The API part of the route table: one scope with a literal prefix, so the router does not
/// try every page's pattern first, and door scans, the hot path, come first within it.
pub fn routes(cfg: &mut web::ServiceConfig) {
    // A query or path that does not parse is answered in JSON too, as every API error.
    let bad = |e: String| -> actix_web::Error { ApiError::new(StatusCode::BAD_REQUEST, "bad_request", e).into() };
    cfg.service(
        web::scope("/api/v1")
            .app_data(web::QueryConfig::default().error_handler(move |e, _| bad(e.to_string())))
            .app_data(web::PathConfig::default().error_handler(move |e, _| bad(e.to_string())))
            .route("/events/{slug}/scans", web::post().to(crate::web::doors::api::create_scan))
            .route("/events/{slug}/scans/ack", web::post().to(crate::web::doors::notes::ack_api))
            .route("/events/{slug}/scans/delegation", web::post().to(crate::web::doors::delegation::admit_api))
            .route("/events/{slug}/alerts", web::get().to(crate::web::doors::alerts::list))
            .route("/openapi.json", web::get().to(openapi::document))
            .route("/events", web::get().to(events::list_events))
            .route("/events/{slug}/registrations", web::get().to(registrations::list_registrations))
            .route("/events/{slug}/registrations", web::post().to(registrations::create_registration))
            .route("/events/{slug}/registrations/{reference}", web::get().to(registrations::show_registration))
            .route("/events/{slug}/registrations/{reference}", web::put().to(registrations::update_registration))
            .route("/events/{slug}/registrations/{reference}", web::delete().to(privacy::erase_registration))
            .route("/events/{slug}/registrations/{reference}/export", web::get().to(privacy::export_registration))
            .route("/events/{slug}/privacy", web::get().to(privacy::retention))
            .route("/events/{slug}/translations", web::get().to(translations::list))
            .route("/events/{slug}/translations", web::put().to(translations::put))
            .route("/events/{slug}/messages", web::post().to(messages::create_message))
            .route("/events/{slug}/messages/{id}", web::get().to(messages::show_message))
            .route("/events/{slug}/mails", web::get().to(messages::list_mails))
            .route("/events/{slug}/mails/{id}/resend", web::post().to(messages::resend_mail))
            .route("/events/{slug}/zones", web::get().to(zones::list_zones))
            .route("/events/{slug}/zones", web::put().to(zones::put_zones))
            .route("/events/{slug}/registrations/{reference}/zones", web::put().to(zones::put_registration_zones))
            .route("/events/{slug}/badge-layouts", web::get().to(layouts::list_layouts))
            .route("/events/{slug}/badge-layouts/{id}", web::get().to(layouts::show_layout))
            .route("/events/{slug}/badge-layouts/{id}", web::put().to(layouts::put_layout))
            .route("/events/{slug}/badge-images", web::get().to(layouts::list_images))
            .service(
                web::resource("/events/{slug}/badge-images/{name}")
                    .app_data(web::PayloadConfig::new(crate::badges::design::store::IMAGE_MAX_BYTES))
                    .route(web::put().to(layouts::put_image)),
            )
            .route("/events/{slug}/invitations", web::get().to(events::list_invitations))
            .route("/events/{slug}/invitations", web::post().to(events::create_invitation))
            .route(
                "/events/{slug}/registrations/{reference}/approve",
                web::post().to(registrations::approve_registration),
            )
            .route(
                "/events/{slug}/registrations/{reference}/reject",
                web::post().to(registrations::reject_registration),
            )
            .route(
                "/events/{slug}/registrations/{reference}/cancel",
                web::post().to(registrations::cancel_registration),
            )
            .route("/events/{slug}/registrations/{reference}/badge.pdf", web::get().to(badges::badge_pdf))
            .route("/events/{slug}/registrations/{reference}/badge/reissue", web::post().to(badges::reissue))
            .route("/events/{slug}/registrations/{reference}/vetting", web::post().to(credentials::vet))
            .route("/events/{slug}/registrations/{reference}/badge/issue", web::post().to(credentials::issue_badge))
            .route("/events/{slug}/badges/issue", web::post().to(credentials::issue_badges))
            .route("/events/{slug}/handovers/{id}/receipt.pdf", web::get().to(credentials::receipt_pdf))
            .route("/events/{slug}/sessions", web::get().to(crate::web::doors::api::list_sessions))
            .route("/events/{slug}/sessions/{id}", web::put().to(sessions::update_session))
            .route("/events/{slug}/attendance", web::get().to(crate::web::doors::api::attendance))
            .route("/events/{slug}/sync", web::get().to(crate::web::doors::api::sync))
            .route("/device", web::get().to(crate::web::doors::api::device))
            .default_service(web::to(not_found)),
    );
}

async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such endpoint; see /api/v1/openapi.json."))
}
