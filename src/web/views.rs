//! Building page models from domain data, in the reader's language.

use crate::common::FieldError;
use crate::events::{Programme, Session, Window};
use crate::i18n::{self, Lang};
use crate::registrations::RegistrationForm;

use super::context::Ctx;
use super::pages::{ClosedPage, EventPage, FieldView, RegisterPage, SelectView, SessionView, VenueView};

fn session_view(p: &Programme, lang: Lang, s: &Session, checked: bool) -> SessionView {
    let e = &p.event;
    let places = match s.places_left() {
        Some(0) => lang.t("session-full"),
        Some(n) => lang.t_num("session-places-left", "left", n.into()),
        None => String::new(),
    };
    let open_to = match p.allowed.get(&s.id) {
        Some(ids) => {
            let names: Vec<String> =
                p.categories.iter().filter(|c| ids.contains(&c.id)).map(|c| p.category_name(lang, c)).collect();
            lang.t1("session-for", "categories", &names.join(", "))
        }
        None => String::new(),
    };
    SessionView {
        id: s.id.clone(),
        title: p.session_title(lang, s),
        venue: p.venue(&s.venue_id).map(|v| p.venue_name(lang, v)).unwrap_or_default(),
        when: format!("{}–{}", lang.time(e.local(s.starts_at)), lang.time(e.local(s.ends_at))),
        places,
        open_to,
        full: s.places_left() == Some(0),
        checked,
    }
}

/// The sentence about the registration window.
fn window_text(p: &Programme, lang: Lang, now: chrono::NaiveDateTime) -> String {
    let e = &p.event;
    match e.window(now) {
        Window::NotYetOpen => {
            lang.t1("event-registration-not-yet", "opens", &lang.datetime(e.local(e.registration_opens_at)))
        }
        Window::Open => lang.t1("event-registration-open", "closes", &lang.datetime(e.local(e.registration_closes_at))),
        Window::Closed => {
            lang.t1("event-registration-closed", "closes", &lang.datetime(e.local(e.registration_closes_at)))
        }
    }
}

/// The public event page.
pub fn event_page(p: &Programme, ctx: &Ctx, now: chrono::NaiveDateTime) -> EventPage {
    let lang = ctx.lang;
    let e = &p.event;
    let mut notes = Vec::new();
    if e.approval_required {
        notes.push(lang.t("event-approval-note"));
    }
    if e.invitation_only {
        notes.push(lang.t("event-invitation-note"));
    }
    let venues = p
        .venues
        .iter()
        .map(|v| VenueView {
            name: p.venue_name(lang, v),
            address: p.text(lang, &v.id, "address", &v.address).to_owned(),
            sessions: p
                .sessions
                .iter()
                .filter(|s| s.venue_id == v.id)
                .map(|s| session_view(p, lang, s, false))
                .collect(),
        })
        .filter(|v| !v.sessions.is_empty())
        .collect();
    let name = p.event_name(lang).to_owned();
    EventPage {
        chrome: ctx.chrome(name.clone()),
        slug: e.slug.clone(),
        name,
        description: p.text(lang, e.id.as_str(), "description", &e.description).to_owned(),
        when: format!("{}–{}", lang.datetime(e.local(e.starts_at)), lang.time(e.local(e.ends_at))),
        local_times: lang.t1("event-local-times", "zone", &e.time_zone),
        window: window_text(p, lang, now),
        can_register: e.window(now) == Window::Open && !e.invitation_only,
        notes,
        venues,
    }
}

/// The page shown instead of the form when registration is not possible.
pub fn closed_page(p: &Programme, ctx: &Ctx, now: chrono::NaiveDateTime) -> ClosedPage {
    let lang = ctx.lang;
    let e = &p.event;
    let event = p.event_name(lang);
    let message = match e.window(now) {
        Window::NotYetOpen => lang
            .t_args("closed-not-yet", &[("event", event), ("opens", &lang.datetime(e.local(e.registration_opens_at)))]),
        Window::Closed => lang
            .t_args("closed-ended", &[("event", event), ("closes", &lang.datetime(e.local(e.registration_closes_at)))]),
        Window::Open => lang.t1("closed-invitation", "event", event),
    };
    let contact =
        if e.contact_email.is_empty() { String::new() } else { lang.t1("closed-contact", "contact", &e.contact_email) };
    ClosedPage { chrome: ctx.chrome(lang.t("closed-title")), slug: e.slug.clone(), message, contact }
}

