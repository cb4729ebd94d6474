//! The registrations desk: list, search, detail with history, edit, approve, reject, cancel.

use std::sync::Arc;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::pages::{AuditPage, DashboardPage, DetailPage, EditPage, EventSummary, HistoryItem, ListPage, Row};
use super::{Staff, now};
use crate::events::Programme;
use crate::i18n::{self, Lang};
use crate::registrations::manage::{self, ManageOutcome};
use crate::registrations::search::{self, Filter, Sort};
use crate::registrations::{self, FieldError, Message, Registration, RegistrationForm, Source, Status};
use crate::staff::Permission;
use crate::web::context::Ctx;
use crate::web::pages::{SelectView, render};
use crate::web::views::form_views;
use crate::web::{AppError, AppState};

const PER_PAGE: i64 = 50;

fn status_label(lang: Lang, status: &str) -> String {
    lang.t(&format!("status-{status}"))
}

fn see_other(location: String) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, location)).finish()
}

fn flash(lang: Lang, done: Option<&str>, n: Option<&str>) -> String {
    const SIMPLE: [&str; 10] = [
        "approved",
        "rejected",
        "cancelled",
        "updated",
        "reason-required",
        "not-allowed",
        "full",
        "quota",
        "invited",
        "revoked",
    ];
    let count = n.and_then(|n| n.parse().ok()).unwrap_or(0);
    match done {
        Some(key) if SIMPLE.contains(&key) => lang.t(&format!("done-{key}")),
        Some("bulk") => lang.t_num("done-bulk", "count", count),
        Some("imported") => lang.t_num("done-imported", "count", count),
        _ => String::new(),
    }
}

pub async fn dashboard(state: web::Data<AppState>, ctx: Ctx, staff: Staff) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let at = now();
    let events = state
        .db(move |conn| {
            let mut out = Vec::new();
            for e in crate::events::store::upcoming(conn, at - chrono::Duration::days(60))? {
                let counts = search::counts_by_status(conn, &e.id)?;
                out.push((e, counts));
            }
            Ok(out)
        })
        .await?;
    let mut items = Vec::new();
    for (e, counts) in events {
        let p = state.programme(&e.slug).await?;
        let get = |s: &str| counts.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n).to_string();
        let total = counts.iter().map(|(_, n)| n).sum::<i64>().to_string();
        items.push(EventSummary {
            slug: e.slug.clone(),
            name: p.event_name(lang).to_owned(),
            when: lang.datetime(e.local(e.starts_at)),
            counts: lang.t_args(
                "dashboard-counts",
                &[
                    ("total", &total),
                    ("pending", &get("pending")),
                    ("approved", &get("approved")),
                    ("rejected", &get("rejected")),
                    ("cancelled", &get("cancelled")),
                ],
            ),
        });
    }
    let mut chrome = ctx.chrome(lang.t("dashboard-title"));
    chrome.staff = Some(staff.nav(&ctx));
    Ok(render(StatusCode::OK, &DashboardPage { chrome, events: items }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    status: String,
    category: String,
    country: String,
    session: String,
    sort: String,
    page: Option<i64>,
    done: Option<String>,
    n: Option<String>,
}

/// The search a list query asks for.
pub fn filter_of(p: &Programme, query: &ListQuery) -> Filter {
    Filter::from_params(p, &query.q, &query.status, &query.category, &query.country, &query.session)
}

impl ListQuery {
    /// The requested order.
    pub fn sort(&self) -> &str {
        &self.sort
    }

    fn href(&self, slug: &str, page: i64) -> String {
        self.link(&format!("/staff/events/{slug}/registrations"), Some(page))
    }

    /// `path` with this query's filters (and a page, if given).
    fn link(&self, path: &str, page: Option<i64>) -> String {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", &self.q),
            ("status", &self.status),
            ("category", &self.category),
            ("country", &self.country),
            ("session", &self.session),
            ("sort", &self.sort),
        ] {
            if !v.is_empty() {
                s.append_pair(k, v);
            }
        }
        if let Some(page) = page {
            s.append_pair("page", &page.to_string());
        }
        format!("{path}?{}", s.finish())
    }
}

