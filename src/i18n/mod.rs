//! Every user-facing string goes through here: Fluent messages, CLDR country names and dates.

mod cldr;

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

pub use cldr::{countries, country_name, is_country};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./src/i18n/locales",
        fallback_language: "en",
        // Templates isolate names explicitly with <bdi>; marks inside plain text would leak into
        // mail subjects and CSV exports.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The six UN languages, by code and own name: the languages Lanyard speaks.
pub const PREFERRED: [(&str, &str); 6] =
    [("en", "English"), ("zh", "中文"), ("fr", "Français"), ("es", "Español"), ("ru", "Русский"), ("ar", "العربية")];

/// The code in `PREFERRED` for a tag such as `zh-CN` or `AR`.
pub fn preferred(tag: &str) -> Option<&'static str> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    PREFERRED.iter().map(|(code, _)| *code).find(|code| *code == primary)
}

/// A language Lanyard speaks. Codes are the ones used in the `locale` field and CSV files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Zh,
    Fr,
    Es,
    Ru,
    Ar,
}

impl Lang {
    /// Every supported language, in the order the switcher shows them.
    pub const ALL: [Lang; 6] = [Lang::En, Lang::Zh, Lang::Fr, Lang::Es, Lang::Ru, Lang::Ar];

    /// The code stored in `registrations.locale` and accepted in `?lang=`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::Ru => "ru",
            Lang::Ar => "ar",
        }
    }

    /// The value of the HTML `lang` attribute.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-Hans",
            other => other.code(),
        }
    }

    /// Text direction for `dir=`.
    pub fn dir(self) -> &'static str {
        if self == Lang::Ar { "rtl" } else { "ltr" }
    }

    /// The language's own name, as shown in the switcher.
    pub fn native_name(self) -> &'static str {
        PREFERRED.iter().find(|(code, _)| *code == self.code()).map_or("English", |(_, name)| name)
    }

    /// Parses a code such as `zh`, `zh-CN`, `zh-Hans` or `EN`.
    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The best supported language for an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        fluent_langneg::accepted_languages::parse(header).iter().find_map(|id| Lang::parse(id.language.as_str()))
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::En => fluent_templates::langid!("en"),
            Lang::Zh => fluent_templates::langid!("zh"),
            Lang::Fr => fluent_templates::langid!("fr"),
            Lang::Es => fluent_templates::langid!("es"),
            Lang::Ru => fluent_templates::langid!("ru"),
            Lang::Ar => fluent_templates::langid!("ar"),
        }
    }

    /// The message for `key`.
    pub fn t(&self, key: &str) -> String {
        LOCALES.lookup(&self.langid(), key)
    }

    /// The message for `key` with one named argument.
    pub fn t1(&self, key: &str, name: &'static str, value: &str) -> String {
        self.t_args(key, &[(name, value)])
    }

    /// The message for `key` with named text arguments (names such as "Nan" stay text).
    pub fn t_args(&self, key: &str, args: &[(&'static str, &str)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> =
            args.iter().map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.to_string()))).collect();
        LOCALES.lookup_with_args(&self.langid(), key, &map)
    }

    /// The message for `key` with one number, which also chooses the plural form.
    pub fn t_num(&self, key: &str, name: &'static str, n: i64) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = HashMap::from([(Cow::Borrowed(name), FluentValue::from(n))]);
        LOCALES.lookup_with_args(&self.langid(), key, &map)
    }

    /// A wall-clock date and time (already in the event's zone), e.g. "Wednesday 23 December 2026, 14:00".
    pub fn datetime(&self, local: chrono::NaiveDateTime) -> String {
        cldr::format(*self, local, cldr::Style::DateTime)
    }

    /// A wall-clock date with weekday.
    pub fn date(&self, local: chrono::NaiveDateTime) -> String {
        cldr::format(*self, local, cldr::Style::Date)
    }

    /// A wall-clock time of day, e.g. "14:00".
    pub fn time(&self, local: chrono::NaiveDateTime) -> String {
        cldr::format(*self, local, cldr::Style::Time)
    }

    /// The country's name in this language, or the code itself when CLDR has none.
    pub fn country(&self, code: &str) -> String {
        country_name(*self, code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_supported_language_of_the_browser_wins() {
        assert_eq!(Lang::from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"), Some(Lang::Zh));
        assert_eq!(Lang::from_accept_language("de-DE,en-GB;q=0.7"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("de-DE"), None);
        assert_eq!(Lang::parse("zh-Hans"), Some(Lang::Zh));
        assert_eq!(Lang::parse("xx"), None);
    }

    #[test]
    fn every_language_has_exactly_the_english_keys() {
        let keys = |lang: &str| -> std::collections::BTreeSet<String> {
            let path = format!("{}/src/i18n/locales/{lang}/main.ftl", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(path).unwrap();
            text.lines()
                .filter(|l| !l.starts_with([' ', '#', '\t', '*', '[']) && l.contains(" ="))
                .map(|l| l.split(" =").next().unwrap().trim().to_owned())
                .collect()
        };
        let english = keys("en");
        assert!(english.len() > 40);
        for lang in Lang::ALL {
            let theirs = keys(lang.code());
            let missing: Vec<_> = english.difference(&theirs).collect();
            let extra: Vec<_> = theirs.difference(&english).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{lang:?}: missing {missing:?}, extra {extra:?}");
        }
    }

    /// Every English key is used somewhere: named in the code or a template, or built from a
    /// prefix the code formats (`format!("door-reason-{code}")`).
    #[test]
    fn every_key_is_used() {
        fn read_all(dir: &std::path::Path, out: &mut String) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    if !path.ends_with("locales") {
                        read_all(&path, out);
                    }
                } else if path.extension().is_some_and(|e| e == "rs" || e == "html" || e == "txt" || e == "js") {
                    out.push_str(&std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut code = String::new();
        read_all(&root.join("src"), &mut code);
        read_all(&root.join("templates"), &mut code);
        // Prefixes of keys the code builds: `format!("door-reason-{code}")`.
        let prefixes: Vec<&str> = code
            .match_indices("format!(\"")
            .filter_map(|(i, m)| {
                let rest = &code[i + m.len()..];
                let prefix = &rest[..rest.find('{')?];
                let key_like = prefix.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                (key_like && prefix.ends_with('-')).then_some(prefix)
            })
            .collect();
        let text = std::fs::read_to_string(root.join("src/i18n/locales/en/main.ftl")).unwrap();
        let unused: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with([' ', '#', '\t', '*', '[']) && l.contains(" ="))
            .map(|l| l.split(" =").next().unwrap().trim())
            .filter(|key| !code.contains(&format!("\"{key}\"")) && !prefixes.iter().any(|p| key.starts_with(p)))
            .collect();
        assert!(unused.is_empty(), "keys no code uses: {unused:?}");
    }

    /// Every language parses and answers every key in its own words (not English fallbacks).
    #[test]
    fn every_language_is_translated() {
        let path = format!("{}/src/i18n/locales/en/main.ftl", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        let keys: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with([' ', '#', '\t', '*', '[']) && l.contains(" ="))
            .map(|l| l.split(" =").next().unwrap().trim())
            .collect();
        // A message's text runs on over indented lines.
        let mut with_arguments = std::collections::HashSet::new();
        let mut current = "";
        for line in text.lines() {
            if !line.starts_with([' ', '#', '\t', '*', '[']) && line.contains(" =") {
                current = line.split(" =").next().unwrap().trim();
            }
            if line.contains('$') {
                with_arguments.insert(current);
            }
        }
        for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
            // Messages with arguments are checked by the tests that pass them.
            let plain: Vec<&&str> = keys.iter().filter(|k| !with_arguments.contains(*k)).collect();
            let same = plain.iter().filter(|k| lang.t(k) == Lang::En.t(k)).count();
            assert!(same * 20 < plain.len(), "{lang:?}: {same} of {} messages are the English ones", plain.len());
            for k in &keys {
                assert!(!lang.t(k).is_empty() && lang.t(k) != *k, "{lang:?} {k}");
            }
        }
        assert_eq!(Lang::Ar.dir(), "rtl");
        assert_ne!(Lang::Ru.t_num("badges-count", "count", 3), Lang::Ru.t_num("badges-count", "count", 5));
        // Arabic has a dual: two differs from three and from one.
        assert_ne!(Lang::Ar.t_num("badges-count", "count", 2), Lang::Ar.t_num("badges-count", "count", 3));
    }

    #[test]
    fn messages_take_arguments() {
        let s = Lang::En.t1("error-too-long", "max", "100");
        assert!(s.contains("100"), "{s}");
        assert_eq!(Lang::En.t1("mail-greeting", "name", "Nan"), "Dear Nan,", "names are never numbers");
        assert_eq!(Lang::En.t_num("session-places-left", "left", 1), "One place left");
        assert_eq!(Lang::En.t_num("session-places-left", "left", 7), "7 places left");
        assert_ne!(Lang::Zh.t("register-submit"), Lang::En.t("register-submit"));
    }
}
