//! A thin layer over printpdf for badge pages: text from shaped [`Line`]s, filled shapes, photos,
//! and, when the document is finished, fonts subset to the glyphs the pages use.

use std::collections::{BTreeMap, HashMap, HashSet};

use printpdf::{
    Codepoint, CurTransMat, DictItem, ExternalStream, ExternalXObject, FontId, Line as PdfLine, LinePoint, Mm, Op,
    PaintMode, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Px, TextItem,
    TextMatrix, WindingOrder, XObjectId, XObjectTransform,
};

use super::fonts::fonts;
use super::stations::Calibration;
use super::text::Line;

pub(crate) mod picture;
mod qr;
mod vector;
pub use picture::Picture;

pub use super::colour::Colour;

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
    /// Per face, the glyphs used and the text each stands for (its ToUnicode entry).
    used: BTreeMap<usize, BTreeMap<u16, String>>,
    photos: HashMap<String, XObjectId>,
    /// QR codes already drawn, by their data: the back of a card shows the front's.
    codes: HashMap<String, (XObjectId, usize)>,
    xobjects: Vec<(XObjectId, ExternalXObject)>,
}

/// One page: coordinates in millimetres from the bottom-left corner.
pub struct Page {
    width: f32,
    height: f32,
    ops: Vec<Op>,
    /// State already set in the content stream, so it is not repeated: ten thousand badges are
    /// held in memory until the file is written.
    fill: Option<Colour>,
    in_text: bool,
    /// Whether the page opened with a station's calibration, to be closed when it is done.
    calibrated: bool,
}

impl Page {
    pub fn new(width: f32, height: f32) -> Page {
        Page { width, height, ops: Vec::with_capacity(64), fill: None, in_text: false, calibrated: false }
    }

    /// A page whose whole content is moved and scaled as a station's calibration says: scaled
    /// about the top-left corner, then moved right by `dx` and down by `dy`.
    pub fn calibrated(width: f32, height: f32, c: Calibration) -> Page {
        let mut page = Page::new(width, height);
        if !c.is_identity() {
            page.ops.push(Op::SaveGraphicsState);
            let f = pt(height).0 * (1.0 - c.scale) - pt(c.dy).0;
            let matrix = CurTransMat::Raw([c.scale, 0.0, 0.0, c.scale, pt(c.dx).0, f]);
            page.ops.push(Op::SetTransformationMatrix { matrix });
            page.calibrated = true;
        }
        page
    }

    fn set_fill(&mut self, colour: Colour) {
        if self.fill != Some(colour) {
            self.ops.push(Op::SetFillColor { col: colour.pdf() });
            self.fill = Some(colour);
        }
    }

