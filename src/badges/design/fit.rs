//! Fitting text into a box: a text set on one line if it fits at its smallest size or more,
//! else wrapped over as few lines as fit (balanced, broken after spaces and hyphens); whatever
//! the length, never wider than its box.

use unicode_script::{Script, UnicodeScript};

use crate::badges::fonts::{BOLD, REGULAR};
use crate::badges::layout::BadgeContent;
use crate::badges::pdf::Colour;
use crate::badges::text::{self, Line};

/// Millimetres per point.
pub const PT: f32 = 25.4 / 72.0;
/// Line height as a multiple of the font size.
pub(super) const LEADING: f32 = 1.18;
/// The most lines one text is wrapped into.
pub(super) const MAX_LINES: usize = 4;

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
    pub(super) fn only(one: Vec<Line>) -> Ways<'a> {
        Ways { one, more: Box::new(Vec::new) }
    }
}

/// Picks a way of setting a text: one line if it fits at `min` or more, else the fewest lines
/// that do; if none does, the way that allows the largest size.
pub(super) fn choose(ways: Ways, (width, height): (f32, f32), max: f32, min: f32) -> Option<Block> {
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
pub(super) fn candidates<'a>(text: &'a str, font: usize, language: Option<&'a str>, most: usize) -> Ways<'a> {
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
pub(super) fn name_candidates(b: &BadgeContent, most: usize) -> Ways<'_> {
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
