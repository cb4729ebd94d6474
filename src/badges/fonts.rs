//! The badge fonts, compiled into the binary from `fonts/` and parsed once.
//!
//! Order matters: a character is drawn with the first face that has a glyph for it, so Latin,
//! Greek and Cyrillic come from Noto Sans and everything else from the script's own Noto face.

use std::sync::OnceLock;

use rustybuzz::Face;

/// One face: its file name (for messages), bytes and parsed tables.
pub struct FontFace {
    pub name: &'static str,
    pub data: &'static [u8],
    pub face: Face<'static>,
    pub units_per_em: f32,
}

impl FontFace {
    pub fn has_glyph(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some_and(|g| g.0 != 0)
    }

    /// Advance of a glyph as the PDF viewer will compute it: `/W` holds whole thousandths of
    /// an em (printpdf truncates), so positions are computed against the same integer.
    pub fn pdf_advance(&self, gid: u16) -> f32 {
        let w = self.face.glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(gid)).unwrap_or(0);
        (f32::from(w) * 1000.0 / self.units_per_em).trunc()
    }
}

macro_rules! font_files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../fonts/", $name)))),*]
    };
}

/// Index of the regular Latin face in [`fonts`].
pub const REGULAR: usize = 0;
/// Index of the bold Latin face (family names, category band).
pub const BOLD: usize = 1;

const FILES: &[(&str, &[u8])] = font_files![
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoSansArabic-Regular.ttf",
    "NotoSansHebrew-Regular.ttf",
    "NotoSansArmenian-Regular.ttf",
    "NotoSansGeorgian-Regular.ttf",
    "NotoSansEthiopic-Regular.ttf",
    "NotoSansThai-Regular.ttf",
    "NotoSansLao-Regular.ttf",
    "NotoSansKhmer-Regular.ttf",
    "NotoSansMyanmar-Regular.ttf",
    "NotoSansDevanagari-Regular.ttf",
    "NotoSansBengali-Regular.ttf",
    "NotoSansGurmukhi-Regular.ttf",
    "NotoSansGujarati-Regular.ttf",
    "NotoSansOriya-Regular.ttf",
    "NotoSansTamil-Regular.ttf",
    "NotoSansTelugu-Regular.ttf",
    "NotoSansKannada-Regular.ttf",
    "NotoSansMalayalam-Regular.ttf",
    "NotoSansSinhala-Regular.ttf",
    "NotoSansCJKsc-Regular.otf",
];

/// All faces, parsed on first use (the CJK face is 16 MB, but parsing only reads its tables).
pub fn fonts() -> &'static [FontFace] {
    static FONTS: OnceLock<Vec<FontFace>> = OnceLock::new();
    FONTS.get_or_init(|| {
        FILES
            .iter()
            .filter_map(|(name, data)| {
                let face = Face::from_slice(data, 0)?;
                let units_per_em = face.units_per_em() as f32;
                Some(FontFace { name, data, face, units_per_em })
            })
            .collect()
    })
}

/// The face for `c`, preferring `preferred` (the run's current face) when it has the glyph.
pub fn face_for(c: char, preferred: usize) -> Option<usize> {
    let all = fonts();
    if all.get(preferred).is_some_and(|f| f.has_glyph(c)) {
        return Some(preferred);
    }
    all.iter().position(|f| f.has_glyph(c))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_font_file_parses() {
        assert_eq!(super::fonts().len(), super::FILES.len());
    }
}
