//! The web layer: one route table, thin handlers over the domain modules.

pub(super) mod api;
mod badge_page;
pub mod context;
pub mod csrf;
mod doors;
pub mod error;
pub mod extract;
mod fonts;
mod form_body;
#[doc(hidden)]
pub mod fuzzing;
pub mod limits;
pub mod observe;
pub mod pages;
mod public;
pub(crate) mod staff;
pub mod views;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::middleware::{DefaultHeaders, from_fn};
use actix_web::{HttpResponse, web};
use chrono::NaiveDateTime;

use crate::checkin::writer::Queued;
use crate::clock::Clock;
use crate::config::Settings;
use crate::db::{DbConn, Pool};
use crate::events::Programme;
use crate::mail::worker::Mailer;
pub use error::AppError;

/// What every handler can reach.
pub struct AppState {
    pub pool: Pool,
    pub settings: Arc<Settings>,
    pub mailer: Mailer,
    pub csrf_key: Arc<[u8]>,
    /// Keys for secrets at rest (keyed hashes and sealed copies).
    pub keys: Arc<crate::secrets::Keys>,
    /// The time handlers decide by, and the caches below expire by.
    pub clock: Clock,
    programmes: Mutex<HashMap<String, (NaiveDateTime, Arc<Programme>)>>,
    /// API tokens recently checked, by the hash of their secret (see `TOKEN_TTL`).
    tokens: Mutex<HashMap<String, (NaiveDateTime, crate::staff::tokens::Authorised)>>,
    /// The threads that decide door scans (see `checkin::writer`).
    scan_writer: Option<crate::checkin::writer::ScanWriter>,
    /// What one client may ask for per minute.
    pub limiters: limits::RateLimiters,
    /// Logins, refusals, token use and exports, written off the request path.
    pub security: crate::security_log::SecurityLog,
}

/// Who made a request (a staff account's label, or `token:NAME`), for the security log; set
/// by the staff and API extractors.
#[derive(Clone, Debug)]
pub struct Actor(pub String);

/// How long a checked door-device token is trusted without asking the database again (a door
/// sends scans all day). Revoking it in the staff pages takes effect at once on that instance;
/// on other instances, and from the command line, within this time.
pub const TOKEN_TTL: Duration = Duration::from_secs(10);

/// How long a loaded programme is reused. Capacity is enforced by the database, not by this
/// copy, so a stale "places left" figure can never overfill a session.
pub const PROGRAMME_TTL: Duration = Duration::from_secs(2);

/// Whether something stored at `at` is younger than `ttl` by `clock`; a clock set back before
/// `at` counts it as old, so moving the clock either way can only expire entries.
fn fresh(clock: &Clock, at: NaiveDateTime, ttl: Duration) -> bool {
    (clock.now() - at).to_std().is_ok_and(|age| age < ttl)
}

impl AppState {
    /// State for a running server.
    pub fn new(pool: Pool, settings: Arc<Settings>, mailer: Mailer, clock: Clock) -> std::io::Result<AppState> {
        let csrf_key: Arc<[u8]> = Arc::from(settings.secret_key.0.as_slice());
        let keys = Arc::new(crate::secrets::Keys::derive(&settings.secret_key.0));
        let scan_writer = crate::checkin::writer::ScanWriter::start(&settings.backend, settings.scan_queue)
            .inspect_err(|e| tracing::warn!(error = %e, "no scan writer; scans use the pool"))
            .ok();
        let security = crate::security_log::SecurityLog::start(pool.clone())?;
        Ok(AppState {
            security,
            limiters: limits::RateLimiters::new(&settings.rate_limits),
            scan_writer,
            pool,
            settings,
            mailer,
            csrf_key,
            keys,
            clock,
            programmes: Mutex::new(HashMap::new()),
            tokens: Mutex::new(HashMap::new()),
        })
    }

    /// Now, in UTC, by the state's clock.
    pub fn now(&self) -> NaiveDateTime {
        self.clock.now()
    }

    /// A token checked less than `TOKEN_TTL` ago.
    pub fn cached_token(&self, key: &str) -> Option<crate::staff::tokens::Authorised> {
        let cache = self.tokens.lock().ok()?;
        cache.get(key).filter(|(at, _)| fresh(&self.clock, *at, TOKEN_TTL)).map(|(_, t)| t.clone())
    }

    pub fn remember_token(&self, key: String, token: crate::staff::tokens::Authorised) {
        if let Ok(mut cache) = self.tokens.lock() {
            if cache.len() > 10_000 {
                cache.clear();
            }
            cache.insert(key, (self.now(), token));
        }
    }

    /// After a revocation: every token is checked again.
    pub fn forget_tokens(&self) {
        if let Ok(mut cache) = self.tokens.lock() {
            cache.clear();
        }
    }

