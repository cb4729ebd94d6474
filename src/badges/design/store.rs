//! Layout documents and images in the database: every saved version kept, the newest printed;
//! which layout a badge is drawn with.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;
use sha2::Digest;

use super::draw::Pictures;
use super::{Design, Paper, builtin};
use crate::audit::{self, Change};
use crate::badges::pdf::Picture;
use crate::badges::pdf::picture::SvgProblem;
use crate::db::schema::{badge_images, badge_layouts};
use crate::db::{self, DbConn};
use crate::events::Programme;
use crate::ids::EventId;

/// The layout for every category without one of its own.
pub const DEFAULT: &str = "default";

/// A saved version of a layout.
#[derive(Debug, Clone)]
pub struct Saved {
    pub id: String,
    pub version: i32,
    pub design: Design,
    pub created_at: NaiveDateTime,
    pub created_by: String,
}

/// The layout a badge is drawn with: a saved version, or the built-in one (version 0).
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen {
    pub id: String,
    pub version: i32,
    pub design: Design,
}

/// Whether `id` can name a layout: 1 to 40 lower-case letters, digits and hyphens.
pub fn valid_id(id: &str) -> bool {
    (1..=40).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A stored version, or `None` (said in the log) when this version of Lanyard cannot read it:
/// every version was checked when it was saved, so only a change of format can do that, and
/// the badge falls back to the layout before it or the built-in one.
fn saved(row: (String, i32, String, NaiveDateTime, String)) -> Option<Saved> {
    let (id, version, document, created_at, created_by) = row;
    match serde_json::from_str(&document) {
        Ok(design) => Some(Saved { id, version, design, created_at, created_by }),
        Err(e) => {
            tracing::warn!(layout = %id, version, error = %e, "a stored badge layout cannot be read; it is skipped");
            None
        }
    }
}

/// Every version of the event's layouts, newest first within each layout.
fn all(conn: &mut DbConn, event: &EventId) -> QueryResult<Vec<Saved>> {
    let rows: Vec<(String, i32, String, NaiveDateTime, String)> = badge_layouts::table
        .filter(badge_layouts::event_id.eq(event))
        .order((badge_layouts::layout_id, badge_layouts::version.desc()))
        .select((
            badge_layouts::layout_id,
            badge_layouts::version,
            badge_layouts::document,
            badge_layouts::created_at,
            badge_layouts::created_by,
        ))
        .load(conn)?;
    Ok(rows.into_iter().filter_map(saved).collect())
}

/// The newest version of each of the event's layouts, by id.
pub fn current(conn: &mut DbConn, event: &EventId) -> QueryResult<Vec<Saved>> {
    let mut out: Vec<Saved> = Vec::new();
    for s in all(conn, event)? {
        if out.last().is_none_or(|last| last.id != s.id) {
            out.push(s);
        }
    }
    Ok(out)
}

/// One version of a layout (the newest when `version` is `None`).
pub fn find(conn: &mut DbConn, event: &EventId, id: &str, version: Option<i32>) -> QueryResult<Option<Saved>> {
    let mut query = badge_layouts::table
        .filter(badge_layouts::event_id.eq(event))
        .filter(badge_layouts::layout_id.eq(id))
        .order(badge_layouts::version.desc())
        .select((
            badge_layouts::layout_id,
            badge_layouts::version,
            badge_layouts::document,
            badge_layouts::created_at,
            badge_layouts::created_by,
        ))
        .into_boxed();
    if let Some(v) = version {
        query = query.filter(badge_layouts::version.eq(v));
    }
    Ok(query.first(conn).optional()?.and_then(saved))
}

/// Saves `design` as the next version of layout `id`, audited, inside the caller's write
/// transaction (which has taken the event's turn); returns the version.
pub fn save_in(
    conn: &mut DbConn,
    event: &EventId,
    id: &str,
    design: &Design,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<i32> {
    let document = serde_json::to_string(design).map_err(|e| diesel::result::Error::SerializationError(e.into()))?;
    {
        let last: Option<i32> = badge_layouts::table
            .filter(badge_layouts::event_id.eq(event))
            .filter(badge_layouts::layout_id.eq(id))
            .select(diesel::dsl::max(badge_layouts::version))
            .first(conn)?;
        let version = last.unwrap_or(0) + 1;
        diesel::insert_into(badge_layouts::table)
            .values((
                badge_layouts::event_id.eq(event),
                badge_layouts::layout_id.eq(id),
                badge_layouts::version.eq(version),
                badge_layouts::document.eq(&document),
                badge_layouts::created_at.eq(now),
                badge_layouts::created_by.eq(actor),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            Change {
                actor,
                action: "badge_layout.save",
                entity: "badge_layout",
                entity_id: id,
                event_id: Some(event),
                before: None,
                after: Some(
                    json!({ "version": version, "paper": design.paper.key(), "categories": design.categories }),
                ),
            },
            now,
        )?;
        Ok(version)
    }
}

/// The layouts badges of this event are drawn with: the saved ones, and the built-in layout on
/// each paper the event and its categories print on.
#[derive(Debug, Clone)]
pub struct Layouts {
    pub saved: Vec<Saved>,
    paper: Paper,
    category_papers: Vec<(String, Paper)>,
}

impl Layouts {
    pub fn load(conn: &mut DbConn, p: &Programme) -> QueryResult<Layouts> {
        Ok(Layouts {
            saved: current(conn, &p.event.id)?,
            paper: p.event.badge_layout,
            category_papers: p.categories.iter().filter_map(|c| Some((c.id.clone(), c.badge_layout?))).collect(),
        })
    }

    /// The layout for a category: the saved layout that names it, else the saved default, else
    /// the built-in one on the category's (or the event's) paper.
    pub fn for_category(&self, category: &str) -> Chosen {
        let named = self.saved.iter().find(|s| s.design.categories.iter().any(|c| c == category));
        if let Some(s) = named.or_else(|| self.saved.iter().find(|s| s.id == DEFAULT)) {
            return Chosen { id: s.id.clone(), version: s.version, design: s.design.clone() };
        }
        let paper = self.category_papers.iter().find(|(c, _)| c == category).map_or(self.paper, |(_, p)| *p);
        Chosen { id: DEFAULT.to_owned(), version: 0, design: builtin(paper) }
    }

    /// The built-in default layout, listed while the event has saved none.
    pub fn builtin_default(&self) -> Option<Design> {
        (!self.saved.iter().any(|s| s.id == DEFAULT)).then(|| builtin(self.paper))
    }

    /// Categories whose own paper the saved default layout overrides (no layout names them, and
    /// the default prints on another paper): each with its paper and the default's. A staff
    /// page says so, since the category's setting has no effect.
    pub fn overridden_papers(&self) -> Vec<(String, Paper, Paper)> {
        let Some(default) = self.saved.iter().find(|s| s.id == DEFAULT) else { return Vec::new() };
        self.category_papers
            .iter()
            .filter(|(c, paper)| {
                *paper != default.design.paper && !self.saved.iter().any(|s| s.design.categories.contains(c))
            })
            .map(|(c, paper)| (c.clone(), *paper, default.design.paper))
            .collect()
    }

    /// The layout another category's layout uses it (for "already taken" checks), except `id`.
    pub fn owner_of(&self, category: &str, except: &str) -> Option<String> {
        self.saved
            .iter()
            .find(|s| s.id != except && s.design.categories.iter().any(|c| c == category))
            .map(|s| s.id.clone())
    }
}

/// The version a badge was first printed with, if it is still that layout's and saved.
pub fn version_of(
    conn: &mut DbConn,
    event: &EventId,
    chosen: &Chosen,
    printed: Option<(&str, i32)>,
) -> QueryResult<Chosen> {
    match printed {
        Some((id, version)) if id == chosen.id && version != chosen.version && version > 0 => {
            Ok(find(conn, event, id, Some(version))?
                .map_or_else(|| chosen.clone(), |s| Chosen { id: s.id, version: s.version, design: s.design }))
        }
        _ => Ok(chosen.clone()),
    }
}

/// The largest image accepted, in bytes and in pixels on a side.
pub const IMAGE_MAX_BYTES: usize = 2 * 1024 * 1024;
pub const IMAGE_MAX_SIDE: u32 = crate::badges::pdf::picture::MAX_SIDE;

/// Why an image was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageProblem {
    TooLarge,
    /// Neither a PNG nor an SVG that can be drawn; the reader's words.
    Unreadable(String),
    /// An SVG with text, which needs fonts the server does not have.
    SvgText,
}

/// Stores (or replaces) an event's image under `name`, audited: a PNG, or an SVG kept as
/// vector art.
pub fn save_image(
    conn: &mut DbConn,
    event: &EventId,
    name: &str,
    png: &[u8],
    actor: &str,
    now: NaiveDateTime,
) -> Result<Result<(u32, u32), ImageProblem>, diesel::result::Error> {
    if png.len() > IMAGE_MAX_BYTES {
        return Ok(Err(ImageProblem::TooLarge));
    }
    let media_type = crate::badges::pdf::picture::media_type(png);
    let picture = if media_type == "image/png" {
        let format = image::ImageReader::with_format(std::io::Cursor::new(png), image::ImageFormat::Png);
        match format.into_dimensions() {
            Ok((w, h)) if w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE => return Ok(Err(ImageProblem::TooLarge)),
            Ok(_) => {}
            Err(e) => return Ok(Err(ImageProblem::Unreadable(e.to_string()))),
        }
        match Picture::from_png(name, png) {
            Ok(picture) => picture,
            Err(e) => return Ok(Err(ImageProblem::Unreadable(e))),
        }
    } else {
        match Picture::from_svg(name, png) {
            Ok(picture) => picture,
            Err(SvgProblem::Text) => return Ok(Err(ImageProblem::SvgText)),
            Err(SvgProblem::Unreadable(e)) => return Ok(Err(ImageProblem::Unreadable(e))),
        }
    };
    let sha = format!("{:x}", sha2::Sha256::digest(png));
    let (w, h) = (i32::try_from(picture.width).unwrap_or(0), i32::try_from(picture.height).unwrap_or(0));
    db::write_tx(conn, |conn| {
        diesel::delete(badge_images::table.find((event, name))).execute(conn)?;
        diesel::insert_into(badge_images::table)
            .values((
                badge_images::event_id.eq(event),
                badge_images::name.eq(name),
                badge_images::media_type.eq(media_type),
                badge_images::bytes.eq(png),
                badge_images::width.eq(w),
                badge_images::height.eq(h),
                badge_images::sha256.eq(&sha),
                badge_images::created_at.eq(now),
                badge_images::created_by.eq(actor),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            Change {
                actor,
                action: "badge_image.save",
                entity: "badge_image",
                entity_id: name,
                event_id: Some(event),
                before: None,
                after: Some(json!({ "sha256": sha, "width": w, "height": h })),
            },
            now,
        )
    })?;
    Ok(Ok((picture.width, picture.height)))
}

/// The event's images: name, width, height, content hash.
pub fn images(conn: &mut DbConn, event: &EventId) -> QueryResult<Vec<(String, i32, i32, String)>> {
    badge_images::table
        .filter(badge_images::event_id.eq(event))
        .order(badge_images::name)
        .select((badge_images::name, badge_images::width, badge_images::height, badge_images::sha256))
        .load(conn)
}

/// The images these layouts draw, decoded once for the page.
pub fn pictures<'a>(
    conn: &mut DbConn,
    event: &EventId,
    designs: impl Iterator<Item = &'a Design>,
) -> QueryResult<Pictures> {
    let mut names: Vec<String> = designs.flat_map(|d| d.images().map(str::to_owned)).collect();
    names.sort();
    names.dedup();
    let mut out = Pictures::new();
    if names.is_empty() {
        return Ok(out);
    }
    let rows: Vec<(String, String, Vec<u8>, String)> = badge_images::table
        .filter(badge_images::event_id.eq(event))
        .filter(badge_images::name.eq_any(&names))
        .select((badge_images::name, badge_images::media_type, badge_images::bytes, badge_images::sha256))
        .load(conn)?;
    for (name, media_type, bytes, sha) in rows {
        // The content hash is the key: a replaced image is a new one in the document.
        match Picture::from_stored(&sha, &media_type, &bytes) {
            Some(picture) => {
                out.insert(name, picture);
            }
            // Checked when it was stored: only a change of reader could make it unreadable.
            None => tracing::warn!(image = %name, "a stored badge image could not be read; badges print without it"),
        }
    }
    Ok(out)
}
