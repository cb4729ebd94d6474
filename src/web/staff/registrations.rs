//! The registrations desk: dashboard, the list with search and filters, bulk approval.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::Staff;
use super::pages::{DashboardPage, EventSummary, ListPage, Row};
use crate::events::Programme;
use crate::i18n::{self, Lang};
use crate::ids::RegistrationId;
use crate::registrations::manage::{self, ManageOutcome};
use crate::registrations::search::{self, Filter, Sort};
use crate::registrations::{self, Registration, Status};
use crate::staff::Permission;
use crate::web::context::Ctx;
use crate::web::extract::{CsrfForm, ManageRegistrations, Require, ViewRegistrations};
use crate::web::pages::{SelectView, render};
use crate::web::{AppError, AppState};

const PER_PAGE: i64 = 50;

pub(super) fn status_label(lang: Lang, status: Status) -> String {
    lang.t(&format!("status-{}", status.as_str()))
}

pub(super) fn see_other(location: String) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, location)).finish()
}

pub(super) fn flash(lang: Lang, done: Option<&str>, n: Option<&str>) -> String {
    const SIMPLE: [&str; 28] = [
        "zones",
        "zones-unknown",
        "print-sent",
        "print-failed",
        "watch",
        "door-note",
        "door-note-invalid",
        "reissued",
        "photo",
        "link-sent",
        "photo-accepted",
        "photo-rejected",
        "photo-none-pending",
        "precedence",
        "precedence-invalid",
        "badge-not-approved",
        "marked-none",
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
        "erased",
    ];
    let count = n.and_then(|n| n.parse().ok()).unwrap_or(0);
    match done {
        Some(key) if SIMPLE.contains(&key) => lang.t(&format!("done-{key}")),
        Some("bulk") => lang.t_num("done-bulk", "count", count),
        Some("bulk-rejected") => lang.t_num("done-bulk-rejected", "count", count),
        Some("imported") => lang.t_num("done-imported", "count", count),
        Some("marked") => lang.t_num("done-marked", "count", count),
        Some(key) if key.starts_with("photo-error-") && crate::badges::photo::ERROR_KEYS.contains(&key) => lang.t(key),
        _ => String::new(),
    }
}

pub async fn dashboard(state: web::Data<AppState>, ctx: Ctx, staff: Staff) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let lang = ctx.lang;
    let at = now;
    // Door staff see no registration figures; their page is the scan station (issue 5).
    // Security officers see the events they vet, without figures.
    let sees_registrations = staff.user.can(Permission::ViewRegistrations);
    let user = staff.user.clone();
    let events = state
        .db(move |conn| {
            let mut out = Vec::new();
            for e in crate::events::store::upcoming(conn, at - chrono::Duration::days(60))? {
                if sees_registrations && crate::staff::events::reaches(conn, &user, &e.id)? {
                    let counts = search::counts_by_status(conn, &e.id)?;
                    out.push((e, Some(counts)));
                } else if !sees_registrations && crate::staff::events::may_vet(conn, &user, &e.id)? {
                    out.push((e, None));
                }
            }
            Ok(out)
        })
        .await?;
    let mut items = Vec::new();
    for (e, counts) in events {
        let p = state.programme(&e.slug).await?;
        let counts = counts.map(|counts| {
            let get = |s: &str| counts.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n).to_string();
            let total = counts.iter().map(|(_, n)| n).sum::<i64>().to_string();
            lang.t_args(
                "dashboard-counts",
                &[
                    ("total", &total),
                    ("pending", &get("pending")),
                    ("approved", &get("approved")),
                    ("rejected", &get("rejected")),
                    ("cancelled", &get("cancelled")),
                ],
            )
        });
        items.push(EventSummary {
            slug: e.slug.clone(),
            name: p.event_name(lang).to_owned(),
            when: lang.datetime(e.local(e.starts_at)),
            counts: counts.unwrap_or_default(),
        });
    }
    let mut chrome = ctx.chrome(lang.t("dashboard-title"));
    chrome.staff = Some(staff.nav(&ctx));
    Ok(render(StatusCode::OK, &DashboardPage { chrome, events: items }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    #[serde(flatten)]
    pub filter: search::FilterParams,
    sort: String,
    /// Text, not a number: numbers do not survive `flatten` from a query string.
    page: String,
    done: Option<String>,
    n: Option<String>,
}

/// The search a list query asks for.
pub fn filter_of(p: &Programme, query: &ListQuery) -> Filter {
    Filter::from_params(p, &query.filter)
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
        self.filter.append_to(&mut s);
        if !self.sort.is_empty() {
            s.append_pair("sort", &self.sort);
        }
        if let Some(page) = page {
            s.append_pair("page", &page.to_string());
        }
        format!("{path}?{}", s.finish())
    }
}

