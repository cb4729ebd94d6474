//! Admin pages: staff accounts (create, deactivate) and API tokens (create, revoke).
//! A new password or token is shown once, on the page that answers its creation.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use super::Staff;
use super::pages::{AccountRow, AccountsPage, TokenRow};
use crate::audit::{self, Change};
use crate::staff::{Role, auth, doors, events as staff_events, password, store, tokens};
use crate::web::context::Ctx;
use crate::web::extract::{CsrfForm, ManageStaff, Require};
use crate::web::pages::render;
use crate::web::{AppError, AppState};

async fn page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    shown_once: String,
    error: String,
) -> Result<AccountsPage, AppError> {
    let now = state.now();
    let lang = ctx.lang;
    let (accounts, all_tokens, (all_venues, all_events), given, locked) = state
        .db(move |conn| {
            use crate::db::schema::{events, venues};
            use diesel::prelude::*;
            let accounts = store::all(conn)?;
            let all_venues: Vec<(String, String, String)> = venues::table
                .inner_join(events::table)
                .order((events::starts_at.asc(), venues::position.asc()))
                .select((venues::id, events::name, venues::name))
                .load(conn)?;
            let all_events: Vec<(String, String)> =
                events::table.order(events::starts_at.asc()).select((events::id, events::name)).load(conn)?;
            // Door accounts are given venues; registrars, printers and security accounts events.
            let mut given = std::collections::HashMap::new();
            for a in &accounts {
                let mine = match a.role {
                    Role::Door => doors::venues_of(conn, &a.id)?,
                    Role::Security | Role::Registrar | Role::Printer => {
                        staff_events::events_of(conn, &a.id)?.iter().map(|e| e.as_str().to_owned()).collect()
                    }
                    _ => continue,
                };
                given.insert(a.id.clone(), mine);
            }
            let locked = store::locked_accounts(conn, now)?;
            Ok((accounts, tokens::all(conn)?, (all_venues, all_events), given, locked))
        })
        .await?;
    let event_time = |t: chrono::NaiveDateTime| t.format("%Y-%m-%d %H:%M UTC").to_string();
    let mut chrome = ctx.chrome(lang.t("accounts-title"));
    chrome.staff = Some(staff.nav(ctx));
    Ok(AccountsPage {
        chrome,
        csrf_token: ctx.csrf_token(),
        shown_once,
        error,
        roles: Role::ALL.iter().map(|r| (r.as_str().to_owned(), lang.t(&format!("role-{}", r.as_str())))).collect(),
        accounts: accounts
            .iter()
            .map(|u| AccountRow {
                id: u.id.clone(),
                label: u.label(),
                role: lang.t(&format!("role-{}", u.role.as_str())),
                two_factor: u.totp_secret.is_some(),
                active: u.active,
                locked: locked.contains(&u.id),
                is_me: u.id == staff.user.id,
                venues: match given.get(&u.id) {
                    Some(mine) if u.role == Role::Door => all_venues
                        .iter()
                        .map(|(id, event, venue)| (id.clone(), format!("{event} · {venue}"), mine.contains(id)))
                        .collect(),
                    _ => Vec::new(),
                },
                events: match given.get(&u.id) {
                    Some(mine) if matches!(u.role, Role::Security | Role::Registrar | Role::Printer) => {
                        all_events.iter().map(|(id, name)| (id.clone(), name.clone(), mine.contains(id))).collect()
                    }
                    _ => Vec::new(),
                },
            })
            .collect(),
        tokens: all_tokens
            .iter()
            .map(|t| TokenRow {
                id: t.id.clone(),
                name: t.name.clone(),
                role: lang.t(&format!("role-{}", t.role.as_str())),
                event: match &t.event_id {
                    Some(id) => {
                        all_events.iter().find(|(e, _)| e == id.as_str()).map(|(_, n)| n.clone()).unwrap_or_default()
                    }
                    None => lang.t("tokens-every-event"),
                },
                created: event_time(t.created_at),
                last_used: t.last_used_at.map(event_time).unwrap_or_default(),
                revoked: t.revoked_at.is_some(),
            })
            .collect(),
        events: all_events.clone(),
    })
}

