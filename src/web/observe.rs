//! Every request: a request id (the caller's `X-Request-Id`, or a new one) in the response and
//! in every log line of the request (a tracing span), an access log line, and the HTTP
//! metrics by route pattern. The client address is the socket's, or, behind a trusted proxy,
//! the first address in `X-Forwarded-For` (from the right) that is not a trusted proxy.

use std::net::IpAddr;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, web};
use tracing::Instrument;

use super::AppState;
use crate::metrics::METRICS;

static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The caller's id if it is a sensible token (at most 128 visible ASCII characters), else a
/// new random one.
fn request_id(req: &ServiceRequest) -> String {
    req.headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| (1..=128).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_graphic()))
        .map_or_else(crate::db::new_id, str::to_owned)
}

/// Who is asking: the peer, or behind trusted proxies the nearest untrusted hop.
pub fn client_addr(req: &actix_web::HttpRequest, trusted: &[ipnet::IpNet]) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    if !trusted.iter().any(|n| n.contains(&peer)) {
        return Some(peer);
    }
    let forwarded = req.headers().get_all("x-forwarded-for").filter_map(|v| v.to_str().ok());
    let hops: Vec<IpAddr> =
        forwarded.flat_map(|v| v.split(',')).filter_map(|h| h.trim().parse::<IpAddr>().ok()).collect();
    Some(hops.into_iter().rev().find(|ip| !trusted.iter().any(|n| n.contains(ip))).unwrap_or(peer))
}

/// The middleware (outermost, so the span covers everything else).
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let id = request_id(&req);
    let state = req.app_data::<web::Data<AppState>>();
    let trusted = state.map(|s| s.settings.trusted_proxies.clone()).unwrap_or_default();
    let limit = state.map_or(std::time::Duration::from_secs(60), |s| s.settings.handler_timeout);
    let client = client_addr(req.request(), &trusted).map(|ip| ip.to_string()).unwrap_or_default();
    let (method, path) = (req.method().to_string(), req.path().to_owned());
    let span = tracing::info_span!("request", request_id = %id);
    // No request holds a worker for ever: past the limit the client is told to retry (503).
    let result = match tokio::time::timeout(limit, next.call(req).instrument(span.clone())).await {
        Ok(result) => result,
        Err(_) => {
            span.in_scope(|| tracing::error!(%path, "request took longer than {limit:?}; answered 503"));
            Err(super::AppError::Busy.into())
        }
    };
    let elapsed = started.elapsed();
    let (status, route) = match &result {
        Ok(res) => (res.status().as_u16(), res.request().match_pattern()),
        Err(e) => (e.as_response_error().status_code().as_u16(), None),
    };
    let route = route.unwrap_or_else(|| "unmatched".into());
    let status_text = status.to_string();
    METRICS.http_requests.with_label_values(&[route.as_str(), method.as_str(), status_text.as_str()]).inc();
    METRICS.http_seconds.with_label_values(&[route.as_str()]).observe(elapsed.as_secs_f64());
    span.in_scope(|| {
        tracing::info!(target: "lanyard::access", %method, %path, %route, status, ms = elapsed.as_secs_f64() * 1000.0,
            %client, "{method} {path} {status}");
    });
    result.map(|mut res| {
        if let Ok(value) = HeaderValue::from_str(&id) {
            res.headers_mut().insert(REQUEST_ID.clone(), value);
        }
        res
    })
}

/// Routes whose answer is a copy of personal data: each one served goes to the security log.
const EXPORTS: [&str; 5] = [
    "/staff/events/{slug}/registrations.csv",
    "/staff/events/{slug}/scans.csv",
    "/staff/events/{slug}/scans.xlsx",
    "/staff/registrations/{id}/export.json",
    "/api/v1/events/{slug}/registrations/{reference}/export",
];

/// Notes refusals (403: a CSRF token that did not hold, or a role or event not allowed) and
/// exports in the security log, with who asked (set by the staff and API extractors) and from
/// where. Called while the response still carries its error.
pub fn note_for_security(state: &AppState, res: &ServiceResponse) {
    use crate::security_log::Kind;
    let status = res.status();
    let route = res.request().match_pattern();
    let kind = if status == actix_web::http::StatusCode::FORBIDDEN {
        let csrf = res
            .response()
            .error()
            .and_then(|e| e.as_error::<super::AppError>())
            .is_some_and(|e| matches!(e, super::AppError::Csrf));
        if csrf { Kind::CsrfRejected } else { Kind::Forbidden }
    } else if status.is_success() && route.as_deref().is_some_and(|r| EXPORTS.contains(&r)) {
        Kind::Export
    } else {
        return;
    };
    let req = res.request();
    let actor = req.extensions().get::<super::Actor>().map(|a| a.0.clone()).unwrap_or_default();
    let address = client_addr(req, &state.settings.trusted_proxies).map(|a| a.to_string()).unwrap_or_default();
    state.security.note(kind, &actor, &address, req.path(), state.now());
}
