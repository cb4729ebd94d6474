//! Delegate photos: checked, decoded, turned upright, cropped to the badge's 3:4 frame, resized
//! for 300 dpi and re-encoded as JPEG, so nothing of the upload but its pixels is kept (no EXIF,
//! no location, no hidden payload).

use std::io::Cursor;

use image::codecs::png::PngDecoder;
use image::metadata::Orientation;
use image::{ColorType, DynamicImage, ImageDecoder, ImageFormat, Limits};

/// Uploads larger than this are refused before decoding.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// Neither side may exceed this (a decompression bomb stops here).
pub const MAX_SIDE: u32 = 8000;
/// At most 16 megapixels (a phone camera at its usual setting), checked on the size the file
/// declares, before a byte is decoded. A PNG that size is 48–64 MB decoded; a JPEG is decoded
/// already scaled down (1/2 to 1/8), so it costs far less.
pub const MAX_PIXELS: u64 = 16_000_000;
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
    /// A JPEG or PNG of a kind a photo never needs: 16 bits per channel, CMYK, animated.
    Unusual,
    /// Too many photos are being prepared at this moment; try again in a few seconds.
    Busy,
}

/// Every message key, so a key passed back in a redirect can be checked.
pub const ERROR_KEYS: [&str; 7] = [
    "photo-error-empty",
    "photo-error-too-large",
    "photo-error-format",
    "photo-error-too-small",
    "photo-error-too-many-pixels",
    "photo-error-unusual",
    "photo-error-busy",
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
            PhotoError::Unusual => "photo-error-unusual",
            PhotoError::Busy => "photo-error-busy",
        }
    }
}

/// A photo ready to store.
pub struct Prepared {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Checks and converts an upload. Everything that can be refused from the file's header is
/// refused before decoding.
pub fn prepare(bytes: &[u8]) -> Result<Prepared, PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(PhotoError::TooLarge);
    }
    let format = image::guess_format(bytes).map_err(|_| PhotoError::NotAnImage)?;
    let image = match format {
        ImageFormat::Jpeg => decode_jpeg(bytes)?,
        ImageFormat::Png => decode_png(bytes)?,
        _ => return Err(PhotoError::NotAnImage),
    };
    let (w, h) = (image.width(), image.height());
    if w < MIN_SIDE || h < MIN_SIDE {
        return Err(PhotoError::TooSmall);
    }
    // Crop to 3:4, centred across, and nearer the top than the bottom, where faces are. The
    // crop is a view: the decoded picture is not copied again.
    let (cw, ch) = if u64::from(w) * 4 > u64::from(h) * 3 { (h * 3 / 4, h) } else { (w, w * 4 / 3) };
    let (x, y) = ((w - cw) / 2, (h - ch) / 4);
    let cropped = image::imageops::crop_imm(&image, x, y, cw, ch);
    // A large picture is first averaged down to twice the badge's size (integer box filter,
    // no full-size intermediate), then resampled finely.
    let resized = if cw > 2 * WIDTH {
        let half_way = image::imageops::thumbnail(&*cropped, 2 * WIDTH, 2 * HEIGHT);
        drop(image);
        image::imageops::resize(&half_way, WIDTH, HEIGHT, image::imageops::FilterType::CatmullRom)
    } else {
        image::imageops::resize(&*cropped, WIDTH, HEIGHT, image::imageops::FilterType::CatmullRom)
    };
    // Transparent PNGs go on white, as they will on paper.
    let rgb = flatten(&resized);
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)
        .encode_image(&rgb)
        .map_err(|_| PhotoError::NotAnImage)?;
    Ok(Prepared { jpeg, width: WIDTH, height: HEIGHT })
}

fn check_size(w: u32, h: u32) -> Result<(), PhotoError> {
    if w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(PhotoError::TooManyPixels);
    }
    if w < MIN_SIDE || h < MIN_SIDE {
        return Err(PhotoError::TooSmall);
    }
    Ok(())
}

