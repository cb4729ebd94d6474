//! An organiser's text in several languages: one string for all, or one per language; a
//! reader gets theirs, else the event's default language, else the first given.

use std::collections::BTreeMap;

use crate::common::Message;
use crate::i18n::Lang;

/// Text by language code (`en`, `zh`, …); never empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LocalText {
    texts: BTreeMap<String, String>,
}

impl LocalText {
    /// Reads a JSON string (in `default_locale`) or object (language code → text). Empty
    /// texts are left out; one must remain. A `line` (a subject) may not hold line breaks.
    pub fn parse(
        value: &serde_json::Value,
        default_locale: &str,
        max: usize,
        line: bool,
    ) -> Result<LocalText, Message> {
        let mut texts = BTreeMap::new();
        let mut add = |locale: &str, raw: &serde_json::Value| -> Result<(), Message> {
            let lang = Lang::ALL
                .into_iter()
                .find(|l| l.code() == locale)
                .ok_or_else(|| Message::new("error-message-locale").with("locale", locale))?;
            let raw = raw.as_str().ok_or_else(|| Message::new("error-message-text-required"))?;
            let text = clean(raw, line)?;
            if text.chars().count() > max {
                return Err(Message::new("error-message-too-long").with("max", max.to_string()));
            }
            if !text.is_empty() {
                texts.insert(lang.code().to_owned(), text);
            }
            Ok(())
        };
        match value {
            serde_json::Value::Object(map) => {
                for (locale, raw) in map {
                    add(locale, raw)?;
                }
            }
            serde_json::Value::Null => {}
            other => add(default_locale, other)?,
        }
        if texts.is_empty() {
            return Err(Message::new("error-message-text-required"));
        }
        Ok(LocalText { texts })
    }

    /// Reads what `to_json` wrote.
    pub fn stored(json: &str) -> LocalText {
        LocalText { texts: serde_json::from_str(json).unwrap_or_default() }
    }

    /// The JSON object stored in the database and shown by the API.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.texts).unwrap_or_else(|_| "{}".to_owned())
    }

    /// The texts, by language code.
    pub fn texts(&self) -> &BTreeMap<String, String> {
        &self.texts
    }

    /// The text for a reader of `locale`: theirs, else the first.
    pub fn pick(&self, locale: &str) -> &str {
        self.texts.get(locale).map_or_else(|| self.texts.values().next().map_or("", String::as_str), String::as_str)
    }

    /// The text for `locale`, falling back to `fallback` before any other.
    pub fn pick_or(&self, locale: &str, fallback: &str) -> &str {
        match self.texts.get(locale) {
            Some(t) => t,
            None => self.pick(fallback),
        }
    }

    /// Whether the text was written in `locale` itself (no fallback).
    pub fn has(&self, locale: &str) -> bool {
        self.texts.contains_key(locale)
    }
}

/// A text as typed: trimmed; a subject on one line; no control characters but line breaks and
/// tabs in a body (a NUL or an escape sequence has no place in a mail).
fn clean(raw: &str, line: bool) -> Result<String, Message> {
    let text = raw.trim().replace("\r\n", "\n");
    if line && text.contains(['\n', '\r']) {
        return Err(Message::new("error-message-subject-line"));
    }
    Ok(text.chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_reader_gets_their_language_then_the_fallback() {
        let t = LocalText::parse(&json!({"en": "Dinner", "ar": " عشاء "}), "en", 100, true).unwrap();
        assert_eq!(t.pick("ar"), "عشاء");
        assert_eq!(t.pick_or("fr", "en"), "Dinner");
        let one = LocalText::parse(&json!("Bus at 8"), "zh", 100, true).unwrap();
        assert!(one.has("zh") && !one.has("en"));
        assert_eq!(one.pick("en"), "Bus at 8");
        assert_eq!(LocalText::stored(&t.to_json()), t);
    }

    #[test]
    fn bad_texts_are_refused_with_their_reason() {
        let key = |v, line| LocalText::parse(&v, "en", 10, line).unwrap_err().key;
        assert_eq!(key(json!({"xx": "Hi"}), true), "error-message-locale");
        assert_eq!(key(json!({"en": " "}), true), "error-message-text-required");
        assert_eq!(key(json!("two\nlines"), true), "error-message-subject-line");
        assert_eq!(key(json!("far too long a text"), false), "error-message-too-long");
        assert_eq!(key(json!(3), false), "error-message-text-required");
        let body = LocalText::parse(&json!("a\u{0}b\nc"), "en", 10, false).unwrap();
        assert_eq!(body.pick("en"), "ab\nc");
    }
}
