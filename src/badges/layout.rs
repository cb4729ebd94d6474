//! Where everything goes on a badge, for each paper size. All sizes in millimetres; one design
//! scaled to the page width, so A6 and CR80 look alike and the QR code is always top right.

use unicode_script::{Script, UnicodeScript};

use super::fonts::{BOLD, REGULAR};
use super::paper::Layout;
use super::pdf::{Colour, Document, Jpeg, Page};
use super::text::{self, Line};

/// An A6 badge, width and height.
pub(super) const A6: (f32, f32) = (105.0, 148.0);
const PT: f32 = 25.4 / 72.0;

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
}

/// Draws `badges` in `layout` into a new document, calling `progress` after each badge.
pub fn render(badges: &[BadgeContent], layout: Layout, mut progress: impl FnMut(usize)) -> Document {
    let mut doc = Document::default();
    let (pw, ph) = layout.page_size();
    match layout {
        Layout::A4FourUp => {
            for (sheet, chunk) in badges.chunks(4).enumerate() {
                let mut page = Page::new(pw, ph);
                crop_marks(&mut page);
                for (i, badge) in chunk.iter().enumerate() {
                    let (col, row) = (i % 2, i / 2);
                    let x = col as f32 * A6.0;
                    let y = ph - (ph - 2.0 * A6.1) / 2.0 - (row as f32 + 1.0) * A6.1;
                    draw(&mut doc, &mut page, badge, x, y, A6.0, A6.1);
                    progress(sheet * 4 + i + 1);
                }
                doc.push(page);
            }
        }
        _ => {
            for (i, badge) in badges.iter().enumerate() {
                let mut page = Page::new(pw, ph);
                draw(&mut doc, &mut page, badge, 0.0, 0.0, pw, ph);
                doc.push(page);
                progress(i + 1);
            }
        }
    }
    doc
}

/// Marks for the two cuts that part an A4 sheet into four A6 badges, drawn 5–10 mm in from the
/// paper's edge, where office printers still print.
fn crop_marks(page: &mut Page) {
    let (w, h) = (210.0, 297.0);
    let mid_y = h / 2.0;
    let mid_x = w / 2.0;
    for (from, to) in [
        ((mid_x, 5.0), (mid_x, 10.0)),
        ((mid_x, h - 10.0), (mid_x, h - 5.0)),
        ((5.0, mid_y), (10.0, mid_y)),
        ((w - 10.0, mid_y), (w - 5.0, mid_y)),
        ((mid_x - 2.0, mid_y), (mid_x + 2.0, mid_y)),
        ((mid_x, mid_y - 2.0), (mid_x, mid_y + 2.0)),
    ] {
        page.line(from, to);
    }
}

/// A block of text: its lines (shaped at 1 pt) and the size it is set in.
struct Block {
    lines: Vec<Line>,
    size: f32,
    colour: Colour,
}

impl Block {
    fn height(&self) -> f32 {
        self.lines.len() as f32 * self.size * PT * 1.18
    }
}

/// Shapes `text` to fit `width`: at `max` points if it can, smaller down to `min`, then on two
/// lines broken at a space; whatever the length, it is never wider than `width`.
fn fit(text: &str, font: usize, language: Option<&str>, width: f32, max: f32, min: f32) -> Option<Block> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let one = text::shape(text, font, language);
    Some(fit_lines(vec![one], || split_two(text, font, language), width, max, min))
}

fn fit_lines(one: Vec<Line>, two: impl FnOnce() -> Option<Vec<Line>>, width: f32, max: f32, min: f32) -> Block {
    let size_for = |lines: &[Line]| {
        let widest = lines.iter().map(|l| l.width).fold(0.0f32, f32::max) * PT;
        if widest > 0.0 { (width / widest).min(max) } else { max }
    };
    let size = size_for(&one);
    if size >= min {
        return Block { lines: one, size, colour: Colour::BLACK };
    }
    match two() {
        Some(two) if size_for(&two) > size => Block { size: size_for(&two), lines: two, colour: Colour::BLACK },
        _ => Block { lines: one, size, colour: Colour::BLACK },
    }
}

/// The text broken at the space nearest its middle, if it has one.
fn split_two(text: &str, font: usize, language: Option<&str>) -> Option<Vec<Line>> {
    let middle = text.len() / 2;
    let (at, _) = text.match_indices(' ').min_by_key(|(i, _)| i.abs_diff(middle))?;
    Some(vec![text::shape(text[..at].trim(), font, language), text::shape(text[at..].trim(), font, language)])
}

