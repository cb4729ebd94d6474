//! Staff pages: login, the registrations desk. Every handler takes `Require<P>` (logged in,
//! with permission `P`; see `web::extract`), or `Staff` where any logged-in account may act.

mod accounts;
pub(crate) mod attendance;
mod auth;
pub(crate) mod badges;
mod batch;
mod csv;
mod delegate;
mod designer;
mod devices;
mod handover;
mod history;
mod invitations;
mod mails;
mod messages;
mod pages;
pub(crate) mod privacy;
mod registration;
mod registration_form;
mod registrations;
mod security_log;
mod setup;
mod setup_views;
mod stations;
mod totp;
mod translations;
pub(super) use translations::problem_message as translation_problem;
mod vetting;
mod walk_in;
mod watch;
mod zones;

/// The `?done=` a page is redirected to after a form, to say what was done.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Done {
    pub done: String,
}

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use chrono::Utc;

use super::context::Ctx;
use super::extract::FormLimit;
use super::pages::StaffNav;
use super::{AppError, AppState};
use crate::staff::{Permission, StaffUser};

/// The staff session cookie (an opaque token; the database holds its hash).
pub const COOKIE: &str = "lanyard_staff";

/// A logged-in staff member.
pub struct Staff {
    pub user: StaffUser,
    token: String,
}

impl Staff {
    /// The staff bar for page frames.
    pub fn nav(&self, ctx: &Ctx) -> StaffNav {
        StaffNav {
            label: self.user.label(),
            csrf_token: ctx.csrf_token(),
            admin: self.user.can(Permission::ManageStaff),
            read: self.user.can(Permission::ViewRegistrations),
            print: self.user.can(Permission::PrintBadges),
            scan: self.user.can(Permission::Scan),
            vet: self.user.can(Permission::Vet),
        }
    }
}

pub(super) fn now() -> chrono::NaiveDateTime {
    Utc::now().naive_utc()
}

impl FromRequest for Staff {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Staff, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = req.cookie(COOKIE).map(|c| c.value().to_owned());
        // With two-factor login required, an account without it can only set it up (or leave).
        let setup_allowed = matches!(req.path(), "/staff/totp" | "/staff/logout");
        // Only a page can be returned to after logging in; a form post starts over.
        let next = if req.method() == actix_web::http::Method::GET {
            req.uri().path_and_query().map_or_else(|| "/staff".to_owned(), |p| p.to_string())
        } else {
            "/staff".to_owned()
        };
        let req = req.clone();
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::Internal(anyhow::anyhow!("no app state")))?;
            let Some(token) = token else { return Err(AppError::LoginRequired { next }) };
            let (lookup, at) = (token.clone(), state.now());
            let found = state
                .db(move |conn| {
                    let Some(user) = crate::staff::auth::resume(conn, &lookup, at)? else { return Ok(None) };
                    let must_set_up = user.totp_secret.is_none() && crate::staff::totp::required(conn)?;
                    Ok(Some((user, must_set_up)))
                })
                .await?;
            match found {
                Some((_, true)) if !setup_allowed => Err(AppError::TotpSetupRequired),
                Some((user, _)) => {
                    req.extensions_mut().insert(super::Actor(user.label()));
                    Ok(Staff { user, token })
                }
                None => Err(AppError::LoginRequired { next }),
            }
        })
    }
}

/// The largest batch form: 10,000 ids of 41 bytes, and the rest.
const BATCH_BODY: usize = 512 * 1024;