/// A PNG: 8 bits per channel, one frame, upright by its EXIF chunk if it has one.
fn decode_png(bytes: &[u8]) -> Result<DynamicImage, PhotoError> {
    let mut decoder = PngDecoder::new(Cursor::new(bytes)).map_err(|_| PhotoError::NotAnImage)?;
    let (w, h) = decoder.dimensions();
    check_size(w, h)?;
    if decoder.is_apng().map_err(|_| PhotoError::NotAnImage)?
        || !matches!(decoder.color_type(), ColorType::L8 | ColorType::La8 | ColorType::Rgb8 | ColorType::Rgba8)
    {
        return Err(PhotoError::Unusual);
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4 + 1024 * 1024);
    decoder.set_limits(limits).map_err(|_| PhotoError::TooManyPixels)?;
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|_| PhotoError::NotAnImage)?;
    if let Some(o) = orientation {
        image.apply_orientation(o);
    }
    Ok(image)
}

/// A JPEG, decoded at the smallest scale (1, 1/2, 1/4 or 1/8) that still leaves the badge's
/// 354 × 472 frame sharp, and turned upright: phones store portraits sideways with an EXIF flag.
fn decode_jpeg(bytes: &[u8]) -> Result<DynamicImage, PhotoError> {
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    decoder.read_info().map_err(|_| PhotoError::NotAnImage)?;
    let info = decoder.info().ok_or(PhotoError::NotAnImage)?;
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    check_size(w, h)?;
    if !matches!(info.pixel_format, jpeg_decoder::PixelFormat::L8 | jpeg_decoder::PixelFormat::RGB24) {
        return Err(PhotoError::Unusual);
    }
    let denominator = [8, 4, 2, 1].into_iter().find(|d| w.min(h) / d >= HEIGHT).unwrap_or(1);
    let (sw, sh) = decoder
        .scale(w.div_ceil(denominator) as u16, h.div_ceil(denominator) as u16)
        .map_err(|_| PhotoError::NotAnImage)?;
    let pixels = decoder.decode().map_err(|_| PhotoError::NotAnImage)?;
    let (sw, sh) = (u32::from(sw), u32::from(sh));
    let mut image = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => image::GrayImage::from_raw(sw, sh, pixels).map(DynamicImage::ImageLuma8),
        _ => image::RgbImage::from_raw(sw, sh, pixels).map(DynamicImage::ImageRgb8),
    }
    .ok_or(PhotoError::NotAnImage)?;
    if let Some(o) = decoder.exif_data().and_then(Orientation::from_exif_chunk) {
        image.apply_orientation(o);
    }
    Ok(image)
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

fn flatten(rgba: &image::RgbaImage) -> image::RgbImage {
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
    fn sixteen_bit_and_animated_pictures_are_refused_before_they_are_decoded() {
        let deep = image::ImageBuffer::<image::Rgb<u16>, _>::from_pixel(400, 400, image::Rgb([1000, 2000, 3000]));
        let mut out = Vec::new();
        DynamicImage::ImageRgb16(deep).write_to(&mut Cursor::new(&mut out), ImageFormat::Png).unwrap();
        assert_eq!(prepare(&out).err(), Some(PhotoError::Unusual));

        // The same picture with an animation control chunk is an APNG.
        let flat = png(400, 400);
        let mut chunk = b"acTL".to_vec();
        chunk.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 0]);
        let mut animated = flat[..33].to_vec();
        animated.extend_from_slice(&8u32.to_be_bytes());
        animated.extend_from_slice(&chunk);
        animated.extend_from_slice(&crc32(&chunk).to_be_bytes());
        animated.extend_from_slice(&flat[33..]);
        assert!(prepare(&flat).is_ok());
        assert_eq!(prepare(&animated).err(), Some(PhotoError::Unusual));
    }

    /// PNG's chunk checksum (CRC-32, as in zlib).
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    #[test]
    fn a_large_jpeg_is_decoded_scaled_down_and_comes_out_badge_size() {
        let img = image::RgbImage::from_fn(4000, 3000, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut jpeg = Vec::new();
        DynamicImage::ImageRgb8(img).write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg).unwrap();
        let p = prepare(&jpeg).unwrap();
        let back = image::load_from_memory(&p.jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (WIDTH, HEIGHT));
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
