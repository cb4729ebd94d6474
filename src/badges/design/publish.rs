//! Publishing a layout: the one use case behind the API's PUT and the designer's "Publish".

use chrono::NaiveDateTime;
use diesel::QueryResult;

use super::Design;
use super::check::{Known, Problem, categories, check};
use super::samples::{self, Setting};
use super::store::{self, Layouts};
use crate::db::{self, DbConn};
use crate::events::Programme;

/// Categories named by id or by name become ids; an unknown one stays for the check to report.
pub fn normalise(p: &Programme, mut design: Design) -> Design {
    for category in &mut design.categories {
        if let Some(c) = p.find_category(category) {
            category.clone_from(&c.id);
        }
    }
    design.categories.dedup();
    design
}

/// What a layout is checked against: the event's categories (and which other layout has each),
/// its images, and the sample delegates as this event's badges.
pub fn known_for<'a>(
    conn: &mut DbConn,
    p: &Programme,
    id: &str,
    samples: &'a [crate::badges::BadgeContent],
) -> QueryResult<Known<'a>> {
    Ok(Known {
        categories: owners(conn, p, id)?,
        images: store::images(conn, &p.event.id)?.into_iter().map(|(name, ..)| name).collect(),
        samples,
    })
}

/// Each of the event's categories, and the layout other than `id` that has it.
fn owners(conn: &mut DbConn, p: &Programme, id: &str) -> QueryResult<Vec<(String, Option<String>)>> {
    let layouts = Layouts::load(conn, p)?;
    Ok(p.categories.iter().map(|c| (c.id.clone(), layouts.owner_of(&c.id, id))).collect())
}

/// The sample delegates as badges of this event.
pub fn samples_of(p: &Programme) -> Vec<crate::badges::BadgeContent> {
    // Every sample carries every zone: the widest a zone field or tab row can be.
    samples::contents(&Setting::of(p, p.zones.iter().map(crate::badges::print::zone).collect()))
}

/// Checks `design` and saves it as the next version of layout `id`; the problems otherwise.
pub fn publish(
    conn: &mut DbConn,
    p: &Programme,
    id: &str,
    design: &Design,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<i32, Vec<Problem>>> {
    let samples = samples_of(p);
    let known = known_for(conn, p, id, &samples)?;
    let problems = check(design, &known);
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    // The fitting above is the slow part and runs outside the transaction; what another admin
    // can change meanwhile is checked again inside it, one publisher of the event at a time.
    db::write_tx(conn, |conn| {
        db::take_turn(conn, &format!("badge-layouts:{}", p.event.id))?;
        let taken = categories(design, &owners(conn, p, id)?);
        if !taken.is_empty() {
            return Ok(Err(taken));
        }
        Ok(Ok(store::save_in(conn, &p.event.id, id, design, actor, now)?))
    })
}