pub async fn show_accounts(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageStaff>,
) -> Result<HttpResponse, AppError> {
    Ok(render(StatusCode::OK, &page(&state, &ctx, &staff, String::new(), String::new()).await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewAccount {
    email: String,
    name: String,
    role: String,
}

pub async fn create_account(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageStaff>,
    form: CsrfForm<NewAccount>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let lang = ctx.lang;
    let Some(role) = Role::parse(&form.role) else {
        return Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(&state, &ctx, &staff, String::new(), lang.t("accounts-bad-role")).await?,
        ));
    };
    let secret = password::generate();
    let (email, name, pw, actor) = (form.email.clone(), form.name.clone(), secret.clone(), staff.user.label());
    let created = state
        .db(move |conn| {
            let at = now;
            Ok(match auth::create(conn, &email, &name, role, &pw, at) {
                Ok(user) => {
                    let change = Change {
                        actor: &actor,
                        action: "staff.create",
                        entity: "staff",
                        entity_id: &user.id,
                        event_id: None,
                        before: None,
                        after: Some(json!({ "email": user.email, "role": user.role })),
                    };
                    audit::record(conn, change, at)?;
                    Ok(user)
                }
                Err(auth::CreateError::Db(e)) => return Err(e.into()),
                Err(auth::CreateError::Hash(e)) => return Err(AppError::Internal(e)),
                Err(e) => Err(e),
            })
        })
        .await?;
    match created {
        Ok(user) => {
            let shown = lang.t_args("accounts-created", &[("email", &user.email), ("password", &secret)]);
            Ok(render(StatusCode::OK, &page(&state, &ctx, &staff, shown, String::new()).await?))
        }
        Err(e) => {
            let message = match e {
                auth::CreateError::Taken => lang.t("accounts-taken"),
                _ => lang.t("error-email-invalid"),
            };
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &ctx, &staff, String::new(), message).await?))
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActiveForm {
    active: String,
}

pub async fn set_active(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<ManageStaff>,
    id: web::Path<String>,
    form: CsrfForm<ActiveForm>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let id = id.into_inner();
    if id == staff.user.id {
        // Locking oneself out would leave an event without its admin.
        return Err(AppError::Forbidden);
    }
    let (active, actor) = (form.active == "true", staff.user.label());
    state
        .db(move |conn| {
            crate::db::write_tx(conn, |conn| {
                store::find(conn, &id)?.ok_or(diesel::result::Error::NotFound)?;
                store::set_active(conn, &id, active, now)?;
                let change = Change {
                    actor: &actor,
                    action: if active { "staff.activate" } else { "staff.deactivate" },
                    entity: "staff",
                    entity_id: &id,
                    event_id: None,
                    before: None,
                    after: Some(json!({ "active": active })),
                };
                audit::record(conn, change, now)
            })?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::SeeOther().insert_header((header::LOCATION, "/staff/accounts")).finish())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewToken {
    name: String,
    role: String,
    /// The event it works on; only an admin token may have none (every event).
    event: String,
}

pub async fn create_token(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageStaff>,
    form: CsrfForm<NewToken>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let lang = ctx.lang;
    let role = Role::parse(&form.role);
    let name = form.name.trim().to_owned();
    let (Some(role), false) = (role, name.is_empty()) else {
        return Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(&state, &ctx, &staff, String::new(), lang.t("tokens-bad")).await?,
        ));
    };
    let event = match form.event.trim() {
        "" => None,
        id => {
            let wanted = crate::ids::EventId::from(id.to_owned());
            state.db(move |conn| Ok(crate::events::store::find(conn, &wanted)?)).await?.map(|e| e.id)
        }
    };
    if event.is_none() && role != Role::Admin {
        return Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(&state, &ctx, &staff, String::new(), lang.t("tokens-event-required")).await?,
        ));
    }
    let actor = staff.user.label();
    let secret = state
        .db(move |conn| {
            let at = now;
            let (token, secret) = tokens::create(conn, &name, role, event.as_ref(), &actor, at)?;
            let change = Change {
                actor: &actor,
                action: "token.create",
                entity: "token",
                entity_id: &token.id,
                event_id: None,
                before: None,
                after: Some(json!({ "name": token.name, "role": token.role, "event": token.event_id })),
            };
            audit::record(conn, change, at)?;
            Ok(secret)
        })
        .await?;
    let shown = lang.t1("tokens-created", "token", &secret);
    Ok(render(StatusCode::OK, &page(&state, &ctx, &staff, shown, String::new()).await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CsrfOnly {}

pub async fn revoke_token(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<ManageStaff>,
    id: web::Path<String>,
    _form: CsrfForm<CsrfOnly>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let (id, actor) = (id.into_inner(), staff.user.label());
    state
        .db(move |conn| {
            let at = now;
            if tokens::revoke(conn, &id, at)? > 0 {
                let change = Change {
                    actor: &actor,
                    action: "token.revoke",
                    entity: "token",
                    entity_id: &id,
                    event_id: None,
                    before: None,
                    after: None,
                };
                audit::record(conn, change, at)?;
            }
            Ok(())
        })
        .await?;
    state.forget_tokens();
    Ok(HttpResponse::SeeOther().insert_header((header::LOCATION, "/staff/accounts")).finish())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VenuesForm {
    venues: Vec<String>,
}

/// Gives an account what its role works on: `give` stores it (with its audit entry) for the
/// account, by `actor`, at `now`.
async fn assign(
    state: &AppState,
    staff: &Staff,
    id: String,
    give: impl FnOnce(&mut crate::db::DbConn, &str, &str, chrono::NaiveDateTime) -> diesel::QueryResult<()> + Send + 'static,
) -> Result<HttpResponse, AppError> {
    let (now, actor) = (state.now(), staff.user.label());
    state
        .db(move |conn| {
            store::find(conn, &id)?.ok_or(AppError::NotFound)?;
            Ok(give(conn, &id, &actor, now)?)
        })
        .await?;
    Ok(HttpResponse::SeeOther().insert_header((header::LOCATION, "/staff/accounts")).finish())
}

/// Gives a door account its venues.
pub async fn set_venues(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<ManageStaff>,
    id: web::Path<String>,
    body: CsrfForm<VenuesForm>,
) -> Result<HttpResponse, AppError> {
    let venues = body.0.venues;
    assign(&state, &staff, id.into_inner(), move |conn, id, actor, now| {
        doors::set_venues(conn, id, &venues, actor, now)
    })
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EventsForm {
    events: Vec<String>,
}

/// Gives a registrar, printer or security account the events it works on.
pub async fn set_events(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<ManageStaff>,
    id: web::Path<String>,
    body: CsrfForm<EventsForm>,
) -> Result<HttpResponse, AppError> {
    let events: Vec<crate::ids::EventId> = body.0.events.into_iter().map(Into::into).collect();
    assign(&state, &staff, id.into_inner(), move |conn, id, actor, now| {
        staff_events::set_events(conn, id, &events, actor, now)
    })
    .await
}