/// Latin, Greek and Cyrillic names get the family name in bold; other scripts have no bold face
/// here and no such custom.
fn bicameral(text: &str) -> bool {
    text.chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| matches!(c.script(), Script::Latin | Script::Greek | Script::Cyrillic))
}

fn name_block(b: &BadgeContent, width: f32, max: f32, min: f32) -> Option<Block> {
    if !b.badge_name.trim().is_empty() {
        return fit(&b.badge_name, REGULAR, b.native_language, width, max, min);
    }
    let (given, family) = (b.given_name.trim(), b.family_name.trim());
    if given.is_empty() || family.is_empty() || !bicameral(given) || !bicameral(family) {
        let name = if b.family_first { format!("{family} {given}") } else { format!("{given} {family}") };
        return fit(&name, REGULAR, None, width, max, min);
    }
    let given_line = text::shape(given, REGULAR, None);
    let family_line = text::shape(family, BOLD, None);
    let space = text::shape(" ", REGULAR, None);
    let (first, second) = if b.family_first { (family_line, given_line) } else { (given_line, family_line) };
    let mut one = first.clone();
    one.append(space);
    one.append(second.clone());
    Some(fit_lines(vec![one], || Some(vec![first, second]), width, max, min))
}

/// A "native" name that is just the Latin name again (Vietnamese, Hungarian) is not printed twice.
fn repeats_name(b: &BadgeContent) -> bool {
    let words = |s: &str| s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ");
    let native = words(&b.native_name);
    let (given, family) = (words(&b.given_name), words(&b.family_name));
    native == format!("{given} {family}") || native == format!("{family} {given}") || native == words(&b.badge_name)
}

fn centred(page: &mut Page, doc: &mut Document, block: &Block, left: f32, width: f32, top: f32) -> f32 {
    let mut y = top;
    for line in &block.lines {
        let line_height = block.size * PT * 1.18;
        let baseline = y - block.size * PT * 0.92;
        let w = line.width * block.size * PT;
        page.text(doc, line, left + (width - w) / 2.0, baseline, block.size, block.colour);
        y -= line_height;
    }
    y
}