pub(super) fn select(
    name: &'static str,
    label: String,
    any: String,
    options: Vec<(String, String)>,
    chosen: &str,
) -> SelectView {
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

fn row(
    p: &Programme,
    lang: Lang,
    r: &Registration,
    (badge, lost): (Option<&crate::badges::custody::Custody>, Option<&Vec<i32>>),
) -> Row {
    let category =
        p.categories.iter().find(|c| c.id == r.category_id).map(|c| p.category_name(lang, c)).unwrap_or_default();
    Row {
        id: r.id.to_string(),
        reference: r.reference.clone(),
        name: r.display_name(),
        native_name: r.native_name.clone(),
        organization: r.organization.clone(),
        country: lang.country(&r.country),
        category,
        status: r.status.as_str().to_owned(),
        status_label: status_label(lang, r.status),
        registered: lang.datetime(p.event.local(r.created_at)),
        badge: {
            let state = badge.map(|c| lang.t(&format!("badge-state-{}", c.state.code()))).unwrap_or_default();
            match lost.filter(|l| !l.is_empty()) {
                Some(l) => {
                    let versions = l.iter().map(|v| format!("v{v}")).collect::<Vec<_>>().join(", ");
                    format!("{state} · {}", lang.t1("badge-lost-versions", "versions", &versions))
                }
                None => state,
            }
        },
    }
}

pub async fn list_registrations(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ViewRegistrations>,
    slug: web::Path<String>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let p = state.programme(&slug).await?;
    let filter = filter_of(&p, &query);
    let sort = Sort::parse(&query.sort);
    let page = query.page.parse::<i64>().unwrap_or(1).max(1);
    let event_id = p.event.id.clone();
    let (items, total, custody, invitations) = state
        .db(move |conn| {
            let (items, total) = search::search(conn, &event_id, &filter, sort, page, PER_PAGE)?;
            let ids: Vec<_> = items.iter().map(|r| r.id.clone()).collect();
            let custody = crate::badges::custody::current_of(conn, &ids)?;
            let invitations = crate::invitations::for_event(conn, &event_id)?;
            Ok((items, total, (custody, crate::badges::custody::lost_versions(conn, &ids)?), invitations))
        })
        .await?;
    let invitations = invitations.into_iter().map(|i| (i.id.clone(), i.organization.clone())).collect();
    let f = &query.filter;
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let any = lang.t("list-any");
    let statuses = Status::ALL.iter().map(|s| (s.as_str().to_owned(), status_label(lang, *s))).collect();
    let categories = p.categories.iter().map(|c| (c.name.clone(), p.category_name(lang, c))).collect();
    let chosen_category = p.find_category(&query.filter.category).map(|c| c.name.clone()).unwrap_or_default();
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
        q: query.filter.q.clone(),
        status: select("status", lang.t("list-status"), any.clone(), statuses, &query.filter.status),
        category: select("category", lang.t("list-category"), any.clone(), categories, &chosen_category),
        country: select(
            "country",
            lang.t("list-country"),
            any.clone(),
            countries,
            &query.filter.country.trim().to_ascii_uppercase(),
        ),
        session: select("session", lang.t("list-session"), any.clone(), sessions, &query.filter.session),
        invitation: select("invitation", lang.t("list-invitation"), any, invitations, &f.invitation),
        flags: vec![
            ("not_arrived", lang.t("list-not-arrived"), f.not_arrived),
            ("watched", lang.t("list-watched"), f.watched),
            ("heads_of_delegation", lang.t("list-heads"), f.heads_of_delegation),
        ],
        write: query.link(&format!("/staff/events/{}/messages", p.event.slug), None),
        sort: select("sort", lang.t("list-sort"), String::new(), sorts, sort.as_str()),
        count: if total == 0 { lang.t("list-none") } else { lang.t_num("list-count", "total", total) },
        rows: items.iter().map(|r| row(&p, lang, r, (custody.0.get(&r.id), custody.1.get(&r.id)))).collect(),
        can_manage: staff.user.can(Permission::ManageRegistrations),
        page_label: lang.t_args("list-page", &[("page", &page.to_string()), ("pages", &pages.to_string())]),
        previous: if page > 1 { query.href(&p.event.slug, page - 1) } else { String::new() },
        next: if page < pages { query.href(&p.event.slug, page + 1) } else { String::new() },
        export: query.link(&format!("/staff/events/{}/registrations.csv", p.event.slug), None),
    };
    Ok(render(StatusCode::OK, &page_data))
}

