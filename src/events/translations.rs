//! Organiser translations: every text an organiser writes for an event (its name and
//! description, venue names, session titles, category names) may be given in each of the six
//! languages. The original is in the event's default language; a reader of another language
//! gets its translation, else the original (`Programme::text`).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use super::Programme;
use crate::audit::{self, Change};
use crate::db::schema::translations;
use crate::db::{self, DbConn};
use crate::i18n::Lang;

/// The longest translation of a name or title, and of a description.
pub const NAME_MAX: usize = 300;
pub const DESCRIPTION_MAX: usize = 5_000;

/// One translatable text of the event.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Text {
    /// `event`, `venue`, `session` or `category`.
    pub owner: &'static str,
    pub id: String,
    /// `name`, `description` or `title`.
    pub field: &'static str,
    /// As the organiser wrote it, in the event's default language.
    pub original: String,
    /// Language code → translation (the default language never appears).
    pub translations: BTreeMap<String, String>,
}

/// Every translatable text of the event, in the order the setup page shows them.
pub fn texts(p: &Programme) -> Vec<Text> {
    let e = &p.event;
    let mut out = vec![
        ("event", e.id.to_string(), "name", e.name.clone()),
        ("event", e.id.to_string(), "description", e.description.clone()),
    ];
    out.extend(p.venues.iter().map(|v| ("venue", v.id.clone(), "name", v.name.clone())));
    out.extend(p.sessions.iter().map(|s| ("session", s.id.clone(), "title", s.title.clone())));
    out.extend(p.categories.iter().map(|c| ("category", c.id.clone(), "name", c.name.clone())));
    out.into_iter()
        .map(|(owner, id, field, original)| {
            let translations = Lang::ALL
                .iter()
                .filter(|l| l.code() != e.default_locale)
                .filter_map(|l| {
                    let key = (id.clone(), field.to_owned(), l.code().to_owned());
                    p.texts.get(&key).map(|t| (l.code().to_owned(), t.clone()))
                })
                .collect();
            Text { owner, id, field, original, translations }
        })
        .collect()
}

/// One change: the text (by owner id and field), the language, and the new translation
/// (empty removes it, so readers get the original).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change1 {
    pub id: String,
    pub field: String,
    pub locale: String,
    pub value: String,
}

/// Why a change was refused, by which text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// No such text in this event.
    UnknownText {
        id: String,
        field: String,
    },
    /// Not one of the six languages, or the event's own (the original is in it).
    Locale(String),
    TooLong {
        id: String,
        field: String,
        max: usize,
    },
}

/// Checks the changes against the event; nothing is saved unless all are good.
pub fn check(p: &Programme, changes: &[Change1]) -> Result<Vec<Change1>, Problem> {
    let known = texts(p);
    let mut out = Vec::with_capacity(changes.len());
    for c in changes {
        let Some(text) = known.iter().find(|t| t.id == c.id && t.field == c.field) else {
            return Err(Problem::UnknownText { id: c.id.clone(), field: c.field.clone() });
        };
        let locale = c.locale.trim().to_ascii_lowercase();
        if locale == p.event.default_locale || !Lang::ALL.iter().any(|l| l.code() == locale) {
            return Err(Problem::Locale(c.locale.clone()));
        }
        // One line for names and titles; control characters never.
        let value: String = if text.field == "description" {
            c.value.trim().chars().filter(|ch| !ch.is_control() || *ch == '\n').collect()
        } else {
            c.value.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let max = if text.field == "description" { DESCRIPTION_MAX } else { NAME_MAX };
        if value.chars().count() > max {
            return Err(Problem::TooLong { id: c.id.clone(), field: c.field.clone(), max });
        }
        out.push(Change1 { id: c.id.clone(), field: c.field.clone(), locale, value });
    }
    Ok(out)
}

/// Saves checked changes in one transaction, audited; answers how many texts changed.
pub fn save(
    conn: &mut DbConn,
    p: &Programme,
    changes: &[Change1],
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    db::write_tx(conn, |conn| {
        let mut changed = Vec::new();
        for c in changes {
            let key = (c.id.clone(), c.field.clone(), c.locale.clone());
            let before = p.texts.get(&key).map_or("", String::as_str);
            if before == c.value {
                continue;
            }
            diesel::delete(
                translations::table
                    .filter(translations::owner_id.eq(&c.id))
                    .filter(translations::field.eq(&c.field))
                    .filter(translations::locale.eq(&c.locale)),
            )
            .execute(conn)?;
            if !c.value.is_empty() {
                super::store::translate(conn, &c.id, &c.field, &c.locale, &c.value)?;
            }
            changed
                .push(json!({ "id": c.id, "field": c.field, "locale": c.locale, "before": before, "after": c.value }));
        }
        if !changed.is_empty() {
            let change = Change {
                actor,
                action: "event.translations",
                entity: "event",
                entity_id: p.event.id.as_str(),
                event_id: Some(&p.event.id),
                before: None,
                after: Some(json!({ "changes": changed })),
            };
            audit::record(conn, change, now)?;
        }
        Ok(changed.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(id: &str, field: &str, locale: &str, value: &str) -> Change1 {
        Change1 { id: id.into(), field: field.into(), locale: locale.into(), value: value.into() }
    }

    #[test]
    fn only_the_events_texts_in_other_languages_are_accepted() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
        let event = crate::events::setup::blank_event(now);
        let hall = crate::events::Venue {
            id: "hall".into(),
            event_id: event.id.clone(),
            name: "Exhibition Hall".into(),
            address: String::new(),
            position: 1,
            created_at: now,
        };
        let p = Programme {
            event,
            venues: vec![hall],
            sessions: vec![],
            categories: vec![],
            allowed: Default::default(),
            texts: Default::default(),
            zones: Vec::new(),
        };
        let ok = check(&p, &[change("hall", "name", "AR", "  قاعة \n المعارض ")]).unwrap();
        assert_eq!((ok[0].locale.as_str(), ok[0].value.as_str()), ("ar", "قاعة المعارض"));
        assert!(matches!(check(&p, &[change("hall", "name", "en", "x")]), Err(Problem::Locale(_))));
        assert!(matches!(check(&p, &[change("hall", "name", "xx", "x")]), Err(Problem::Locale(_))));
        assert!(matches!(check(&p, &[change("other", "name", "ar", "x")]), Err(Problem::UnknownText { .. })));
        assert!(matches!(check(&p, &[change("hall", "title", "ar", "x")]), Err(Problem::UnknownText { .. })));
        let long = "x".repeat(NAME_MAX + 1);
        assert!(matches!(check(&p, &[change("hall", "name", "fr", &long)]), Err(Problem::TooLong { .. })));
    }
}
