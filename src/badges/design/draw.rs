//! Drawing a layout: each element in its box, text shaped in every script and fitted (shrunk to
//! its minimum size, then wrapped; whatever the length, never wider than its box).

use std::collections::HashMap;

use unicode_script::{Script, UnicodeScript};

use super::{Align, Element, Field, Stack, StackItem, Text, VAlign, When};
use crate::badges::fonts::{BOLD, REGULAR};
use crate::badges::layout::BadgeContent;
use crate::badges::pdf::{Colour, Document, Page, Picture};
use crate::badges::text::{self, Line};

/// Millimetres per point.
pub const PT: f32 = 25.4 / 72.0;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.18;
/// The most lines one text is wrapped into.
const MAX_LINES: usize = 4;

/// A fitted text: its lines (shaped at 1 pt), the size it is set in, and whether that size is
/// at least the element's minimum (below it the text was shrunk further to stay in its box).
#[derive(Debug)]
pub struct Block {
    pub lines: Vec<Line>,
    pub size: f32,
    pub colour: Colour,
    pub fits: bool,
}

impl Block {
    pub fn height(&self) -> f32 {
        self.lines.len() as f32 * self.size * PT * LEADING
    }
}

/// The largest size at which `lines` fit `width` × `height`, at most `max`.
fn size_for(lines: &[Line], width: f32, height: f32, max: f32) -> f32 {
    let widest = lines.iter().map(|l| l.width).fold(0.0f32, f32::max) * PT;
    let by_width = if widest > 0.0 { width / widest } else { max };
    let by_height = height / (lines.len() as f32 * PT * LEADING);
    max.min(by_width).min(by_height)
}

/// The ways of setting a text: on one line, and wrapped on more (made only when asked: most
/// texts fit on one line, and shaping every wrapping of every field cost half the badge's time).
pub(crate) struct Ways<'a> {
    one: Vec<Line>,
    more: Box<dyn FnOnce() -> Vec<Vec<Line>> + 'a>,
}

impl<'a> Ways<'a> {
    fn only(one: Vec<Line>) -> Ways<'a> {
        Ways { one, more: Box::new(Vec::new) }
    }
}

/// Picks a way of setting a text: one line if it fits at `min` or more, else the fewest lines
/// that do; if none does, the way that allows the largest size.
fn choose(ways: Ways, (width, height): (f32, f32), max: f32, min: f32) -> Option<Block> {
    let size = size_for(&ways.one, width, height, max);
    if size >= min - 0.01 {
        return Some(Block { lines: ways.one, size, colour: Colour::BLACK, fits: true });
    }
    let mut best = (size, ways.one);
    for lines in (ways.more)() {
        let size = size_for(&lines, width, height, max);
        if size >= min - 0.01 {
            return Some(Block { lines, size, colour: Colour::BLACK, fits: true });
        }
        if size > best.0 {
            best = (size, lines);
        }
    }
    let (size, lines) = best;
    Some(Block { lines, size, colour: Colour::BLACK, fits: false })
}

/// `text` on one line, then balanced over two to `most` lines broken after spaces and hyphens.
fn candidates<'a>(text: &'a str, font: usize, language: Option<&'a str>, most: usize) -> Ways<'a> {
    Ways { one: vec![text::shape(text, font, language)], more: Box::new(move || wrapped(text, font, language, most)) }
}

/// `text` balanced over two to `most` lines.
fn wrapped(text: &str, font: usize, language: Option<&str>, most: usize) -> Vec<Vec<Line>> {
    let mut out = Vec::new();
    // Pieces end where a line may break, each keeping its space or hyphen.
    let mut pieces: Vec<&str> = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if (c == ' ' || c == '-') && i + 1 < text.len() {
            pieces.push(&text[start..=i]);
            start = i + 1;
        }
    }
    pieces.push(&text[start..]);
    pieces.retain(|p| !p.trim().is_empty());
    if pieces.len() < 2 {
        return out;
    }
    let space = text::shape(" ", font, language).width;
    let widths: Vec<(f32, f32)> = pieces
        .iter()
        .map(|p| (text::shape(p.trim_end(), font, language).width, if p.ends_with(' ') { space } else { 0.0 }))
        .collect();
    for n in 2..=most.min(pieces.len()) {
        let lines = balanced(&widths, n);
        out.push(lines.into_iter().map(|r| text::shape(pieces[r].concat().trim(), font, language)).collect());
    }
    out
}

