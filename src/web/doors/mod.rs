//! The doors: the staff scan station (`/staff/door`), the paired device's station (`/door`),
//! the scan API they both reach, and the translated JSON a door screen shows.

pub(crate) mod alerts;
pub(super) mod api;
pub(super) mod delegation;
pub(super) mod device;
pub(super) mod notes;
pub(super) mod station;
pub(super) mod view;

use actix_web::web;

/// The door pages' part of the route table (the scan API is in the API's scope).
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/staff/door", web::get().to(station::station))
        .route("/staff/door/scan", web::post().to(station::scan))
        .route("/staff/door/photo/{id}", web::get().to(station::photo))
        .route("/staff/door/ack", web::post().to(notes::ack_station))
        .route("/staff/door/delegation", web::post().to(delegation::admit_station))
        .route("/staff/events/{slug}/alerts", web::get().to(alerts::stream))
        .configure(device::routes);
}
