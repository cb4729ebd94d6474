//! Messages to segments (`/staff/events/{slug}/messages`): staff choose recipients with the
//! registrations list's filters, write in one language or several, preview (the count and the
//! mail in each reader's language), and send; a message's page shows its mails by status.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::registrations::{see_other, select, status_label};
use crate::common::FieldError;
use crate::events::Programme;
use crate::i18n::{self, Lang};
use crate::messages::{self, Draft, DraftInput, LocalText, Sent};
use crate::registrations::Status;
use crate::registrations::search::FilterParams;
use crate::web::context::Ctx;
use crate::web::extract::{CsrfForm, ManageRegistrations, Require};
use crate::web::pages::{Chrome, SelectView, render};
use crate::web::{AppError, AppState};

/// The compose form as posted: filters, a subject and body per language, the send key.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ComposeForm {
    #[serde(flatten)]
    filter: FilterParams,
    /// `subject_en`, `body_ar`, …: the texts by language.
    #[serde(flatten)]
    texts: BTreeMap<String, String>,
    key: String,
    /// `preview` or `send`.
    action: String,
}

/// One language's fields on the form.
pub struct LangFields {
    pub code: &'static str,
    pub name: String,
    pub dir: &'static str,
    pub html_lang: &'static str,
    pub subject: String,
    pub body: String,
    /// The event's default language, written first (others fall back to it).
    pub main: bool,
}

/// The mail as readers of one language get it.
pub struct PreviewLang {
    pub name: String,
    pub html_lang: &'static str,
    pub dir: &'static str,
    pub count_line: String,
    pub subject: String,
    pub body: String,
}

/// A sent message in the list.
pub struct SentRow {
    pub id: String,
    pub when: String,
    pub subject: String,
    pub recipients: i32,
    pub by: String,
}

#[derive(Template)]
#[template(path = "staff/messages.html")]
pub struct MessagesPage {
    pub chrome: Chrome,
    pub slug: String,
    pub csrf_token: String,
    pub key: String,
    pub selects: Vec<SelectView>,
    pub flags: Vec<(&'static str, String, bool)>,
    pub langs: Vec<LangFields>,
    pub errors: Vec<(String, String)>,
    /// Set after "preview": how many, the send button, and the mail in each reader's language.
    pub count_line: String,
    pub send_label: String,
    pub preview: Vec<PreviewLang>,
    pub sent: Vec<SentRow>,
}

impl ComposeForm {
    /// The form's texts as the API's JSON objects (language → text).
    fn input(&self) -> DraftInput {
        let texts = |prefix: &str| {
            let map: serde_json::Map<String, serde_json::Value> = Lang::ALL
                .iter()
                .filter_map(|l| {
                    let text = self.texts.get(&format!("{prefix}_{}", l.code()))?;
                    Some((l.code().to_owned(), serde_json::Value::String(text.clone())))
                })
                .collect();
            serde_json::Value::Object(map)
        };
        let filter = match serde_json::to_value(&self.filter) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        };
        DraftInput { subject: texts("subject"), body: texts("body"), filter, key: Some(self.key.clone()) }
    }
}

