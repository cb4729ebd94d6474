//! The papers badges print on, and their one stored form (`a6`, `cr80`, `a4-4up`) in the
//! `events.badge_layout` and `categories.badge_layout` columns.

use super::layout::A6;

/// Paper layouts.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum Layout {
    /// A6 portrait, 105 × 148 mm: the usual lanyard badge.
    #[serde(rename = "a6")]
    A6,
    /// CR80 card, 54 × 85.6 mm portrait, for card printers.
    #[serde(rename = "cr80")]
    Cr80,
    /// A4 sheets with four A6 badges (2 × 2) and crop marks, for office printers.
    #[serde(rename = "a4-4up")]
    A4FourUp,
}

crate::text_column!(Layout);

impl crate::db::text::TextValue for Layout {
    fn as_str(&self) -> &'static str {
        self.key()
    }

    fn parse(s: &str) -> Option<Layout> {
        Layout::parse(s)
    }
}

impl Layout {
    /// Every layout, in the order pickers list them.
    pub const ALL: [Layout; 3] = [Layout::A6, Layout::Cr80, Layout::A4FourUp];

    /// The key forms, the command line and the database use.
    pub fn key(self) -> &'static str {
        match self {
            Layout::A6 => "a6",
            Layout::Cr80 => "cr80",
            Layout::A4FourUp => "a4-4up",
        }
    }

    /// The layout a key names (any case, surrounding spaces ignored).
    pub fn parse(key: &str) -> Option<Layout> {
        Layout::ALL.into_iter().find(|l| l.key() == key.trim().to_ascii_lowercase())
    }

    /// The size of one badge.
    pub fn badge_size(self) -> (f32, f32) {
        match self {
            Layout::A6 | Layout::A4FourUp => (A6.0, A6.1),
            Layout::Cr80 => (54.0, 85.6),
        }
    }

    /// The size of one page.
    pub fn page_size(self) -> (f32, f32) {
        match self {
            Layout::A4FourUp => (210.0, 297.0),
            other => other.badge_size(),
        }
    }

    /// How many badges share a page.
    pub fn badges_per_page(self) -> usize {
        if self == Layout::A4FourUp { 4 } else { 1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::text::TextValue;

    #[test]
    fn layouts_parse_from_their_keys() {
        for layout in Layout::ALL {
            assert_eq!(Layout::parse(layout.key()), Some(layout));
            assert_eq!(<Layout as TextValue>::parse(layout.as_str()), Some(layout), "stored as its key");
        }
        assert_eq!(Layout::parse("A4-4UP"), Some(Layout::A4FourUp));
        assert_eq!(Layout::parse("a5"), None);
    }
}
