//! The staff registration form (every category, precedence) as a page, shared by editing a
//! registration and the walk-in desk.

use super::Staff;
use super::pages::EditPage;
use crate::common::{FieldError, Message};
use crate::events::Programme;
use crate::registrations::RegistrationForm;
use crate::web::context::Ctx;
use crate::web::views::form_views;

/// Where a staff registration form posts, and what it says.
pub(super) struct FormPlace {
    pub title: String,
    pub action: String,
    pub back: String,
    pub submit: String,
}

/// A registration form for staff (every category, precedence), filled with `form`.
pub(super) fn staff_form_page(
    ctx: &Ctx,
    staff: &Staff,
    p: &Programme,
    form: &RegistrationForm,
    errors: &[FieldError],
    place: FormPlace,
) -> EditPage {
    let lang = ctx.lang;
    let v = form_views(p, lang, form, errors, true);
    let (precedence_class, credentials) = crate::web::views::precedence_views(lang, form, errors);
    let mut fields = v.person;
    fields.extend(v.contact);
    fields.extend(v.work);
    fields.extend(v.needs);
    let mut chrome = ctx.chrome(place.title);
    chrome.staff = Some(staff.nav(ctx));
    EditPage {
        chrome,
        action: place.action,
        back: place.back,
        submit: place.submit,
        intro: String::new(),
        upload: false,
        photo_error: String::new(),
        csrf_token: ctx.csrf_token(),
        summary_title: lang.t_num("register-errors-summary", "count", errors.len() as i64),
        summary: v.summary,
        fields,
        country: v.country,
        category: v.category,
        precedence_class,
        credentials,
        sessions: v.sessions,
        sessions_error: v.sessions_error,
        locale: v.locale,
    }
}

/// "The session … is full", naming it in `lang`.
pub(super) fn session_full(p: &Programme, lang: crate::i18n::Lang, session_id: &str) -> Message {
    let title = p.sessions.iter().find(|s| s.id == session_id).map(|s| p.session_title(lang, s)).unwrap_or_default();
    Message { key: "error-session-full", args: vec![("session", title)] }
}
