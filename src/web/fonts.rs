//! The badge fonts as web fonts: staff pages and door stations show every name in its script
//! on any device, even one without that script's font. `/static/fonts.css` declares one
//! `@font-face` per script face under one family, each limited by `unicode-range` to its own
//! script's characters, so a browser fetches a face only when a page holds that script (and
//! only after the device's own fonts lacked it: the family comes last in the stylesheet). The
//! bytes are the ones the binary already holds for badges; nothing more is embedded. The CJK
//! face (16 MB) is left to the device: every phone, tablet and desktop system ships one.

use std::sync::OnceLock;

use actix_web::{HttpResponse, web};
use unicode_script::{Script, UnicodeScript};

use crate::badges::fonts::{BOLD, REGULAR, fonts};

/// The family name pages ask for last.
pub const FAMILY: &str = "Lanyard Noto";

/// Codepoints of the face's own scripts (not the Latin, digits and punctuation every face
/// repeats), as `unicode-range` spans.
fn ranges(face: &crate::badges::fonts::FontFace) -> Vec<(u32, u32)> {
    let mut points = Vec::new();
    if let Some(cmap) = face.face.tables().cmap {
        for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
            sub.codepoints(|cp| {
                let shared = char::from_u32(cp).is_none_or(|c| {
                    matches!(
                        c.script(),
                        Script::Common
                            | Script::Inherited
                            | Script::Latin
                            | Script::Greek
                            | Script::Cyrillic
                            | Script::Unknown
                    )
                });
                if !shared {
                    points.push(cp);
                }
            });
        }
    }
    points.sort_unstable();
    points.dedup();
    let mut spans: Vec<(u32, u32)> = Vec::new();
    for cp in points {
        match spans.last_mut() {
            Some((_, end)) if *end + 1 == cp => *end = cp,
            _ => spans.push((cp, cp)),
        }
    }
    spans
}

/// The stylesheet, built once.
pub fn stylesheet() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| {
        let mut css = String::from("/* The badge fonts, one face per script, fetched only for the scripts a page holds. */\n");
        for (i, face) in fonts().iter().enumerate() {
            if i == REGULAR || i == BOLD || face.name.contains("CJK") {
                continue;
            }
            let spans = ranges(face);
            if spans.is_empty() {
                continue;
            }
            let range = spans
                .iter()
                .map(|(a, b)| if a == b { format!("U+{a:X}") } else { format!("U+{a:X}-{b:X}") })
                .collect::<Vec<_>>()
                .join(", ");
            css.push_str(&format!(
                "@font-face {{ font-family: \"{FAMILY}\"; src: url(\"/static/fonts/{}\") format(\"truetype\"); font-display: swap; unicode-range: {range}; }}\n",
                face.name
            ));
        }
        css
    })
}

/// `GET /static/fonts.css`.
pub async fn css() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(stylesheet())
}

/// `GET /static/fonts/{name}`: a face the stylesheet names (the CJK face is not served).
pub async fn face(name: web::Path<String>) -> HttpResponse {
    match fonts().iter().find(|f| f.name == name.as_str() && !f.name.contains("CJK")) {
        Some(f) => HttpResponse::Ok()
            .content_type("font/ttf")
            .insert_header(("Cache-Control", "public, max-age=86400"))
            .body(f.data),
        None => HttpResponse::NotFound().finish(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_face_is_fetched_only_for_its_own_script() {
        let css = super::stylesheet();
        let tibetan = css.lines().find(|l| l.contains("NotoSerifTibetan")).unwrap();
        assert!(tibetan.contains("U+F00-") || tibetan.contains("U+F00,"), "{tibetan}");
        // No face claims the space, Latin letters or digits every page holds.
        for line in css.lines().filter(|l| l.starts_with("@font-face")) {
            let range = line.split("unicode-range:").nth(1).unwrap();
            assert!(!range.contains("U+20,") && !range.contains("U+20-") && !range.contains("U+41"), "{line}");
        }
        assert!(!css.contains("CJK") && css.matches("@font-face").count() >= 35);
    }
}
