//! History: a registration's changes, and the event-wide audit log.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::pages::{AuditPage, HistoryItem};
use crate::events::Programme;
use crate::i18n::Lang;
use crate::web::context::Ctx;
use crate::web::extract::{ManageRegistrations, Require};
use crate::web::pages::render;
use crate::web::{AppError, AppState};

/// An audit entry as the history lists show it, with the fields it changed.
pub fn history_item(lang: Lang, p: &Programme, h: &crate::audit::AuditEntry) -> HistoryItem {
    let parse = |v: &Option<String>| v.as_deref().and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok());
    let (before, after) = (parse(&h.before_value), parse(&h.after_value));
    let changes = after
        .as_ref()
        .and_then(|a| a.as_object())
        .map(|a| {
            a.iter()
                .map(|(k, v)| {
                    let old = before.as_ref().and_then(|b| b.get(k)).map(show_json).unwrap_or_default();
                    (k.clone(), old, show_json(v))
                })
                .collect()
        })
        .unwrap_or_default();
    HistoryItem {
        when: lang.datetime(p.event.local(h.at)),
        actor: h.actor.clone(),
        action: lang.t(&format!("audit-{}", h.action.replace('.', "-"))),
        changes,
        link: if h.entity == "registration" { format!("/staff/registrations/{}", h.entity_id) } else { String::new() },
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageQuery {
    page: Option<i64>,
}

/// The whole event's audit log, newest first.
pub async fn event_audit(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageRegistrations>,
    slug: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let p = state.programme(&slug).await?;
    let page = query.page.unwrap_or(1).max(1);
    let event_id = p.event.id.clone();
    let entries = state.db(move |conn| Ok(crate::audit::for_event(conn, &event_id, 101, (page - 1) * 100)?)).await?;
    let more = entries.len() > 100;
    let items = entries.iter().take(100).map(|h| history_item(lang, &p, h)).collect();
    let mut chrome = ctx.chrome(lang.t1("audit-title", "event", p.event_name(lang)));
    chrome.staff = Some(staff.nav(&ctx));
    let base = format!("/staff/events/{}/audit", p.event.slug);
    Ok(render(
        StatusCode::OK,
        &AuditPage {
            chrome,
            slug: p.event.slug.clone(),
            items,
            previous: if page > 1 { format!("{base}?page={}", page - 1) } else { String::new() },
            next: if more { format!("{base}?page={}", page + 1) } else { String::new() },
        },
    ))
}

fn show_json(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
