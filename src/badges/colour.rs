//! Colours on a badge: black, white, the grey of secondary text, and categories' own colours.

use printpdf::{Color, Rgb};

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

    /// The colour as printpdf takes it.
    pub(super) fn pdf(self) -> Color {
        Color::Rgb(Rgb {
            r: f32::from(self.0) / 255.0,
            g: f32::from(self.1) / 255.0,
            b: f32::from(self.2) / 255.0,
            icc_profile: None,
        })
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
