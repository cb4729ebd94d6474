//! The one mapping from failures to HTTP. Internal detail is logged once and never shown;
//! the page the user sees is rendered by `context` in their language.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

/// How long a client is asked to wait when the server is busy.
pub const BUSY_RETRY_SECONDS: u64 = 5;

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("CSRF token missing or invalid")]
    Csrf,
    /// Not logged in: the response sends the browser to the login page.
    #[error("login required")]
    LoginRequired { next: String },
    /// Logged in, but two-factor login is required and not yet set up.
    #[error("two-factor setup required")]
    TotpSetupRequired,
    /// Logged in, but the role does not allow this.
    #[error("forbidden")]
    Forbidden,
    #[error("bad request: {0}")]
    BadRequest(String),
    /// More data than the route accepts.
    #[error("request too large")]
    TooLarge,
    #[error("no database connection available")]
    Unavailable,
    /// A bounded resource (photo decoding, the scan queue) is full: retry in a few seconds.
    #[error("busy")]
    Busy,
    /// The client sent more than its limit; it may try again after this many seconds.
    #[error("too many requests")]
    TooManyRequests { retry_after: u64 },
    /// The request is fine but the thing is not in a state that allows it; the text is the
    /// key of the error page that explains why (e.g. `badge-not-approved`).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// Existed once and will not again (a replaced or expired link); the text is the key of
    /// the error page that says so.
    #[error("gone: {0}")]
    Gone(&'static str),
    #[error("internal error: {0:#}")]
    Internal(anyhow::Error),
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> AppError {
        match e {
            diesel::result::Error::NotFound => AppError::NotFound,
            // A restarting or unreachable database, a lock or a timeout: the client retries.
            other if crate::db::is_transient(&other) => {
                tracing::warn!(error = %other, "database unavailable; answered 503");
                AppError::Unavailable
            }
            // PostgreSQL stores no NUL in text: whatever route it came through, it is bad input.
            other if crate::db::is_nul_in_text(&other) => {
                AppError::BadRequest("A text holds a NUL character, which cannot be stored.".into())
            }
            other => AppError::Internal(other.into()),
        }
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> AppError {
        AppError::Internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Csrf | AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::LoginRequired { .. } | AppError::TotpSetupRequired => StatusCode::SEE_OTHER,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Unavailable | AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Gone(_) => StatusCode::GONE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::Internal(e) => tracing::error!(error = format!("{e:#}"), "request failed"),
            AppError::Unavailable => tracing::warn!("request refused: no database connection"),
            _ => {}
        }
        if let AppError::TotpSetupRequired = self {
            return HttpResponse::SeeOther().insert_header((actix_web::http::header::LOCATION, "/staff/totp")).finish();
        }
        if let AppError::LoginRequired { next } = self {
            let location = format!(
                "/staff/login?next={}",
                url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
            );
            return HttpResponse::SeeOther().insert_header((actix_web::http::header::LOCATION, location)).finish();
        }
        // The body is replaced by the localised error page in `context::middleware`.
        let mut res = HttpResponse::build(self.status_code());
        if let Some(seconds) = self.retry_after() {
            res.insert_header((actix_web::http::header::RETRY_AFTER, seconds.to_string()));
        }
        res.finish()
    }
}

impl AppError {
    /// When the client may try again, for a `Retry-After` header.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::TooManyRequests { retry_after } => Some(*retry_after),
            AppError::Busy | AppError::Unavailable => Some(BUSY_RETRY_SECONDS),
            _ => None,
        }
    }

    /// Which error page explains this failure (the suffix of its Fluent keys).
    pub fn page(&self) -> &'static str {
        match self {
            AppError::NotFound => "404",
            AppError::Csrf => "403",
            AppError::Forbidden => "forbidden",
            AppError::LoginRequired { .. } | AppError::TotpSetupRequired => "403",
            AppError::BadRequest(_) => "400",
            AppError::TooLarge => "413",
            AppError::Unavailable | AppError::Busy => "503",
            AppError::TooManyRequests { .. } => "429",
            AppError::Conflict(key) | AppError::Gone(key) => key,
            AppError::Internal(_) => "500",
        }
    }
}
