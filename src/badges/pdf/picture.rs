//! Uploaded images on the page, one copy per document however many badges show them: a PNG
//! decoded once and drawn as RGB samples with its transparency as a soft mask, or an SVG drawn
//! as vector art (`vector`).

use std::collections::BTreeMap;
use std::sync::Arc;

use printpdf::{DictItem, ExternalStream, ExternalXObject, Px, XObjectId};

use super::Document;
pub use super::vector::SvgProblem;

/// The largest side a picture may have, in pixels.
pub const MAX_SIDE: u32 = 4000;

/// An uploaded image (a logo or emblem) ready for the page. `width` and `height` are pixels:
/// a PNG's, or an SVG's own size in CSS pixels, rounded.
#[derive(Debug, Clone)]
pub struct Picture {
    pub key: String,
    pub ink: Ink,
    pub width: u32,
    pub height: u32,
}

/// What a picture is drawn with.
#[derive(Debug, Clone)]
pub enum Ink {
    /// 8-bit RGB samples and, when the image has transparency, an alpha channel that becomes
    /// its soft mask.
    Samples { rgb: Arc<Vec<u8>>, alpha: Option<Arc<Vec<u8>>> },
    /// Vector art: a form drawn in a unit square.
    Form(Arc<ExternalStream>),
}

/// The media type of an image file, by its first bytes: PNG, or else SVG (which may start
/// with a byte-order mark, an XML declaration or a comment).
pub fn media_type(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") { "image/png" } else { "image/svg+xml" }
}

impl Picture {
    /// Decodes a PNG; `key` names it in the document (one copy per PDF however often drawn).
    pub fn from_png(key: &str, png: &[u8]) -> Result<Picture, String> {
        let mut reader = image::ImageReader::with_format(std::io::Cursor::new(png), image::ImageFormat::Png);
        // A small file can hold a huge picture: the size is checked before anything is decoded.
        let mut limits = image::Limits::default();
        limits.max_image_width = Some(MAX_SIDE);
        limits.max_image_height = Some(MAX_SIDE);
        limits.max_alloc = Some(256 * 1024 * 1024);
        reader.limits(limits);
        let image = reader.decode().map_err(|e| e.to_string())?;
        let rgba = image.to_rgba8();
        let (width, height) = rgba.dimensions();
        let mut rgb = Vec::with_capacity((width * height * 3) as usize);
        let mut alpha = Vec::with_capacity((width * height) as usize);
        for pixel in rgba.pixels() {
            rgb.extend_from_slice(&pixel.0[..3]);
            alpha.push(pixel.0[3]);
        }
        let opaque = alpha.iter().all(|a| *a == 255);
        let ink = Ink::Samples { rgb: Arc::new(rgb), alpha: (!opaque).then(|| Arc::new(alpha)) };
        Ok(Picture { key: key.to_owned(), ink, width, height })
    }

    /// Converts an SVG into vector art.
    pub fn from_svg(key: &str, svg: &[u8]) -> Result<Picture, SvgProblem> {
        let vector = super::vector::convert(svg)?;
        let side = |v: f32| (v.round() as u32).max(1);
        Ok(Picture {
            key: key.to_owned(),
            ink: Ink::Form(vector.form),
            width: side(vector.width),
            height: side(vector.height),
        })
    }

    /// A stored image, by its media type.
    pub fn from_stored(key: &str, media_type: &str, bytes: &[u8]) -> Option<Picture> {
        match media_type {
            "image/svg+xml" => Picture::from_svg(key, bytes).ok(),
            _ => Picture::from_png(key, bytes).ok(),
        }
    }
}

impl Document {
    pub(super) fn picture_id(&mut self, picture: &Picture) -> XObjectId {
        let key = format!("picture:{}", picture.key);
        if let Some(id) = self.photos.get(&key) {
            return id.clone();
        }
        let name = |s: &str| DictItem::Name(s.as_bytes().to_vec());
        let image = |colours: &str, samples: &[u8]| {
            let dict = BTreeMap::from([
                ("Type".to_owned(), name("XObject")),
                ("Subtype".to_owned(), name("Image")),
                ("Width".to_owned(), DictItem::Int(i64::from(picture.width))),
                ("Height".to_owned(), DictItem::Int(i64::from(picture.height))),
                ("ColorSpace".to_owned(), name(colours)),
                ("BitsPerComponent".to_owned(), DictItem::Int(8)),
            ]);
            ExternalStream { dict, content: samples.to_vec(), compress: true }
        };
        let stream = match &picture.ink {
            Ink::Samples { rgb, alpha } => {
                let mut stream = image("DeviceRGB", rgb);
                if let Some(alpha) = alpha {
                    // printpdf writes a nested stream as an object of its own and refers to it.
                    stream.dict.insert("SMask".to_owned(), DictItem::Stream { stream: image("DeviceGray", alpha) });
                }
                stream
            }
            Ink::Form(form) => ExternalStream::clone(form),
        };
        let id = XObjectId(format!("I{}", self.photos.len()));
        let xobject = ExternalXObject {
            stream,
            width: Some(Px(picture.width as usize)),
            height: Some(Px(picture.height as usize)),
            dpi: None,
        };
        self.xobjects.push((id.clone(), xobject));
        self.photos.insert(key, id.clone());
        id
    }
}