fn select(name: &'static str, label: String, any: String, options: Vec<(String, String)>, chosen: &str) -> SelectView {
    SelectView {
        name,
        label,
        error: String::new(),
        required: false,
        autocomplete: "",
        placeholder: any,
        options: options.into_iter().map(|(v, l)| (v.clone(), l, v == chosen)).collect(),
    }
}

fn row(p: &Programme, lang: Lang, r: &Registration) -> Row {
    let category =
        p.categories.iter().find(|c| c.id == r.category_id).map(|c| p.category_name(lang, c)).unwrap_or_default();
    Row {
        id: r.id.clone(),
        reference: r.reference.clone(),
        name: r.display_name(),
        native_name: r.native_name.clone(),
        organization: r.organization.clone(),
        country: lang.country(&r.country),
        category,
        status: r.status.clone(),
        status_label: status_label(lang, &r.status),
        registered: lang.datetime(p.event.local(r.created_at)),
    }
}

pub async fn list_registrations(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Staff,
    slug: web::Path<String>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    staff.require(Permission::ViewRegistrations)?;
    let lang = ctx.lang;
    let p = state.programme(&slug).await?;
    let filter = filter_of(&p, &query);
    let sort = Sort::parse(&query.sort);
    let page = query.page.unwrap_or(1).max(1);
    let event_id = p.event.id.clone();
    let (items, total) =
        state.db(move |conn| Ok(search::search(conn, &event_id, &filter, sort, page, PER_PAGE)?)).await?;
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let any = lang.t("list-any");
    let statuses = ["pending", "approved", "rejected", "cancelled"]
        .iter()
        .map(|s| (s.to_string(), status_label(lang, s)))
        .collect();
    let categories = p.categories.iter().map(|c| (c.name.clone(), p.category_name(lang, c))).collect();
    let chosen_category = p.find_category(&query.category).map(|c| c.name.clone()).unwrap_or_default();
    let countries = i18n::countries(lang).iter().map(|(c, n)| (c.to_string(), n.clone())).collect();
    let sessions = p.sessions.iter().map(|s| (s.id.clone(), p.session_title(lang, s))).collect();
    let sorts = Sort::ALL.iter().map(|(_, v)| (v.to_string(), lang.t(&format!("sort-{v}")))).collect();
    let title = lang.t1("list-title", "event", p.event_name(lang));
    let mut chrome = ctx.chrome(title);
    chrome.staff = Some(staff.nav(&ctx));
    let page_data = ListPage {
        chrome,
        slug: p.event.slug.clone(),
        csrf_token: ctx.csrf_token(),
        flash: flash(lang, query.done.as_deref(), query.n.as_deref()),
        q: query.q.clone(),
        status: select("status", lang.t("list-status"), any.clone(), statuses, &query.status),
        category: select("category", lang.t("list-category"), any.clone(), categories, &chosen_category),
        country: select(
            "country",
            lang.t("list-country"),
            any.clone(),
            countries,
            &query.country.trim().to_ascii_uppercase(),
        ),
        session: select("session", lang.t("list-session"), any, sessions, &query.session),
        sort: select("sort", lang.t("list-sort"), String::new(), sorts, sort.as_str()),
        count: if total == 0 { lang.t("list-none") } else { lang.t_num("list-count", "total", total) },
        rows: items.iter().map(|r| row(&p, lang, r)).collect(),
        can_manage: staff.user.can(Permission::ManageRegistrations),
        page_label: lang.t_args("list-page", &[("page", &page.to_string()), ("pages", &pages.to_string())]),
        previous: if page > 1 { query.href(&p.event.slug, page - 1) } else { String::new() },
        next: if page < pages { query.href(&p.event.slug, page + 1) } else { String::new() },
        export: query.link(&format!("/staff/events/{}/registrations.csv", p.event.slug), None),
    };
    Ok(render(StatusCode::OK, &page_data))
}

