//! Delegate photos: checked, decoded, turned upright, cropped to the badge's 3:4 frame, resized
//! for 300 dpi and re-encoded as JPEG, so nothing of the upload but its pixels is kept (no EXIF,
//! no location, no hidden payload).

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// Uploads larger than this are refused before decoding.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// Neither side may exceed this (a decompression bomb stops here).
pub const MAX_SIDE: u32 = 8000;
/// At most 24 megapixels (a recent phone camera); about 100 MB once decoded.
pub const MAX_PIXELS: u64 = 24_000_000;
/// The smallest photo that still prints sharp enough to recognise someone.
pub const MIN_SIDE: u32 = 200;
/// The stored size: 30 × 40 mm at 300 dpi.
pub const WIDTH: u32 = 354;
pub const HEIGHT: u32 = 472;

/// Why a photo was refused; each has its own message for the person uploading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoError {
    Empty,
    TooLarge,
    /// Not a JPEG or PNG file (or a damaged one).
    NotAnImage,
    TooSmall,
    TooManyPixels,
}

/// Every message key, so a key passed back in a redirect can be checked.
pub const ERROR_KEYS: [&str; 5] = [
    "photo-error-empty",
    "photo-error-too-large",
    "photo-error-format",
    "photo-error-too-small",
    "photo-error-too-many-pixels",
];

impl PhotoError {
    /// The translation key of the message.
    pub fn key(self) -> &'static str {
        match self {
            PhotoError::Empty => "photo-error-empty",
            PhotoError::TooLarge => "photo-error-too-large",
            PhotoError::NotAnImage => "photo-error-format",
            PhotoError::TooSmall => "photo-error-too-small",
            PhotoError::TooManyPixels => "photo-error-too-many-pixels",
        }
    }
}

/// A photo ready to store.
pub struct Prepared {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Checks and converts an upload.
pub fn prepare(bytes: &[u8]) -> Result<Prepared, PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(PhotoError::TooLarge);
    }
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|_| PhotoError::NotAnImage)?;
    if !matches!(reader.format(), Some(ImageFormat::Jpeg | ImageFormat::Png)) {
        return Err(PhotoError::NotAnImage);
    }
    let mut decoder = reader.into_decoder().map_err(|_| PhotoError::NotAnImage)?;
    let (w, h) = decoder.dimensions();
    // A few kilobytes can declare a huge picture: refuse it before a byte is decoded.
    if w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(PhotoError::TooManyPixels);
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(200 * 1024 * 1024);
    decoder.set_limits(limits).map_err(|_| PhotoError::TooManyPixels)?;
    // Phones store portraits sideways with an EXIF flag; apply it before the flag is dropped.
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|_| PhotoError::NotAnImage)?;
    if let Some(o) = orientation {
        image.apply_orientation(o);
    }
    let (w, h) = (image.width(), image.height());
    if w < MIN_SIDE || h < MIN_SIDE {
        return Err(PhotoError::TooSmall);
    }
    // Crop to 3:4, centred across, and nearer the top than the bottom, where faces are.
    let (cw, ch) = if u64::from(w) * 4 > u64::from(h) * 3 { (h * 3 / 4, h) } else { (w, w * 4 / 3) };
    let x = (w - cw) / 2;
    let y = (h - ch) / 4;
    let cropped = image.crop_imm(x, y, cw, ch);
    let resized = cropped.resize_exact(WIDTH, HEIGHT, image::imageops::FilterType::CatmullRom);
    // Transparent PNGs go on white, as they will on paper.
    let rgb = flatten(&resized);
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)
        .encode_image(&rgb)
        .map_err(|_| PhotoError::NotAnImage)?;
    Ok(Prepared { jpeg, width: WIDTH, height: HEIGHT })
}

/// The door devices' copy of a stored photo: 72 × 96 px, about 2 KB.
pub const THUMB_WIDTH: u32 = 72;
pub const THUMB_HEIGHT: u32 = 96;

/// A stored photo made small for the door devices (`None` if it does not decode).
pub fn thumbnail(jpeg: &[u8]) -> Option<Vec<u8>> {
    let image = image::load_from_memory_with_format(jpeg, ImageFormat::Jpeg).ok()?;
    let small = image.resize_exact(THUMB_WIDTH, THUMB_HEIGHT, image::imageops::FilterType::Triangle).to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 60).encode_image(&small).ok()?;
    Some(out)
}

fn flatten(image: &DynamicImage) -> image::RgbImage {
    let rgba = image.to_rgba8();
    image::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let p = rgba.get_pixel(x, y).0;
        let a = u16::from(p[3]);
        let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        image::Rgb([blend(p[0]), blend(p[1]), blend(p[2])])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_fn(w, h, |x, _| image::Rgba([(x % 256) as u8, 90, 160, 255]));
        let mut out = Vec::new();
        DynamicImage::ImageRgba8(img).write_to(&mut Cursor::new(&mut out), ImageFormat::Png).unwrap();
        out
    }

    #[test]
    fn a_landscape_png_becomes_a_portrait_jpeg_of_badge_size() {
        let p = prepare(&png(1200, 800)).unwrap();
        assert_eq!((p.width, p.height), (WIDTH, HEIGHT));
        assert_eq!(&p.jpeg[..3], &[0xFF, 0xD8, 0xFF]);
        let back = image::load_from_memory(&p.jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (WIDTH, HEIGHT));
    }

    #[test]
    fn bad_uploads_are_refused_with_their_reason() {
        assert_eq!(prepare(b"").err(), Some(PhotoError::Empty));
        assert_eq!(prepare(b"GIF89a not really").err(), Some(PhotoError::NotAnImage));
        assert_eq!(prepare(&png(100, 150)).err(), Some(PhotoError::TooSmall));
        assert_eq!(prepare(&vec![0u8; MAX_BYTES + 1]).err(), Some(PhotoError::TooLarge));
    }

    #[test]
    fn a_huge_picture_is_refused_before_it_is_decoded() {
        let img = image::GrayImage::new(5000, 5000);
        let mut out = Vec::new();
        DynamicImage::ImageLuma8(img).write_to(&mut Cursor::new(&mut out), ImageFormat::Png).unwrap();
        assert!(out.len() < MAX_BYTES, "a small file");
        assert_eq!(prepare(&out).err(), Some(PhotoError::TooManyPixels));
    }

    #[test]
    fn metadata_does_not_survive() {
        // A JPEG with an EXIF comment segment carrying a "location".
        let mut jpeg = Vec::new();
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_pixel(300, 400, image::Rgb([200, 10, 10])));
        img.write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg).unwrap();
        let mut with_exif = vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x16];
        with_exif.extend_from_slice(b"Exif\0\0GPS 22.5N 113.9E");
        with_exif.extend_from_slice(&jpeg[2..]);
        let p = prepare(&with_exif).unwrap();
        assert!(!p.jpeg.windows(3).any(|w| w == b"GPS"));
    }
}
