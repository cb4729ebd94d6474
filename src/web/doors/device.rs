//! The scan station of a paired device (`/door`): one page that works from the token it was
//! paired with, keeps deciding from sealed, synced records when the network drops, and queues
//! its scans until it is back. The page holds nothing personal, so its service worker may keep
//! a copy for starting offline.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::web::context::Ctx;
use crate::web::pages::{Chrome, render};

#[derive(Template)]
#[template(path = "door/station.html")]
pub struct DeviceStationPage {
    pub chrome: Chrome,
}

/// `GET /door`: the station shell; everything else comes through the API with the token.
pub async fn station(ctx: Ctx) -> HttpResponse {
    let page = DeviceStationPage { chrome: ctx.chrome(ctx.lang.t("door-title")) };
    let mut res = render(StatusCode::OK, &page);
    // Always asked again when online (the worker falls back to its copy when not).
    res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-cache"));
    res
}

/// `GET /door-sw.js`: the service worker that lets the station start without a network.
pub async fn service_worker() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(include_str!("../../../templates/static/door-sw.js"))
}

/// `GET /static/jsqr.js`: the QR decoder for cameras where the browser has no BarcodeDetector
/// (jsQR 1.4.0, Apache-2.0, served from here: no CDN).
pub async fn qr_decoder() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(include_str!("../../../templates/static/vendor/jsQR.js"))
}

/// A script of the device station, cached like `door.js`.
fn script(body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(body)
}

/// `GET /static/door-rules.js`: the door's rules, as the server's (offline decisions).
pub async fn rules_script() -> HttpResponse {
    script(include_str!("../../../templates/static/door-rules.js"))
}

/// `GET /static/door-records.js`: the device's storage and its sealed records.
pub async fn records_script() -> HttpResponse {
    script(include_str!("../../../templates/static/door-records.js"))
}

/// `GET /static/door-device.js`: the device station itself.
pub async fn device_script() -> HttpResponse {
    script(include_str!("../../../templates/static/door-device.js"))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/door", web::get().to(station))
        .route("/door-sw.js", web::get().to(service_worker))
        .route("/static/jsqr.js", web::get().to(qr_decoder))
        .route("/static/door-rules.js", web::get().to(rules_script))
        .route("/static/door-records.js", web::get().to(records_script))
        .route("/static/door-device.js", web::get().to(device_script));
}
