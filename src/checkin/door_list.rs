//! A printed list for a door without power or network: everyone expected at a session, in
//! the order of precedence (heads of mission first, then by delegation), with a box to tick. Drawn with the badge fonts, so every name prints in its
//! own script.

use diesel::prelude::*;

use crate::badges::fonts::{BOLD, REGULAR};
use crate::badges::pdf::{Colour, Document, Page};
use crate::db::DbConn;
use crate::db::schema::{registration_sessions, registrations};
use crate::events::{Programme, Session};
use crate::i18n::Lang;
use crate::registrations::{Registration, Status};

/// Approved registrations the door of this session will admit: those who chose it when it is
/// for them only, otherwise everyone approved in its categories.
pub fn expected(conn: &mut DbConn, p: &Programme, s: &Session) -> QueryResult<Vec<Registration>> {
    let approved = registrations::table
        .filter(registrations::status.eq(Status::Approved.as_str()))
        .filter(registrations::erased_at.is_null());
    let list: Vec<Registration> = if s.registered_only {
        approved
            .inner_join(registration_sessions::table)
            .filter(registration_sessions::session_id.eq(&s.id))
            .order(crate::registrations::precedence::order())
            .select(Registration::as_select())
            .load(conn)?
    } else {
        approved
            .filter(registrations::event_id.eq(&p.event.id))
            .order(crate::registrations::precedence::order())
            .select(Registration::as_select())
            .load::<Registration>(conn)?
            .into_iter()
            .filter(|r| p.admits(s, &r.category_id))
            .collect()
    };
    Ok(list)
}

/// The list as A4 pages.
pub fn pdf(p: &Programme, s: &Session, people: &[Registration], lang: Lang) -> Result<Vec<u8>, String> {
    let mut doc = Document::default();
    let (w, h, margin) = (210.0, 297.0, 15.0);
    let row = 7.5;
    let venue = p.venue(&s.venue_id).map(|v| p.venue_name(lang, v)).unwrap_or_default();
    let when = format!(
        "{} {}–{}",
        lang.date(p.event.local(s.starts_at)),
        lang.time(p.event.local(s.starts_at)),
        lang.time(p.event.local(s.ends_at))
    );
    let per_page = ((h - 2.0 * margin - 30.0) / row) as usize;
    let pages = people.len().div_ceil(per_page).max(1);
    for (n, chunk) in people.chunks(per_page.max(1)).chain(std::iter::once(&[][..])).take(pages).enumerate() {
        let mut page = Page::new(w, h);
        let top = h - margin;
        page.fitted(&mut doc, &p.session_title(lang, s), (BOLD, 14.0), (margin, top - 5.0, w - 2.0 * margin));
        page.fitted(&mut doc, &format!("{venue} · {when}"), (REGULAR, 10.0), (margin, top - 11.0, w - 2.0 * margin));
        let footer = lang.t_args(
            "door-list-footer",
            &[("count", &people.len().to_string()), ("page", &(n + 1).to_string()), ("pages", &pages.to_string())],
        );
        page.fitted(&mut doc, &footer, (REGULAR, 8.0), (margin, margin - 6.0, w - 2.0 * margin));
        for (i, r) in chunk.iter().enumerate() {
            let y = top - 26.0 - i as f32 * row;
            // The box to tick, drawn as a frame.
            page.rect(margin, y - 1.0, 4.5, 4.5, Colour::BLACK);
            page.rect(margin + 0.35, y - 0.65, 3.8, 3.8, Colour::WHITE);
            let native = if r.native_name.is_empty() { String::new() } else { format!("  {}", r.native_name) };
            page.fitted(&mut doc, &format!("{}{native}", r.display_name()), (REGULAR, 10.0), (margin + 8.0, y, 95.0));
            let country = if r.country.is_empty() { String::new() } else { lang.country(&r.country) };
            page.fitted(&mut doc, &country, (REGULAR, 9.0), (margin + 106.0, y, 40.0));
            let category = p
                .categories
                .iter()
                .find(|c| c.id == r.category_id)
                .map(|c| p.category_name(lang, c))
                .unwrap_or_default();
            page.fitted(&mut doc, &category, (REGULAR, 9.0), (margin + 148.0, y, 22.0));
        }
        doc.push(page);
    }
    doc.finish(&format!("{} — {}", p.event_name(lang), p.session_title(lang, s)))
}
