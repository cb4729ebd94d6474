//! A thin layer over printpdf for badge pages: text from shaped [`Line`]s, filled shapes, photos,
//! and, when the document is finished, fonts subset to the glyphs the pages use.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use printpdf::{
    Codepoint, Color, DictItem, ExternalStream, ExternalXObject, FontId, Line as PdfLine, LinePoint, Mm, Op, PaintMode,
    ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Px, Rgb,
    TextItem, TextMatrix, WindingOrder, XObjectId, XObjectTransform,
};

use super::fonts::fonts;
use super::text::Line;

/// A colour as 0–255 components.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour(pub u8, pub u8, pub u8);

impl Colour {
    pub const BLACK: Colour = Colour(0, 0, 0);
    pub const WHITE: Colour = Colour(255, 255, 255);
    pub const GREY: Colour = Colour(85, 85, 85);

    /// Parses `#RRGGBB`.
    pub fn parse(hex: &str) -> Option<Colour> {
        let hex = hex.strip_prefix('#')?;
        if hex.len() != 6 {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        Some(Colour(byte(0)?, byte(2)?, byte(4)?))
    }

    /// Black or white, whichever reads better on this colour (WCAG relative luminance).
    pub fn text_on(self) -> Colour {
        let lin = |c: u8| {
            let c = f32::from(c) / 255.0;
            if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        let l = 0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2);
        // Contrast with white is 1.05 / (l + 0.05); with black (l + 0.05) / 0.05.
        if 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 { Colour::WHITE } else { Colour::BLACK }
    }

    fn pdf(self) -> Color {
        Color::Rgb(Rgb {
            r: f32::from(self.0) / 255.0,
            g: f32::from(self.1) / 255.0,
            b: f32::from(self.2) / 255.0,
            icc_profile: None,
        })
    }
}

fn pt(mm: f32) -> Pt {
    Mm(mm).into()
}

/// A photo ready for the page: baseline JPEG bytes and pixel size.
#[derive(Debug, Clone)]
pub struct Jpeg {
    pub key: String,
    pub bytes: std::sync::Arc<Vec<u8>>,
    pub width: u32,
    pub height: u32,
}

/// A document being drawn: pages, the glyphs each face needs, the photos.
#[derive(Default)]
pub struct Document {
    pages: Vec<PdfPage>,
    used: BTreeMap<usize, BTreeSet<u16>>,
    photos: HashMap<String, XObjectId>,
    xobjects: Vec<(XObjectId, ExternalXObject)>,
}

/// One page: coordinates in millimetres from the bottom-left corner.
pub struct Page {
    width: f32,
    height: f32,
    ops: Vec<Op>,
}

impl Page {
    pub fn new(width: f32, height: f32) -> Page {
        Page { width, height, ops: Vec::with_capacity(64) }
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: Colour) {
        self.ops.push(Op::SetFillColor { col: colour.pdf() });
        self.ops.push(Op::DrawRectangle {
            rectangle: printpdf::Rect {
                x: pt(x),
                y: pt(y),
                width: pt(w),
                height: pt(h),
                mode: Some(PaintMode::Fill),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    /// A hairline (crop marks).
    pub fn line(&mut self, from: (f32, f32), to: (f32, f32)) {
        self.ops.push(Op::SetOutlineColor { col: Colour::BLACK.pdf() });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(0.25) });
        let point = |(x, y): (f32, f32)| LinePoint { p: Point { x: pt(x), y: pt(y) }, bezier: false };
        self.ops.push(Op::DrawLine { line: PdfLine { points: vec![point(from), point(to)], is_closed: false } });
    }

    /// Filled unit squares given as (column, row, length) runs, `module` mm each, with the top-left
    /// module at (x, top).
    pub fn modules(&mut self, runs: &[crate::qr::Run], x: f32, top: f32, module: f32) {
        let rings = runs
            .iter()
            .map(|&(col, row, len)| {
                let (x0, y1) = (x + col as f32 * module, top - row as f32 * module);
                let (x1, y0) = (x0 + len as f32 * module, y1 - module);
                let p = |x: f32, y: f32| LinePoint { p: Point { x: pt(x), y: pt(y) }, bezier: false };
                PolygonRing { points: vec![p(x0, y0), p(x1, y0), p(x1, y1), p(x0, y1)] }
            })
            .collect();
        self.ops.push(Op::SetFillColor { col: Colour::BLACK.pdf() });
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon { rings, mode: PaintMode::Fill, winding_order: WindingOrder::NonZero },
        });
    }