fn page(ctx: &Ctx, p: &Programme, form: &ComposeForm, invitations: Vec<(String, String)>) -> MessagesPage {
    let lang = ctx.lang;
    let any = lang.t("list-any");
    let f = &form.filter;
    let statuses = Status::ALL.iter().map(|s| (s.as_str().to_owned(), status_label(lang, *s))).collect();
    let categories = p.categories.iter().map(|c| (c.name.clone(), p.category_name(lang, c))).collect();
    let chosen_category = p.find_category(&f.category).map(|c| c.name.clone()).unwrap_or_default();
    let countries = i18n::countries(lang).iter().map(|(c, n)| (c.to_string(), n.clone())).collect();
    let sessions = p.sessions.iter().map(|s| (s.id.clone(), p.session_title(lang, s))).collect();
    let chosen_session = p.find_session(&f.session).map(|s| s.id.clone()).unwrap_or_default();
    let default = &p.event.default_locale;
    let mut langs: Vec<LangFields> = Lang::ALL
        .iter()
        .map(|l| LangFields {
            code: l.code(),
            name: l.native_name().to_owned(),
            dir: l.dir(),
            html_lang: l.html_lang(),
            subject: form.texts.get(&format!("subject_{}", l.code())).cloned().unwrap_or_default(),
            body: form.texts.get(&format!("body_{}", l.code())).cloned().unwrap_or_default(),
            main: l.code() == default,
        })
        .collect();
    langs.sort_by_key(|l| !l.main);
    MessagesPage {
        chrome: ctx.chrome(lang.t1("messages-title", "event", p.event_name(lang))),
        slug: p.event.slug.clone(),
        csrf_token: ctx.csrf_token(),
        key: if form.key.is_empty() { crate::db::new_id() } else { form.key.clone() },
        selects: vec![
            select("status", lang.t("list-status"), any.clone(), statuses, &f.status),
            select("category", lang.t("list-category"), any.clone(), categories, &chosen_category),
            select("country", lang.t("list-country"), any.clone(), countries, &f.country.trim().to_ascii_uppercase()),
            select("session", lang.t("list-session"), any.clone(), sessions, &chosen_session),
            select("invitation", lang.t("list-invitation"), any, invitations, &f.invitation),
        ],
        flags: vec![
            ("not_arrived", lang.t("list-not-arrived"), f.not_arrived),
            ("watched", lang.t("list-watched"), f.watched),
            ("heads_of_delegation", lang.t("list-heads"), f.heads_of_delegation),
        ],
        langs,
        errors: Vec::new(),
        count_line: String::new(),
        send_label: String::new(),
        preview: Vec::new(),
        sent: Vec::new(),
    }
}

/// What the page needs from the database: the event's invitations and sent messages.
async fn load(state: &AppState, p: &Programme, lang: Lang) -> Result<(Vec<(String, String)>, Vec<SentRow>), AppError> {
    let (event_id, e) = (p.event.id.clone(), p.event.clone());
    let (invitations, sent) = state
        .db(move |conn| Ok((crate::invitations::for_event(conn, &event_id)?, messages::of_event(conn, &event_id)?)))
        .await?;
    let invitations = invitations.into_iter().map(|i| (i.id.clone(), i.organization.clone())).collect();
    let sent = sent
        .iter()
        .map(|m| SentRow {
            id: m.id.clone(),
            when: lang.datetime(e.local(m.created_at)),
            subject: m.subject().pick_or(lang.code(), &e.default_locale).to_owned(),
            recipients: m.recipients,
            by: m.created_by.clone(),
        })
        .collect();
    Ok((invitations, sent))
}

/// `GET /staff/events/{slug}/messages`: the form (filters may come from the registrations
/// list's link) and the messages sent so far.
pub async fn compose(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageRegistrations>,
    slug: web::Path<String>,
    filter: web::Query<FilterParams>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&slug).await?;
    let (invitations, sent) = load(&state, &p, ctx.lang).await?;
    let form = ComposeForm { filter: filter.into_inner(), ..ComposeForm::default() };
    let mut page = page(&ctx, &p, &form, invitations);
    page.chrome.staff = Some(staff.nav(&ctx));
    page.sent = sent;
    Ok(render(StatusCode::OK, &page))
}