/// The registration form, filled with `form` and annotated with `errors`.
pub fn register_page(p: &Programme, ctx: &Ctx, form: &RegistrationForm, errors: &[FieldError]) -> RegisterPage {
    let v = form_views(p, ctx.lang, form, errors, false);
    let lang = ctx.lang;
    let mut title = lang.t1("register-title", "event", p.event_name(lang));
    if !errors.is_empty() {
        // Screen readers announce the title first: say at once that something needs fixing.
        title = format!("{} – {title}", lang.t_num("register-errors-summary", "count", errors.len() as i64));
    }
    RegisterPage {
        photo_error: errors.iter().find(|e| e.field == "photo").map(|e| e.message.render(lang)).unwrap_or_default(),
        chrome: ctx.chrome(title),
        slug: p.event.slug.clone(),
        event_name: p.event_name(lang).to_owned(),
        csrf_token: ctx.csrf_token(),
        intro: lang.t("register-intro"),
        notice: String::new(),
        invitation: String::new(),
        invitation_note: String::new(),
        summary_title: lang.t_num("register-errors-summary", "count", errors.len() as i64),
        summary: v.summary,
        person: v.person,
        contact: v.contact,
        country: v.country,
        work: v.work,
        category: v.category,
        sessions: v.sessions,
        sessions_label: lang.t("field-sessions"),
        sessions_error: v.sessions_error,
        sessions_none: lang.t("field-sessions-none"),
        needs: v.needs,
        locale: v.locale,
        privacy: crate::privacy::notice::notice(p, lang),
        consent_checked: !form.consent.trim().is_empty(),
        consent_error: errors.iter().find(|e| e.field == "consent").map(|e| e.message.render(lang)).unwrap_or_default(),
    }
}

/// The inputs of a registration form, filled and annotated; shared by the public form and
/// the staff edit page (which offers every category, not only self-service ones).
pub struct FormViews {
    pub summary: Vec<(String, String)>,
    pub person: Vec<FieldView>,
    pub contact: Vec<FieldView>,
    pub country: SelectView,
    pub work: Vec<FieldView>,
    pub category: SelectView,
    pub sessions: Vec<SessionView>,
    pub sessions_error: String,
    pub needs: Vec<FieldView>,
    pub locale: SelectView,
}

/// The staff form's order of precedence: a head of mission's class and when their
/// credentials were presented.
pub fn precedence_views(lang: Lang, form: &RegistrationForm, errors: &[FieldError]) -> (SelectView, FieldView) {
    use crate::registrations::precedence::PrecedenceClass;
    let error =
        |name: &str| errors.iter().find(|e| e.field == name).map(|e| e.message.render(lang)).unwrap_or_default();
    let chosen = form.precedence_class.trim().to_ascii_lowercase();
    let class = SelectView {
        name: "precedence_class",
        label: lang.t("field-precedence_class"),
        error: error("precedence_class"),
        required: false,
        autocomplete: "",
        placeholder: lang.t("field-precedence_class-none"),
        options: PrecedenceClass::ALL
            .iter()
            .map(|c| (c.as_str().to_owned(), lang.t(&format!("precedence-class-{}", c.as_str())), c.as_str() == chosen))
            .collect(),
    };
    let credentials = FieldView {
        name: "credentials_presented_at",
        label: lang.t("field-credentials_presented_at"),
        hint: lang.t("field-credentials_presented_at-hint"),
        value: form.credentials_presented_at.clone(),
        error: error("credentials_presented_at"),
        required: false,
        input_type: "text",
        autocomplete: "off",
        maxlength: 19,
        multiline: false,
    };
    (class, credentials)
}

