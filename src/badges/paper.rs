//! The papers badges print on, and their one stored form (`a6`, `cr80`, `a4-4up`, …) in the
//! `events.badge_layout` and `categories.badge_layout` columns and in layout documents: the size
//! of one badge, and how badges sit on a sheet.

/// Papers: a badge size, and a sheet that holds one or more of them.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum Paper {
    /// A6 portrait, 105 × 148 mm: the usual lanyard badge.
    #[serde(rename = "a6")]
    A6,
    /// CR80 card, 54 × 85.6 mm portrait, for card printers; the only paper with a back.
    #[serde(rename = "cr80")]
    Cr80,
    /// A4 landscape sheets with two A5 badges side by side and crop marks.
    #[serde(rename = "a4-2up")]
    A4TwoUp,
    /// A4 sheets with four A6 badges (2 × 2) and crop marks, for office printers.
    #[serde(rename = "a4-4up")]
    A4FourUp,
    /// A4 landscape sheets with eight A7 badges (4 × 2) and crop marks.
    #[serde(rename = "a4-8up")]
    A4EightUp,
    /// Avery 5395 name-badge labels: eight 85.7 × 59.3 mm labels on US Letter, pre-cut.
    #[serde(rename = "avery-5395")]
    Avery5395,
}

crate::text_column!(Paper);

impl crate::db::text::TextValue for Paper {
    fn as_str(&self) -> &'static str {
        self.key()
    }

    fn parse(s: &str) -> Option<Paper> {
        Paper::parse(s)
    }
}

/// How badges sit on a sheet: all sizes in millimetres, origin bottom-left as in PDF.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sheet {
    pub page: (f32, f32),
    pub badge: (f32, f32),
    pub columns: usize,
    pub rows: usize,
    /// The top-left badge's top-left corner, from the sheet's top-left corner.
    pub margin: (f32, f32),
    /// From one badge's corner to the next one's.
    pub pitch: (f32, f32),
    /// Whether the sheet is cut by hand (crop marks) or comes pre-cut (labels).
    pub crop_marks: bool,
}

impl Sheet {
    /// A grid centred on the page, badges touching: one cut between neighbours.
    const fn centred(page: (f32, f32), badge: (f32, f32), columns: usize, rows: usize) -> Sheet {
        let margin = ((page.0 - columns as f32 * badge.0) / 2.0, (page.1 - rows as f32 * badge.1) / 2.0);
        Sheet { page, badge, columns, rows, margin, pitch: badge, crop_marks: columns * rows > 1 }
    }

    pub fn per_page(&self) -> usize {
        self.columns * self.rows
    }

    /// The bottom-left corner of the `i`th badge on a page, row by row from the top left.
    pub fn slot(&self, i: usize) -> (f32, f32) {
        let (col, row) = (i % self.columns, i / self.columns);
        let x = self.margin.0 + col as f32 * self.pitch.0;
        let top = self.page.1 - self.margin.1 - row as f32 * self.pitch.1;
        (x, top - self.badge.1)
    }
}

const A4: (f32, f32) = (210.0, 297.0);
const A4_LANDSCAPE: (f32, f32) = (297.0, 210.0);
pub(super) const A6: (f32, f32) = (105.0, 148.0);

impl Paper {
    /// Every paper, in the order pickers list them.
    pub const ALL: [Paper; 6] =
        [Paper::A6, Paper::Cr80, Paper::A4TwoUp, Paper::A4FourUp, Paper::A4EightUp, Paper::Avery5395];

    /// The key forms, the command line, layout documents and the database use.
    pub fn key(self) -> &'static str {
        match self {
            Paper::A6 => "a6",
            Paper::Cr80 => "cr80",
            Paper::A4TwoUp => "a4-2up",
            Paper::A4FourUp => "a4-4up",
            Paper::A4EightUp => "a4-8up",
            Paper::Avery5395 => "avery-5395",
        }
    }

    /// The paper a key names (any case, surrounding spaces ignored).
    pub fn parse(key: &str) -> Option<Paper> {
        Paper::ALL.into_iter().find(|l| l.key() == key.trim().to_ascii_lowercase())
    }

    /// Where badges go on a page of this paper.
    pub fn sheet(self) -> Sheet {
        match self {
            Paper::A6 => Sheet::centred(A6, A6, 1, 1),
            Paper::Cr80 => Sheet::centred((54.0, 85.6), (54.0, 85.6), 1, 1),
            Paper::A4TwoUp => Sheet::centred(A4_LANDSCAPE, (148.5, 210.0), 2, 1),
            Paper::A4FourUp => Sheet::centred(A4, A6, 2, 2),
            Paper::A4EightUp => Sheet::centred(A4_LANDSCAPE, (74.0, 105.0), 4, 2),
            // Avery's template: 0.6875" side and 0.59" top margins, 3.75" × 2.5" pitch.
            Paper::Avery5395 => Sheet {
                page: (215.9, 279.4),
                badge: (85.7, 59.3),
                columns: 2,
                rows: 4,
                margin: (17.46, 14.99),
                pitch: (95.25, 63.5),
                crop_marks: false,
            },
        }
    }

    /// The size of one badge.
    pub fn badge_size(self) -> (f32, f32) {
        self.sheet().badge
    }

    /// The size of one page.
    pub fn page_size(self) -> (f32, f32) {
        self.sheet().page
    }

    /// How many badges share a page.
    pub fn badges_per_page(self) -> usize {
        self.sheet().per_page()
    }

    /// Whether a layout on this paper may have a back.
    pub fn two_sided(self) -> bool {
        self == Paper::Cr80
    }

    /// The paper one badge is drawn on by itself (a delegate's own copy): the badge, not the sheet.
    pub fn single(self) -> Paper {
        match self {
            Paper::A4FourUp => Paper::A6,
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::text::TextValue;

    #[test]
    fn papers_parse_from_their_keys() {
        for paper in Paper::ALL {
            assert_eq!(Paper::parse(paper.key()), Some(paper));
            assert_eq!(<Paper as TextValue>::parse(paper.as_str()), Some(paper), "stored as its key");
        }
        assert_eq!(Paper::parse("A4-4UP"), Some(Paper::A4FourUp));
        assert_eq!(Paper::parse("a5"), None);
    }

    #[test]
    fn every_badge_of_a_sheet_is_on_the_page_and_none_overlap() {
        for paper in Paper::ALL {
            let sheet = paper.sheet();
            let slots: Vec<(f32, f32)> = (0..sheet.per_page()).map(|i| sheet.slot(i)).collect();
            for &(x, y) in &slots {
                assert!(x >= 0.0 && y >= 0.0, "{paper:?}");
                assert!(
                    x + sheet.badge.0 <= sheet.page.0 + 0.01 && y + sheet.badge.1 <= sheet.page.1 + 0.01,
                    "{paper:?}"
                );
            }
            for (i, a) in slots.iter().enumerate() {
                for b in &slots[i + 1..] {
                    let apart = (a.0 - b.0).abs() >= sheet.badge.0 - 0.01 || (a.1 - b.1).abs() >= sheet.badge.1 - 0.01;
                    assert!(apart, "{paper:?}: {a:?} and {b:?} overlap");
                }
            }
        }
    }
}
