//! Shaping: a string becomes positioned glyphs, in visual order, across the badge fonts.
//!
//! printpdf places glyphs but neither shapes nor reorders, so Arabic would come out as isolated
//! letters left to right. Here unicode-bidi splits a line into directional runs, each run is split
//! where the font must change, and rustybuzz shapes every piece.

use rustybuzz::{Direction, Language, UnicodeBuffer};
use unicode_bidi::BidiInfo;
use unicode_script::{Script, UnicodeScript};

use super::fonts::{self, fonts};

/// One glyph, with its metrics in ems (multiply by the font size).
#[derive(Debug, Clone)]
pub struct Glyph {
    pub gid: u16,
    pub advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
    /// The characters this glyph stands for (for text extraction); empty for the second and
    /// later glyphs of a cluster.
    pub text: String,
}

/// Glyphs of one face, in visual order.
#[derive(Debug, Clone)]
pub struct Run {
    pub font: usize,
    pub glyphs: Vec<Glyph>,
}

/// One line of text, shaped; `width` in ems.
#[derive(Debug, Clone, Default)]
pub struct Line {
    pub runs: Vec<Run>,
    pub width: f32,
    /// The text, when reading the glyphs in order would not give it back (Indic and other
    /// scripts that reorder or merge letters): the page then carries it as /ActualText.
    pub actual_text: Option<String>,
}

impl Line {
    /// Glyphs that came out as `.notdef` (a missing glyph draws as an empty box).
    pub fn missing_glyphs(&self) -> usize {
        self.runs.iter().flat_map(|r| &r.glyphs).filter(|g| g.gid == 0).count()
    }

    pub fn is_empty(&self) -> bool {
        self.runs.iter().all(|r| r.glyphs.is_empty())
    }

    /// Appends `other` after this line (visual order), for names set in two weights.
    pub fn append(&mut self, other: Line) {
        self.width += other.width;
        self.runs.extend(other.runs);
    }
}

type CacheKey = (String, usize, Option<String>);

thread_local! {
    /// Event names, categories, organisations and countries repeat on every badge of a batch.
    static CACHE: std::cell::RefCell<std::collections::HashMap<CacheKey, Line>> = Default::default();
}

/// Shapes `text` as one line. `base_font` is the preferred face for Latin-like text (regular or
/// bold); `language` selects regional glyph forms (`ja`, `ko`, `zh-HK`) in the CJK face.
pub fn shape(text: &str, base_font: usize, language: Option<&str>) -> Line {
    let key = (text.to_owned(), base_font, language.map(str::to_owned));
    if let Some(line) = CACHE.with_borrow(|cache| cache.get(&key).cloned()) {
        return line;
    }
    let line = shape_uncached(text, base_font, language);
    CACHE.with_borrow_mut(|cache| {
        if cache.len() >= 4096 {
            cache.clear();
        }
        cache.insert(key, line.clone());
    });
    line
}

fn shape_uncached(text: &str, base_font: usize, language: Option<&str>) -> Line {
    let mut line = Line::default();
    if text.is_empty() {
        return line;
    }
    let bidi = BidiInfo::new(text, None);
    let Some(para) = bidi.paragraphs.first() else {
        return line;
    };
    let (levels, runs) = bidi.visual_runs(para, para.range.clone());
    let any_rtl = levels.iter().any(|l| l.is_rtl());
    for range in runs {
        let rtl = levels[range.start].is_rtl();
        let mut pieces = split_by_font(&text[range.clone()], range.start, base_font);
        if rtl {
            pieces.reverse();
        }
        for (font, piece) in pieces {
            let run = shape_piece(text, piece, font, rtl, language);
            line.width += run.glyphs.iter().map(|g| g.advance).sum::<f32>();
            line.runs.push(run);
        }
    }
    // A glyph that stands for several characters, or none, cannot be mapped back to text one
    // glyph at a time; right-to-left text is put back in order by PDF readers themselves.
    let one_to_one = line.runs.iter().flat_map(|r| &r.glyphs).all(|g| g.text.chars().count() == 1);
    if !any_rtl && !one_to_one {
        line.actual_text = Some(text.to_owned());
    }
    line
}

