//! SVG logos as vector art: converted once by svg2pdf into a one-page PDF, whose page becomes a
//! form XObject of our document (its content and every resource it names, copied in), scaled
//! to a unit square so it is placed like any picture. Printed at any size, it stays sharp.

use std::collections::BTreeMap;
use std::sync::Arc;

use printpdf::{DictItem, ExternalStream};

/// Why an SVG cannot be a logo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SvgProblem {
    /// Not SVG, or SVG the converter cannot read; the parser's words.
    Unreadable(String),
    /// Text needs the SVG's fonts, which the server does not have: outlines print the same
    /// everywhere.
    Text,
}

/// A converted SVG: its size in CSS pixels and the form that draws it in a unit square.
#[derive(Debug, Clone)]
pub struct Vector {
    pub width: f32,
    pub height: f32,
    pub form: Arc<ExternalStream>,
}

/// How deep references may nest when a resource is copied in (svg2pdf's are a few levels).
const MAX_DEPTH: usize = 32;

/// Converts an SVG document. Files are never read: an `<image>` may embed a data: URL, but a
/// path would make the server put its own files on a badge.
pub fn convert(svg: &[u8]) -> Result<Vector, SvgProblem> {
    let text = std::str::from_utf8(svg).map_err(|e| SvgProblem::Unreadable(e.to_string()))?;
    // Without fonts usvg drops text silently; refusing it says what to do instead.
    if text.contains("<text") || text.contains(":text") {
        return Err(SvgProblem::Text);
    }
    let options = svg2pdf::usvg::Options {
        image_href_resolver: svg2pdf::usvg::ImageHrefResolver {
            resolve_data: svg2pdf::usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..Default::default()
    };
    let tree = svg2pdf::usvg::Tree::from_str(text, &options).map_err(|e| SvgProblem::Unreadable(e.to_string()))?;
    let conversion = svg2pdf::ConversionOptions { compress: false, ..Default::default() };
    // At 72 dpi one SVG pixel is one point, so the page is the SVG's own size.
    let pdf = svg2pdf::to_pdf(&tree, conversion, svg2pdf::PageOptions { dpi: 72.0 })
        .map_err(|e| SvgProblem::Unreadable(e.to_string()))?;
    let unreadable = |what: &str| SvgProblem::Unreadable(format!("converted page: {what}"));
    let doc = lopdf::Document::load_mem(&pdf).map_err(|e| SvgProblem::Unreadable(e.to_string()))?;
    let page_id = doc.page_iter().next().ok_or_else(|| unreadable("no page"))?;
    let page = doc.get_dictionary(page_id).map_err(|_| unreadable("not a dictionary"))?;
    let (width, height) = (tree.size().width(), tree.size().height());
    if !(width > 0.0 && height > 0.0) {
        return Err(unreadable("no size"));
    }
    let name = |s: &str| DictItem::Name(s.as_bytes().to_vec());
    let mut dict = BTreeMap::from([
        ("Type".to_owned(), name("XObject")),
        ("Subtype".to_owned(), name("Form")),
        (
            "BBox".to_owned(),
            DictItem::Array(vec![DictItem::Int(0), DictItem::Int(0), DictItem::Real(width), DictItem::Real(height)]),
        ),
        // Drawn in a unit square, as a picture is, so one placement serves both.
        (
            "Matrix".to_owned(),
            DictItem::Array([1.0 / width, 0.0, 0.0, 1.0 / height, 0.0, 0.0].into_iter().map(DictItem::Real).collect()),
        ),
    ]);
    for key in ["Resources", "Group"] {
        if let Ok(object) = page.get(key.as_bytes()) {
            dict.insert(key.to_owned(), copy(&doc, object, 0).ok_or_else(|| unreadable("resources nest too deep"))?);
        }
    }
    let content = doc.get_page_content(page_id);
    Ok(Vector { width, height, form: Arc::new(ExternalStream { dict, content, compress: true }) })
}

/// `object` with every reference replaced by what it names, so the form needs nothing of the
/// converted document; `None` when references nest deeper than any SVG needs (or loop).
fn copy(doc: &lopdf::Document, object: &lopdf::Object, depth: usize) -> Option<DictItem> {
    use lopdf::Object;
    if depth > MAX_DEPTH {
        return None;
    }
    let dict = |d: &lopdf::Dictionary| -> Option<BTreeMap<String, DictItem>> {
        d.iter()
            .filter(|(k, _)| !matches!(k.as_slice(), b"Length" | b"Filter" | b"DecodeParms"))
            .map(|(k, v)| Some((String::from_utf8_lossy(k).into_owned(), copy(doc, v, depth + 1)?)))
            .collect()
    };
    Some(match object {
        Object::Null => DictItem::Null,
        Object::Boolean(b) => DictItem::Bool(*b),
        Object::Integer(i) => DictItem::Int(*i),
        Object::Real(r) => DictItem::Real(*r),
        Object::Name(n) => DictItem::Name(n.clone()),
        Object::String(s, format) => {
            DictItem::String { data: s.clone(), literal: *format == lopdf::StringFormat::Literal }
        }
        Object::Array(items) => DictItem::Array(items.iter().map(|o| copy(doc, o, depth + 1)).collect::<Option<_>>()?),
        Object::Dictionary(d) => DictItem::Dict { map: dict(d)? },
        Object::Stream(s) => match s.decompressed_content() {
            // Stored plain here; the document compresses it again as it writes.
            Ok(content) => {
                DictItem::Stream { stream: ExternalStream { dict: dict(&s.dict)?, content, compress: true } }
            }
            // A filter lopdf does not undo (an embedded JPEG's DCT): the bytes as they are.
            Err(_) => {
                let mut map: BTreeMap<String, DictItem> = BTreeMap::new();
                for (k, v) in s.dict.iter().filter(|(k, _)| k.as_slice() != b"Length") {
                    map.insert(String::from_utf8_lossy(k).into_owned(), copy(doc, v, depth + 1)?);
                }
                DictItem::Stream { stream: ExternalStream { dict: map, content: s.content.clone(), compress: false } }
            }
        },
        Object::Reference(id) => copy(doc, doc.get_object(*id).ok()?, depth + 1)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQUARE: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="10" height="10" fill="#123456"/></svg>"##;

    #[test]
    fn an_svg_becomes_a_form_in_a_unit_square() {
        let v = convert(SQUARE.as_bytes()).unwrap();
        assert_eq!((v.width, v.height), (40.0, 20.0));
        let matrix = &v.form.dict["Matrix"];
        assert!(matches!(matrix, DictItem::Array(m) if matches!(m[0], DictItem::Real(x) if (x - 0.025).abs() < 1e-6)));
        let content = String::from_utf8_lossy(&v.form.content).into_owned();
        assert!(content.lines().any(|l| l == "f"), "the square is filled: {content}");
    }

    #[test]
    fn text_and_nonsense_are_refused() {
        let lettered = SQUARE.replace("</svg>", "<text>Hi</text></svg>");
        assert_eq!(convert(lettered.as_bytes()).unwrap_err(), SvgProblem::Text);
        assert!(matches!(convert(b"GIF89a"), Err(SvgProblem::Unreadable(_))));
    }

    #[test]
    fn a_file_on_the_server_is_never_drawn() {
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("secret.svg");
        std::fs::write(&secret, SQUARE).unwrap();
        let empty = r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"></svg>"#;
        let reaching = empty.replace(
            "></svg>",
            &format!(
                r#" xmlns:xlink="http://www.w3.org/1999/xlink"><image width="40" height="20" xlink:href="{}"/></svg>"#,
                secret.display()
            ),
        );
        let drawn = convert(reaching.as_bytes()).unwrap();
        assert_eq!(drawn.form.content, convert(empty.as_bytes()).unwrap().form.content, "the file was drawn");
    }
}