/// A registration with its event's programme.
async fn load(state: &AppState, id: &str) -> Result<(Registration, Arc<Programme>), AppError> {
    let key = id.to_owned();
    let (registration, slug) = state
        .db(move |conn| {
            let r = registrations::store::find(conn, &key)?.ok_or(AppError::NotFound)?;
            let e = crate::events::store::find(conn, &r.event_id)?.ok_or(AppError::NotFound)?;
            Ok((r, e.slug))
        })
        .await?;
    let p = state.programme(&slug).await?;
    Ok((registration, p))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DoneQuery {
    done: Option<String>,
}

pub async fn show_registration(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Staff,
    id: web::Path<String>,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, AppError> {
    staff.require(Permission::ViewRegistrations)?;
    let lang = ctx.lang;
    let (r, p) = load(&state, &id).await?;
    let rid = r.id.clone();
    let (chosen, mails, history) = state
        .db(move |conn| {
            let chosen = registrations::store::session_ids(conn, &rid)?;
            let mails = crate::mail::outbox::for_registration(conn, &rid)?;
            let history = crate::audit::for_entity(conn, "registration", &rid)?;
            Ok((chosen, mails, history))
        })
        .await?;
    let e = &p.event;
    let category =
        p.categories.iter().find(|c| c.id == r.category_id).map(|c| p.category_name(lang, c)).unwrap_or_default();
    let mut details = vec![
        (lang.t("list-col-reference"), r.reference.clone()),
        (lang.t("field-honorific"), r.honorific.clone()),
        (lang.t("field-given_name"), r.given_name.clone()),
        (lang.t("field-family_name"), r.family_name.clone()),
        (lang.t("field-native_name"), r.native_name.clone()),
        (lang.t("field-badge_name"), r.badge_name.clone()),
        (lang.t("field-email"), r.email.clone()),
        (lang.t("field-phone"), r.phone.clone()),
        (lang.t("field-country"), lang.country(&r.country)),
        (lang.t("field-organization"), r.organization.clone()),
        (lang.t("field-position"), r.position.clone()),
        (lang.t("field-category"), category),
        (lang.t("field-dietary"), r.dietary.clone()),
        (lang.t("field-accessibility"), r.accessibility.clone()),
        (lang.t("field-locale"), r.locale.clone()),
        (lang.t("detail-source"), lang.t(&format!("source-{}", r.source))),
        (lang.t("detail-created"), lang.datetime(e.local(r.created_at))),
    ];
    details.retain(|(_, v)| !v.is_empty());
    let sessions = p
        .sessions
        .iter()
        .filter(|s| chosen.contains(&s.id))
        .map(|s| format!("{} {}", lang.time(e.local(s.starts_at)), p.session_title(lang, s)))
        .collect();
    let mails = mails
        .iter()
        .map(|m| {
            let kind = lang.t(&format!("mail-kind-{}", m.kind));
            let status = lang.t(&format!("mail-status-{}", m.status));
            format!("{} · {kind}: {status}", lang.datetime(e.local(m.created_at)))
        })
        .collect();
    let history = history.iter().map(|h| history_item(lang, &p, h)).collect();
    let status = Status::parse(&r.status).unwrap_or(Status::Pending);
    let mut chrome =
        ctx.chrome(lang.t_args("detail-title", &[("name", &r.display_name()), ("reference", &r.reference)]));
    chrome.staff = Some(staff.nav(&ctx));
    let page = DetailPage {
        chrome,
        id: r.id.clone(),
        slug: e.slug.clone(),
        csrf_token: ctx.csrf_token(),
        flash: flash(lang, query.done.as_deref(), None),
        status: r.status.clone(),
        status_label: status_label(lang, &r.status),
        reason: r.status_reason.clone(),
        details,
        sessions,
        mails,
        history,
        can_manage: staff.user.can(Permission::ManageRegistrations),
        can_approve: status != Status::Approved,
        can_reject: matches!(status, Status::Pending | Status::Approved),
        can_cancel: matches!(status, Status::Pending | Status::Approved),
    };
    Ok(render(StatusCode::OK, &page))
}

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
    staff: Staff,
    slug: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    staff.require(Permission::ManageRegistrations)?;
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

fn form_of(r: &Registration, p: &Programme, chosen: Vec<String>) -> RegistrationForm {
    RegistrationForm {
        honorific: r.honorific.clone(),
        given_name: r.given_name.clone(),
        family_name: r.family_name.clone(),
        native_name: r.native_name.clone(),
        badge_name: r.badge_name.clone(),
        email: r.email.clone(),
        phone: r.phone.clone(),
        country: r.country.clone(),
        organization: r.organization.clone(),
        position: r.position.clone(),
        category: p.categories.iter().find(|c| c.id == r.category_id).map(|c| c.name.clone()).unwrap_or_default(),
        sessions: chosen,
        dietary: r.dietary.clone(),
        accessibility: r.accessibility.clone(),
        locale: r.locale.clone(),
        invitation: String::new(),
    }
}

fn edit_page(
    ctx: &Ctx,
    staff: &Staff,
    r: &Registration,
    p: &Programme,
    form: &RegistrationForm,
    errors: &[FieldError],
) -> EditPage {
    let lang = ctx.lang;
    let v = form_views(p, lang, form, errors, true);
    let mut fields = v.person;
    fields.extend(v.contact);
    fields.extend(v.work);
    fields.extend(v.needs);
    let mut chrome = ctx.chrome(lang.t1("edit-title", "name", &r.display_name()));
    chrome.staff = Some(staff.nav(ctx));
    EditPage {
        chrome,
        id: r.id.clone(),
        csrf_token: ctx.csrf_token(),
        summary_title: lang.t_num("register-errors-summary", "count", errors.len() as i64),
        summary: v.summary,
        fields,
        country: v.country,
        category: v.category,
        sessions: v.sessions,
        sessions_error: v.sessions_error,
        locale: v.locale,
    }
}

pub async fn edit_registration(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Staff,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    staff.require(Permission::ManageRegistrations)?;
    let (r, p) = load(&state, &id).await?;
    let rid = r.id.clone();
    let chosen = state.db(move |conn| Ok(registrations::store::session_ids(conn, &rid)?)).await?;
    let form = form_of(&r, &p, chosen);
    Ok(render(StatusCode::OK, &edit_page(&ctx, &staff, &r, &p, &form, &[])))
}

#[derive(Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    ids: Vec<String>,
}

fn csrf_field(ctx: &Ctx, body: &[u8]) -> Result<CsrfField, AppError> {
    let f: CsrfField = serde_html_form::from_bytes(body).map_err(|e| AppError::BadRequest(e.to_string()))?;
    if ctx.csrf_ok(&f.csrf_token) { Ok(f) } else { Err(AppError::Csrf) }
}

pub async fn update_registration(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Staff,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    staff.require(Permission::ManageRegistrations)?;
    csrf_field(&ctx, &body)?;
    let form: RegistrationForm = serde_html_form::from_bytes(&body).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let (r, p) = load(&state, &id).await?;
    let new = match registrations::validate(&form, &p, ctx.lang, Source::Staff) {
        Ok(new) => new,
        Err(errors) => {
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &edit_page(&ctx, &staff, &r, &p, &form, &errors)));
        }
    };
    let (rid, actor) = (r.id.clone(), staff.user.label());
    let outcome = state.db(move |conn| Ok(manage::update(conn, &rid, &new, &actor, now())?)).await?;
    let conflict = |field: &'static str, message: Message| {
        let errors = [FieldError { field, message }];
        Ok(render(StatusCode::CONFLICT, &edit_page(&ctx, &staff, &r, &p, &form, &errors)))
    };
    match outcome {
        ManageOutcome::Done => {
            state.forget_programme(&p.event.slug);
            Ok(see_other(format!("/staff/registrations/{}?done=updated", r.id)))
        }
        ManageOutcome::NotFound => Err(AppError::NotFound),
        ManageOutcome::EmailTaken => conflict("email", Message { key: "error-email-taken", args: vec![] }),
        ManageOutcome::SessionFull { session_id } => {
            let title = p
                .sessions
                .iter()
                .find(|s| s.id == session_id)
                .map(|s| p.session_title(ctx.lang, s))
                .unwrap_or_default();
            conflict("sessions", Message { key: "error-session-full", args: vec![("session", title)] })
        }
        ManageOutcome::NotAllowed { .. } | ManageOutcome::QuotaReached => {
            Ok(see_other(format!("/staff/registrations/{}?done=not-allowed", r.id)))
        }
    }
}

