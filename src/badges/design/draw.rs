//! Drawing a layout: each element in its box, text shaped in every script and fitted (shrunk to
//! its minimum size, then wrapped; whatever the length, never wider than its box).

use std::collections::HashMap;

pub use super::fit::{Block, PT};
use super::fit::{LEADING, MAX_LINES, Ways, candidates, choose, name_candidates};
use super::{Align, Element, Field, Stack, StackItem, Text, VAlign, When};
use crate::badges::fonts::{BOLD, REGULAR};
use crate::badges::layout::BadgeContent;
use crate::badges::pdf::{Colour, Document, Page, Picture};
use crate::badges::text;

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
