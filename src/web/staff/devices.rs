//! Scanning devices of an event: an admin names a phone or tablet, gives it venues, and shows
//! it a QR code; the device opens the link, keeps the token, and scans (also offline). A lost
//! device is revoked here.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use serde_json::json;

use super::Staff;
use crate::audit::{self, Change};
use crate::staff::tokens;
use crate::web::context::Ctx;
use crate::web::extract::{CsrfForm, ManageStaff, Require};
use crate::web::pages::{Chrome, render};
use crate::web::{AppError, AppState};

/// One device as listed: name, venues, created, last used, revoked.
pub struct DeviceRow {
    pub id: String,
    pub name: String,
    pub venues: String,
    pub created: String,
    pub last_used: String,
    pub revoked: bool,
    /// When it stops working, and whether it has.
    pub expires: String,
    pub expired: bool,
    /// Whether it locks with a PIN.
    pub pin: bool,
}

#[derive(Template)]
#[template(path = "staff/devices.html")]
pub struct DevicesPage {
    pub chrome: Chrome,
    pub csrf_token: String,
    pub slug: String,
    /// Venue id and name, for the form.
    pub venues: Vec<(String, String)>,
    pub devices: Vec<DeviceRow>,
    /// After creating one: its name, the pairing link and its QR code (shown once).
    pub paired: Option<(String, String, String)>,
    pub error: String,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    slug: &str,
    paired: Option<(String, String, String)>,
    error: String,
) -> Result<DevicesPage, AppError> {
    let (lang, now) = (ctx.lang, state.now());
    let p = state.programme(slug).await?;
    let event_id = p.event.id.clone();
    let rows = state.db(move |conn| Ok(tokens::devices(conn, &event_id)?)).await?;
    let when = |t: chrono::NaiveDateTime| format!("{} {}", lang.date(p.event.local(t)), lang.time(p.event.local(t)));
    let venue_names = |ids: &[String]| -> String {
        if ids.is_empty() {
            return lang.t("devices-all-venues");
        }
        ids.iter().filter_map(|id| p.venue(id)).map(|v| p.venue_name(lang, v)).collect::<Vec<_>>().join(", ")
    };
    let mut chrome = ctx.chrome(lang.t_args("devices-page-title", &[("event", p.event_name(lang))]));
    chrome.staff = Some(staff.nav(ctx));
    Ok(DevicesPage {
        chrome,
        csrf_token: ctx.csrf_token(),
        slug: p.event.slug.clone(),
        venues: p.venues.iter().map(|v| (v.id.clone(), p.venue_name(lang, v))).collect(),
        devices: rows
            .iter()
            .map(|d| DeviceRow {
                id: d.token.id.clone(),
                name: d.token.name.clone(),
                venues: venue_names(&d.venues),
                created: when(d.token.created_at),
                last_used: d.token.last_used_at.map(when).unwrap_or_default(),
                revoked: d.token.revoked_at.is_some(),
                expires: d.token.expires_at.map(when).unwrap_or_default(),
                expired: d.token.expires_at.is_some_and(|t| t <= now),
                pin: d.token.pin_verifier.is_some(),
            })
            .collect(),
        paired,
        error,
    })
}

