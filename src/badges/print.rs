//! From registrations to a printable PDF: badge records, content in the event's language,
//! photos, and the record of who printed what.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Layout;
use super::layout::BadgeContent;
use super::pdf::{Colour, Jpeg};
use super::store::{self, Badge};
use crate::db::DbConn;
use crate::db::schema::photos;
use crate::events::Programme;
use crate::i18n::Lang;
use crate::registrations::Registration;

/// Countries whose names are written family name first.
const FAMILY_FIRST: &[&str] = &["CN", "TW", "HK", "MO", "JP", "KR", "KP", "VN", "HU", "KH", "SG"];

/// The language tag that selects regional glyph forms of a native-script name.
fn native_language(country: &str) -> Option<&'static str> {
    match country {
        "JP" => Some("ja"),
        "KR" | "KP" => Some("ko"),
        "HK" | "MO" => Some("zh-HK"),
        "TW" => Some("zh-TW"),
        "CN" | "SG" => Some("zh-CN"),
        _ => None,
    }
}

/// The layout for a registration: its category's, else the event's.
pub fn layout_for(p: &Programme, reg: &Registration) -> Layout {
    p.categories.iter().find(|c| c.id == reg.category_id).and_then(|c| c.badge_layout).unwrap_or(p.event.badge_layout)
}

/// Whether a delegate has a photo (without loading it).
pub fn has_photo(conn: &mut DbConn, registration_id: &str) -> QueryResult<bool> {
    let n: i64 = photos::table.filter(photos::registration_id.eq(registration_id)).count().get_result(conn)?;
    Ok(n > 0)
}

/// A delegate's photo as stored.
pub fn photo(conn: &mut DbConn, registration_id: &str) -> QueryResult<Option<Jpeg>> {
    Ok(photos_of(conn, &[registration_id.to_owned()])?.remove(registration_id))
}

fn photos_of(conn: &mut DbConn, ids: &[String]) -> QueryResult<HashMap<String, Jpeg>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(String, Vec<u8>, i32, i32, NaiveDateTime)> = photos::table
            .filter(photos::registration_id.eq_any(chunk))
            .select((photos::registration_id, photos::jpeg, photos::width, photos::height, photos::updated_at))
            .load(conn)?;
        for (id, bytes, width, height, at) in rows {
            let jpeg = Jpeg {
                key: format!("{id}-{}", at.and_utc().timestamp_micros()),
                bytes: Arc::new(bytes),
                width: u32::try_from(width).unwrap_or(0),
                height: u32::try_from(height).unwrap_or(0),
            };
            out.insert(id, jpeg);
        }
    }
    Ok(out)
}

/// What a badge shows, in `lang` (the event's language on paper).
pub fn content(
    p: &Programme,
    reg: &Registration,
    (badge, code): (&Badge, String),
    photo: Option<Jpeg>,
    lang: Lang,
) -> BadgeContent {
    let event = &p.event;
    let (start, end) = (event.local(event.starts_at), event.local(event.ends_at));
    let dates = if start.date() == end.date() {
        lang.date(start)
    } else {
        format!("{} – {}", lang.date(start), lang.date(end))
    };
    let category = p.categories.iter().find(|c| c.id == reg.category_id);
    BadgeContent {
        event_name: p.event_name(lang).to_owned(),
        event_dates: dates,
        honorific: reg.honorific.clone(),
        given_name: reg.given_name.clone(),
        family_name: reg.family_name.clone(),
        badge_name: reg.badge_name.clone(),
        native_name: reg.native_name.clone(),
        family_first: FAMILY_FIRST.contains(&reg.country.as_str()),
        native_language: native_language(&reg.country),
        position: reg.position.clone(),
        organization: reg.organization.clone(),
        country: if reg.country.is_empty() { String::new() } else { lang.country(&reg.country) },
        category: category.map(|c| p.category_name(lang, c)).unwrap_or_default(),
        colour: category.and_then(|c| Colour::parse(&c.badge_colour)),
        code,
        reference: reg.reference.clone(),
        version: badge.version,
        version_label: lang.t1("badge-version", "version", &badge.version.to_string()),
        photo,
    }
}

/// The language badges of this event are printed in.
pub fn badge_lang(p: &Programme) -> Lang {
    Lang::parse(&p.event.default_locale).unwrap_or(Lang::En)
}

/// A print job: the badges (issued now where missing) and their content, in the given order.
/// Registrations that are not approved are left out.
pub fn prepare(
    conn: &mut DbConn,
    keys: &crate::secrets::Keys,
    p: &Programme,
    regs: &[Registration],
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<(Vec<Badge>, Vec<BadgeContent>)> {
    let lang = badge_lang(p);
    let ids: Vec<String> = regs.iter().map(|r| r.id.to_string()).collect();
    let mut photos = photos_of(conn, &ids)?;
    let mut badges = Vec::with_capacity(regs.len());
    let mut contents = Vec::with_capacity(regs.len());
    for reg in regs {
        if let Some(badge) = store::for_printing(conn, keys, reg, actor, now)? {
            // A code that does not open (the server key was replaced) cannot be printed.
            let Some(code) = badge.code(keys) else { continue };
            contents.push(content(p, reg, (&badge, code), photos.remove(reg.id.as_str()), lang));
            badges.push(badge);
        }
    }
    Ok((badges, contents))
}

/// The PDF of these badges.
pub fn pdf(contents: &[BadgeContent], layout: Layout, title: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    super::write_pdf(contents, layout, title, &mut out, |_| {})?;
    Ok(out)
}
