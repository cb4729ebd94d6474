//! The sample delegates a layout is tried with: 46 real-looking delegates from 42 countries,
//! names in many scripts, the longest positions and organisations an embassy prints. A layout is
//! saved only if every one of them fits; the designer previews any of them.

use super::Colour;
use crate::badges::layout::{BadgeContent, Zone};
use crate::badges::print::{FAMILY_FIRST, native_language};
use crate::events::Programme;
use crate::i18n::Lang;

const CSV: &str = include_str!("../../../tests/data/delegates.csv");

/// What the samples take from the event: its name and dates, its categories, its zones.
#[derive(Debug, Clone)]
pub struct Setting {
    pub event_name: String,
    pub event_dates: String,
    pub categories: Vec<(String, Option<Colour>)>,
    pub zones: Vec<Zone>,
}

impl Setting {
    /// The demo event's.
    pub fn demo() -> Setting {
        let colours = ["#1f4e79", "#f2c744", "#2e7d32", "#8e24aa"];
        Setting {
            event_name: "Qianhai Diplomatic Day".into(),
            event_dates: "Thursday 24 December 2026".into(),
            categories: ["Head of Mission", "Delegation", "Press", "Organiser"]
                .iter()
                .zip(colours)
                .map(|(name, colour)| ((*name).to_owned(), Colour::parse(colour)))
                .collect(),
            zones: Vec::new(),
        }
    }

    /// An event's, in the language its badges are printed in.
    pub fn of(p: &Programme, zones: Vec<Zone>) -> Setting {
        let lang = crate::badges::print::badge_lang(p);
        Setting {
            event_name: p.event_name(lang).to_owned(),
            event_dates: crate::badges::print::event_dates(p, lang),
            categories: p
                .categories
                .iter()
                .map(|c| (p.category_name(lang, c), Colour::parse(&c.badge_colour)))
                .collect(),
            zones,
        }
    }
}

/// One sample row, as the CSV file has it.
#[derive(Debug, Clone, serde::Deserialize)]
struct Row {
    honorific: String,
    given_name: String,
    family_name: String,
    name_native: String,
    country: String,
    organization: String,
    position: String,
}

/// Every sample delegate as a badge of this event: categories and zones taken in turn (each
/// sample with all the zones, the widest case).
pub fn contents(setting: &Setting) -> Vec<BadgeContent> {
    let mut reader = csv::Reader::from_reader(CSV.as_bytes());
    reader
        .deserialize::<Row>()
        .filter_map(Result::ok)
        .enumerate()
        .map(|(i, row)| {
            let (category, colour) = setting.categories.get(i % setting.categories.len().max(1)).cloned().unzip();
            BadgeContent {
                event_name: setting.event_name.clone(),
                event_dates: setting.event_dates.clone(),
                honorific: row.honorific,
                given_name: row.given_name,
                family_name: row.family_name,
                native_name: row.name_native,
                family_first: FAMILY_FIRST.contains(&row.country.as_str()),
                native_language: native_language(&row.country),
                position: row.position,
                organization: row.organization,
                country: Lang::En.country(&row.country),
                category: category.unwrap_or_default(),
                colour: colour.flatten(),
                code: format!("{:0>27}", i),
                reference: format!("QH-{i:06}"),
                version: 1,
                version_label: "v1".into(),
                zones: setting.zones.clone(),
                ..Default::default()
            }
        })
        .collect()
}

/// The samples' names, for the designer's picker: the longest first, then one per script.
pub fn names() -> Vec<(usize, String)> {
    let all = contents(&Setting::demo());
    let mut named: Vec<(usize, String)> = all
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let native = if b.native_name.is_empty() { String::new() } else { format!(" · {}", b.native_name) };
            (i, format!("{} {}{native}", b.given_name, b.family_name))
        })
        .collect();
    named.sort_by_key(|(_, name)| std::cmp::Reverse(name.chars().count()));
    named
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::badges::fonts::REGULAR;

    #[test]
    fn every_sample_name_has_all_its_glyphs() {
        let badges = contents(&Setting::demo());
        assert_eq!(badges.len(), 46);
        for b in &badges {
            for text in [&b.given_name, &b.family_name, &b.native_name, &b.organization, &b.position] {
                let line = crate::badges::text::shape(text, REGULAR, None);
                assert_eq!(line.missing_glyphs(), 0, "missing glyphs in {text}");
            }
        }
    }
}