enum Action {
    Approve,
    Reject,
    Cancel,
}

async fn act(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Staff,
    id: String,
    body: web::Bytes,
    action: Action,
) -> Result<HttpResponse, AppError> {
    staff.require(Permission::ManageRegistrations)?;
    let f = csrf_field(&ctx, &body)?;
    let reason: String = f.reason.trim().chars().take(500).collect();
    if matches!(action, Action::Reject) && reason.is_empty() {
        return Ok(see_other(format!("/staff/registrations/{id}?done=reason-required")));
    }
    let done_key = match action {
        Action::Approve => "approved",
        Action::Reject => "rejected",
        Action::Cancel => "cancelled",
    };
    let (rid, actor) = (id.clone(), staff.user.label());
    let outcome = state
        .db(move |conn| {
            Ok(match action {
                Action::Approve => manage::approve(conn, &rid, &actor, now())?,
                Action::Reject => manage::reject(conn, &rid, &reason, &actor, now())?,
                Action::Cancel => manage::cancel(conn, &rid, &reason, &actor, now())?,
            })
        })
        .await?;
    let done = match outcome {
        ManageOutcome::Done => {
            state.mailer.wake();
            state.forget_all_programmes();
            done_key
        }
        ManageOutcome::NotFound => return Err(AppError::NotFound),
        ManageOutcome::NotAllowed { .. } | ManageOutcome::EmailTaken => "not-allowed",
        ManageOutcome::SessionFull { .. } => "full",
        ManageOutcome::QuotaReached => "quota",
    };
    Ok(see_other(format!("/staff/registrations/{id}?done={done}")))
}

