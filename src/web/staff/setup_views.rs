//! The setup page's parts: the event's fields, the papers a badge prints on, session forms.

use super::pages::SessionEdit;
use crate::badges::Paper;
use crate::common::Message;
use crate::events::Programme;
use crate::events::setup::{EventForm, SessionForm};
use crate::i18n::Lang;
use crate::web::pages::FieldView;

/// One setting as a form field, its label (and hint) from `setup-{name}`.
fn input(
    lang: Lang,
    name: &'static str,
    value: &str,
    input_type: &'static str,
    required: bool,
    hint: bool,
) -> FieldView {
    FieldView {
        name,
        label: lang.t(&format!("setup-{name}")),
        hint: if hint { lang.t(&format!("setup-{name}-hint")) } else { String::new() },
        value: value.to_owned(),
        error: String::new(),
        required,
        input_type,
        autocomplete: "off",
        maxlength: 500,
        multiline: input_type == "textarea",
    }
}

/// The papers a badge can print on, with `chosen` selected.
/// The papers a print may be on, first "the badge's own layout".
pub(super) fn paper_options(lang: Lang) -> Vec<(String, String, bool)> {
    let mut options = layout_options(lang, None);
    options.insert(0, (String::new(), lang.t("badge-layout-own"), true));
    options
}

pub(super) fn layout_options(lang: Lang, chosen: Option<Paper>) -> Vec<(String, String, bool)> {
    Paper::ALL
        .iter()
        .map(|l| (l.key().to_owned(), lang.t(&format!("badge-layout-{}", l.key())), Some(*l) == chosen))
        .collect()
}

/// The event settings as form fields.
pub(super) fn event_fields(lang: Lang, f: &EventForm) -> Vec<FieldView> {
    vec![
        input(lang, "name", &f.name, "text", true, false),
        input(lang, "slug", &f.slug, "text", true, true),
        input(lang, "ref_prefix", &f.ref_prefix, "text", true, true),
        input(lang, "description", &f.description, "textarea", false, false),
        input(lang, "time_zone", &f.time_zone, "text", true, true),
        input(lang, "starts_at", &f.starts_at, "datetime-local", true, false),
        input(lang, "ends_at", &f.ends_at, "datetime-local", true, false),
        input(lang, "registration_opens_at", &f.registration_opens_at, "datetime-local", true, false),
        input(lang, "registration_closes_at", &f.registration_closes_at, "datetime-local", true, false),
        input(lang, "contact_email", &f.contact_email, "email", false, false),
    ]
}

/// A session's form as typed (or as saved), with `problems` shown by their fields.
pub(super) fn session_edit(
    p: &Programme,
    lang: Lang,
    id: &str,
    f: &SessionForm,
    problems: &[(&'static str, Message)],
) -> SessionEdit {
    SessionEdit {
        errors: problems.iter().map(|(field, m)| (*field, m.render(lang))).collect(),
        id: id.to_owned(),
        title: f.title.clone(),
        starts_at: f.starts_at.clone(),
        ends_at: f.ends_at.clone(),
        capacity: f.capacity.clone(),
        single_entry: f.single_entry.is_some(),
        registered_only: f.registered_only.is_some(),
        doors_open_minutes: f.doors_open_minutes.clone(),
        exit_scanning: f.exit_scanning.is_some(),
        delegation_quota: f.delegation_quota.clone(),
        venues: p.venues.iter().map(|v| (v.id.clone(), p.venue_name(lang, v), v.id == f.venue)).collect(),
        categories: p
            .categories
            .iter()
            .map(|c| (c.id.clone(), p.category_name(lang, c), f.categories.contains(&c.id)))
            .collect(),
        taken: p.sessions.iter().find(|s| s.id == id).map_or(0, |s| s.seats_taken),
    }
}