pub async fn list_devices(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageStaff>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    Ok(render(StatusCode::OK, &page(&state, &ctx, &staff, &slug, None, String::new()).await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewDevice {
    name: String,
    venues: Vec<String>,
    /// Optional: 4 to 8 digits that unlock the station when it locks.
    pin: String,
}

/// The link a device opens to pair: the secret travels in the fragment, which browsers never
/// send to a server, so it stays out of access logs and proxies.
pub fn pairing_link(base: &url::Url, slug: &str, secret: &str) -> String {
    let mut url = base.join("/door").map_or_else(|_| "/door".to_owned(), |u| u.to_string());
    url.push_str(&format!("#event={slug}&token={secret}"));
    url
}

pub async fn create_device(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageStaff>,
    slug: web::Path<String>,
    body: CsrfForm<NewDevice>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let form = body.0;
    let lang = ctx.lang;
    let p = state.programme(&slug).await?;
    let name = form.name.trim().chars().take(100).collect::<String>();
    let mut asked = form.venues.clone();
    asked.sort();
    asked.dedup();
    let venues: Vec<String> = asked.iter().filter(|v| p.venue(v).is_some()).cloned().collect();
    let pin = match form.pin.trim() {
        "" => None,
        typed => crate::staff::pin::parse(typed),
    };
    let bad_pin = !form.pin.trim().is_empty() && pin.is_none();
    if name.is_empty() || venues.len() != asked.len() || bad_pin {
        let key = if name.is_empty() {
            "devices-name-missing"
        } else if bad_pin {
            "devices-pin-bad"
        } else {
            "devices-bad-venue"
        };
        let error = lang.t(key);
        return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &ctx, &staff, &slug, None, error).await?));
    }
    let (actor, event_id, device_name) = (staff.user.label(), p.event.id.clone(), name.clone());
    let expires_at = p.event.ends_at + tokens::DEVICE_AFTER_EVENT;
    let secret = state
        .db(move |conn| {
            let at = now;
            let (token, secret) =
                tokens::create_device(conn, &event_id, expires_at, &device_name, &venues, &actor, at)?;
            if let Some(pin) = &pin {
                tokens::set_pin(conn, &token.id, Some(&crate::staff::pin::verifier(pin)))?;
            }
            let change = Change {
                actor: &actor,
                action: "device.create",
                entity: "token",
                entity_id: &token.id,
                event_id: Some(&event_id),
                before: None,
                after: Some(json!({ "name": token.name, "venues": venues, "pin": pin.is_some() })),
            };
            audit::record(conn, change, at)?;
            Ok(secret)
        })
        .await?;
    let link = pairing_link(&state.settings.base_url, &p.event.slug, &secret);
    let qr = crate::qr::svg(&link, 280).unwrap_or_default();
    let paired = Some((name, link, qr));
    let mut res = render(StatusCode::OK, &page(&state, &ctx, &staff, &slug, paired, String::new()).await?);
    // The page holds a live secret: not for any cache.
    res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    Ok(res)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CsrfOnly {}

pub async fn revoke_device(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<ManageStaff>,
    path: web::Path<(String, String)>,
    _form: CsrfForm<CsrfOnly>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let (slug, id) = path.into_inner();
    let p = state.programme(&slug).await?;
    let (actor, event_id) = (staff.user.label(), p.event.id.clone());
    state
        .db(move |conn| {
            // Only a device of this event, found by id (never by name, which may repeat).
            if !tokens::devices(conn, &event_id)?.iter().any(|d| d.token.id == id) {
                return Err(AppError::NotFound);
            }
            let at = now;
            // The revocation and its audit entry commit together.
            crate::db::write_tx(conn, |conn| {
                if tokens::revoke_id(conn, &id, at)? {
                    let change = Change {
                        actor: &actor,
                        action: "device.revoke",
                        entity: "token",
                        entity_id: &id,
                        event_id: Some(&event_id),
                        before: None,
                        after: None,
                    };
                    audit::record(conn, change, at)?;
                }
                Ok::<_, diesel::result::Error>(())
            })?;
            Ok(())
        })
        .await?;
    state.forget_tokens();
    Ok(HttpResponse::SeeOther().insert_header((header::LOCATION, format!("/staff/events/{slug}/devices"))).finish())
}

/// `POST /staff/events/{slug}/devices/{id}/renew`: the device works again until a day after
/// the event ends (or a day from now, once the event is over).
pub async fn renew_device(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<ManageStaff>,
    path: web::Path<(String, String)>,
    _form: CsrfForm<CsrfOnly>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let (slug, id) = path.into_inner();
    let p = state.programme(&slug).await?;
    let until = (p.event.ends_at + tokens::DEVICE_AFTER_EVENT).max(now + tokens::DEVICE_AFTER_EVENT);
    let (actor, event_id) = (staff.user.label(), p.event.id.clone());
    state
        .db(move |conn| {
            crate::db::write_tx(conn, |conn| {
                if !tokens::renew_device(conn, &event_id, &id, until)? {
                    return Err(AppError::NotFound);
                }
                let change = Change {
                    actor: &actor,
                    action: "device.renew",
                    entity: "token",
                    entity_id: &id,
                    event_id: Some(&event_id),
                    before: None,
                    after: Some(json!({ "expires_at": until.and_utc().to_rfc3339() })),
                };
                audit::record(conn, change, now)?;
                Ok(())
            })
        })
        .await?;
    state.forget_tokens();
    Ok(HttpResponse::SeeOther().insert_header((header::LOCATION, format!("/staff/events/{slug}/devices"))).finish())
}