    /// Draws a shaped line with its left end at `x` and baseline at `y`, `size` points high.
    pub fn text(&mut self, doc: &mut Document, line: &Line, x: f32, y: f32, size: f32, colour: Colour) {
        if line.is_empty() {
            return;
        }
        self.ops.push(Op::SetFillColor { col: colour.pdf() });
        if let Some(text) = &line.actual_text {
            let utf16: Vec<u8> =
                [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
            let properties =
                BTreeMap::from([("ActualText".to_owned(), DictItem::String { data: utf16, literal: false })]);
            self.ops.push(Op::BeginMarkedContentWithProperties {
                tag: "Span".to_owned(),
                properties: DictItem::Dict { map: properties },
            });
        }
        self.ops.push(Op::StartTextSection);
        let (x0, y0) = (pt(x).0, pt(y).0);
        let mut pen = 0.0f32; // in ems
        for run in &line.runs {
            let face = &fonts()[run.font];
            doc.used.entry(run.font).or_default().extend(run.glyphs.iter().map(|g| g.gid));
            self.ops.push(Op::SetFont { font: PdfFontHandle::External(font_id(run.font)), size: Pt(size) });
            // Glyphs on one baseline go in one TJ array; a raised or lowered mark starts a new one.
            let mut segment: Vec<Codepoint> = Vec::new();
            let mut segment_y = f32::NAN;
            let mut last_target = 0.0f32;
            let mut last_width = 0.0f32;
            for glyph in &run.glyphs {
                let target = pen + glyph.x_offset;
                if glyph.y_offset != segment_y {
                    if !segment.is_empty() {
                        self.ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(std::mem::take(&mut segment))] });
                    }
                    segment_y = glyph.y_offset;
                    self.ops.push(Op::SetTextMatrix {
                        matrix: TextMatrix::Translate(Pt(x0 + target * size), Pt(y0 + glyph.y_offset * size)),
                    });
                } else if let Some(previous) = segment.last_mut() {
                    // TJ numbers move the pen back by n/1000 em after a glyph.
                    previous.offset = (last_target + last_width - target) * 1000.0;
                }
                segment.push(Codepoint { gid: glyph.gid, offset: 0.0, cid: Some(glyph.text.clone()) });
                last_target = target;
                last_width = face.pdf_advance(glyph.gid) / 1000.0;
                pen += glyph.advance;
            }
            if !segment.is_empty() {
                self.ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(segment)] });
            }
        }
        self.ops.push(Op::EndTextSection);
        if line.actual_text.is_some() {
            self.ops.push(Op::EndMarkedContent);
        }
    }

    /// Draws a photo into the box, which has the photo's aspect ratio.
    pub fn photo(&mut self, doc: &mut Document, photo: &Jpeg, x: f32, y: f32, w: f32, h: f32) {
        let id = doc.photo_id(photo);
        self.ops.push(Op::UseXobject {
            id,
            transform: XObjectTransform {
                translate_x: Some(pt(x)),
                translate_y: Some(pt(y)),
                scale_x: Some(pt(w).0),
                scale_y: Some(pt(h).0),
                no_auto_scale: true,
                ..Default::default()
            },
        });
    }
}

/// Six capital letters that differ between different subsets of one font.
fn subset_tag(glyphs: &BTreeSet<u16>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for gid in glyphs {
        hash = (hash ^ u64::from(*gid)).wrapping_mul(0x0100_0000_01b3);
    }
    (0..6).map(|i| char::from(b'A' + ((hash >> (i * 8)) % 26) as u8)).collect()
}

fn font_id(index: usize) -> FontId {
    FontId(format!("F{index}"))
}

