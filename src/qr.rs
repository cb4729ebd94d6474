//! QR codes as SVG (vector shapes, quiet zone of four modules); the only user of `qrcode`.

use qrcode::{Color, EcLevel, QrCode};

/// An SVG drawing of `data` at error correction level M, `size` CSS pixels wide.
pub fn svg(data: &str, size: u32) -> Option<String> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let total = width + 8;
    let mut path = String::new();
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == Color::Dark {
            let (x, y) = (i % width + 4, i / width + 4);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
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
            svg.starts_with("<svg") && svg.contains("M4 4h1v1h-1z"),
            "the finder pattern starts after 4 light modules"
        );
    }
}
