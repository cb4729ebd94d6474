//! The event's privacy notice: the organiser's own text in each language, or a standard notice
//! built from the event's settings (controller, contact, retention). Changing any of them raises
//! the version, and each consent records the version it was given to.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;
use serde_json::json;

use crate::audit::{self, Change};
use crate::common::Message;
use crate::db::schema::{events, translations};
use crate::db::{self, DbConn};
use crate::events::Programme;
use crate::i18n::Lang;

/// The `translations` field holding the organiser's notice in one language.
pub const FIELD: &str = "privacy_notice";

/// Longest organiser notice, per language.
const MAX_TEXT: usize = 20_000;

/// One part of the notice: a heading and its paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub body: String,
}

/// The notice as a delegate reads it.
#[derive(Clone, Debug)]
pub struct Notice {
    pub version: i32,
    /// The standard notice's parts; empty when the organiser wrote their own.
    pub sections: Vec<Section>,
    /// The organiser's own text, as paragraphs.
    pub custom: Vec<String>,
}

/// The notice of the programme's event in `lang`.
pub fn notice(p: &Programme, lang: Lang) -> Notice {
    let event = &p.event;
    let own = p.text(lang, event.id.as_str(), FIELD, "").trim();
    let custom: Vec<String> =
        own.split("\n\n").map(|para| para.trim().to_owned()).filter(|para| !para.is_empty()).collect();
    if !custom.is_empty() {
        return Notice { version: event.privacy_version, sections: Vec::new(), custom };
    }
    let name = p.event_name(lang);
    let controller = if event.privacy_controller.trim().is_empty() {
        lang.t1("privacy-controller-default", "event", name)
    } else {
        event.privacy_controller.trim().to_owned()
    };
    let contact = if event.contact_email.is_empty() {
        lang.t("privacy-contact-none")
    } else {
        lang.t1("privacy-contact", "email", &event.contact_email)
    };
    let until = lang.date(event.local(event.purge_due_at()));
    let days = event.retention_days.to_string();
    let part = |key: &str, body: String| Section { heading: lang.t(&format!("privacy-heading-{key}")), body };
    let sections = vec![
        part("controller", lang.t1("privacy-controller", "controller", &controller)),
        part("purposes", lang.t("privacy-purposes")),
        part("data", lang.t("privacy-data")),
        part("recipients", lang.t("privacy-recipients")),
        part("retention", lang.t_args("privacy-retention", &[("date", &until), ("days", &days)])),
        part("rights", lang.t("privacy-rights")),
        part("contact", contact),
    ];
    Notice { version: event.privacy_version, sections, custom: Vec::new() }
}

/// The privacy settings form (admins, on the event's privacy page).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoticeForm {
    pub privacy_controller: String,
    pub retention_days: String,
    pub notice_en: String,
    pub notice_zh: String,
    pub notice_fr: String,
    pub notice_es: String,
    pub notice_ru: String,
    pub notice_ar: String,
}

impl NoticeForm {
    /// The form showing the event's current settings.
    pub fn of(p: &Programme) -> NoticeForm {
        let own = |lang| p.text(lang, p.event.id.as_str(), FIELD, "").to_owned();
        NoticeForm {
            privacy_controller: p.event.privacy_controller.clone(),
            retention_days: p.event.retention_days.to_string(),
            notice_en: own(Lang::En),
            notice_zh: own(Lang::Zh),
            notice_fr: own(Lang::Fr),
            notice_es: own(Lang::Es),
            notice_ru: own(Lang::Ru),
            notice_ar: own(Lang::Ar),
        }
    }

    /// The organiser's text for one language.
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.notice_en,
            Lang::Zh => &self.notice_zh,
            Lang::Fr => &self.notice_fr,
            Lang::Es => &self.notice_es,
            Lang::Ru => &self.notice_ru,
            Lang::Ar => &self.notice_ar,
        }
    }
}

/// Problems with the form, by field.
pub type Problems = Vec<(&'static str, Message)>;

/// The parsed settings.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Settings {
    controller: String,
    retention_days: i32,
    texts: Vec<(Lang, String)>,
}

fn parse(form: &NoticeForm) -> Result<Settings, Problems> {
    let mut problems = Vec::new();
    let controller = form.privacy_controller.trim().to_owned();
    if controller.chars().count() > 300 {
        problems.push(("privacy_controller", Message::new("error-too-long").with("max", "300")));
    }
    let retention_days = match form.retention_days.trim().parse::<i32>() {
        Ok(d) if (0..=3650).contains(&d) => d,
        _ => {
            problems.push(("retention_days", Message::new("error-retention")));
            0
        }
    };
    let texts: Vec<(Lang, String)> =
        Lang::ALL.into_iter().map(|l| (l, form.text(l).replace("\r\n", "\n").trim().to_owned())).collect();
    for (lang, text) in &texts {
        if text.chars().count() > MAX_TEXT {
            let field = ["notice_en", "notice_zh", "notice_fr", "notice_es", "notice_ru", "notice_ar"]
                [Lang::ALL.iter().position(|l| l == lang).unwrap_or(0)];
            problems.push((field, Message::new("error-too-long").with("max", MAX_TEXT.to_string())));
        }
    }
    if problems.is_empty() { Ok(Settings { controller, retention_days, texts }) } else { Err(problems) }
}

/// Saves the privacy settings; the version goes up when anything a delegate reads changed.
/// Returns the version now in force.
pub fn save(
    conn: &mut DbConn,
    p: &Programme,
    form: &NoticeForm,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<i32, Problems>> {
    let new = match parse(form) {
        Ok(s) => s,
        Err(problems) => return Ok(Err(problems)),
    };
    let current = parse(&NoticeForm::of(p)).ok();
    let event = &p.event;
    let changed = current.as_ref() != Some(&new);
    let version = if changed { event.privacy_version + 1 } else { event.privacy_version };
    db::write_tx(conn, |conn| {
        diesel::update(events::table.find(&event.id))
            .set((
                events::privacy_controller.eq(&new.controller),
                events::retention_days.eq(new.retention_days),
                events::privacy_version.eq(version),
                events::updated_at.eq(now),
            ))
            .execute(conn)?;
        diesel::delete(
            translations::table.filter(translations::owner_id.eq(event.id.as_str()).and(translations::field.eq(FIELD))),
        )
        .execute(conn)?;
        for (lang, text) in new.texts.iter().filter(|(_, t)| !t.is_empty()) {
            crate::events::store::translate(conn, event.id.as_str(), FIELD, lang.code(), text)?;
        }
        let languages: Vec<&str> = new.texts.iter().filter(|(_, t)| !t.is_empty()).map(|(l, _)| l.code()).collect();
        let after = json!({ "version": version, "controller": new.controller, "retention_days": new.retention_days,
            "own_notice": languages });
        audit::record(
            conn,
            Change {
                actor,
                action: "event.privacy",
                entity: "event",
                entity_id: event.id.as_str(),
                event_id: Some(&event.id),
                before: None,
                after: Some(after),
            },
            now,
        )
    })?;
    Ok(Ok(version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_is_a_number_of_days_within_ten_years() {
        let form = |days: &str| NoticeForm { retention_days: days.into(), ..NoticeForm::default() };
        assert_eq!(parse(&form("90")).unwrap().retention_days, 90);
        assert_eq!(parse(&form(" 0 ")).unwrap().retention_days, 0);
        for bad in ["-1", "3651", "ninety", ""] {
            assert_eq!(parse(&form(bad)).unwrap_err()[0].0, "retention_days", "{bad}");
        }
    }
}
