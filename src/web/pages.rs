//! Page models for the askama templates; askama appears only here and in `mail`.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

use crate::i18n::Lang;

/// The frame around every page: language, title, switcher.
pub struct Chrome {
    pub lang: Lang,
    pub title: String,
    pub switch: Vec<LangLink>,
    /// Set on staff pages: who is logged in, and the token for the logout form.
    pub staff: Option<StaffNav>,
}

/// The staff bar on staff pages.
pub struct StaffNav {
    pub label: String,
    pub csrf_token: String,
    /// Admins also see the security settings.
    pub admin: bool,
    /// What the dashboard links to: registrations, badges, doors, security vetting.
    pub read: bool,
    pub print: bool,
    pub scan: bool,
    pub vet: bool,
}

/// One entry of the language switcher.
pub struct LangLink {
    pub code: &'static str,
    pub html_lang: &'static str,
    pub name: &'static str,
    pub href: String,
    pub current: bool,
}

impl Chrome {
    /// A frame for a page.
    pub fn new(lang: Lang, title: String) -> Chrome {
        let switch = Lang::ALL
            .iter()
            .map(|l| LangLink {
                code: l.code(),
                html_lang: l.html_lang(),
                name: l.native_name(),
                // Relative to the current page: a crafted path ("//elsewhere") cannot turn it
                // into a link off the site.
                href: format!("?lang={}", l.code()),
                current: *l == lang,
            })
            .collect();
        Chrome { lang, title, switch, staff: None }
    }
}

/// Renders a page with a status; a template failure becomes a plain 500.
pub fn render(status: StatusCode, page: &impl Template) -> HttpResponse {
    match page.render() {
        Ok(html) => HttpResponse::build(status).content_type("text/html; charset=utf-8").body(html),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            super::context::fallback(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub chrome: Chrome,
    pub title: String,
    pub text: String,
}

/// An event in the list on the front page.
pub struct EventItem {
    pub slug: String,
    pub name: String,
    pub when: String,
}

#[derive(Template)]
#[template(path = "public/index.html")]
pub struct IndexPage {
    pub chrome: Chrome,
    pub events: Vec<EventItem>,
}

/// A session as the public pages show it.
pub struct SessionView {
    pub id: String,
    pub title: String,
    pub venue: String,
    pub when: String,
    /// "12 places left", "Full", or empty.
    pub places: String,
    /// "Open to: …" when restricted, or empty.
    pub open_to: String,
    pub full: bool,
    pub checked: bool,
}

/// A venue with its sessions, in time order.
pub struct VenueView {
    pub name: String,
    pub address: String,
    pub sessions: Vec<SessionView>,
}

#[derive(Template)]
#[template(path = "public/event.html")]
pub struct EventPage {
    pub chrome: Chrome,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub when: String,
    pub local_times: String,
    pub window: String,
    pub can_register: bool,
    pub notes: Vec<String>,
    pub venues: Vec<VenueView>,
}

/// A text input with its label, hint and error.
pub struct FieldView {
    pub name: &'static str,
    pub label: String,
    pub hint: String,
    pub value: String,
    pub error: String,
    pub required: bool,
    pub input_type: &'static str,
    pub autocomplete: &'static str,
    pub maxlength: usize,
    pub multiline: bool,
}

/// A select box.
pub struct SelectView {
    pub name: &'static str,
    pub label: String,
    pub error: String,
    pub required: bool,
    pub autocomplete: &'static str,
    pub placeholder: String,
    /// (value, label, selected)
    pub options: Vec<(String, String, bool)>,
}

#[derive(Template)]
#[template(path = "public/register.html")]
pub struct RegisterPage {
    pub chrome: Chrome,
    /// Why the photo was refused, if it was.
    pub photo_error: String,
    pub slug: String,
    pub event_name: String,
    pub csrf_token: String,
    pub intro: String,
    /// A message above the form (e.g. it had expired).
    pub notice: String,
    /// The invitation code the form is sent under, if any.
    pub invitation: String,
    /// "Invitation for …: n of m places left".
    pub invitation_note: String,
    /// Links to each field with an error, in form order.
    pub summary: Vec<(String, String)>,
    pub summary_title: String,
    pub person: Vec<FieldView>,
    pub contact: Vec<FieldView>,
    pub country: SelectView,
    pub work: Vec<FieldView>,
    pub category: SelectView,
    pub sessions: Vec<SessionView>,
    pub sessions_label: String,
    pub sessions_error: String,
    pub sessions_none: String,
    pub needs: Vec<FieldView>,
    pub locale: SelectView,
    /// The event's privacy notice, and the consent box (never ticked in advance).
    pub privacy: crate::privacy::notice::Notice,
    pub consent_checked: bool,
    pub consent_error: String,
}

/// The event's privacy notice on a page of its own.
#[derive(Template)]
#[template(path = "public/privacy.html")]
pub struct PrivacyPage {
    pub chrome: Chrome,
    pub slug: String,
    pub event_name: String,
    pub privacy: crate::privacy::notice::Notice,
}

/// A session on the confirmation page.
pub struct ChosenSession {
    pub title: String,
    pub venue: String,
    pub when: String,
}

#[derive(Template)]
#[template(path = "public/registered.html")]
pub struct RegisteredPage {
    pub chrome: Chrome,
    pub message: String,
    pub reference: String,
    pub email_sent: String,
    pub sessions: Vec<ChosenSession>,
    pub local_times: String,
    /// Characters of the name no badge font has, if any.
    pub unprintable: String,
}

/// A registration on the delegation page.
pub struct DelegateRow {
    pub reference: String,
    pub name: String,
    pub category: String,
    pub status: String,
    pub status_label: String,
    pub can_cancel: bool,
}

#[derive(Template)]
#[template(path = "public/delegation.html")]
pub struct DelegatePage {
    pub chrome: Chrome,
    /// The registration code (for the "register another" link).
    pub code: String,
    /// The management code (this page's own address).
    pub manage_code: String,
    pub slug: String,
    pub csrf_token: String,
    pub intro: String,
    pub flash: String,
    pub can_register: bool,
    pub full: bool,
    pub rows: Vec<DelegateRow>,
}

#[derive(Template)]
#[template(path = "public/closed.html")]
pub struct ClosedPage {
    pub chrome: Chrome,
    pub slug: String,
    pub message: String,
    pub contact: String,
}