/// Splits a directional run into (face, byte range) pieces. Spaces, punctuation and combining
/// marks stay with the face of the letters around them, so a font change never breaks a cluster.
fn split_by_font(run: &str, offset: usize, base_font: usize) -> Vec<(usize, std::ops::Range<usize>)> {
    let mut pieces: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    let mut current: Option<usize> = None;
    for (i, c) in run.char_indices() {
        let neutral = matches!(c.script(), Script::Common | Script::Inherited);
        let font = current
            .filter(|&f| neutral && (c.is_whitespace() || fonts()[f].has_glyph(c)))
            .or_else(|| fonts::face_for(c, current.unwrap_or(base_font)))
            .unwrap_or(current.unwrap_or(base_font));
        let start = offset + i;
        let end = start + c.len_utf8();
        match pieces.last_mut() {
            Some((f, range)) if *f == font => range.end = end,
            _ => pieces.push((font, start..end)),
        }
        current = Some(font);
    }
    pieces
}

fn shape_piece(text: &str, range: std::ops::Range<usize>, font: usize, rtl: bool, language: Option<&str>) -> Run {
    let face = &fonts()[font];
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(&text[range.clone()]);
    buffer.guess_segment_properties();
    buffer.set_direction(if rtl { Direction::RightToLeft } else { Direction::LeftToRight });
    if let Some(lang) = language.and_then(|l| l.parse::<Language>().ok()) {
        buffer.set_language(lang);
    }
    let output = rustybuzz::shape(&face.face, &[], buffer);
    let piece = &text[range];
    let infos = output.glyph_infos();
    let positions = output.glyph_positions();
    // Cluster boundaries in logical order, to give each cluster's text to one glyph.
    let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut seen = std::collections::HashSet::new();
    let scale = 1.0 / face.units_per_em;
    let glyphs = infos
        .iter()
        .zip(positions)
        .map(|(info, pos)| {
            let cluster = info.cluster as usize;
            let text = if seen.insert(cluster) {
                let end = starts.iter().find(|&&s| s > cluster).copied().unwrap_or(piece.len());
                piece.get(cluster..end).unwrap_or_default().to_owned()
            } else {
                String::new()
            };
            Glyph {
                gid: u16::try_from(info.glyph_id).unwrap_or(0),
                advance: pos.x_advance as f32 * scale,
                x_offset: pos.x_offset as f32 * scale,
                y_offset: pos.y_offset as f32 * scale,
                text,
            }
        })
        .collect();
    Run { font, glyphs }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_is_joined_and_right_to_left() {
        let line = shape("حسام", fonts::REGULAR, None);
        assert_eq!(line.runs.len(), 1);
        let run = &line.runs[0];
        assert_eq!(fonts()[run.font].name, "NotoSansArabic-Regular.ttf");
        // Visual order: the last letter (meem) comes first, and the letters are joined forms,
        // not the isolated ones the cmap gives.
        let isolated: Vec<u16> = "حسام".chars().map(|c| fonts()[run.font].face.glyph_index(c).unwrap().0).collect();
        let shaped: Vec<u16> = run.glyphs.iter().map(|g| g.gid).collect();
        assert_ne!(shaped, isolated);
        assert_eq!(run.glyphs.first().unwrap().text, "م");
        assert_eq!(run.glyphs.last().unwrap().text, "ح");
    }

    #[test]
    fn mixed_scripts_fall_back_across_faces() {
        let line = shape("Kim 김민준 (金)", fonts::REGULAR, Some("ko"));
        let faces: Vec<&str> = line.runs.iter().map(|r| fonts()[r.font].name).collect();
        assert_eq!(faces.first(), Some(&"NotoSans-Regular.ttf"));
        assert!(faces.contains(&"NotoSansCJKsc-Regular.otf"));
        assert_eq!(line.missing_glyphs(), 0);
    }
}
