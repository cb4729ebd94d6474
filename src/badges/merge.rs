//! Joining PDF files page after page, so a large batch is rendered a thousand badges at a time
//! and never held in memory as drawing operations all at once.

use lopdf::{Dictionary, Document, Object, ObjectId};

/// Appends the pages of each part, in order, into one document.
#[derive(Default)]
pub struct Merger {
    doc: Option<Document>,
    pages_id: ObjectId,
    kids: Vec<Object>,
}

fn pages_of(doc: &Document) -> Result<ObjectId, String> {
    doc.catalog().and_then(|c| c.get(b"Pages")).and_then(Object::as_reference).map_err(|e| e.to_string())
}

impl Merger {
    pub fn push(&mut self, pdf: &[u8]) -> Result<(), String> {
        let mut part = Document::load_mem(pdf).map_err(|e| e.to_string())?;
        let Some(doc) = self.doc.as_mut() else {
            self.pages_id = pages_of(&part)?;
            self.kids = part.get_pages().into_values().map(Object::Reference).collect();
            self.doc = Some(part);
            return Ok(());
        };
        part.renumber_objects_with(doc.max_id + 1);
        doc.max_id = part.max_id;
        let part_pages = pages_of(&part)?;
        let skip: Vec<ObjectId> = [part.trailer.get(b"Root"), part.trailer.get(b"Info")]
            .into_iter()
            .filter_map(|o| o.and_then(Object::as_reference).ok())
            .chain([part_pages])
            .collect();
        let page_ids: Vec<ObjectId> = part.get_pages().into_values().collect();
        for (id, object) in std::mem::take(&mut part.objects) {
            if !skip.contains(&id) {
                doc.objects.insert(id, object);
            }
        }
        for id in page_ids {
            if let Ok(Object::Dictionary(page)) = doc.get_object_mut(id) {
                page.set("Parent", Object::Reference(self.pages_id));
            }
            self.kids.push(Object::Reference(id));
        }
        Ok(())
    }

    /// Writes the joined document.
    pub fn finish(mut self, out: &mut impl std::io::Write) -> Result<(), String> {
        let Some(mut doc) = self.doc.take() else {
            return Err("nothing to write".into());
        };
        let count = i64::try_from(self.kids.len()).unwrap_or(i64::MAX);
        let mut pages = Dictionary::new();
        pages.set("Type", Object::Name(b"Pages".to_vec()));
        pages.set("Count", Object::Integer(count));
        pages.set("Kids", Object::Array(self.kids));
        doc.objects.insert(self.pages_id, Object::Dictionary(pages));
        doc.save_to(out).map_err(|e| e.to_string())
    }
}
