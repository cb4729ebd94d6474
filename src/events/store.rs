//! SQL for events and their programme.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{Category, Event, Programme, Session, Venue};
use crate::db::DbConn;
use crate::db::schema::{categories, events, session_categories, sessions, translations, venues};
use crate::ids::EventId;

/// The event with this slug, if any.
pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> QueryResult<Option<Event>> {
    events::table.filter(events::slug.eq(slug)).select(Event::as_select()).first(conn).optional()
}

/// The event with this id, if any.
pub fn find(conn: &mut DbConn, id: &EventId) -> QueryResult<Option<Event>> {
    events::table.find(id).select(Event::as_select()).first(conn).optional()
}

/// Every event, oldest first.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<Event>> {
    events::table.order(events::starts_at.asc()).select(Event::as_select()).load(conn)
}

/// Events that have not ended yet, soonest first.
pub fn upcoming(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Vec<Event>> {
    events::table.filter(events::ends_at.ge(now)).order(events::starts_at.asc()).select(Event::as_select()).load(conn)
}

/// Whether the database holds no event at all (first start).
pub fn is_empty(conn: &mut DbConn) -> QueryResult<bool> {
    let n: i64 = events::table.count().get_result(conn)?;
    Ok(n == 0)
}

/// Loads an event's venues, sessions, categories, admission lists and translations.
pub fn programme(conn: &mut DbConn, event: Event) -> QueryResult<Programme> {
    let venues = venues::table
        .filter(venues::event_id.eq(&event.id))
        .order((venues::position.asc(), venues::name.asc()))
        .select(Venue::as_select())
        .load(conn)?;
    let sessions = sessions::table
        .filter(sessions::event_id.eq(&event.id))
        .order((sessions::starts_at.asc(), sessions::title.asc()))
        .select(Session::as_select())
        .load(conn)?;
    let categories = categories::table
        .filter(categories::event_id.eq(&event.id))
        .order((categories::position.asc(), categories::name.asc()))
        .select(Category::as_select())
        .load(conn)?;
    let pairs: Vec<(String, String)> = session_categories::table
        .inner_join(sessions::table)
        .filter(sessions::event_id.eq(&event.id))
        .select((session_categories::session_id, session_categories::category_id))
        .load(conn)?;
    let mut allowed = std::collections::HashMap::<String, Vec<String>>::new();
    for (session_id, category_id) in pairs {
        allowed.entry(session_id).or_default().push(category_id);
    }
    let mut owners: Vec<&str> = vec![event.id.as_str()];
    owners.extend(venues.iter().map(|v| v.id.as_str()));
    owners.extend(sessions.iter().map(|s| s.id.as_str()));
    owners.extend(categories.iter().map(|c| c.id.as_str()));
    let rows: Vec<(String, String, String, String)> = translations::table
        .filter(translations::owner_id.eq_any(&owners))
        .select((translations::owner_id, translations::field, translations::locale, translations::value))
        .load(conn)?;
    let texts = rows.into_iter().map(|(o, f, l, v)| ((o, f, l), v)).collect();
    let zones = super::zones::of_event(conn, &event.id)?;
    Ok(Programme { event, venues, sessions, categories, allowed, texts, zones })
}

/// Stores a new event.
pub fn insert_event(conn: &mut DbConn, event: &Event) -> QueryResult<()> {
    diesel::insert_into(events::table).values(event).execute(conn).map(drop)
}

/// Stores a new venue.
pub fn insert_venue(conn: &mut DbConn, venue: &Venue) -> QueryResult<()> {
    diesel::insert_into(venues::table).values(venue).execute(conn).map(drop)
}

/// Stores a new category.
pub fn insert_category(conn: &mut DbConn, category: &Category) -> QueryResult<()> {
    diesel::insert_into(categories::table).values(category).execute(conn).map(drop)
}

/// Stores a new session.
pub fn insert_session(conn: &mut DbConn, session: &Session) -> QueryResult<()> {
    diesel::insert_into(sessions::table).values(session).execute(conn).map(drop)
}

/// Restricts a session to a category (add one row per allowed category).
pub fn allow_category(conn: &mut DbConn, session_id: &str, category_id: &str) -> QueryResult<()> {
    diesel::insert_into(session_categories::table)
        .values((session_categories::session_id.eq(session_id), session_categories::category_id.eq(category_id)))
        .execute(conn)
        .map(drop)
}

/// Stores an organiser-written translation of a name or title.
pub fn translate(conn: &mut DbConn, owner_id: &str, field: &str, locale: &str, value: &str) -> QueryResult<()> {
    diesel::insert_into(translations::table)
        .values((
            translations::owner_id.eq(owner_id),
            translations::field.eq(field),
            translations::locale.eq(locale),
            translations::value.eq(value),
        ))
        .execute(conn)
        .map(drop)
}

/// Takes one place in a session if one is left; a conditional update, so racing
/// registrations can never overfill it. Returns whether a place was taken.
pub fn take_seat(conn: &mut DbConn, session_id: &str) -> QueryResult<bool> {
    let n = diesel::update(
        sessions::table
            .filter(sessions::id.eq(session_id))
            .filter(sessions::capacity.is_null().or(sessions::seats_taken.lt(sessions::capacity.assume_not_null()))),
    )
    .set(sessions::seats_taken.eq(sessions::seats_taken + 1))
    .execute(conn)?;
    Ok(n == 1)
}