/// Splits pieces (width, and the space after) into `n` lines with the widest as narrow as it
/// can be.
fn balanced(widths: &[(f32, f32)], n: usize) -> Vec<std::ops::Range<usize>> {
    let k = widths.len();
    let width = |a: usize, b: usize| widths[a..b].iter().map(|(w, s)| w + s).sum::<f32>() - widths[b - 1].1;
    // best[j][i]: the widest line when the first i words make j lines; from[j][i]: where the last starts.
    let mut best = vec![vec![f32::INFINITY; k + 1]; n + 1];
    let mut from = vec![vec![0usize; k + 1]; n + 1];
    best[0][0] = 0.0;
    for j in 1..=n {
        for i in j..=k {
            for s in (j - 1)..i {
                let w = best[j - 1][s].max(width(s, i));
                if w < best[j][i] {
                    best[j][i] = w;
                    from[j][i] = s;
                }
            }
        }
    }
    let mut ranges = Vec::with_capacity(n);
    let mut end = k;
    for j in (1..=n).rev() {
        let start = from[j][end];
        ranges.push(start..end);
        end = start;
    }
    ranges.reverse();
    ranges
}

/// Latin, Greek and Cyrillic names get the family name in bold; other scripts have no bold face
/// here and no such custom.
fn bicameral(text: &str) -> bool {
    text.chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| matches!(c.script(), Script::Latin | Script::Greek | Script::Cyrillic))
}

/// The ways of setting the delegate's name: one line with the family name bold, or the two names
/// on two lines; a chosen badge name or a name in another script as any other text.
fn name_candidates(b: &BadgeContent, most: usize) -> Ways<'_> {
    if !b.badge_name.trim().is_empty() {
        return candidates(b.badge_name.trim(), REGULAR, b.native_language, most);
    }
    let (given, family) = (b.given_name.trim(), b.family_name.trim());
    if given.is_empty() || family.is_empty() || !bicameral(given) || !bicameral(family) {
        let name = if b.family_first { format!("{family} {given}") } else { format!("{given} {family}") };
        let name = name.trim().to_owned();
        let one = vec![text::shape(&name, REGULAR, None)];
        return Ways { one, more: Box::new(move || wrapped(&name, REGULAR, None, most)) };
    }
    let given_line = text::shape(given, REGULAR, None);
    let family_line = text::shape(family, BOLD, None);
    let (first, second) = if b.family_first { (family_line, given_line) } else { (given_line, family_line) };
    let mut one = first.clone();
    one.append(text::shape(" ", REGULAR, None));
    one.append(second.clone());
    Ways { one: vec![one], more: Box::new(move || name_wrapped(b, (first, second), most)) }
}

/// A long name on two lines, then each part wrapped on its own, the family name still bold.
fn name_wrapped(b: &BadgeContent, (first, second): (Line, Line), most: usize) -> Vec<Vec<Line>> {
    let (given, family) = (b.given_name.trim(), b.family_name.trim());
    let mut out = vec![vec![first, second]];
    let (first, second) =
        if b.family_first { ((family, BOLD), (given, REGULAR)) } else { ((given, REGULAR), (family, BOLD)) };
    let with_one = |text: &str, font: usize, n: usize| {
        let mut all = vec![vec![text::shape(text, font, None)]];
        all.extend(wrapped(text, font, None, n));
        all
    };
    for n in 3..=most {
        let mut lines = Vec::new();
        let first_lines = with_one(first.0, first.1, n - 1);
        let second_lines = with_one(second.0, second.1, n - 1);
        let widest = |ls: &Vec<Line>| ls.iter().map(|l| l.width).fold(0.0f32, f32::max);
        // Split the n lines between the parts to keep the widest line narrowest.
        let split = (1..n)
            .filter_map(|k| Some((first_lines.get(k - 1)?, second_lines.get(n - k - 1)?)))
            .min_by(|a, b| widest(a.0).max(widest(a.1)).total_cmp(&widest(b.0).max(widest(b.1))));
        if let Some((a, b)) = split {
            lines.extend(a.iter().cloned());
            lines.extend(b.iter().cloned());
            out.push(lines);
        }
    }
    out
}

/// A "native" name that is just the Latin name again (Vietnamese, Hungarian) is not printed twice.
fn repeats_name(b: &BadgeContent) -> bool {
    let words = |s: &str| s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ");
    let native = words(&b.native_name);
    let (given, family) = (words(&b.given_name), words(&b.family_name));
    native == format!("{given} {family}") || native == format!("{family} {given}") || native == words(&b.badge_name)
}

