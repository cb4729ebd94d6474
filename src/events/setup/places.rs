//! Setting up venues and categories (with badge colours and self-service).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;
use serde_json::json;

use super::{Problems, change, problem};
use crate::audit;
use crate::db::{self, DbConn};
use crate::events::{Category, Event, Venue, store};

/// The venue form.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct VenueForm {
    pub name: String,
    pub address: String,
}

/// Adds a venue.
pub fn add_venue(
    conn: &mut DbConn,
    event: &Event,
    form: &VenueForm,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<(), Problems>> {
    if form.name.trim().is_empty() {
        return Ok(Err(vec![problem("venue_name", "error-required")]));
    }
    let position = store::programme(conn, event.clone())?.venues.len() as i32 + 1;
    let venue = Venue {
        id: db::new_id(),
        event_id: event.id.clone(),
        name: form.name.trim().to_owned(),
        address: form.address.trim().to_owned(),
        position,
        created_at: now,
    };
    db::write_tx(conn, |conn| {
        store::insert_venue(conn, &venue)?;
        audit::record(
            conn,
            change(actor, "venue.create", "venue", &venue.id, &event.id, json!({ "name": venue.name })),
            now,
        )
    })?;
    Ok(Ok(()))
}

/// The category form.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct CategoryForm {
    /// Its own paper (a6, cr80, a4-4up), or empty for the event's.
    pub badge_layout: String,
    pub name: String,
    pub badge_colour: String,
    pub self_register: Option<String>,
}

impl CategoryForm {
    fn layout(&self) -> Option<crate::badges::Paper> {
        crate::badges::Paper::parse(&self.badge_layout)
    }
}

/// Adds a category (appended to the order of precedence).
pub fn add_category(
    conn: &mut DbConn,
    event: &Event,
    form: &CategoryForm,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<(), Problems>> {
    let mut errors = Vec::new();
    if form.name.trim().is_empty() {
        errors.push(problem("category_name", "error-required"));
    }
    let colour = form.badge_colour.trim().to_ascii_uppercase();
    if colour.len() != 7 || !colour.starts_with('#') || !colour[1..].chars().all(|c| c.is_ascii_hexdigit()) {
        errors.push(problem("badge_colour", "error-colour"));
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let position = store::programme(conn, event.clone())?.categories.len() as i32 + 1;
    let category = Category {
        id: db::new_id(),
        event_id: event.id.clone(),
        name: form.name.trim().to_owned(),
        badge_colour: colour,
        position,
        self_register: form.self_register.is_some(),
        created_at: now,
        badge_layout: form.layout(),
    };
    let result = db::write_tx(conn, |conn| {
        store::insert_category(conn, &category)?;
        audit::record(
            conn,
            change(actor, "category.create", "category", &category.id, &event.id, json!({ "name": category.name })),
            now,
        )
    });
    match result {
        Ok(()) => Ok(Ok(())),
        Err(e) if db::unique_violation_on(&e).is_some() => {
            Ok(Err(vec![problem("category_name", "error-category-taken")]))
        }
        Err(e) => Err(e),
    }
}

/// Renames a venue or changes its address.
pub fn update_venue(
    conn: &mut DbConn,
    event: &Event,
    id: &str,
    form: &VenueForm,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<(), Problems>> {
    use crate::db::schema::venues;
    if form.name.trim().is_empty() {
        return Ok(Err(vec![problem("venue_name", "error-required")]));
    }
    db::write_tx(conn, |conn| {
        let n = diesel::update(venues::table.filter(venues::id.eq(id)).filter(venues::event_id.eq(&event.id)))
            .set((venues::name.eq(form.name.trim()), venues::address.eq(form.address.trim())))
            .execute(conn)?;
        if n == 0 {
            return Err(diesel::result::Error::NotFound);
        }
        audit::record(
            conn,
            change(actor, "venue.update", "venue", id, &event.id, json!({ "name": form.name.trim() })),
            now,
        )
    })?;
    Ok(Ok(()))
}

/// Renames a category, or changes its colour or whether delegates may choose it.
pub fn update_category(
    conn: &mut DbConn,
    event: &Event,
    id: &str,
    form: &CategoryForm,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<(), Problems>> {
    use crate::db::schema::categories;
    let colour = form.badge_colour.trim().to_ascii_uppercase();
    let mut errors = Vec::new();
    if form.name.trim().is_empty() {
        errors.push(problem("category_name", "error-required"));
    }
    if colour.len() != 7 || !colour.starts_with('#') || !colour[1..].chars().all(|c| c.is_ascii_hexdigit()) {
        errors.push(problem("badge_colour", "error-colour"));
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let result = db::write_tx(conn, |conn| {
        let n =
            diesel::update(categories::table.filter(categories::id.eq(id)).filter(categories::event_id.eq(&event.id)))
                .set((
                    categories::name.eq(form.name.trim()),
                    categories::badge_colour.eq(&colour),
                    categories::self_register.eq(form.self_register.is_some()),
                    categories::badge_layout.eq(form.layout()),
                ))
                .execute(conn)?;
        if n == 0 {
            return Err(diesel::result::Error::NotFound);
        }
        let after =
            json!({ "name": form.name.trim(), "badge_colour": colour, "self_register": form.self_register.is_some() });
        audit::record(conn, change(actor, "category.update", "category", id, &event.id, after), now)
    });
    match result {
        Ok(()) => Ok(Ok(())),
        Err(e) if db::unique_violation_on(&e).is_some() => {
            Ok(Err(vec![problem("category_name", "error-category-taken")]))
        }
        Err(e) => Err(e),
    }
}
