//! Public pages: the event list, an event's programme, and registration.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::Deserialize;

use super::context::Ctx;
use super::pages::{ChosenSession, EventItem, IndexPage, RegisteredPage, render};
use super::{AppError, AppState, views};
use crate::events::Window;
use crate::registrations::{self, FieldError, Message, RegisterOutcome, RegistrationForm, Source};

fn now() -> chrono::NaiveDateTime {
    Utc::now().naive_utc()
}

pub async fn list_events(state: web::Data<AppState>, ctx: Ctx) -> Result<HttpResponse, AppError> {
    let at = now();
    let events = state.db(move |conn| Ok(crate::events::store::upcoming(conn, at)?)).await?;
    let lang = ctx.lang;
    let ids: Vec<String> = events.iter().map(|e| e.id.clone()).collect();
    // Event names in the reader's language come with each programme; one small query per event.
    let mut items = Vec::with_capacity(ids.len());
    for e in events {
        let p = state.programme(&e.slug).await?;
        items.push(EventItem {
            slug: e.slug.clone(),
            name: p.event_name(lang).to_owned(),
            when: lang.datetime(e.local(e.starts_at)),
        });
    }
    let page = IndexPage { chrome: ctx.chrome(lang.t("events-title")), events: items };
    Ok(render(StatusCode::OK, &page))
}

pub async fn health(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    state
        .db(|conn| {
            use diesel::connection::SimpleConnection;
            conn.batch_execute("SELECT 1").map_err(AppError::from)
        })
        .await?;
    Ok(HttpResponse::Ok().content_type("text/plain").body("ok"))
}

pub async fn show_event(
    state: web::Data<AppState>,
    ctx: Ctx,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&slug).await?;
    Ok(render(StatusCode::OK, &views::event_page(&p, &ctx, now())))
}

fn registration_possible(p: &crate::events::Programme, at: chrono::NaiveDateTime) -> bool {
    p.event.window(at) == Window::Open && !p.event.invitation_only
}

pub async fn new_registration(
    state: web::Data<AppState>,
    ctx: Ctx,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&slug).await?;
    let at = now();
    if !registration_possible(&p, at) {
        return Ok(render(StatusCode::OK, &views::closed_page(&p, &ctx, at)));
    }
    let form = RegistrationForm { locale: ctx.lang.code().to_owned(), ..RegistrationForm::default() };
    Ok(render(StatusCode::OK, &views::register_page(&p, &ctx, &form, &[])))
}

#[derive(Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf_token: String,
}

pub async fn create_registration(
    state: web::Data<AppState>,
    ctx: Ctx,
    slug: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let token: CsrfField = serde_html_form::from_bytes(&body).map_err(|e| AppError::BadRequest(e.to_string()))?;
    if !ctx.csrf_ok(&token.csrf_token) {
        return Err(AppError::Csrf);
    }
    let form: RegistrationForm = serde_html_form::from_bytes(&body).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let p = state.programme(&slug).await?;
    let at = now();
    if !registration_possible(&p, at) {
        return Ok(render(StatusCode::FORBIDDEN, &views::closed_page(&p, &ctx, at)));
    }
    let new = match registrations::validate(&form, &p, ctx.lang, Source::Web) {
        Ok(new) => new,
        Err(errors) => {
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &views::register_page(&p, &ctx, &form, &errors)));
        }
    };
    let programme = p.clone();
    let registration = new.clone();
    let outcome =
        state.db(move |conn| Ok(registrations::register(conn, &programme, &registration, Source::Web, at)?)).await?;
    let lang = ctx.lang;
    let conflict = |field: &'static str, message: Message| {
        let errors = [FieldError { field, message }];
        render(StatusCode::CONFLICT, &views::register_page(&p, &ctx, &form, &errors))
    };
    match outcome {
        RegisterOutcome::Registered { reference, status, .. } => {
            state.mailer.wake();
            let e = &p.event;
            let event_name = p.event_name(lang);
            let key = match status {
                registrations::Status::Pending => "registered-pending",
                _ => "registered-confirmed",
            };
            let sessions = p
                .sessions
                .iter()
                .filter(|s| new.session_ids.contains(&s.id))
                .map(|s| ChosenSession {
                    title: p.session_title(lang, s),
                    venue: p.venue(&s.venue_id).map(|v| p.venue_name(lang, v)).unwrap_or_default(),
                    when: format!("{}–{}", lang.datetime(e.local(s.starts_at)), lang.time(e.local(s.ends_at))),
                })
                .collect();
            let page = RegisteredPage {
                chrome: ctx.chrome(lang.t("registered-title")),
                message: lang.t1(key, "event", event_name),
                reference,
                email_sent: lang.t1("registered-email-sent", "email", &new.email),
                sessions,
                local_times: lang.t1("event-local-times", "zone", &e.time_zone),
            };
            Ok(render(StatusCode::OK, &page))
        }
        RegisterOutcome::AlreadyRegistered => {
            Ok(conflict("email", Message { key: "error-already-registered", args: vec![] }))
        }
        RegisterOutcome::SessionFull { session_id } => {
            let title =
                p.sessions.iter().find(|s| s.id == session_id).map(|s| p.session_title(lang, s)).unwrap_or_default();
            Ok(conflict("sessions", Message { key: "error-session-full", args: vec![("session", title)] }))
        }
        RegisterOutcome::Closed(_) | RegisterOutcome::InvitationOnly => {
            Ok(render(StatusCode::FORBIDDEN, &views::closed_page(&p, &ctx, at)))
        }
    }
}