/// The words a field shows on this badge (`own` for a fixed text).
pub fn field_text(field: Field, own: &str, b: &BadgeContent) -> String {
    match field {
        Field::Honorific => b.honorific.clone(),
        Field::Name => format!("{} {} {}", b.badge_name, b.given_name, b.family_name),
        Field::NativeName if repeats_name(b) => String::new(),
        Field::NativeName => b.native_name.clone(),
        Field::Position => b.position.clone(),
        Field::Organization => b.organization.clone(),
        Field::Country => b.country.clone(),
        Field::Category => b.category.clone(),
        Field::Zones => b.zones.iter().map(|z| z.code.as_str()).collect::<Vec<_>>().join(" · "),
        Field::Reference => format!("{} · {}", b.reference, b.version_label),
        Field::EventName => b.event_name.clone(),
        Field::EventDates => b.event_dates.clone(),
        Field::Text => own.to_owned(),
    }
}

/// Fits one field into `width` × `height`; `None` when it has nothing to show.
fn fit_field(
    (field, own, bold): (Field, &str, bool),
    b: &BadgeContent,
    (width, height): (f32, f32),
    (max, min): (f32, f32),
    most: usize,
) -> Option<Block> {
    let text = field_text(field, own, b);
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let font = if bold { BOLD } else { REGULAR };
    let lines = match field {
        Field::Name => name_candidates(b, most),
        Field::NativeName => candidates(text, font, b.native_language, most),
        _ => candidates(text, font, None, most),
    };
    choose(lines, (width, height), max, min)
}

/// A text element, fitted.
pub fn fit_text(t: &Text, b: &BadgeContent) -> Option<Block> {
    let mut block = fit_field((t.field, &t.text, t.bold), b, (t.width, t.height), (t.max_size, t.min_size), MAX_LINES)?;
    block.colour = t.colour.resolve(b.colour);
    Some(block)
}

/// A stack, fitted: its items with the space above each, the factor they were all shrunk by to
/// fit the height, and whether every item is still at its minimum size or more.
pub fn fit_stack(s: &Stack, b: &BadgeContent) -> (Vec<(Block, f32)>, f32, bool) {
    let mut blocks = Vec::new();
    let mut fits = true;
    for item in &s.items {
        let StackItem { field, text, max_size, min_size, bold, gap, colour } = item;
        let Some(mut block) = fit_field((*field, text, *bold), b, (s.width, f32::INFINITY), (*max_size, *min_size), 3)
        else {
            continue;
        };
        block.colour = colour.resolve(b.colour);
        fits &= block.fits;
        blocks.push((block, *gap, *min_size));
    }
    let needed: f32 = blocks.iter().map(|(b, gap, _)| b.height() + gap).sum();
    let shrink = if needed > s.height && needed > 0.0 { s.height / needed } else { 1.0 };
    fits &= blocks.iter().all(|(block, _, min)| block.size * shrink >= min - 0.01);
    (blocks.into_iter().map(|(block, gap, _)| (block, gap)).collect(), shrink, fits)
}

/// Sets the lines of `block` from `top` down, aligned within [left, left + width].
fn lines(page: &mut Page, doc: &mut Document, block: &Block, (left, width): (f32, f32), top: f32, align: Align) {
    let line_height = block.size * PT * LEADING;
    for (i, line) in block.lines.iter().enumerate() {
        let baseline = top - i as f32 * line_height - block.size * PT * 0.92;
        let w = line.width * block.size * PT;
        let x = match align {
            Align::Left => left,
            Align::Centre => left + (width - w) / 2.0,
            Align::Right => left + width - w,
        };
        page.text(doc, line, x, baseline, block.size, block.colour);
    }
}

/// Pictures (uploaded images) by name, ready for the page.
pub type Pictures = HashMap<String, Picture>;

/// Where a badge is: its bottom-left corner on the page and its size, in millimetres.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// The largest box with `aspect` (width / height) inside w × h.
fn contain(aspect: f32, w: f32, h: f32) -> (f32, f32) {
    if aspect <= 0.0 || !aspect.is_finite() {
        return (w, h);
    }
    if w / h > aspect { (h * aspect, h) } else { (w, w / aspect) }
}

