//! CLDR data through ICU4X: country names and date/time formats in the reader's language.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDateTime, Timelike};
use icu_calendar::Gregorian;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{T, YMDE};
use icu_datetime::input::{Date, DateTime, Time};
use icu_locale::Locale;
use icu_locale::names::RegionDisplayName;
use icu_locale::subtags::Region;

use super::Lang;

/// The CLDR locale behind each language; 24-hour clock and Latin digits everywhere, since a
/// programme is read across languages at a glance.
fn locale(lang: Lang) -> Locale {
    let tag = match lang {
        Lang::En => "en-GB-u-hc-h23",
        Lang::Zh => "zh-Hans-u-hc-h23",
        Lang::Fr => "fr-FR-u-hc-h23",
        Lang::Es => "es-ES-u-hc-h23",
        Lang::Ru => "ru-RU-u-hc-h23",
        Lang::Ar => "ar-u-nu-latn-hc-h23",
    };
    Locale::try_from_str(tag).unwrap_or(Locale::UNKNOWN)
}

struct CountryList {
    sorted: Vec<(&'static str, String)>,
    by_code: HashMap<&'static str, String>,
}

fn country_list(lang: Lang) -> &'static CountryList {
    static LISTS: [OnceLock<CountryList>; Lang::ALL.len()] = [const { OnceLock::new() }; Lang::ALL.len()];
    let index = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
    LISTS[index].get_or_init(|| {
        let loc = locale(lang);
        let mut sorted: Vec<(&'static str, String)> = rust_iso3166::ALL
            .iter()
            .map(|c| {
                let name = Region::try_from_str(c.alpha2)
                    .map(|r| RegionDisplayName::new_light_with_fallback((&loc).into(), r).to_string())
                    .unwrap_or_else(|_| c.name.to_owned());
                (c.alpha2, name)
            })
            .collect();
        // Sort as a reader of the language expects (pinyin order for Chinese).
        match icu_collator::Collator::try_new((&loc).into(), Default::default()) {
            Ok(collator) => sorted.sort_by(|a, b| collator.compare(&a.1, &b.1)),
            Err(_) => sorted.sort_by(|a, b| a.1.cmp(&b.1)),
        }
        let by_code = sorted.iter().cloned().collect();
        CountryList { sorted, by_code }
    })
}

/// All ISO 3166-1 countries as (alpha-2 code, name), sorted for the reader.
pub fn countries(lang: Lang) -> &'static [(&'static str, String)] {
    &country_list(lang).sorted
}

/// A country's name in `lang`; the code itself when it is not an ISO 3166-1 alpha-2 code.
pub fn country_name(lang: Lang, code: &str) -> String {
    country_list(lang).by_code.get(code).cloned().unwrap_or_else(|| code.to_owned())
}

/// Whether `code` (upper case) is an ISO 3166-1 alpha-2 code.
pub fn is_country(code: &str) -> bool {
    country_list(Lang::En).by_code.contains_key(code)
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Style {
    DateTime,
    Date,
    Time,
}

enum Formatter {
    Date(FixedCalendarDateTimeFormatter<Gregorian, YMDE>),
    DateTime(FixedCalendarDateTimeFormatter<Gregorian, icu_datetime::fieldsets::YMDET>),
    Time(FixedCalendarDateTimeFormatter<Gregorian, T>),
}

thread_local! {
    // Building a formatter loads data; formatting is cheap. One per thread avoids Sync bounds.
    static FORMATTERS: RefCell<HashMap<(Lang, Style), Option<Formatter>>> = RefCell::new(HashMap::new());
}

fn build(lang: Lang, style: Style) -> Option<Formatter> {
    let loc = locale(lang);
    let prefs = (&loc).into();
    match style {
        Style::Date => FixedCalendarDateTimeFormatter::try_new(prefs, YMDE::long()).ok().map(Formatter::Date),
        Style::DateTime => {
            FixedCalendarDateTimeFormatter::try_new(prefs, YMDE::long().with_time_hm()).ok().map(Formatter::DateTime)
        }
        Style::Time => FixedCalendarDateTimeFormatter::try_new(prefs, T::hm()).ok().map(Formatter::Time),
    }
}

/// Formats a wall-clock time; falls back to ISO 8601 if CLDR data cannot be loaded.
pub(super) fn format(lang: Lang, local: NaiveDateTime, style: Style) -> String {
    let input = Date::try_new_gregorian(local.year(), local.month() as u8, local.day() as u8)
        .ok()
        .zip(Time::try_new(local.hour() as u8, local.minute() as u8, 0, 0).ok())
        .map(|(date, time)| DateTime { date, time });
    let formatted = input.and_then(|dt| {
        FORMATTERS.with(|cell| {
            let mut map = cell.borrow_mut();
            let formatter = map.entry((lang, style)).or_insert_with(|| build(lang, style));
            formatter.as_ref().map(|f| match f {
                Formatter::Date(f) => f.format(&dt).to_string(),
                Formatter::DateTime(f) => f.format(&dt).to_string(),
                Formatter::Time(f) => f.format(&dt).to_string(),
            })
        })
    });
    formatted.unwrap_or_else(|| local.format("%Y-%m-%d %H:%M").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, 0).unwrap()
    }

    #[test]
    fn dates_follow_the_readers_language_on_a_24_hour_clock() {
        let t = at(2026, 12, 23, 14, 5);
        let en = Lang::En.datetime(t);
        assert!(en.contains("Wednesday") && en.contains("December") && en.contains("14:05"), "{en}");
        let zh = Lang::Zh.datetime(t);
        assert!(zh.contains("2026年12月23日") && zh.contains("星期三") && zh.contains("14:05"), "{zh}");
        assert_eq!(Lang::En.time(t), "14:05");
    }

    #[test]
    fn country_names_come_from_cldr_in_the_readers_language() {
        assert_eq!(country_name(Lang::En, "JO"), "Jordan");
        assert_eq!(country_name(Lang::Zh, "MN"), "蒙古");
        assert!(is_country("RO") && !is_country("XX") && !is_country("ro"));
        assert!(countries(Lang::Zh).len() >= 249);
        let en = countries(Lang::En);
        assert!(en.iter().position(|c| c.0 == "AF") < en.iter().position(|c| c.0 == "ZW"));
    }
}