/// Builds the inputs of a registration form.
pub fn form_views(p: &Programme, lang: Lang, form: &RegistrationForm, errors: &[FieldError], staff: bool) -> FormViews {
    let error =
        |name: &str| errors.iter().find(|e| e.field == name).map(|e| e.message.render(lang)).unwrap_or_default();
    let field = |name: &'static str,
                 value: &str,
                 required: bool,
                 input_type: &'static str,
                 autocomplete: &'static str,
                 maxlength: usize,
                 hint: bool| FieldView {
        name,
        label: lang.t(&format!("field-{name}")),
        hint: if hint { lang.t(&format!("field-{name}-hint")) } else { String::new() },
        value: value.to_owned(),
        error: error(name),
        required,
        input_type,
        autocomplete,
        maxlength,
        multiline: input_type == "textarea",
    };
    let person = vec![
        field("honorific", &form.honorific, false, "text", "honorific-prefix", 40, true),
        field("given_name", &form.given_name, true, "text", "given-name", 100, true),
        field("family_name", &form.family_name, false, "text", "family-name", 100, false),
        field("native_name", &form.native_name, false, "text", "off", 100, true),
        field("badge_name", &form.badge_name, false, "text", "off", 60, true),
    ];
    let contact = vec![
        field("email", &form.email, true, "email", "email", 254, false),
        field("phone", &form.phone, false, "tel", "tel", 32, true),
    ];
    let work = vec![
        field("organization", &form.organization, false, "text", "organization", 200, false),
        field("position", &form.position, false, "text", "organization-title", 200, false),
    ];
    let needs = vec![
        field("dietary", &form.dietary, false, "textarea", "", 500, false),
        field("accessibility", &form.accessibility, false, "textarea", "", 500, false),
    ];
    let chosen_country = form.country.trim().to_ascii_uppercase();
    let country = SelectView {
        name: "country",
        label: lang.t("field-country"),
        error: error("country"),
        required: true,
        autocomplete: "country",
        placeholder: lang.t("field-country-choose"),
        options: i18n::countries(lang)
            .iter()
            .map(|(code, name)| (code.to_string(), name.clone(), *code == chosen_country))
            .collect(),
    };
    let chosen_category = p.find_category(&form.category).map(|c| c.id.clone());
    let category = SelectView {
        name: "category",
        label: lang.t("field-category"),
        error: error("category"),
        required: true,
        autocomplete: "",
        placeholder: lang.t("field-category-choose"),
        options: p
            .categories
            .iter()
            .filter(|c| c.self_register || staff)
            .map(|c| (c.name.clone(), p.category_name(lang, c), Some(&c.id) == chosen_category.as_ref()))
            .collect(),
    };
    let mail_lang = i18n::preferred(&form.locale).unwrap_or(lang.code());
    let locale = SelectView {
        name: "locale",
        label: lang.t("field-locale"),
        error: error("locale"),
        required: false,
        autocomplete: "",
        placeholder: String::new(),
        // Only languages the mail is written in; other UN-language codes from imports are kept.
        options: Lang::ALL
            .iter()
            .map(|l| (l.code().to_owned(), l.native_name().to_owned(), l.code() == mail_lang))
            .collect(),
    };
    let sessions =
        p.sessions.iter().map(|s| session_view(p, lang, s, form.sessions.iter().any(|k| k == &s.id))).collect();
    // Form order is the order of the shared field names.
    let order = crate::registrations::csv_io::COLUMNS;
    // Each line names its field, so the summary reads on its own (and to a screen reader).
    let mut summary: Vec<(String, String)> = errors
        .iter()
        .map(|e| {
            let label = lang.t(&format!("field-{}", e.field));
            let message = e.message.render(lang);
            (e.field.to_owned(), lang.t_args("error-summary-item", &[("field", &label), ("message", &message)]))
        })
        .collect();
    summary.sort_by_key(|(f, _)| order.iter().position(|o| o == f).unwrap_or(usize::MAX));
    FormViews {
        summary,
        person,
        contact,
        country,
        work,
        category,
        sessions,
        sessions_error: error("sessions"),
        needs,
        locale,
    }
}
