//! QR codes on the page: the dark modules as one form XObject per code, drawn wherever the
//! code appears (the front and back of a card share it).

use std::collections::BTreeMap;

use printpdf::{DictItem, ExternalStream, ExternalXObject, Op, XObjectId, XObjectTransform};

use super::{Document, Page, pt};

impl Page {
    /// The QR code of `data`, `size` mm wide with its top-left corner at (x, top).
    pub fn qr(&mut self, doc: &mut Document, data: &str, x: f32, top: f32, size: f32) {
        let (id, modules) = match doc.codes.get(data) {
            Some(found) => found.clone(),
            None => {
                let Some((modules, runs)) = crate::qr::runs(data) else { return };
                let id = form(doc, modules, &runs);
                doc.codes.insert(data.to_owned(), (id.clone(), modules));
                (id, modules)
            }
        };
        let module = pt(size).0 / modules as f32;
        self.end_text();
        self.ops.push(Op::UseXobject {
            id,
            transform: XObjectTransform {
                translate_x: Some(pt(x)),
                translate_y: Some(pt(top - size)),
                scale_x: Some(module),
                scale_y: Some(module),
                no_auto_scale: true,
                ..Default::default()
            },
        });
    }
}

/// A grid `modules` wide whose dark modules are `runs`, as a form XObject in module units: a
/// few hundred bytes that a page places and scales. The squares are pure black, not whatever
/// fill the page set last: contrast is what a scanner reads.
fn form(doc: &mut Document, modules: usize, runs: &[crate::qr::Run]) -> XObjectId {
    use std::fmt::Write;
    let mut path = String::with_capacity(runs.len() * 12 + 9);
    path.push_str("0 0 0 rg\n");
    for &(col, row, len) in runs {
        let _ = writeln!(path, "{col} {} {len} 1 re", modules - row - 1);
    }
    path.push_str("f\n");
    let n = i64::try_from(modules).unwrap_or(0);
    let name = |s: &str| DictItem::Name(s.as_bytes().to_vec());
    let dict = BTreeMap::from([
        ("Type".to_owned(), name("XObject")),
        ("Subtype".to_owned(), name("Form")),
        (
            "BBox".to_owned(),
            DictItem::Array(vec![DictItem::Int(0), DictItem::Int(0), DictItem::Int(n), DictItem::Int(n)]),
        ),
    ]);
    let id = XObjectId(format!("Q{}", doc.xobjects.len()));
    doc.xobjects.push((
        id.clone(),
        ExternalXObject {
            stream: ExternalStream { dict, content: path.into_bytes(), compress: true },
            width: None,
            height: None,
            dpi: None,
        },
    ));
    id
}
