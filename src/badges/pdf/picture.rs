//! Uploaded images on the page: decoded once, drawn as RGB samples with their transparency as
//! a soft mask, one copy per document however many badges show them.

use std::collections::BTreeMap;

use printpdf::{DictItem, ExternalStream, ExternalXObject, Px, XObjectId};

use super::Document;

/// The largest side a picture may have, in pixels.
pub const MAX_SIDE: u32 = 4000;

/// An uploaded image (a logo or emblem) ready for the page: 8-bit RGB samples and, when it has
/// transparency, an alpha channel that becomes the image's soft mask.
#[derive(Debug, Clone)]
pub struct Picture {
    pub key: String,
    pub rgb: std::sync::Arc<Vec<u8>>,
    pub alpha: Option<std::sync::Arc<Vec<u8>>>,
    pub width: u32,
    pub height: u32,
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
        Ok(Picture {
            key: key.to_owned(),
            rgb: std::sync::Arc::new(rgb),
            alpha: (!opaque).then(|| std::sync::Arc::new(alpha)),
            width,
            height,
        })
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
        let mut stream = image("DeviceRGB", &picture.rgb);
        if let Some(alpha) = &picture.alpha {
            // printpdf writes a nested stream as an object of its own and refers to it.
            stream.dict.insert("SMask".to_owned(), DictItem::Stream { stream: image("DeviceGray", alpha) });
        }
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
