//! What organisers read: the scan log (every scan, admitted or not) and who has not arrived.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{Direction, Outcome, Reason, Scope, StoredReason, reason_code};
use crate::db::DbConn;
use crate::db::schema::{admissions, registration_sessions, registrations, scans};
use crate::events::Programme;
use crate::ids::{EventId, RegistrationId};
use crate::registrations::{Registration, Status};

/// One line of the scan log (a scan, and who it was for when the code was known).
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = scans)]
pub struct LogRow {
    pub scanned_at: NaiveDateTime,
    pub device_at: Option<NaiveDateTime>,
    pub venue_id: String,
    pub session_id: Option<String>,
    pub outcome: Outcome,
    #[diesel(deserialize_as = StoredReason)]
    pub reason: Option<Reason>,
    pub manual: bool,
    pub staff: String,
    pub device: String,
    pub code: String,
    pub direction: Direction,
    pub offline_outcome: Option<Outcome>,
    #[diesel(select_expression = registrations::reference.nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<registrations::reference>)]
    pub reference: Option<String>,
    #[diesel(select_expression = registrations::given_name.nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<registrations::given_name>)]
    pub given_name: Option<String>,
    #[diesel(select_expression = registrations::family_name.nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<registrations::family_name>)]
    pub family_name: Option<String>,
    #[diesel(select_expression = registrations::country.nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<registrations::country>)]
    pub country: Option<String>,
}

/// One delegate's scans, oldest first: their attendance history.
pub fn for_registration(conn: &mut DbConn, registration_id: &RegistrationId) -> QueryResult<Vec<LogRow>> {
    scans::table
        .left_join(registrations::table)
        .filter(scans::registration_id.eq(registration_id))
        .filter(scans::rehearsal.eq(false))
        .order((scans::scanned_at.asc(), scans::id.asc()))
        .select(LogRow::as_select())
        .load(conn)
}

/// The scans of an event, newest first (`limit` of them, or all with `None`).
pub fn log(conn: &mut DbConn, event_id: &EventId, limit: Option<i64>) -> QueryResult<Vec<LogRow>> {
    let q = scans::table
        .left_join(registrations::table)
        .filter(scans::event_id.eq(event_id))
        .filter(scans::rehearsal.eq(false))
        .order((scans::scanned_at.desc(), scans::id.desc()))
        .select(LogRow::as_select());
    match limit {
        Some(n) => q.limit(n).load(conn),
        None => q.load(conn),
    }
}

/// The columns of the scan log, in both exports.
const LOG_COLUMNS: [&str; 15] = [
    "scanned_at",
    "device_time",
    "venue",
    "session",
    "direction",
    "outcome",
    "reason",
    "offline_outcome",
    "manual",
    "reference",
    "name",
    "country",
    "staff",
    "device",
    "code_tag",
];

/// The scan log as rows of text, oldest first, times in the event's zone.
fn log_rows(conn: &mut DbConn, p: &Programme) -> QueryResult<Vec<[String; 15]>> {
    let mut rows = log(conn, &p.event.id, None)?;
    rows.reverse();
    let local = |t: NaiveDateTime| p.event.local(t).format("%Y-%m-%d %H:%M:%S").to_string();
    Ok(rows
        .into_iter()
        .map(|r| {
            let venue = p.venue(&r.venue_id).map_or(String::new(), |v| v.name.clone());
            let session = r
                .session_id
                .as_ref()
                .and_then(|id| p.sessions.iter().find(|s| &s.id == id))
                .map_or(String::new(), |s| s.title.clone());
            let name = format!("{} {}", r.given_name.unwrap_or_default(), r.family_name.unwrap_or_default());
            // The log holds a short keyed tag of each code, never the code; only an unknown
            // code's tag is written out, for support to match a delegate's complaint.
            let code = if r.reason == Some(Reason::UnknownCode) { r.code } else { String::new() };
            [
                local(r.scanned_at),
                r.device_at.map(local).unwrap_or_default(),
                venue,
                session,
                r.direction.as_str().to_owned(),
                r.outcome.as_str().to_owned(),
                reason_code(r.reason.as_ref()).to_owned(),
                r.offline_outcome.map_or("", Outcome::as_str).to_owned(),
                if r.manual { "yes".into() } else { String::new() },
                r.reference.unwrap_or_default(),
                name.trim().to_owned(),
                r.country.unwrap_or_default(),
                r.staff,
                r.device,
                code,
            ]
        })
        .collect())
}

/// The scan log as CSV (UTF-8 with BOM, times in the event's zone), oldest first: what
/// `lanyard export attendance` writes and the dashboard offers.
pub fn csv(conn: &mut DbConn, p: &Programme) -> anyhow::Result<Vec<u8>> {
    use crate::registrations::csv_io::cell;
    let rows = log_rows(conn, p)?;
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(LOG_COLUMNS)?;
        for values in rows {
            w.write_record(values.iter().map(|v| cell(v)))?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// The same scan log as an Excel workbook: the same rows and columns as the CSV, with the two
/// times as real date-times, the header frozen and filterable.
pub fn xlsx(conn: &mut DbConn, p: &Programme) -> anyhow::Result<Vec<u8>> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let rows = log_rows(conn, p)?;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Scans")?;
    let bold = Format::new().set_bold();
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (c, title) in LOG_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *title, &bold)?;
    }
    for (i, values) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (c, v) in values.iter().enumerate() {
            let col = c as u16;
            match ExcelDateTime::parse_from_str(v) {
                Ok(t) if c < 2 && !v.is_empty() => sheet.write_datetime_with_format(row, col, &t, &when)?,
                // Text cells are never formulas in a workbook, so no neutralising is needed.
                _ => sheet.write_string(row, col, v)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.len() as u32, LOG_COLUMNS.len() as u16 - 1)?;
    sheet.set_column_width(0, 20)?;
    sheet.set_column_width(1, 20)?;
    Ok(book.save_to_buffer()?)
}

