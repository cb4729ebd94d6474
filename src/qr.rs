//! QR codes as SVG (vector shapes, quiet zone of four modules); the only user of `qrcode`.

use qrcode::{Color, EcLevel, QrCode};

/// A horizontal run of dark modules: column, row, length.
pub type Run = (usize, usize, usize);

/// The dark modules of `data` at error correction level M as horizontal runs
/// `(column, row, length)`, counted from the top-left corner of the quiet zone, and the width of
/// the whole symbol in modules, quiet zone (four modules each side) included.
pub fn runs(data: &str) -> Option<(usize, Vec<Run>)> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let mut runs = Vec::new();
    for (row, line) in colors.chunks(width).enumerate() {
        let mut col = 0;
        while col < width {
            if line[col] == Color::Dark {
                let start = col;
                while col < width && line[col] == Color::Dark {
                    col += 1;
                }
                runs.push((start + 4, row + 4, col - start));
            } else {
                col += 1;
            }
        }
    }
    Some((width + 8, runs))
}

/// An SVG drawing of `data` at error correction level M, `size` CSS pixels wide.
pub fn svg(data: &str, size: u32) -> Option<String> {
    let (total, runs) = runs(data)?;
    let mut path = String::new();
    for (x, y, len) in runs {
        path.push_str(&format!("M{x} {y}h{len}v1h-{len}z"));
    }
    Some(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total} {total}" width="{size}" height="{size}" shape-rendering="crispEdges"><rect width="{total}" height="{total}" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_code_has_its_quiet_zone() {
        let svg = super::svg("otpauth://totp/Lanyard:ada?secret=ABC", 200).unwrap();
        assert!(
            svg.starts_with("<svg") && svg.contains("M4 4h7v1h-7z"),
            "the finder pattern starts after 4 light modules"
        );
    }
}
