//! Badges: records with unguessable codes, and PDF rendering in every script.

pub mod cli;
mod colour;
pub mod custody;
pub mod export;
pub mod fonts;
pub mod layout;
pub mod link;
pub mod merge;
mod paper;
pub mod pdf;
pub mod photo;
pub mod photo_review;
pub mod print;
pub mod receipt;
pub mod store;
pub mod text;

pub use layout::{BadgeContent, render};
pub use paper::Layout;

/// Badges per part of a large batch: enough to keep fonts shared, few enough to keep memory flat.
const PART: usize = 1_000;

/// Renders `badges` into one PDF written to `out`, calling `progress` with the number done.
/// Up to [`PART`] badges make one document; a larger batch is drawn part by part and joined.
pub fn write_pdf(
    badges: &[BadgeContent],
    layout: Layout,
    title: &str,
    out: &mut impl std::io::Write,
    mut progress: impl FnMut(usize),
) -> Result<(), String> {
    if badges.len() <= PART {
        let pdf = render(badges, layout, &mut progress).finish(title)?;
        return out.write_all(&pdf).map_err(|e| e.to_string());
    }
    let mut merger = merge::Merger::default();
    for (i, part) in badges.chunks(PART).enumerate() {
        let pdf = render(part, layout, |n| progress(i * PART + n)).finish(title)?;
        merger.push(&pdf)?;
    }
    merger.finish(out)
}
