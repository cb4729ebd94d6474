//! The photo doors compare a face with: stored at once by staff, or by the delegate before
//! approval; frozen after approval, when a new photo from the delegate's badge page waits
//! here until staff accept it. Every step is audited, without the image.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use super::photo::Prepared;
use crate::audit::{self, Change};
use crate::db::schema::{photo_proposals, photos};
use crate::db::{self, DbConn};
use crate::ids::RegistrationId;
use crate::registrations::{Registration, Status};

/// Whether a photo from the delegate's own page replaces the door's photo at once (before
/// approval) or waits for staff (after).
pub fn needs_review(reg: &Registration) -> bool {
    reg.status == Status::Approved
}

fn audit_in(conn: &mut DbConn, reg: &Registration, action: &str, actor: &str, now: NaiveDateTime) -> QueryResult<()> {
    let change = Change {
        actor,
        action,
        entity: "registration",
        entity_id: reg.id.as_str(),
        event_id: Some(&reg.event_id),
        before: None,
        after: None,
    };
    audit::record(conn, change, now)
}

/// Keeps the delegate's new photo for staff to review, replacing one they sent before.
pub fn propose(conn: &mut DbConn, reg: &Registration, photo: &Prepared, now: NaiveDateTime) -> QueryResult<()> {
    db::write_tx(conn, |conn| {
        diesel::delete(photo_proposals::table.find(&reg.id)).execute(conn)?;
        diesel::insert_into(photo_proposals::table)
            .values((
                photo_proposals::registration_id.eq(&reg.id),
                photo_proposals::jpeg.eq(&photo.jpeg),
                photo_proposals::width.eq(i32::try_from(photo.width).unwrap_or(0)),
                photo_proposals::height.eq(i32::try_from(photo.height).unwrap_or(0)),
                photo_proposals::uploaded_at.eq(now),
            ))
            .execute(conn)?;
        audit_in(conn, reg, "photo.propose", "delegate", now)
    })
}

/// When the delegate sent the photo waiting for review, if one is.
pub fn pending_since(conn: &mut DbConn, id: &RegistrationId) -> QueryResult<Option<NaiveDateTime>> {
    photo_proposals::table.find(id).select(photo_proposals::uploaded_at).first(conn).optional()
}

/// The photo waiting for review.
pub fn pending_jpeg(conn: &mut DbConn, id: &RegistrationId) -> QueryResult<Option<Vec<u8>>> {
    photo_proposals::table.find(id).select(photo_proposals::jpeg).first(conn).optional()
}

/// What staff decide about a photo waiting for review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Review {
    Accept,
    Reject,
}

/// Applies staff's decision: an accepted photo becomes the one doors compare (noting when),
/// a rejected one is dropped. `false` if no photo was waiting.
pub fn review(
    conn: &mut DbConn,
    reg: &Registration,
    decision: Review,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    db::write_tx(conn, |conn| {
        let waiting: Option<(Vec<u8>, i32, i32)> = photo_proposals::table
            .find(&reg.id)
            .select((photo_proposals::jpeg, photo_proposals::width, photo_proposals::height))
            .first(conn)
            .optional()?;
        let Some((jpeg, width, height)) = waiting else { return Ok(false) };
        diesel::delete(photo_proposals::table.find(&reg.id)).execute(conn)?;
        if decision == Review::Accept {
            let thumb = super::photo::thumbnail(&jpeg);
            diesel::delete(photos::table.find(&reg.id)).execute(conn)?;
            diesel::insert_into(photos::table)
                .values((
                    photos::registration_id.eq(&reg.id),
                    photos::jpeg.eq(jpeg),
                    photos::width.eq(width),
                    photos::height.eq(height),
                    photos::uploaded_by.eq("delegate"),
                    photos::updated_at.eq(now),
                    photos::accepted_at.eq(Some(now)),
                    photos::thumb.eq(thumb),
                ))
                .execute(conn)?;
        }
        let action = if decision == Review::Accept { "photo.accept" } else { "photo.reject" };
        audit_in(conn, reg, action, actor, now)?;
        Ok(true)
    })
}

/// Stores (or replaces) a registration's photo.
pub fn save_photo(
    conn: &mut DbConn,
    reg: &Registration,
    photo: &Prepared,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    db::write_tx(conn, |conn| save_photo_in(conn, reg, photo, actor, now))
}

/// `save_photo` inside the caller's transaction.
pub fn save_photo_in(
    conn: &mut DbConn,
    reg: &Registration,
    photo: &Prepared,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    use crate::db::schema::photos;
    {
        let replaced = diesel::delete(photos::table.find(&reg.id)).execute(conn)? > 0;
        diesel::insert_into(photos::table)
            .values((
                photos::registration_id.eq(&reg.id),
                photos::jpeg.eq(&photo.jpeg),
                photos::width.eq(i32::try_from(photo.width).unwrap_or(0)),
                photos::height.eq(i32::try_from(photo.height).unwrap_or(0)),
                photos::uploaded_by.eq(actor),
                photos::updated_at.eq(now),
                // Staff replacing the photo of an approved delegate is a change the door notes.
                photos::accepted_at.eq((replaced && needs_review(reg)).then_some(now)),
                photos::thumb.eq(super::photo::thumbnail(&photo.jpeg)),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            Change {
                actor,
                action: if replaced { "photo.replace" } else { "photo.upload" },
                entity: "registration",
                entity_id: reg.id.as_str(),
                event_id: Some(&reg.event_id),
                before: None,
                after: Some(json!({ "photo_bytes": photo.jpeg.len() })),
            },
            now,
        )
    }
}

/// The door devices' small photos of an event's delegates, by registration; a photo stored by an
/// earlier version gets its small copy now, once.
pub fn thumbnails(conn: &mut DbConn, event_id: &crate::ids::EventId) -> QueryResult<HashMap<RegistrationId, Vec<u8>>> {
    use crate::db::schema::registrations;
    let rows: Vec<(RegistrationId, Option<Vec<u8>>)> = photos::table
        .inner_join(registrations::table)
        .filter(registrations::event_id.eq(event_id))
        .select((photos::registration_id, photos::thumb))
        .load(conn)?;
    let mut out = HashMap::with_capacity(rows.len());
    for (id, thumb) in rows {
        let thumb = match thumb {
            Some(t) => Some(t),
            None => {
                let jpeg: Vec<u8> = photos::table.find(&id).select(photos::jpeg).first(conn)?;
                let made = super::photo::thumbnail(&jpeg);
                diesel::update(photos::table.find(&id)).set(photos::thumb.eq(&made)).execute(conn)?;
                made
            }
        };
        if let Some(t) = thumb {
            out.insert(id, t);
        }
    }
    Ok(out)
}