/// Draws one side of a badge.
pub fn side(
    doc: &mut Document,
    page: &mut Page,
    elements: &[Element],
    b: &BadgeContent,
    at: Place,
    pictures: &Pictures,
) {
    for element in elements {
        match element.when() {
            Some(When::Photo) if b.photo.is_none() => continue,
            Some(When::NoPhoto) if b.photo.is_some() => continue,
            _ => {}
        }
        let (x, y, w, h) = element.frame();
        let (left, top) = (at.x + x, at.y + at.height - y);
        match element {
            Element::Rect(r) => page.rect(left, top - h, w, h, r.colour.resolve(b.colour)),
            Element::Text(t) => {
                if let Some(block) = fit_text(t, b) {
                    let spare = (h - block.height()).max(0.0);
                    let down = match t.valign {
                        VAlign::Top => 0.0,
                        VAlign::Middle => spare / 2.0,
                        VAlign::Bottom => spare,
                    };
                    lines(page, doc, &block, (left, w), top - down, t.align);
                }
            }
            Element::Stack(s) => {
                let (blocks, shrink, _) = fit_stack(s, b);
                let needed: f32 = blocks.iter().map(|(b, gap)| b.height() + gap).sum::<f32>() * shrink;
                // A third of the space left above, two thirds below: the optical centre.
                let mut cursor = top - (h - needed).max(0.0) / 3.0;
                for (mut block, gap) in blocks {
                    block.size *= shrink;
                    cursor -= gap * shrink;
                    lines(page, doc, &block, (left, w), cursor, s.align);
                    cursor -= block.height();
                }
            }
            Element::Photo(_) => {
                if let Some(photo) = &b.photo {
                    let (pw, ph) = contain(photo.width as f32 / photo.height.max(1) as f32, w, h);
                    page.photo(doc, photo, left + (w - pw) / 2.0, top - ph, pw, ph);
                }
            }
            Element::Image(i) => {
                if let Some(picture) = pictures.get(&i.image) {
                    let (pw, ph) = contain(picture.width as f32 / picture.height.max(1) as f32, w, h);
                    page.picture(doc, picture, left + (w - pw) / 2.0, top - h + (h - ph) / 2.0, pw, ph);
                }
            }
            Element::Qr(_) => {
                page.qr(doc, &b.code, left, top, w);
            }
            Element::Zones(_) => zones(doc, page, b, (left, top, w, h)),
        }
    }
}

/// Zones as tabs of equal width, each in its colour with its code on it.
fn zones(doc: &mut Document, page: &mut Page, b: &BadgeContent, (left, top, w, h): (f32, f32, f32, f32)) {
    let n = b.zones.len();
    if n == 0 {
        return;
    }
    let gap = (w * 0.02).min(1.0);
    let tab = (w - gap * (n - 1) as f32) / n as f32;
    for (i, zone) in b.zones.iter().enumerate() {
        let x = left + i as f32 * (tab + gap);
        let colour = zone.colour.unwrap_or(Colour::BLACK);
        page.rect(x, top - h, tab, h, colour);
        if let Some(mut block) =
            choose(Ways::only(vec![text::shape(&zone.code, BOLD, None)]), (tab * 0.9, h * 0.8), 14.0, 4.0)
        {
            block.colour = colour.text_on();
            lines(page, doc, &block, (x, tab), top - (h - block.height()) / 2.0, Align::Centre);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_name_shrinks_then_wraps_and_never_overflows() {
        let width = 93.0;
        let fit = |text: &str| choose(candidates(text, REGULAR, None, 4), (width, 30.0), 24.0, 14.0).unwrap();
        let short = fit("Ana Lee");
        assert_eq!((short.lines.len(), short.size, short.fits), (1, 24.0, true));
        let long = fit("Maria del Carmen Fernández de la Vega Sanz Montenegro y Albuquerque");
        assert_eq!(long.lines.len(), 2);
        assert!(long.fits);
        for line in &long.lines {
            assert!(line.width * long.size * PT <= width + 0.01);
        }
        let unbreakable = fit("Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaft");
        assert!(unbreakable.lines[0].width * unbreakable.size * PT <= width + 0.01);
        assert!(!unbreakable.fits, "below its minimum size, and said so");
    }

    #[test]
    fn wrapping_balances_the_lines() {
        let ranges = balanced(&[(10.0, 1.0), (10.0, 1.0), (10.0, 1.0), (30.0, 0.0)], 2);
        assert_eq!(ranges, vec![0..3, 3..4]);
        let ranges = balanced(&[(5.0, 1.0); 6], 3);
        assert_eq!(ranges, vec![0..2, 2..4, 4..6]);
    }
}