/// A scan a device decided offline as "admitted" that the server, seeing everything, did not:
/// the badge was admitted at another door first, or it had been revoked meanwhile.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = scans)]
pub struct Clash {
    pub scanned_at: NaiveDateTime,
    pub device_at: Option<NaiveDateTime>,
    pub venue_id: String,
    pub session_id: Option<String>,
    pub outcome: Outcome,
    #[diesel(deserialize_as = StoredReason)]
    pub reason: Option<Reason>,
    pub offline_outcome: Option<Outcome>,
    pub device: String,
    pub registration_id: Option<RegistrationId>,
    #[diesel(select_expression = registrations::reference.nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<registrations::reference>)]
    pub reference: Option<String>,
}

/// The clashes of an event, newest first.
pub fn clashes(conn: &mut DbConn, event_id: &EventId) -> QueryResult<Vec<Clash>> {
    scans::table
        .left_join(registrations::table)
        .filter(scans::event_id.eq(event_id))
        .filter(scans::rehearsal.eq(false))
        .filter(scans::offline_outcome.eq(Outcome::Admitted))
        .filter(scans::outcome.ne(Outcome::Admitted))
        .order(scans::scanned_at.desc())
        .select(Clash::as_select())
        .load(conn)
}

/// Approved registrations expected at a session who have not been admitted yet.
pub fn not_arrived(conn: &mut DbConn, session_id: &str) -> QueryResult<Vec<Registration>> {
    let scope = Scope::Session(session_id.to_owned());
    let admitted = admissions::table.filter(admissions::scope.eq(scope)).select(admissions::registration_id);
    registrations::table
        .inner_join(registration_sessions::table)
        .filter(registration_sessions::session_id.eq(session_id))
        .filter(registrations::status.eq(Status::Approved.as_str()))
        .filter(registrations::id.ne_all(admitted))
        .order(crate::registrations::precedence::order())
        .select(Registration::as_select())
        .load(conn)
}

/// When each admission of the event happened.
pub fn admission_times(conn: &mut DbConn, event_id: &EventId) -> QueryResult<Vec<NaiveDateTime>> {
    admissions::table
        .inner_join(registrations::table)
        .filter(registrations::event_id.eq(event_id))
        .filter(admissions::scope.not_like(format!("{}%", super::values::REHEARSAL_PREFIX)))
        .order(admissions::admitted_at.asc())
        .select(admissions::admitted_at)
        .load(conn)
}

/// Arrivals per quarter of an hour as an SVG bar chart (drawn here, no script), with its
/// counts in `<title>`s and a summary for screen readers. `local` turns UTC into wall-clock
/// time; `label` is the chart's accessible name. `None` when nobody has arrived.
pub fn arrivals_svg(
    times: &[NaiveDateTime],
    local: impl Fn(NaiveDateTime) -> NaiveDateTime,
    label: &str,
) -> Option<String> {
    use chrono::Timelike;
    // One day at most: the 24 hours up to the latest arrival.
    let last = local(*times.last()?);
    let first = local(*times.first()?).max(last - chrono::Duration::hours(24) + chrono::Duration::minutes(15));
    let times: Vec<NaiveDateTime> = times.iter().copied().filter(|t| local(*t) >= first).collect();
    let times = &times[..];
    let bucket = |t: NaiveDateTime| {
        let t = t.with_second(0).unwrap_or(t);
        t.with_minute(t.minute() / 15 * 15).unwrap_or(t)
    };
    let start = bucket(first);
    let slots = ((bucket(last) - start).num_minutes() / 15 + 1).clamp(1, 96) as usize;
    let mut counts = vec![0usize; slots];
    for t in times {
        let i = ((bucket(local(*t)) - start).num_minutes() / 15).clamp(0, slots as i64 - 1) as usize;
        counts[i] += 1;
    }
    let max = counts.iter().copied().max().unwrap_or(1).max(1);
    let (bar, gap, height) = (24, 6, 120);
    let width = slots * (bar + gap) + gap;
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;");
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {}" width="{width}" height="{}" role="img" aria-label="{}">"#,
        height + 24,
        height + 24,
        esc(label)
    );
    for (i, n) in counts.iter().enumerate() {
        let h = n * height / max;
        let x = gap + i * (bar + gap);
        let at = start + chrono::Duration::minutes(15 * i as i64);
        let time = at.format("%H:%M");
        svg.push_str(&format!(
            r##"<g><title>{time}: {n}</title><rect x="{x}" y="{}" width="{bar}" height="{h}" fill="#1f4e8c"/>"##,
            height - h
        ));
        if i % 4 == 0 {
            svg.push_str(&format!(r#"<text x="{x}" y="{}" font-size="11">{time}</text>"#, height + 16));
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    Some(svg)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    #[test]
    fn arrivals_fall_into_quarter_hours() {
        let at = |h, m| NaiveDate::from_ymd_opt(2026, 12, 24).unwrap().and_hms_opt(h, m, 0).unwrap();
        let times = [at(6, 1), at(6, 14), at(6, 15), at(6, 59)];
        let svg = super::arrivals_svg(&times, |t| t + chrono::Duration::hours(8), "4 admissions").unwrap();
        assert!(svg.contains("<title>14:00: 2</title>") && svg.contains("<title>14:15: 1</title>"));
        assert!(svg.contains("<title>14:30: 0</title>") && svg.contains("<title>14:45: 1</title>"));
        assert!(super::arrivals_svg(&[], |t| t, "none").is_none());
    }
}
