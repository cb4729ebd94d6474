//! From registrations to a printable PDF: badge records, content in the event's language,
//! photos, and the record of who printed what.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::design::store::{Chosen, DEFAULT, Layouts};
use super::design::{self, Design, builtin};
use super::layout::BadgeContent;
use super::pdf::{Colour, Jpeg};
use super::stations::Calibration;
use super::store::{self, Badge};
use super::{Group, Paper, Pictures};
use serde_json::json;

use crate::audit::{self, Change};
use crate::db::schema::{badge_prints, badges, photos};
use crate::db::{self, DbConn};
use crate::events::Programme;
use crate::i18n::Lang;
use crate::registrations::Registration;

/// Countries whose names are written family name first.
pub(crate) const FAMILY_FIRST: &[&str] = &["CN", "TW", "HK", "MO", "JP", "KR", "KP", "VN", "HU", "KH", "SG"];

/// The language tag that selects regional glyph forms of a native-script name.
pub(crate) fn native_language(country: &str) -> Option<&'static str> {
    match country {
        "JP" => Some("ja"),
        "KR" | "KP" => Some("ko"),
        "HK" | "MO" => Some("zh-HK"),
        "TW" => Some("zh-TW"),
        "CN" | "SG" => Some("zh-CN"),
        _ => None,
    }
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
    let category = p.categories.iter().find(|c| c.id == reg.category_id);
    BadgeContent {
        event_name: p.event_name(lang).to_owned(),
        event_dates: event_dates(p, lang),
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
        zones: p.zones_of(reg).into_iter().map(zone).collect(),
    }
}

/// A zone as a badge prints it.
pub fn zone(z: &crate::events::zones::Zone) -> super::layout::Zone {
    super::layout::Zone { code: z.code.clone(), name: z.name.clone(), colour: Colour::parse(&z.colour) }
}

/// The event's dates as badges print them: one day, or the first and last.
pub fn event_dates(p: &Programme, lang: Lang) -> String {
    let event = &p.event;
    let (start, end) = (event.local(event.starts_at), event.local(event.ends_at));
    if start.date() == end.date() { lang.date(start) } else { format!("{} – {}", lang.date(start), lang.date(end)) }
}

/// The language badges of this event are printed in.
pub fn badge_lang(p: &Programme) -> Lang {
    Lang::parse(&p.event.default_locale).unwrap_or(Lang::En)
}

/// Which paper a print is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperChoice {
    /// Each badge's layout, on its paper.
    Own,
    /// Each badge's layout, one badge to a page (a delegate's own copy: no sheet of four).
    Single,
    /// This paper: the badge's layout where the badge is the same size, else the built-in one.
    On(Paper),
}

impl PaperChoice {
    fn apply(self, chosen: Chosen) -> Chosen {
        match self {
            PaperChoice::Own => chosen,
            PaperChoice::Single => {
                Chosen { design: Design { paper: chosen.design.paper.single(), ..chosen.design }, ..chosen }
            }
            PaperChoice::On(paper) if paper.badge_size() == chosen.design.paper.badge_size() => {
                Chosen { design: Design { paper, ..chosen.design }, ..chosen }
            }
            PaperChoice::On(paper) => Chosen { id: DEFAULT.to_owned(), version: 0, design: builtin(paper) },
        }
    }
}

/// A print job: the badges (issued now where missing), what they show, and the layout each is
/// drawn with, in the given order within each layout (the layouts one after another).
/// Registrations that are not approved are left out.
#[derive(Debug, Default)]
pub struct Prepared {
    pub badges: Vec<Badge>,
    pub contents: Vec<BadgeContent>,
    /// Which of `layouts` each badge is drawn with.
    pub layout_of: Vec<usize>,
    pub layouts: Vec<Chosen>,
    pub pictures: Pictures,
    /// The station's correction, applied to every page.
    pub calibration: Calibration,
}

impl Prepared {
    /// The layout each badge was drawn with, by badge, for the print record.
    pub fn printed(&self) -> Vec<(&Badge, (&str, i32))> {
        self.badges
            .iter()
            .zip(&self.layout_of)
            .map(|(b, &l)| (b, (self.layouts[l].id.as_str(), self.layouts[l].version)))
            .collect()
    }

    /// Writes the PDF: the badges grouped by layout (a sheet holds one paper), each group in the
    /// order given.
    pub fn write(&self, title: &str, out: &mut impl std::io::Write, progress: impl FnMut(usize)) -> Result<(), String> {
        // `prepare` left each layout's badges together, so each group is a slice.
        let mut groups: Vec<Group> = Vec::new();
        let mut start = 0;
        for run in self.layout_of.chunk_by(|a, b| a == b) {
            let end = start + run.len();
            groups.push(Group { design: &self.layouts[run[0]].design, badges: &self.contents[start..end] });
            start = end;
        }
        super::write_pdf(&groups, (&self.pictures, self.calibration), title, out, progress)
    }