    /// Shapes and images go outside text objects.
    fn end_text(&mut self) {
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
        }
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: Colour) {
        self.end_text();
        self.set_fill(colour);
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
        self.end_text();
        self.ops.push(Op::SetOutlineColor { col: Colour::BLACK.pdf() });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(0.25) });
        let point = |(x, y): (f32, f32)| LinePoint { p: Point { x: pt(x), y: pt(y) }, bezier: false };
        self.ops.push(Op::DrawLine { line: PdfLine { points: vec![point(from), point(to)], is_closed: false } });
    }

    /// Sets `s` in `font` at (x, baseline y), `size` points high but at most `width` mm wide:
    /// what does not fit is shrunk, never past half size. For lists and receipts.
    pub fn fitted(&mut self, doc: &mut Document, s: &str, (font, size): (usize, f32), (x, y, width): (f32, f32, f32)) {
        const PT: f32 = 25.4 / 72.0;
        let line = super::text::shape(s, font, None);
        let fitted = if line.width * size * PT > width { (width / (line.width * PT)).max(size / 2.0) } else { size };
        self.text(doc, &line, x, y, fitted, Colour::BLACK);
    }

    /// Draws a shaped line with its left end at `x` and baseline at `y`, `size` points high.
    pub fn text(&mut self, doc: &mut Document, line: &Line, x: f32, y: f32, size: f32, colour: Colour) {
        if line.is_empty() {
            return;
        }
        if !self.in_text {
            self.ops.push(Op::StartTextSection);
            self.in_text = true;
        }
        self.set_fill(colour);
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
        let (x0, y0) = (pt(x).0, pt(y).0);
        let mut pen = 0.0f32; // in ems
        for run in &line.runs {
            let face = &fonts()[run.font];
            let used = doc.used.entry(run.font).or_default();
            for glyph in &run.glyphs {
                used.entry(glyph.gid).or_insert_with(|| glyph.text.clone());
            }
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
                segment.push(Codepoint { gid: glyph.gid, offset: 0.0, cid: None });
                last_target = target;
                last_width = face.pdf_advance(glyph.gid) / 1000.0;
                pen += glyph.advance;
            }
            if !segment.is_empty() {
                self.ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(segment)] });
            }
        }
        if line.actual_text.is_some() {
            self.ops.push(Op::EndMarkedContent);
        }
    }

    /// Draws an uploaded image into the box, which has the image's aspect ratio.
    pub fn picture(&mut self, doc: &mut Document, picture: &Picture, x: f32, y: f32, w: f32, h: f32) {
        let id = doc.picture_id(picture);
        self.place(id, x, y, w, h);
    }

    /// Draws a photo into the box, which has the photo's aspect ratio.
    pub fn photo(&mut self, doc: &mut Document, photo: &Jpeg, x: f32, y: f32, w: f32, h: f32) {
        let id = doc.photo_id(photo);
        self.place(id, x, y, w, h);
    }

    fn place(&mut self, id: XObjectId, x: f32, y: f32, w: f32, h: f32) {
        self.end_text();
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

/// Renumbers the glyphs of one text op for the subset font, giving each glyph's text to its
/// last occurrence only (the ops are visited last to first).
fn relabel(
    items: &mut [TextItem],
    font: Option<usize>,
    used: &BTreeMap<usize, BTreeMap<u16, String>>,
    remaps: &HashMap<String, subsetter::GlyphRemapper>,
    labelled: &mut HashSet<(usize, u16)>,
) {
    let Some(font) = font else { return };
    let remap = remaps.get(&font_id(font).0);
    for item in items.iter_mut().rev() {
        if let TextItem::GlyphIds(glyphs) = item {
            for glyph in glyphs.iter_mut().rev() {
                let original = glyph.gid;
                if labelled.insert((font, original)) {
                    glyph.cid = used.get(&font).and_then(|m| m.get(&original)).cloned();
                }
                glyph.gid = remap.and_then(|r| r.get(original)).unwrap_or(0);
            }
        }
    }
}

/// Six capital letters that differ between different subsets of one font.
fn subset_tag(glyphs: &BTreeMap<u16, String>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for gid in glyphs.keys() {
        hash = (hash ^ u64::from(*gid)).wrapping_mul(0x0100_0000_01b3);
    }
    (0..6).map(|i| char::from(b'A' + ((hash >> (i * 8)) % 26) as u8)).collect()
}

fn font_id(index: usize) -> FontId {
    FontId(format!("F{index}"))
}

impl Document {
    pub fn push(&mut self, mut page: Page) {
        page.end_text();
        if page.calibrated {
            page.ops.push(Op::RestoreGraphicsState);
        }
        page.ops.shrink_to_fit();
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
            for gid in glyphs.keys() {
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
        // printpdf builds ToUnicode from the text of each glyph's last occurrence: walking the
        // pages backwards, the first sighting of a glyph carries its text and the rest carry none.
        let mut labelled: HashSet<(usize, u16)> = HashSet::new();
        for page in pages.iter_mut().rev() {
            let mut text_ops: Vec<&mut Vec<TextItem>> = Vec::new();
            for op in page.ops.iter_mut().rev() {
                match op {
                    Op::ShowText { items } => text_ops.push(items),
                    Op::SetFont { font: PdfFontHandle::External(id), .. } => {
                        let font = id.0.strip_prefix('F').and_then(|i| i.parse::<usize>().ok());
                        for items in text_ops.drain(..) {
                            relabel(items, font, &used, &remaps, &mut labelled);
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
