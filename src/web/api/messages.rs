//! Messages to segments and the mail log, for tools:
//! `POST /api/v1/events/{slug}/messages` (`{"subject", "body", "filter", "key"}` → `201 {"id",
//! "recipients"}`; the same `key` again → `200` with the first message, nothing sent twice),
//! `GET …/messages/{id}` (counts by mail status), `GET …/mails?status=failed` and
//! `POST …/mails/{id}/resend`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use super::registrations::{invalid, parse_json, rfc3339};
use super::{Api, ApiError};
use crate::common::{FieldError, Message};
use crate::mail::log::{self, Resent};
use crate::mail::outbox::MailStatus;
use crate::messages::{self, Draft, DraftInput, Sent};
use crate::web::AppState;
use crate::web::extract::{ManageRegistrations, ViewRegistrations};

/// The outcome of a send as the API answers it; the staff page shares the refusals.
pub(in crate::web) fn sent_problem(sent: &Sent) -> Option<FieldError> {
    let message = match sent {
        Sent::Queued { .. } | Sent::Repeated { .. } => return None,
        Sent::UnknownInvitation => Message::new("error-filter-unknown").with("key", "invitation"),
        Sent::NoRecipients => Message::new("error-message-no-recipients"),
        Sent::TooMany(n) => Message::new("error-message-too-many")
            .with("count", n.to_string())
            .with("max", messages::RECIPIENTS_MAX.to_string()),
    };
    Some(FieldError { field: "filter", message })
}

pub async fn create_message(
    state: web::Data<AppState>,
    caller: Api<ManageRegistrations>,
    slug: web::Path<String>,
    req: HttpRequest,
    body: super::Body,
) -> Result<HttpResponse, ApiError> {
    let mut input: DraftInput = parse_json(&body)?;
    // The usual header for "this request, not a new one" works as well as the field.
    if input.key.is_none() {
        input.key = req.headers().get("Idempotency-Key").and_then(|v| v.to_str().ok()).map(str::to_owned);
    }
    let p = state.programme(&slug).await?;
    let draft = Draft::parse(&p, &input).map_err(|errors| invalid(&caller, &errors))?;
    let (programme, actor, now) = (p.clone(), caller.label(), state.now());
    let sent = state.db(move |conn| Ok(messages::send(conn, &programme, &draft, &actor, now)?)).await?;
    if let Some(problem) = sent_problem(&sent) {
        return Err(invalid(&caller, &[problem]));
    }
    state.mailer.wake();
    Ok(match sent {
        Sent::Queued { id, recipients } => HttpResponse::Created()
            .insert_header((actix_web::http::header::LOCATION, format!("/api/v1/events/{slug}/messages/{id}")))
            .json(json!({ "id": id, "recipients": recipients })),
        Sent::Repeated { id, recipients } => {
            HttpResponse::Ok().json(json!({ "id": id, "recipients": recipients, "repeated": true }))
        }
        _ => unreachable!("refusals answered above"),
    })
}

pub async fn show_message(
    state: web::Data<AppState>,
    _caller: Api<ViewRegistrations>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (slug, id) = path.into_inner();
    let p = state.programme(&slug).await?;
    let event_id = p.event.id.clone();
    let found = state
        .db(move |conn| {
            let Some(m) = messages::find(conn, &event_id, &id)? else { return Ok(None) };
            let counts = messages::counts(conn, &m.id)?;
            Ok(Some((m, counts)))
        })
        .await?;
    let (m, counts) = found.ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such message."))?;
    let json_of = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap_or_default();
    Ok(HttpResponse::Ok().json(json!({
        "id": m.id,
        "subject": json_of(&m.subject),
        "body": json_of(&m.body),
        "filter": json_of(&m.filter),
        "recipients": m.recipients,
        "created_at": rfc3339(m.created_at),
        "created_by": m.created_by,
        "mails": counts,
    })))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MailsQuery {
    status: String,
}

pub async fn list_mails(
    state: web::Data<AppState>,
    caller: Api<ViewRegistrations>,
    slug: web::Path<String>,
    query: web::Query<MailsQuery>,
) -> Result<HttpResponse, ApiError> {
    let status = match query.status.trim() {
        "" => None,
        s => Some(<MailStatus as crate::db::text::TextValue>::parse(s).ok_or_else(|| {
            let problem = FieldError { field: "status", message: Message::new("error-mail-status").with("status", s) };
            invalid(&caller, &[problem])
        })?),
    };
    let p = state.programme(&slug).await?;
    let event_id = p.event.id.clone();
    let entries = state.db(move |conn| Ok(log::of_event(conn, &event_id, status)?)).await?;
    let mails: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            let m = &e.mail;
            json!({
                "id": m.id,
                "kind": m.kind.as_str(),
                "locale": m.locale,
                "status": m.status.as_str(),
                "attempts": m.attempts,
                "last_error": m.last_error,
                "refused": e.refused(),
                "reference": e.reference,
                "message": m.broadcast_id,
                "created_at": rfc3339(m.created_at),
                "sent_at": m.sent_at.map(rfc3339),
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({ "mails": mails })))
}

pub async fn resend_mail(
    state: web::Data<AppState>,
    caller: Api<ManageRegistrations>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (slug, id) = path.into_inner();
    let p = state.programme(&slug).await?;
    let (event_id, actor, now) = (p.event.id.clone(), caller.label(), state.now());
    let outcome = state.db(move |conn| Ok(log::resend(conn, &event_id, &id, &actor, now)?)).await?;
    let lang = caller.lang;
    match outcome {
        Resent::Queued(new) => {
            state.mailer.wake();
            Ok(HttpResponse::Accepted().json(json!({ "id": new, "status": "queued" })))
        }
        Resent::NotFound => Err(ApiError::new(StatusCode::NOT_FOUND, "not_found", lang.t("error-mail-not-found"))),
        Resent::AlreadyResent(_) => {
            Err(ApiError::new(StatusCode::CONFLICT, "already_resent", lang.t("error-mail-already-resent")))
        }
        Resent::NotFinished => {
            Err(ApiError::new(StatusCode::CONFLICT, "mail_not_finished", lang.t("error-mail-not-finished")))
        }
    }
}