pub async fn approve_registration(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Staff,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    act(state, ctx, staff, id.into_inner(), body, Action::Approve).await
}

pub async fn reject_registration(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Staff,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    act(state, ctx, staff, id.into_inner(), body, Action::Reject).await
}

pub async fn cancel_registration(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Staff,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    act(state, ctx, staff, id.into_inner(), body, Action::Cancel).await
}

pub async fn approve_many(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Staff,
    slug: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    staff.require(Permission::ManageRegistrations)?;
    let f = csrf_field(&ctx, &body)?;
    let p = state.programme(&slug).await?;
    let (event_id, actor) = (p.event.id.clone(), staff.user.label());
    let ids: Vec<String> = f.ids.into_iter().take(500).collect();
    let approved = state
        .db(move |conn| {
            let mut n = 0;
            for id in ids {
                // Only this event's registrations, whatever ids were posted.
                let belongs = registrations::store::find(conn, &id)?.is_some_and(|r| r.event_id == event_id);
                if belongs && manage::approve(conn, &id, &actor, now())? == ManageOutcome::Done {
                    n += 1;
                }
            }
            Ok(n)
        })
        .await?;
    if approved > 0 {
        state.mailer.wake();
        state.forget_all_programmes();
    }
    Ok(see_other(format!("/staff/events/{}/registrations?done=bulk&n={approved}", p.event.slug)))
}
