//! Badges: records with unguessable codes, and PDF rendering in every script.

pub mod calibration;
pub mod cli;
mod colour;
pub mod custody;
pub mod design;
pub mod export;
pub mod fonts;
pub mod ipp;
pub mod jobs;
pub mod layout;
pub mod link;
pub mod merge;
mod paper;
pub mod pdf;
pub mod photo;
pub mod photo_review;
pub mod print;
pub mod receipt;
pub mod stations;
pub mod store;
pub mod text;

pub use design::Design;
pub use design::draw::Pictures;
pub use layout::{BadgeContent, render};
pub use paper::Paper;

/// Badges per part of a large batch: enough to keep fonts shared, few enough to keep memory flat.
const PART: usize = 1_000;

/// Badges drawn with one layout.
#[derive(Clone, Copy)]
pub struct Group<'a> {
    pub design: &'a Design,
    pub badges: &'a [BadgeContent],
}

/// Renders the groups, one after another, into one PDF written to `out`, calling `progress`
/// with the number done. Up to [`PART`] badges make one document; a larger batch is drawn part
/// by part and joined.
pub fn write_pdf(
    groups: &[Group],
    (pictures, calibration): (&Pictures, stations::Calibration),
    title: &str,
    out: &mut impl std::io::Write,
    mut progress: impl FnMut(usize),
) -> Result<(), String> {
    let total: usize = groups.iter().map(|g| g.badges.len()).sum();
    if total <= PART {
        let mut doc = pdf::Document::default();
        let mut done = 0;
        for g in groups {
            layout::render_into(&mut doc, g.badges, (g.design, calibration), pictures, |n| progress(done + n));
            done += g.badges.len();
        }
        let pdf = doc.finish(title)?;
        return out.write_all(&pdf).map_err(|e| e.to_string());
    }
    let mut merger = merge::Merger::default();
    let mut done = 0;
    for g in groups {
        for part in g.badges.chunks(PART) {
            let mut doc = pdf::Document::default();
            layout::render_into(&mut doc, part, (g.design, calibration), pictures, |n| progress(done + n));
            let pdf = doc.finish(title)?;
            merger.push(&pdf)?;
            done += part.len();
        }
    }
    merger.finish(out)
}
