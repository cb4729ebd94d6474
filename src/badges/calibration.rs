//! A station's calibration sheet: rulers along the top and left edges and a cross at a known
//! place, printed with the station's correction, so a desk measures how far its printer is off
//! and checks the correction took.

use super::fonts::REGULAR;
use super::pdf::{Colour, Document, Page};
use super::stations::Station;
use super::{Paper, fonts};

/// Where the cross is, from the top-left corner of the page.
pub const CROSS: (f32, f32) = (30.0, 40.0);

fn ruler(page: &mut Page, doc: &mut Document, (w, h): (f32, f32)) {
    for mm in 0..=(w as i32) {
        let len = if mm % 10 == 0 {
            6.0
        } else if mm % 5 == 0 {
            4.0
        } else {
            2.5
        };
        let x = mm as f32;
        page.line((x, h), (x, h - len));
        if mm % 10 == 0 && mm > 0 {
            page.fitted(doc, &mm.to_string(), (REGULAR, 6.0), (x + 0.5, h - 8.5, 8.0));
        }
    }
    for mm in 0..=(h as i32) {
        let len = if mm % 10 == 0 {
            6.0
        } else if mm % 5 == 0 {
            4.0
        } else {
            2.5
        };
        let y = h - mm as f32;
        page.line((0.0, y), (len, y));
        if mm % 10 == 0 && mm > 0 {
            page.fitted(doc, &mm.to_string(), (REGULAR, 6.0), (7.0, y - 2.2, 8.0));
        }
    }
}

/// The sheet for `station`, on its paper (A4 where it prints each badge's own paper), with
/// `lines` of instructions in the desk's language.
pub fn sheet(station: &Station, lines: &[String]) -> Result<Vec<u8>, String> {
    fonts::fonts();
    let paper = Paper::parse(&station.paper).unwrap_or(Paper::A4FourUp);
    let (w, h) = paper.page_size();
    let mut doc = Document::default();
    let mut page = Page::calibrated(w, h, station.calibration());
    ruler(&mut page, &mut doc, (w, h));
    let (cx, cy) = (CROSS.0, h - CROSS.1);
    page.line((cx - 8.0, cy), (cx + 8.0, cy));
    page.line((cx, cy - 8.0), (cx, cy + 8.0));
    page.rect(cx - 0.5, cy - 0.5, 1.0, 1.0, Colour::BLACK);
    let mut y = cy - 16.0;
    let width = (w - 20.0).max(20.0);
    for line in lines {
        page.fitted(&mut doc, line, (REGULAR, 9.0), (12.0, y, width));
        y -= 5.0;
    }
    doc.push(page);
    doc.finish(&station.name)
}