    /// Runs database work on the blocking pool with a pooled connection.
    pub async fn db<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get().map_err(|_| AppError::Unavailable)?;
            f(&mut conn)
        })
        .await?
    }

    /// Decides and stores one door scan, on the scan threads (the pool if they are gone).
    pub async fn decide_scan(
        &self,
        programme: Arc<Programme>,
        request: crate::checkin::ScanRequest,
        now: chrono::NaiveDateTime,
    ) -> Result<crate::checkin::Decision, AppError> {
        // Background work gives way while this is held.
        let _scanning = crate::checkin::rush::scanning();
        let (programme, request) = match &self.scan_writer {
            Some(writer) => match writer.scan(programme, request, now).await {
                Ok(Queued::Answer(answer)) => return Ok((*answer)?),
                Ok(Queued::Lost) => return Err(AppError::Unavailable),
                Ok(Queued::Full) => {
                    crate::metrics::METRICS.busy.with_label_values(&["scan_queue"]).inc();
                    return Err(AppError::Busy);
                }
                // The writer thread is gone: the pool still decides scans, one by one.
                Err(back) => {
                    tracing::error!("scan writer stopped; deciding scans through the pool");
                    back
                }
            },
            None => (programme, request),
        };
        self.db(move |conn| Ok(crate::checkin::scan(conn, &programme, &request, now)?)).await
    }

    /// The programme of the event with this slug, from a short-lived cache.
    pub async fn programme(&self, slug: &str) -> Result<Arc<Programme>, AppError> {
        if let Ok(cache) = self.programmes.lock()
            && let Some((at, p)) = cache.get(slug)
            && fresh(&self.clock, *at, PROGRAMME_TTL)
        {
            return Ok(p.clone());
        }
        let key = slug.to_owned();
        let programme = self
            .db(move |conn| {
                let event = crate::events::store::find_by_slug(conn, &key)?.ok_or(AppError::NotFound)?;
                Ok(Arc::new(crate::events::store::programme(conn, event)?))
            })
            .await?;
        if let Ok(mut cache) = self.programmes.lock() {
            cache.insert(slug.to_owned(), (self.now(), programme.clone()));
        }
        Ok(programme)
    }
}

impl AppState {
    /// Drops a cached programme after staff changed it (places, names).
    pub fn forget_programme(&self, slug: &str) {
        if let Ok(mut cache) = self.programmes.lock() {
            cache.remove(slug);
        }
    }

    /// Drops every cached programme.
    pub fn forget_all_programmes(&self) {
        if let Ok(mut cache) = self.programmes.lock() {
            cache.clear();
        }
    }
}

/// Headers on every response: no framing, no sniffing, no inline script, no third parties.
pub fn security_headers(https: bool) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add((
            "Content-Security-Policy",
            "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; script-src 'self'; \
             connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "same-origin"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"));
    if https { headers.add(("Strict-Transport-Security", "max-age=31536000")) } else { headers }
}

/// The route table.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("")
            .wrap(from_fn(context::middleware))
            .wrap(from_fn(observe::middleware))
            .configure(api::routes)
            .route("/", web::get().to(public::list_events))
            .route("/healthz", web::get().to(public::health))
            .route("/readyz", web::get().to(public::ready))
            .route("/metrics", web::get().to(metrics))
            .route("/static/lanyard.css", web::get().to(stylesheet))
            .route("/static/fonts.css", web::get().to(fonts::css))
            .route("/static/fonts/{name}", web::get().to(fonts::face))
            .route("/static/door.js", web::get().to(door_script))
            .route("/static/refresh.js", web::get().to(refresh_script))
            .route("/static/designer.js", web::get().to(designer_script))
            .route("/events/{slug}", web::get().to(public::show_event))
            .route("/events/{slug}/register", web::get().to(public::new_registration))
            .route("/events/{slug}/register", web::post().to(public::create_registration))
            .route("/events/{slug}/registered/{reference}", web::get().to(public::show_confirmation))
            .route("/events/{slug}/privacy", web::get().to(public::privacy::show_privacy))
            .route("/events/{slug}/badge/{reference}", web::get().to(badge_page::show_badge))
            .route("/events/{slug}/badge/{reference}/badge.pdf", web::get().to(badge_page::badge_pdf))
            .route("/events/{slug}/badge/{reference}/photo", web::post().to(badge_page::upload_photo))
            .route("/invitations/{code}", web::get().to(public::delegation::show_delegation))
            .route(
                "/invitations/{code}/registrations/{reference}/cancel",
                web::post().to(public::delegation::cancel_delegate),
            )
            .configure(doors::routes)
            .configure(staff::routes)
            .default_service(web::to(not_found)),
    );
}

/// `GET /metrics`, for Prometheus (restrict it to the monitoring network at the proxy).
async fn metrics(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let pool = state.pool.state();
    let text = state.db(move |conn| Ok(crate::metrics::METRICS.render(conn, pool)?)).await?;
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(text))
}

async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

async fn refresh_script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(include_str!("../../templates/static/refresh.js"))
}

async fn door_script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(include_str!("../../templates/static/door.js"))
}

async fn designer_script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(include_str!("../../templates/static/designer.js"))
}

async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(include_str!("../../templates/static/lanyard.css"))
}