impl Document {
    pub fn push(&mut self, page: Page) {
        self.pages.push(PdfPage::new(Mm(page.width), Mm(page.height), page.ops));
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    fn photo_id(&mut self, photo: &Jpeg) -> XObjectId {
        if let Some(id) = self.photos.get(&photo.key) {
            return id.clone();
        }
        // The stored JPEG goes in as it is (DCTDecode): no decoding or re-encoding per badge.
        let name = |s: &str| DictItem::Name(s.as_bytes().to_vec());
        let dict = BTreeMap::from([
            ("Type".to_owned(), name("XObject")),
            ("Subtype".to_owned(), name("Image")),
            ("Width".to_owned(), DictItem::Int(i64::from(photo.width))),
            ("Height".to_owned(), DictItem::Int(i64::from(photo.height))),
            ("ColorSpace".to_owned(), name("DeviceRGB")),
            ("BitsPerComponent".to_owned(), DictItem::Int(8)),
            ("Filter".to_owned(), name("DCTDecode")),
        ]);
        let id = XObjectId(format!("P{}", self.photos.len()));
        let xobject = ExternalXObject {
            stream: ExternalStream { dict, content: photo.bytes.as_ref().clone(), compress: false },
            width: Some(Px(photo.width as usize)),
            height: Some(Px(photo.height as usize)),
            dpi: None,
        };
        self.xobjects.push((id.clone(), xobject));
        self.photos.insert(photo.key.clone(), id.clone());
        id
    }

    /// Subsets the fonts, renumbers the glyphs on every page and writes the PDF.
    pub fn finish(self, title: &str) -> Result<Vec<u8>, String> {
        let Document { mut pages, used, xobjects, .. } = self;
        let mut doc = PdfDocument::new(title);
        let mut remaps: HashMap<String, subsetter::GlyphRemapper> = HashMap::new();
        for (index, glyphs) in &used {
            let face = &fonts()[*index];
            let mut remapper = subsetter::GlyphRemapper::new();
            for gid in glyphs {
                remapper.remap(*gid);
            }
            let bytes = subsetter::subset(face.data, 0, &remapper)
                .map_err(|e| format!("cannot subset {}: {e:?}", face.name))?;
            let mut warnings = Vec::new();
            let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
                .ok_or_else(|| format!("cannot read the subset of {}", face.name))?;
            // A subset carries a six-letter tag before its PostScript name (ISO 32000-1, 9.6.4).
            let postscript = face.name.rsplit_once('.').map_or(face.name, |(stem, _)| stem);
            parsed.font_name = Some(format!("{}+{postscript}", subset_tag(glyphs)));
            let id = font_id(*index);
            doc.resources.fonts.map.insert(id.clone(), PdfFont::new(parsed));
            remaps.insert(id.0, remapper);
        }
        for (id, xobject) in xobjects {
            doc.resources.xobjects.map.insert(id, printpdf::XObject::External(xobject));
        }
        for page in &mut pages {
            let mut remap = None;
            for op in &mut page.ops {
                match op {
                    Op::SetFont { font: PdfFontHandle::External(id), .. } => remap = remaps.get(&id.0),
                    Op::ShowText { items } => {
                        for item in items {
                            if let (TextItem::GlyphIds(glyphs), Some(remap)) = (item, remap) {
                                for glyph in glyphs {
                                    glyph.gid = remap.get(glyph.gid).unwrap_or(0);
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        doc.with_pages(pages);
        let options = PdfSaveOptions { subset_fonts: false, image_optimization: None, ..Default::default() };
        let mut warnings = Vec::new();
        Ok(doc.save(&options, &mut warnings))
    }
}

#[cfg(test)]
mod tests {
    use super::Colour;

    #[test]
    fn band_text_contrasts_with_its_colour() {
        assert_eq!(Colour::parse("#1f4e79").unwrap().text_on(), Colour::WHITE);
        assert_eq!(Colour::parse("#f2c744").unwrap().text_on(), Colour::BLACK);
        assert_eq!(Colour::parse("f2c744"), None);
    }
}
