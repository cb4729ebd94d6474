//! The layout every event starts with, drawn for any paper: the design badges always had, one
//! design scaled to the badge so A6 and CR80 look alike. Portrait badges put the photo and QR
//! code under the event's name and the name block below them; landscape labels put the name
//! block between photo and QR code. The category's colour is a band at the foot.

use super::draw::PT;
use super::{Align, Design, Element, Field, Frame, Ink, Paper, Qr, Rect, Stack, StackItem, Text, VAlign, When};
use crate::badges::colour::Colour;

const GREY: Ink = Ink::Fixed(Colour::GREY);

/// The smallest QR code a layout may print: phones and door scanners read it from arm's length.
pub const QR_MIN: f32 = 20.0;

fn item(field: Field, max: f32, min: f32, gap: f32, s: f32) -> StackItem {
    StackItem {
        field,
        text: String::new(),
        max_size: max * s,
        min_size: min * s,
        bold: false,
        gap: gap * s,
        colour: Ink::Black,
    }
}

fn text(field: Field, (x, y, width, height): (f32, f32, f32, f32), (max_size, min_size): (f32, f32)) -> Text {
    Text {
        x,
        y,
        width,
        height,
        field,
        text: String::new(),
        max_size,
        min_size,
        bold: false,
        align: Align::Centre,
        valign: VAlign::Middle,
        colour: Ink::Black,
        when: None,
    }
}

/// The event's name and dates, `s` the scale.
fn header(x: f32, y: f32, width: f32, (name, dates): ((f32, f32), (f32, f32)), s: f32) -> (Element, f32) {
    let height = (name.0 + dates.0) * s * PT * 1.18;
    let mut name_item = item(Field::EventName, name.0, name.1, 0.0, s);
    name_item.bold = true;
    let mut dates_item = item(Field::EventDates, dates.0, dates.1, 0.0, s);
    dates_item.colour = GREY;
    let stack = Stack { x, y, width, height, items: vec![name_item, dates_item], align: Align::Centre, when: None };
    (Element::Stack(stack), height)
}

/// Honorific, name, native name, position, organisation, country, one under another.
fn name_block(x: f32, y: f32, width: f32, height: f32, s: f32, when: Option<When>) -> Element {
    let mut country = item(Field::Country, 10.0, 7.0, 0.5, s);
    country.bold = true;
    let items = vec![
        item(Field::Honorific, 10.0, 7.0, 0.0, s),
        item(Field::Name, 24.0, 14.0, 0.5, s),
        item(Field::NativeName, 16.0, 10.0, 1.0, s),
        item(Field::Position, 10.0, 7.0, 2.0, s),
        item(Field::Organization, 10.0, 7.5, 0.5, s),
        country,
    ];
    Element::Stack(Stack { x, y, width, height, items, align: Align::Centre, when })
}

/// The category's band, its name on it.
fn band(w: f32, h: f32, margin: f32, band_h: f32, (max, min): (f32, f32), s: f32) -> [Element; 2] {
    let y = h - 0.8 * margin - band_h;
    let rect = Rect { x: 0.8 * margin, y, width: w - 1.6 * margin, height: band_h, colour: Ink::Category, when: None };
    let mut name = text(Field::Category, (margin + 2.0 * s, y, w - 2.0 * margin - 4.0 * s, band_h), (max, min));
    name.bold = true;
    name.colour = Ink::OnCategory;
    [Element::Rect(rect), Element::Text(name)]
}

fn reference(x: f32, y: f32, width: f32, s: f32, when: Option<When>) -> Element {
    let mut t = text(Field::Reference, (x, y, width, 3.0 * s), (7.0 * s, 4.0 * s));
    t.valign = VAlign::Top;
    t.colour = GREY;
    t.when = when;
    Element::Text(t)
}

fn portrait(w: f32, h: f32) -> Vec<Element> {
    let s = w / 105.0;
    let margin = 6.0 * s;
    let inner = w - 2.0 * margin;
    let (header, header_h) = header(margin, margin, inner, ((11.0, 7.0), (8.0, 5.0)), s);
    let row = margin + header_h + 2.5 * s;
    let (photo_w, photo_h) = (30.0 * s, 40.0 * s);
    let qr = (34.0 * s).max(QR_MIN);
    let qr_right = w - margin - qr + 1.5 * s;
    let qr_centre = (w - qr) / 2.0;
    let band_h = 15.0 * s;
    let [band, category] = band(w, h, margin, band_h, (18.0 * s, 9.0 * s), s);
    let names_top = row + photo_h.max(qr) + 3.0 * s;
    let names_bottom = h - 0.8 * margin - band_h - 2.0 * s;
    vec![
        header,
        Element::Photo(Frame { x: margin, y: row, width: photo_w, height: photo_h, when: None }),
        Element::Qr(Qr { x: qr_right, y: row, size: qr, when: Some(When::Photo) }),
        reference(qr_right, row + qr - 0.5 * s, qr, s, Some(When::Photo)),
        Element::Qr(Qr { x: qr_centre, y: row, size: qr, when: Some(When::NoPhoto) }),
        reference(qr_centre, row + qr - 0.5 * s, qr, s, Some(When::NoPhoto)),
        band,
        category,
        name_block(margin, names_top, inner, names_bottom - names_top, s, None),
    ]
}

fn landscape(w: f32, h: f32) -> Vec<Element> {
    let s = h / 74.0;
    let margin = 4.0 * s;
    let (header, header_h) = header(margin, margin, w - 2.0 * margin, ((10.0, 6.0), (7.0, 4.5)), s);
    let band_h = 10.0 * s;
    let [band, category] = band(w, h, margin, band_h, (14.0 * s, 7.0 * s), s);
    let top = margin + header_h + 2.0 * s;
    let bottom = h - 0.8 * margin - band_h - 2.0 * s;
    let middle = bottom - top;
    let qr = (26.0 * s).min(middle - 3.0 * s).max(QR_MIN);
    let qr_x = w - margin - qr;
    let photo_h = middle.min(26.0 * s);
    let photo_w = photo_h * 0.75;
    let gap = 2.0 * s;
    let with_photo = margin + photo_w + gap;
    let block = |x: f32, when| name_block(x, top, qr_x - gap - x, middle, s * 0.6, when);
    vec![
        header,
        Element::Photo(Frame { x: margin, y: top, width: photo_w, height: photo_h, when: None }),
        Element::Qr(Qr { x: qr_x, y: top, size: qr, when: None }),
        reference(qr_x, top + qr, qr, s, None),
        block(with_photo, Some(When::Photo)),
        block(margin, Some(When::NoPhoto)),
        band,
        category,
    ]
}

/// The built-in layout for `paper`.
pub fn builtin(paper: Paper) -> Design {
    let (w, h) = paper.badge_size();
    let front = if w > h { landscape(w, h) } else { portrait(w, h) };
    Design { name: String::new(), paper, categories: Vec::new(), front, back: Vec::new() }
}