/// `POST /staff/events/{slug}/messages`: a preview, or the send itself.
pub async fn post(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageRegistrations>,
    slug: web::Path<String>,
    form: CsrfForm<ComposeForm>,
) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let p = state.programme(&slug).await?;
    let form = form.0;
    let (invitations, sent) = load(&state, &p, lang).await?;
    let mut view = page(&ctx, &p, &form, invitations);
    view.chrome.staff = Some(staff.nav(&ctx));
    view.sent = sent;
    let fail = |mut view: MessagesPage, errors: &[FieldError]| {
        view.errors = errors.iter().map(|e| (e.field.to_owned(), e.message.render(lang))).collect();
        Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &view))
    };
    let draft = match Draft::parse(&p, &form.input()) {
        Ok(d) => d,
        Err(errors) => return fail(view, &errors),
    };
    if form.action != "send" {
        let (event_id, filter) = (p.event.id.clone(), draft.filter.clone());
        let people = state.db(move |conn| Ok(messages::recipients(conn, &event_id, &filter)?)).await?;
        let n = people.len() as i64;
        view.count_line = lang.t_num("messages-count", "count", n);
        if n > 0 {
            view.send_label = lang.t_num("messages-send", "count", n);
        }
        view.preview = preview(&p, &draft, &people, lang);
        return Ok(render(StatusCode::OK, &view));
    }
    let (programme, actor, now) = (p.clone(), staff.user.label(), state.now());
    let sent = state.db(move |conn| Ok(messages::send(conn, &programme, &draft, &actor, now)?)).await?;
    if let Some(problem) = crate::web::api::messages::sent_problem(&sent) {
        return fail(view, &[problem]);
    }
    state.mailer.wake();
    match sent {
        Sent::Queued { id, .. } | Sent::Repeated { id, .. } => {
            Ok(see_other(format!("/staff/events/{}/messages/{id}", p.event.slug)))
        }
        _ => Err(AppError::NotFound),
    }
}

/// The mail in each language its recipients read, with how many read it.
fn preview(
    p: &Programme,
    draft: &Draft,
    people: &[crate::registrations::Registration],
    lang: Lang,
) -> Vec<PreviewLang> {
    let fallback = p.event.default_locale.as_str();
    Lang::ALL
        .iter()
        .filter_map(|l| {
            let count = people.iter().filter(|r| Lang::parse(&r.locale).unwrap_or(Lang::En) == *l).count();
            (count > 0).then(|| PreviewLang {
                name: l.native_name().to_owned(),
                html_lang: l.html_lang(),
                dir: l.dir(),
                count_line: lang.t_num("messages-count", "count", count as i64),
                subject: draft.subject.pick_or(l.code(), fallback).to_owned(),
                body: draft.body.pick_or(l.code(), fallback).to_owned(),
            })
        })
        .collect()
}

#[derive(Template)]
#[template(path = "staff/message.html")]
pub struct MessagePage {
    pub chrome: Chrome,
    pub slug: String,
    pub texts: Vec<(String, &'static str, &'static str, String, String)>,
    pub recipients_line: String,
    pub sent_line: String,
    pub counts: Vec<(&'static str, String, i64)>,
}

/// `GET /staff/events/{slug}/messages/{id}`: what was sent, to how many, and where the mails are.
pub async fn show(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageRegistrations>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let lang = ctx.lang;
    let p = state.programme(&slug).await?;
    let event_id = p.event.id.clone();
    let (m, counts) = state
        .db(move |conn| {
            let m = messages::find(conn, &event_id, &id)?.ok_or(AppError::NotFound)?;
            let counts = messages::counts(conn, &m.id)?;
            Ok((m, counts))
        })
        .await?;
    let (subject, body): (LocalText, LocalText) = (m.subject(), m.body());
    let texts = Lang::ALL
        .iter()
        .filter(|l| subject.has(l.code()) || body.has(l.code()))
        .map(|l| {
            let fallback = &p.event.default_locale;
            let (s, b) = (subject.pick_or(l.code(), fallback), body.pick_or(l.code(), fallback));
            (l.native_name().to_owned(), l.html_lang(), l.dir(), s.to_owned(), b.to_owned())
        })
        .collect();
    let mut chrome = ctx.chrome(subject.pick_or(lang.code(), &p.event.default_locale).to_owned());
    chrome.staff = Some(staff.nav(&ctx));
    let page = MessagePage {
        chrome,
        slug: p.event.slug.clone(),
        texts,
        recipients_line: lang.t_num("messages-count", "count", i64::from(m.recipients)),
        sent_line: lang.t_args(
            "message-sent-line",
            &[("when", &lang.datetime(p.event.local(m.created_at))), ("by", &m.created_by)],
        ),
        counts: counts.into_iter().map(|(s, n)| (s, lang.t(&format!("mail-status-{s}")), n)).collect(),
    };
    Ok(render(StatusCode::OK, &page))
}
