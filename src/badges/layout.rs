//! What a badge shows, and badges laid out on sheets: each drawn by its layout document.

use super::design::Design;
use super::design::draw::{self, Pictures, Place};
use super::paper::Sheet;
use super::pdf::{Colour, Document, Jpeg, Page};
use super::stations::Calibration;

/// What a badge shows, already in the badge's language.
#[derive(Debug, Clone, Default)]
pub struct BadgeContent {
    pub event_name: String,
    pub event_dates: String,
    pub honorific: String,
    pub given_name: String,
    pub family_name: String,
    /// The name as the delegate wants it printed; replaces given and family name when set.
    pub badge_name: String,
    pub native_name: String,
    /// Family name first (East Asian and Hungarian order).
    pub family_first: bool,
    /// Language tag for regional glyph forms of the native name (`ja`, `ko`, `zh-HK`).
    pub native_language: Option<&'static str>,
    pub position: String,
    pub organization: String,
    pub country: String,
    pub category: String,
    pub colour: Option<Colour>,
    pub code: String,
    pub reference: String,
    pub version: i32,
    pub version_label: String,
    pub photo: Option<Jpeg>,
    pub zones: Vec<Zone>,
}

/// A zone or privilege printed on a badge ("VIP lounge" as `VIP`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    pub code: String,
    pub name: String,
    pub colour: Option<Colour>,
}

/// Draws `badges` with `design` into a new document, calling `progress` after each badge.
/// Sheets are filled row by row; a two-sided card's back follows its front, the order a duplex
/// card printer takes.
pub fn render(badges: &[BadgeContent], design: &Design, pictures: &Pictures, progress: impl FnMut(usize)) -> Document {
    let mut doc = Document::default();
    render_into(&mut doc, badges, (design, Calibration::default()), pictures, progress);
    doc
}

/// Draws `badges` at the end of `doc`.
pub fn render_into(
    doc: &mut Document,
    badges: &[BadgeContent],
    (design, calibration): (&Design, Calibration),
    pictures: &Pictures,
    mut progress: impl FnMut(usize),
) {
    let sheet = design.paper.sheet();
    let (pw, ph) = sheet.page;
    let per_page = sheet.per_page();
    for (n, chunk) in badges.chunks(per_page).enumerate() {
        let mut page = Page::calibrated(pw, ph, calibration);
        if sheet.crop_marks {
            crop_marks(&mut page, &sheet);
        }
        for (i, badge) in chunk.iter().enumerate() {
            let (x, y) = sheet.slot(i);
            let place = Place { x, y, width: sheet.badge.0, height: sheet.badge.1 };
            draw::side(doc, &mut page, &design.front, badge, place, pictures);
            if !design.back.is_empty() && per_page == 1 {
                doc.push(std::mem::replace(&mut page, Page::calibrated(pw, ph, calibration)));
                draw::side(doc, &mut page, &design.back, badge, place, pictures);
            }
            progress(n * per_page + i + 1);
        }
        doc.push(page);
    }
}

/// Marks for the cuts that part a sheet into badges, drawn 5–10 mm in from the paper's edge,
/// where office printers still print, and a small cross where cuts meet.
fn crop_marks(page: &mut Page, sheet: &Sheet) {
    let (w, h) = sheet.page;
    let xs: Vec<f32> = (0..=sheet.columns).map(|c| sheet.margin.0 + c as f32 * sheet.pitch.0).collect();
    let ys: Vec<f32> = (0..=sheet.rows).map(|r| h - sheet.margin.1 - r as f32 * sheet.pitch.1).collect();
    let inner = |v: &[f32], edge: f32| v.iter().copied().filter(|c| *c > 1.0 && *c < edge - 1.0).collect::<Vec<_>>();
    let (xs, ys) = (inner(&xs, w), inner(&ys, h));
    for &x in &xs {
        page.line((x, 5.0), (x, 10.0));
        page.line((x, h - 10.0), (x, h - 5.0));
    }
    for &y in &ys {
        page.line((5.0, y), (10.0, y));
        page.line((w - 10.0, y), (w - 5.0, y));
    }
    for &x in &xs {
        for &y in &ys {
            page.line((x - 2.0, y), (x + 2.0, y));
            page.line((x, y - 2.0), (x, y + 2.0));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::badges::Paper;
    use crate::badges::design::{builtin, samples};

    #[test]
    fn every_sample_delegate_renders_on_every_paper() {
        let badges = samples::contents(&samples::Setting::demo());
        assert_eq!(badges.len(), 46);
        for paper in Paper::ALL {
            let design = builtin(paper);
            let doc = render(&badges, &design, &Pictures::new(), |_| {});
            assert_eq!(doc.page_count(), badges.len().div_ceil(paper.badges_per_page()));
            let pdf = doc.finish("sample").unwrap();
            if let Ok(dir) = std::env::var("LANYARD_BADGE_SAMPLES") {
                std::fs::write(format!("{dir}/{}.pdf", paper.key()), &pdf).unwrap();
            }
        }
    }
}