/// A decision on one registration (with its reason) or on several (their ids).
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ActionForm {
    pub(super) reason: String,
    pub(super) ids: Vec<RegistrationId>,
    /// For a rejection of several: whether the delegates are told by mail.
    pub(super) notify: Option<String>,
}

/// Applies `decide` to each ticked registration that is this event's and pending (ticking a
/// mixed list must not reinstate rejected people, nor reach another event); returns how many
/// it changed.
async fn each_pending<F>(
    state: &AppState,
    p: &crate::events::Programme,
    ids: Vec<RegistrationId>,
    decide: F,
) -> Result<usize, AppError>
where
    F: Fn(&mut crate::db::DbConn, &RegistrationId) -> diesel::QueryResult<ManageOutcome> + Send + 'static,
{
    let event_id = p.event.id.clone();
    let ids: Vec<RegistrationId> = ids.into_iter().take(500).collect();
    let changed = state
        .db(move |conn| {
            let mut n = 0;
            for id in ids {
                let belongs = registrations::store::find(conn, &id)?
                    .is_some_and(|r| r.event_id == event_id && r.status == registrations::Status::Pending);
                if belongs && decide(conn, &id)? == ManageOutcome::Done {
                    n += 1;
                }
            }
            Ok(n)
        })
        .await?;
    if changed > 0 {
        state.mailer.wake();
        state.forget_all_programmes();
    }
    Ok(changed)
}

pub async fn approve_many(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<ManageRegistrations>,
    slug: web::Path<String>,
    f: CsrfForm<ActionForm>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let p = state.programme(&slug).await?;
    let (actor, keys) = (staff.user.label(), state.keys.clone());
    let approved =
        each_pending(&state, &p, f.0.ids, move |conn, id| manage::approve(conn, &keys, id, &actor, now)).await?;
    Ok(see_other(format!("/staff/events/{}/registrations?done=bulk&n={approved}", p.event.slug)))
}

/// Rejects the ticked pending registrations of an event with one reason, mailing them or not
/// (registrations judged fake are rejected without mail to addresses nobody owns).
pub async fn reject_many(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<ManageRegistrations>,
    slug: web::Path<String>,
    f: CsrfForm<ActionForm>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let f = f.0;
    let p = state.programme(&slug).await?;
    let list = format!("/staff/events/{}/registrations", p.event.slug);
    let reason: String = f.reason.trim().chars().take(manage::MAX_REASON).collect();
    if reason.is_empty() {
        return Ok(see_other(format!("{list}?done=reason-required")));
    }
    let (notify, actor) = (f.notify.is_some(), staff.user.label());
    let rejected = each_pending(&state, &p, f.ids, move |conn, id| match notify {
        true => manage::reject(conn, id, &reason, &actor, now),
        false => manage::reject_unmailed(conn, id, &reason, &actor, now),
    })
    .await?;
    Ok(see_other(format!("{list}?done=bulk-rejected&n={rejected}")))
}