/// The staff part of the route table.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/staff/login", web::get().to(auth::login_page))
        .route("/staff/login", web::post().to(auth::login))
        .route("/staff/login/code", web::post().to(auth::login_code))
        .route("/staff/logout", web::post().to(auth::logout))
        .route("/staff/totp", web::get().to(totp::show_totp))
        .route("/staff/totp", web::post().to(totp::enable_totp))
        .route("/staff/totp/disable", web::post().to(totp::disable_totp))
        .route("/staff/accounts", web::get().to(accounts::show_accounts))
        .route("/staff/accounts", web::post().to(accounts::create_account))
        .route("/staff/accounts/{id}/active", web::post().to(accounts::set_active))
        .route("/staff/accounts/{id}/venues", web::post().to(accounts::set_venues))
        .route("/staff/accounts/{id}/events", web::post().to(accounts::set_events))
        .route("/staff/tokens", web::post().to(accounts::create_token))
        .route("/staff/tokens/{id}/revoke", web::post().to(accounts::revoke_token))
        .route("/staff/security", web::get().to(totp::show_security))
        .route("/staff/security-log", web::get().to(security_log::show_security_log))
        .route("/staff/security", web::post().to(totp::update_security))
        .route("/staff/password", web::get().to(auth::password_page))
        .route("/staff/password", web::post().to(auth::change_password))
        .route("/staff", web::get().to(registrations::dashboard))
        .route("/staff/events/new", web::get().to(setup::new_event))
        .route("/staff/events", web::post().to(setup::create_event))
        .route("/staff/events/{slug}/setup", web::get().to(setup::show_setup))
        .route("/staff/events/{slug}/setup", web::post().to(setup::update_event))
        .route("/staff/events/{slug}/badge-layouts", web::get().to(designer::list))
        .route("/staff/events/{slug}/badge-layouts/new", web::get().to(designer::start))
        .route("/staff/events/{slug}/badge-layouts/{id}", web::get().to(designer::show))
        .route("/staff/events/{slug}/badge-layouts/{id}", web::post().to(designer::publish_layout))
        .route("/staff/events/{slug}/badge-layouts/{id}/preview", web::post().to(designer::preview))
        .route("/staff/events/{slug}/zones", web::get().to(zones::show))
        .route("/staff/events/{slug}/zones", web::post().to(zones::save))
        .route("/staff/registrations/{id}/zones", web::post().to(zones::set_own))
        .route("/staff/events/{slug}/stations", web::get().to(stations::show))
        .route("/staff/events/{slug}/stations", web::post().to(stations::create))
        .route("/staff/events/{slug}/stations/{id}", web::post().to(stations::update))
        .route("/staff/events/{slug}/stations/{id}/calibration.pdf", web::get().to(stations::calibration_sheet))
        .route("/staff/registrations/{id}/badge/send", web::post().to(stations::send_badge))
        .route("/staff/events/{slug}/translations", web::get().to(translations::show))
        .route("/staff/events/{slug}/translations", web::post().to(translations::save))
        .route("/staff/events/{slug}/privacy", web::get().to(privacy::show_privacy))
        .route("/staff/events/{slug}/privacy", web::post().to(privacy::save_privacy))
        .route("/staff/events/{slug}/purge", web::post().to(privacy::purge_event))
        .route("/staff/registrations/{id}/export.json", web::get().to(privacy::export_registration))
        .route("/staff/registrations/{id}/erase", web::post().to(privacy::erase_registration))
        .route("/staff/events/{slug}/venues", web::post().to(setup::add_venue))
        .route("/staff/events/{slug}/venues/{id}", web::post().to(setup::update_venue))
        .route("/staff/events/{slug}/categories/{id}", web::post().to(setup::update_category))
        .route("/staff/events/{slug}/categories", web::post().to(setup::add_category))
        .route("/staff/events/{slug}/sessions", web::post().to(setup::save_session))
        .route("/staff/events/{slug}/registrations", web::get().to(registrations::list_registrations))
        .route("/staff/events/{slug}/messages", web::get().to(messages::compose))
        .route("/staff/events/{slug}/messages", web::post().to(messages::post))
        .route("/staff/events/{slug}/messages/{id}", web::get().to(messages::show))
        .route("/staff/events/{slug}/mails", web::get().to(mails::list))
        .route("/staff/events/{slug}/mails/{id}/resend", web::post().to(mails::resend))
        .route("/staff/events/{slug}/walk-in", web::get().to(walk_in::new_walk_in))
        .route("/staff/events/{slug}/walk-in", web::post().to(walk_in::create_walk_in))
        .route("/staff/events/{slug}/registrations/approve", web::post().to(registrations::approve_many))
        .route("/staff/events/{slug}/registrations/reject", web::post().to(registrations::reject_many))
        .route("/staff/events/{slug}/registrations.csv", web::get().to(csv::export_registrations))
        .route("/staff/events/{slug}/audit", web::get().to(history::event_audit))
        .route("/staff/events/{slug}/invitations", web::get().to(invitations::list_invitations))
        .route("/staff/events/{slug}/invitations", web::post().to(invitations::create_invitation))
        .route("/staff/invitations/{id}/revoke", web::post().to(invitations::revoke_invitation))
        .route("/staff/events/{slug}/invitations/import", web::post().to(invitations::import_invitations))
        .route("/staff/events/{slug}/import", web::get().to(csv::import_page))
        .route("/staff/events/{slug}/import", web::post().to(csv::check_import))
        .service(
            web::resource("/staff/events/{slug}/import/confirm")
                .app_data(FormLimit(csv::CONFIRM_BODY))
                .route(web::post().to(csv::run_import)),
        )
        .route("/staff/registrations/{id}", web::get().to(registration::show_registration))
        .route("/staff/registrations/{id}/edit", web::get().to(registration::edit_registration))
        .route("/staff/registrations/{id}/edit", web::post().to(registration::update_registration))
        .route("/staff/registrations/{id}/approve", web::post().to(registration::approve_registration))
        .route("/staff/registrations/{id}/reject", web::post().to(registration::reject_registration))
        .route("/staff/registrations/{id}/cancel", web::post().to(registration::cancel_registration))
        .route("/staff/registrations/{id}/badge.pdf", web::get().to(badges::preview_badge))
        .route("/staff/registrations/{id}/badge/print", web::post().to(badges::print_badge))
        .route("/staff/registrations/{id}/badge/reissue", web::post().to(badges::reissue_badge))
        .route("/staff/registrations/{id}/badge/issue", web::post().to(handover::issue_badge))
        .route("/staff/events/{slug}/vetting", web::get().to(vetting::vetting_page))
        .route("/staff/events/{slug}/vetting/{id}", web::post().to(vetting::vet))
        .route("/staff/events/{slug}/vetting/{id}/photo.jpg", web::get().to(vetting::vetting_photo))
        .route("/staff/events/{slug}/handover", web::get().to(handover::handover_page))
        .route("/staff/events/{slug}/handover", web::post().to(handover::hand_over_many))
        .route("/staff/events/{slug}/handovers/{id}/receipt.pdf", web::get().to(handover::receipt_pdf))
        .route("/staff/registrations/{id}/photo", web::post().to(badges::upload_photo))
        .route("/staff/registrations/{id}/photo.jpg", web::get().to(badges::show_photo))
        .route("/staff/registrations/{id}/photo-pending.jpg", web::get().to(delegate::pending_photo))
        .route("/staff/registrations/{id}/photo/review", web::post().to(delegate::review_photo))
        .route("/staff/registrations/{id}/badge/link", web::post().to(delegate::send_link))
        .route("/staff/registrations/{id}/precedence", web::post().to(badges::set_precedence))
        .route("/staff/registrations/{id}/door-note", web::post().to(badges::set_door_note))
        .route("/staff/registrations/{id}/watch", web::post().to(watch::set_watch))
        .route("/staff/events/{slug}/attendance", web::get().to(attendance::dashboard))
        .route("/staff/events/{slug}/rehearsal", web::post().to(attendance::rehearsal))
        .route("/staff/events/{slug}/scans.csv", web::get().to(attendance::export))
        .route("/staff/events/{slug}/scans.xlsx", web::get().to(attendance::export_xlsx))
        .route("/staff/events/{slug}/devices", web::get().to(devices::list_devices))
        .route("/staff/events/{slug}/devices", web::post().to(devices::create_device))
        .route("/staff/events/{slug}/devices/{id}/revoke", web::post().to(devices::revoke_device))
        .route("/staff/events/{slug}/devices/{id}/renew", web::post().to(devices::renew_device))
        .route("/staff/events/{slug}/sessions/{id}/list.pdf", web::get().to(attendance::door_list))
        .route("/staff/events/{slug}/badges", web::get().to(batch::batch_page))
        // A batch posts its list of registrations: up to 10,000 ids need more than the usual 64 KB.
        .service(
            web::resource("/staff/events/{slug}/badges.pdf")
                .app_data(FormLimit(BATCH_BODY))
                .route(web::post().to(batch::batch_pdf)),
        )
        .service(
            web::resource("/staff/events/{slug}/badges/printed")
                .app_data(FormLimit(BATCH_BODY))
                .route(web::post().to(batch::batch_printed)),
        )
        .service(
            web::resource("/staff/events/{slug}/badges/send")
                .app_data(FormLimit(BATCH_BODY))
                .route(web::post().to(stations::send_batch)),
        );
}
