//! The mail log (`/staff/events/{slug}/mails`, and on each registration's page): every mail
//! with its kind, language, state, attempts and last error, and a resend button.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::registrations::see_other;
use crate::i18n::Lang;
use crate::mail::log::{self, Resent};
use crate::mail::outbox::{MailStatus, OutboxRow};
use crate::staff::Permission;
use crate::web::context::Ctx;
use crate::web::extract::{CsrfForm, ManageRegistrations, Require, ViewRegistrations};
use crate::web::pages::{Chrome, render};
use crate::web::{AppError, AppState};

/// One mail as the log shows it.
pub struct MailRow {
    pub id: String,
    pub when: String,
    pub kind: String,
    pub language: String,
    pub status: &'static str,
    pub status_label: String,
    pub attempts: i32,
    pub error: String,
    /// The receiving server refused the address (SMTP 5xx).
    pub refused: bool,
    /// Sent or failed, not resent yet: staff may send it again.
    pub can_resend: bool,
    pub reference: String,
    pub registration_id: String,
}

/// A mail row in `lang`, times in the event's zone.
pub fn mail_row(lang: Lang, event: &crate::events::Event, m: &OutboxRow, reference: Option<&str>) -> MailRow {
    MailRow {
        id: m.id.clone(),
        when: lang.datetime(event.local(m.created_at)),
        kind: lang.t(&format!("mail-kind-{}", m.kind.as_str())),
        language: Lang::parse(&m.locale).map_or_else(|| m.locale.clone(), |l| l.native_name().to_owned()),
        status: m.status.as_str(),
        status_label: if m.superseded_by.is_some() {
            lang.t("mail-status-resent")
        } else {
            lang.t(&format!("mail-status-{}", m.status.as_str()))
        },
        attempts: m.attempts,
        error: m.last_error.clone().unwrap_or_default(),
        refused: log::refused(m),
        can_resend: m.superseded_by.is_none() && matches!(m.status, MailStatus::Sent | MailStatus::Failed),
        reference: reference.unwrap_or_default().to_owned(),
        registration_id: m.registration_id.as_ref().map(|r| r.to_string()).unwrap_or_default(),
    }
}

/// When the newest mail to this delegate was refused: what to tell staff (check the address,
/// or, once it was corrected, resend) and which mail to resend.
pub fn refused_notice(
    lang: Lang,
    r: &crate::registrations::Registration,
    mails: &[OutboxRow],
) -> Option<(String, String)> {
    let newest = mails.iter().rev().find(|m| m.superseded_by.is_none())?;
    if !log::refused(newest) {
        return None;
    }
    let key = if newest.recipient.trim().eq_ignore_ascii_case(r.email.trim()) {
        "mails-refused-check"
    } else {
        "mails-refused-corrected"
    };
    Some((lang.t(key), newest.id.clone()))
}

#[derive(Template)]
#[template(path = "staff/mails.html")]
pub struct MailsPage {
    pub chrome: Chrome,
    pub slug: String,
    pub csrf_token: String,
    pub can_manage: bool,
    pub filters: Vec<(String, String, bool)>,
    pub rows: Vec<MailRow>,
    pub flash: String,
    pub back: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MailsQuery {
    status: String,
    done: String,
}

/// `GET /staff/events/{slug}/mails[?status=failed]`.
pub async fn list(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ViewRegistrations>,
    slug: web::Path<String>,
    query: web::Query<MailsQuery>,
) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let p = state.programme(&slug).await?;
    let status = <MailStatus as crate::db::text::TextValue>::parse(query.status.trim());
    let event_id = p.event.id.clone();
    let entries = state.db(move |conn| Ok(log::of_event(conn, &event_id, status)?)).await?;
    let mut chrome = ctx.chrome(lang.t1("mails-title", "event", p.event_name(lang)));
    chrome.staff = Some(staff.nav(&ctx));
    let slug = p.event.slug.clone();
    let mut filters = vec![(format!("/staff/events/{slug}/mails"), lang.t("mails-all"), status.is_none())];
    filters.extend(MailStatus::ALL.iter().map(|s| {
        let label = lang.t(&format!("mail-status-{}", s.as_str()));
        (format!("/staff/events/{slug}/mails?status={}", s.as_str()), label, status == Some(*s))
    }));
    let page = MailsPage {
        chrome,
        csrf_token: ctx.csrf_token(),
        can_manage: staff.user.can(Permission::ManageRegistrations),
        filters,
        rows: entries.iter().map(|e| mail_row(lang, &p.event, &e.mail, e.reference.as_deref())).collect(),
        flash: resend_flash(lang, &query.done),
        back: match status {
            Some(s) => format!("/staff/events/{slug}/mails?status={}", s.as_str()),
            None => format!("/staff/events/{slug}/mails"),
        },
        slug,
    };
    Ok(render(StatusCode::OK, &page))
}

/// What a resend's redirect says.
pub fn resend_flash(lang: Lang, done: &str) -> String {
    match done {
        "resent" | "already-resent" | "not-finished" | "not-found" => lang.t(&format!("mails-done-{done}")),
        _ => String::new(),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ResendForm {
    /// Where to go back to: the log or the registration's page (a path on this site).
    back: String,
}

/// `POST /staff/events/{slug}/mails/{id}/resend`: a new mail to the address as it is now.
pub async fn resend(
    state: web::Data<AppState>,
    staff: Require<ManageRegistrations>,
    path: web::Path<(String, String)>,
    form: CsrfForm<ResendForm>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let p = state.programme(&slug).await?;
    let (event_id, actor, now) = (p.event.id.clone(), staff.user.label(), state.now());
    let outcome = state.db(move |conn| Ok(log::resend(conn, &event_id, &id, &actor, now)?)).await?;
    let done = match outcome {
        Resent::Queued(_) => {
            state.mailer.wake();
            "resent"
        }
        Resent::AlreadyResent(_) => "already-resent",
        Resent::NotFinished => "not-finished",
        Resent::NotFound => "not-found",
    };
    // Only a path on this site: the form's `back` must not send staff elsewhere.
    let back = Some(form.0.back)
        .filter(|b| b.starts_with("/staff/") && !b.starts_with("//") && !b.contains(['\\', '\r', '\n']))
        .unwrap_or_else(|| format!("/staff/events/{slug}/mails"));
    let (path, anchor) = back.split_once('#').map_or((back.as_str(), ""), |(p, a)| (p, a));
    let joiner = if path.contains('?') { '&' } else { '?' };
    let anchor = if anchor.is_empty() { String::new() } else { format!("#{anchor}") };
    Ok(see_other(format!("{path}{joiner}done={done}{anchor}")))
}
