//! Organiser translations (`/staff/events/{slug}/translations`, admins): every name and title
//! of the event in each of the other five languages, on one form; an empty field removes the
//! translation (readers get the original).

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::Done;
use super::registrations::see_other;
use crate::common::Message;
use crate::events::Programme;
use crate::events::translations::{self, Change1, Problem};
use crate::i18n::Lang;
use crate::web::context::Ctx;
use crate::web::extract::{CsrfForm, ManageEvents, Require};
use crate::web::pages::{Chrome, render};
use crate::web::{AppError, AppState};

/// One language's input for a text.
pub struct Input {
    pub name: String,
    pub code: &'static str,
    pub language: String,
    pub html_lang: &'static str,
    pub dir: &'static str,
    pub value: String,
}

/// A text with its inputs.
pub struct TextView {
    pub legend: String,
    pub original: String,
    pub long: bool,
    pub inputs: Vec<Input>,
}

#[derive(Template)]
#[template(path = "staff/translations.html")]
pub struct TranslationsPage {
    pub chrome: Chrome,
    pub slug: String,
    pub csrf_token: String,
    pub flash: String,
    pub error: String,
    pub intro: String,
    pub texts: Vec<TextView>,
}

/// The form field of a text in a language.
fn field_name(id: &str, field: &str, locale: &str) -> String {
    format!("{id}|{field}|{locale}")
}

/// What a refusal says, in the reader's language.
pub fn problem_message(p: &Programme, problem: &Problem) -> Message {
    match problem {
        Problem::UnknownText { id, field } => {
            Message::new("error-translation-unknown").with("text", format!("{id}.{field}"))
        }
        Problem::Locale(l) => Message::new("error-translation-locale")
            .with("locale", l.clone())
            .with("default", p.event.default_locale.clone()),
        Problem::TooLong { max, .. } => Message::new("error-message-too-long").with("max", max.to_string()),
    }
}

fn page(ctx: &Ctx, p: &Programme, values: Option<&BTreeMap<String, String>>) -> TranslationsPage {
    let lang = ctx.lang;
    let default = Lang::parse(&p.event.default_locale).unwrap_or(Lang::En);
    let texts = translations::texts(p)
        .into_iter()
        .map(|t| TextView {
            legend: lang.t(&format!("translations-{}-{}", t.owner, t.field)),
            long: t.field == "description",
            inputs: Lang::ALL
                .iter()
                .filter(|l| **l != default)
                .map(|l| {
                    let name = field_name(&t.id, t.field, l.code());
                    let value = match values {
                        Some(v) => v.get(&name).cloned().unwrap_or_default(),
                        None => t.translations.get(l.code()).cloned().unwrap_or_default(),
                    };
                    Input {
                        name,
                        code: l.code(),
                        language: l.native_name().to_owned(),
                        html_lang: l.html_lang(),
                        dir: l.dir(),
                        value,
                    }
                })
                .collect(),
            original: t.original,
        })
        .collect();
    TranslationsPage {
        chrome: ctx.chrome(lang.t1("translations-title", "event", p.event_name(lang))),
        slug: p.event.slug.clone(),
        csrf_token: ctx.csrf_token(),
        flash: String::new(),
        error: String::new(),
        intro: lang.t1("translations-intro", "language", default.native_name()),
        texts,
    }
}

/// `GET /staff/events/{slug}/translations`.
pub async fn show(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageEvents>,
    slug: web::Path<String>,
    query: web::Query<Done>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&slug).await?;
    let mut view = page(&ctx, &p, None);
    view.chrome.staff = Some(staff.nav(&ctx));
    if query.done == "saved" {
        view.flash = ctx.lang.t("translations-saved");
    }
    Ok(render(StatusCode::OK, &view))
}

/// `POST /staff/events/{slug}/translations`: every field of the form, saved at once.
pub async fn save(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageEvents>,
    slug: web::Path<String>,
    form: CsrfForm<BTreeMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&slug).await?;
    let values = form.0;
    let changes: Vec<Change1> = values
        .iter()
        .filter_map(|(name, value)| {
            let mut parts = name.splitn(3, '|');
            let (id, field, locale) = (parts.next()?, parts.next()?, parts.next()?);
            Some(Change1 {
                id: id.to_owned(),
                field: field.to_owned(),
                locale: locale.to_owned(),
                value: value.clone(),
            })
        })
        .collect();
    let checked = match translations::check(&p, &changes) {
        Ok(c) => c,
        Err(problem) => {
            let mut view = page(&ctx, &p, Some(&values));
            view.chrome.staff = Some(staff.nav(&ctx));
            view.error = problem_message(&p, &problem).render(ctx.lang);
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &view));
        }
    };
    let (programme, actor, now) = (p.clone(), staff.user.label(), state.now());
    state.db(move |conn| Ok(translations::save(conn, &programme, &checked, &actor, now)?)).await?;
    state.forget_all_programmes();
    Ok(see_other(format!("/staff/events/{}/translations?done=saved", p.event.slug)))
}