    /// Puts each layout's badges together (a sheet holds one paper), keeping the given order
    /// within each.
    fn group_by_layout(&mut self) {
        if self.layout_of.is_sorted() {
            return;
        }
        let mut order: Vec<usize> = (0..self.badges.len()).collect();
        order.sort_by_key(|&i| self.layout_of[i]);
        fn permute<T>(items: &mut Vec<T>, order: &[usize]) {
            let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
            items.extend(order.iter().filter_map(|&i| slots[i].take()));
        }
        permute(&mut self.badges, &order);
        permute(&mut self.contents, &order);
        permute(&mut self.layout_of, &order);
    }

    /// The PDF in memory.
    pub fn pdf(&self, title: &str) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        self.write(title, &mut out, |_| {})?;
        Ok(out)
    }
}

/// The layout a badge is drawn with: its category's, in the version the badge was first
/// printed with (a reprint matches the badge in the delegate's hand), on the chosen paper.
pub fn chosen_for(
    conn: &mut DbConn,
    p: &Programme,
    layouts: &Layouts,
    (reg, badge): (&Registration, &Badge),
    paper: PaperChoice,
) -> QueryResult<Chosen> {
    let printed_with = badge.layout_id.as_deref().zip(badge.layout_version);
    let chosen = design::store::version_of(conn, &p.event.id, &layouts.for_category(&reg.category_id), printed_with)?;
    Ok(paper.apply(chosen))
}

/// Prepares a print job (see [`Prepared`]).
pub fn prepare(
    conn: &mut DbConn,
    keys: &crate::secrets::Keys,
    p: &Programme,
    regs: &[Registration],
    paper: PaperChoice,
    (actor, now): (&str, NaiveDateTime),
) -> QueryResult<Prepared> {
    let lang = badge_lang(p);
    let ids: Vec<String> = regs.iter().map(|r| r.id.to_string()).collect();
    let mut photos = photos_of(conn, &ids)?;
    let layouts = Layouts::load(conn, p)?;
    let mut job = Prepared::default();
    let mut index_of: std::collections::HashMap<(String, Option<(String, i32)>), usize> = Default::default();
    for reg in regs {
        let Some(badge) = store::for_printing(conn, keys, reg, actor, now)? else { continue };
        // A code that does not open (the server key was replaced) cannot be printed.
        let Some(code) = badge.code(keys) else { continue };
        // Badges of one category printed with one version share a layout: looked up once.
        let key = (reg.category_id.clone(), badge.layout_id.clone().zip(badge.layout_version));
        let index = match index_of.get(&key) {
            Some(&i) => i,
            None => {
                let chosen = chosen_for(conn, p, &layouts, (reg, &badge), paper)?;
                let i = job.layouts.iter().position(|l| *l == chosen).unwrap_or_else(|| {
                    job.layouts.push(chosen);
                    job.layouts.len() - 1
                });
                index_of.insert(key, i);
                i
            }
        };
        job.contents.push(content(p, reg, (&badge, code), photos.remove(reg.id.as_str()), lang));
        job.layout_of.push(index);
        job.badges.push(badge);
    }
    job.group_by_layout();
    job.pictures = design::store::pictures(conn, &p.event.id, job.layouts.iter().map(|l| &l.design))?;
    Ok(job)
}

/// Records that these badges were printed (desk, batch, api or cli), one audit entry each.
pub fn record_prints(
    conn: &mut DbConn,
    printed: &[(&Badge, (&str, i32))],
    channel: &str,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    db::write_tx(conn, |conn| record_prints_in(conn, printed, (channel, actor), now))
}

/// `record_prints` inside the caller's transaction.
pub fn record_prints_in(
    conn: &mut DbConn,
    printed: &[(&Badge, (&str, i32))],
    (channel, actor): (&str, &str),
    now: NaiveDateTime,
) -> QueryResult<()> {
    {
        for &(badge, (layout, version)) in printed {
            diesel::insert_into(badge_prints::table)
                .values((
                    badge_prints::id.eq(db::new_id()),
                    badge_prints::badge_id.eq(&badge.id),
                    badge_prints::printed_at.eq(now),
                    badge_prints::printed_by.eq(actor),
                    badge_prints::channel.eq(channel),
                    badge_prints::layout_id.eq(layout),
                    badge_prints::layout_version.eq(version),
                ))
                .execute(conn)?;
            diesel::update(badges::table.find(&badge.id))
                .set((
                    badges::print_count.eq(badges::print_count + 1),
                    badges::first_printed_at.eq(badge.first_printed_at.unwrap_or(now)),
                    badges::last_printed_at.eq(now),
                    badges::last_printed_by.eq(actor),
                ))
                .execute(conn)?;
            // The first print fixes the layout version a reprint of this badge uses.
            diesel::update(badges::table.find(&badge.id).filter(badges::layout_id.is_null()))
                .set((badges::layout_id.eq(layout), badges::layout_version.eq(version)))
                .execute(conn)?;
            audit::record(
                conn,
                Change {
                    actor,
                    action: "badge.print",
                    entity: "registration",
                    entity_id: badge.registration_id.as_str(),
                    event_id: Some(&badge.event_id),
                    before: None,
                    after: Some(json!({
                        "badge_version": badge.version,
                        "channel": channel,
                        "layout": layout,
                        "layout_version": version,
                    })),
                },
                now,
            )?;
        }
        Ok(())
    }
}