/// Draws one badge with its bottom-left corner at (x, y).
fn draw(doc: &mut Document, page: &mut Page, b: &BadgeContent, x: f32, y: f32, w: f32, h: f32) {
    let s = w / A6.0;
    let margin = 6.0 * s;
    let inner = w - 2.0 * margin;
    let left = x + margin;
    let top = y + h;

    // Header: event name and dates.
    let mut cursor = top - margin;
    if let Some(block) = fit(&b.event_name, BOLD, None, inner, 11.0 * s, 7.0 * s) {
        cursor = centred(page, doc, &block, left, inner, cursor);
    }
    if let Some(mut block) = fit(&b.event_dates, REGULAR, None, inner, 8.0 * s, 5.0 * s) {
        block.colour = Colour::GREY;
        cursor = centred(page, doc, &block, left, inner, cursor);
    }
    cursor -= 2.5 * s;

    // Photo (left) and QR code (right; centred when there is no photo).
    let (photo_w, photo_h) = (30.0 * s, 40.0 * s);
    let qr_size = 34.0 * s;
    let row_top = cursor;
    let qr_left = match &b.photo {
        Some(photo) => {
            page.photo(doc, photo, left, row_top - photo_h, photo_w, photo_h);
            x + w - margin - qr_size + 1.5 * s
        }
        None => x + (w - qr_size) / 2.0,
    };
    if let Some((modules, runs)) = crate::qr::runs(&b.code) {
        page.modules(doc, modules, &runs, qr_left, row_top, qr_size);
    }
    let reference = format!("{} · {}", b.reference, b.version_label);
    if let Some(mut block) = fit(&reference, REGULAR, None, qr_size, 7.0 * s, 4.0 * s) {
        block.colour = Colour::GREY;
        centred(page, doc, &block, qr_left, qr_size, row_top - qr_size + 0.5 * s);
    }
    cursor = row_top - photo_h.max(qr_size) - 3.0 * s;

    // Category band at the foot: its colour, and its name in text.
    let band_h = 15.0 * s;
    let band_y = y + 0.8 * margin;
    let colour = b.colour.unwrap_or(Colour::BLACK);
    page.rect(x + 0.8 * margin, band_y, w - 1.6 * margin, band_h, colour);
    if let Some(mut block) = fit(&b.category, BOLD, None, inner - 4.0 * s, 18.0 * s, 9.0 * s) {
        block.colour = colour.text_on();
        let block_top = band_y + (band_h + block.height()) / 2.0;
        centred(page, doc, &block, left, inner, block_top);
    }

    // Name block between the photo row and the band, shrunk as a whole if it must be.
    let space = cursor - (band_y + band_h + 2.0 * s);
    let mut blocks: Vec<(Block, f32)> = Vec::new();
    let mut add = |block: Option<Block>, gap: f32| {
        if let Some(block) = block {
            blocks.push((block, gap));
        }
    };
    add(fit(&b.honorific, REGULAR, None, inner, 10.0 * s, 7.0 * s), 0.0);
    add(name_block(b, inner, 24.0 * s, 14.0 * s), 0.5 * s);
    if !repeats_name(b) {
        add(fit(&b.native_name, REGULAR, b.native_language, inner, 16.0 * s, 10.0 * s), 1.0 * s);
    }
    add(fit(&b.position, REGULAR, None, inner, 10.0 * s, 7.0 * s), 2.0 * s);
    add(fit(&b.organization, REGULAR, None, inner, 10.0 * s, 7.5 * s), 0.5 * s);
    add(fit(&b.country, BOLD, None, inner, 10.0 * s, 7.0 * s), 0.5 * s);
    let needed: f32 = blocks.iter().map(|(b, gap)| b.height() + gap).sum();
    let shrink = if needed > space && needed > 0.0 { space / needed } else { 1.0 };
    // Centred in the space left, so a short block does not leave a gap above the band.
    cursor -= (space - needed * shrink).max(0.0) / 3.0;
    for (mut block, gap) in blocks {
        block.size *= shrink;
        cursor = centred(page, doc, &block, left, inner, cursor - gap * shrink);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_name_shrinks_then_wraps_and_never_overflows() {
        let width = 93.0;
        let short = fit("Ana Lee", REGULAR, None, width, 24.0, 14.0).unwrap();
        assert_eq!((short.lines.len(), short.size), (1, 24.0));
        let long = "Maria del Carmen Fernández de la Vega Sanz Montenegro y Albuquerque";
        let block = fit(long, REGULAR, None, width, 24.0, 14.0).unwrap();
        assert_eq!(block.lines.len(), 2);
        for line in &block.lines {
            assert!(line.width * block.size * PT <= width + 0.01);
        }
        let unbreakable = "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaft";
        let block = fit(unbreakable, REGULAR, None, width, 24.0, 14.0).unwrap();
        assert!(block.lines[0].width * block.size * PT <= width + 0.01);
    }
}

#[cfg(test)]
mod sample {
    use super::*;

    /// Every sample delegate, as a badge (the CSV file the integration tests use too).
    pub fn delegates() -> Vec<BadgeContent> {
        let mut reader =
            csv::Reader::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/delegates.csv")).unwrap();
        reader
            .deserialize::<std::collections::HashMap<String, String>>()
            .enumerate()
            .map(|(i, row)| {
                let row = row.unwrap();
                BadgeContent {
                    event_name: "Qianhai Diplomatic Day".into(),
                    event_dates: "Thursday 24 December 2026".into(),
                    honorific: row["honorific"].clone(),
                    given_name: row["given_name"].clone(),
                    family_name: row["family_name"].clone(),
                    native_name: row["name_native"].clone(),
                    family_first: ["CN", "HK", "JP", "KR", "HU", "VN"].contains(&row["country"].as_str()),
                    position: row["position"].clone(),
                    organization: row["organization"].clone(),
                    country: row["country"].clone(),
                    category: row["category"].clone(),
                    colour: Colour::parse(["#1f4e79", "#f2c744", "#2e7d32", "#8e24aa"][i % 4]),
                    code: format!("{:0>27}", i),
                    reference: format!("QH-{i:06}"),
                    version: 1,
                    version_label: "v1".into(),
                    ..Default::default()
                }
            })
            .collect()
    }

    #[test]
    fn every_sample_name_has_all_its_glyphs() {
        let badges = delegates();
        assert_eq!(badges.len(), 46);
        for b in &badges {
            for text in [&b.given_name, &b.family_name, &b.native_name, &b.organization, &b.position] {
                let line = crate::badges::text::shape(text, REGULAR, None);
                assert_eq!(line.missing_glyphs(), 0, "missing glyphs in {text}");
            }
        }
        for layout in Layout::ALL {
            let doc = render(&badges, layout, |_| {});
            let pdf = doc.finish("sample").unwrap();
            if let Ok(dir) = std::env::var("LANYARD_BADGE_SAMPLES") {
                std::fs::write(format!("{dir}/{}.pdf", layout.key()), &pdf).unwrap();
            }
        }
    }
}
