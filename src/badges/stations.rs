//! Print stations: a desk's printer with its paper, the offsets and scale that correct how it
//! feeds, and the IPP printer the server sends to. Every print from a station applies them.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use super::Paper;
use super::print::PaperChoice;
use crate::audit::{self, Change};
use crate::common::{FieldError, Message};
use crate::db::schema::print_stations;
use crate::db::{self, DbConn};
use crate::ids::EventId;

/// How far a page is moved (millimetres; x to the right, y down the page) and scaled about its
/// top-left corner, where printers take the paper from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    pub dx: f32,
    pub dy: f32,
    pub scale: f32,
}

impl Default for Calibration {
    fn default() -> Calibration {
        Calibration { dx: 0.0, dy: 0.0, scale: 1.0 }
    }
}

impl Calibration {
    pub fn is_identity(&self) -> bool {
        *self == Calibration::default()
    }
}

/// The largest correction a station takes: a printer further off needs a technician.
pub const OFFSET_MAX: f64 = 20.0;
pub const SCALE_RANGE: std::ops::RangeInclusive<f64> = 0.9..=1.1;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = print_stations)]
pub struct Station {
    pub id: String,
    pub event_id: EventId,
    pub name: String,
    /// A paper key, or empty: each badge's own layout.
    pub paper: String,
    pub offset_x: f64,
    pub offset_y: f64,
    pub scale: f64,
    /// `ipp://…` or `ipps://…`; empty: the desk downloads the PDF and prints it.
    pub printer_uri: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// An `ipps` printer whose certificate is its own (self-signed, as most are): the job is
    /// encrypted but the certificate not checked against the machine's authorities.
    pub printer_unverified: bool,
}

impl Station {
    pub fn calibration(&self) -> Calibration {
        Calibration { dx: self.offset_x as f32, dy: self.offset_y as f32, scale: self.scale as f32 }
    }

    pub fn paper_choice(&self) -> PaperChoice {
        Paper::parse(&self.paper).map_or(PaperChoice::Own, PaperChoice::On)
    }

    pub fn has_printer(&self) -> bool {
        !self.printer_uri.is_empty()
    }
}

/// A station as a form or the API gives it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct StationInput {
    pub name: String,
    pub paper: String,
    pub offset_x: String,
    pub offset_y: String,
    pub scale: String,
    pub printer_uri: String,
    /// A ticked box: "on".
    pub printer_unverified: String,
}

/// A station's settings, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub name: String,
    pub paper: String,
    pub offset_x: f64,
    pub offset_y: f64,
    pub scale: f64,
    pub printer_uri: String,
    pub printer_unverified: bool,
}

fn number(s: &str, default: f64) -> Option<f64> {
    let s = s.trim().replace(',', ".").replace('\u{2212}', "-");
    if s.is_empty() { Some(default) } else { s.parse::<f64>().ok().filter(|v| v.is_finite()) }
}

/// Whether `uri` names a printer the server can send to: ipp, ipps, http or https, with a
/// host and no password in it.
fn printer_uri_ok(uri: &str) -> bool {
    url::Url::parse(uri).is_ok_and(|u| {
        matches!(u.scheme(), "ipp" | "ipps" | "http" | "https")
            && u.host_str().is_some_and(|h| !h.is_empty())
            && u.username().is_empty()
            && u.password().is_none()
    })
}

impl StationInput {
    pub fn parse(&self) -> Result<Settings, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
            errors.push(FieldError { field: "name", message: Message::new("error-station-name") });
        }
        let paper = self.paper.trim().to_ascii_lowercase();
        if !paper.is_empty() && Paper::parse(&paper).is_none() {
            errors.push(FieldError { field: "paper", message: Message::new("error-station-paper") });
        }
        let mut offset = |field: &'static str, raw: &str| match number(raw, 0.0) {
            Some(v) if v.abs() <= OFFSET_MAX => v,
            _ => {
                let message = Message::new("error-station-offset").with("max", OFFSET_MAX.to_string());
                errors.push(FieldError { field, message });
                0.0
            }
        };
        let (offset_x, offset_y) = (offset("offset_x", &self.offset_x), offset("offset_y", &self.offset_y));
        let scale = match number(&self.scale, 1.0) {
            Some(v) if SCALE_RANGE.contains(&v) => v,
            _ => {
                errors.push(FieldError { field: "scale", message: Message::new("error-station-scale") });
                1.0
            }
        };
        let printer_uri = self.printer_uri.trim().to_owned();
        if !printer_uri.is_empty() && !printer_uri_ok(&printer_uri) {
            errors.push(FieldError { field: "printer_uri", message: Message::new("error-station-printer") });
        }
        if errors.is_empty() {
            let printer_unverified = !self.printer_unverified.is_empty();
            Ok(Settings { name, paper, offset_x, offset_y, scale, printer_uri, printer_unverified })
        } else {
            Err(errors)
        }
    }
}

pub fn list(conn: &mut DbConn, event: &EventId) -> QueryResult<Vec<Station>> {
    print_stations::table
        .filter(print_stations::event_id.eq(event))
        .order(print_stations::name)
        .select(Station::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConn, event: &EventId, id: &str) -> QueryResult<Option<Station>> {
    print_stations::table
        .filter(print_stations::event_id.eq(event))
        .filter(print_stations::id.eq(id))
        .select(Station::as_select())
        .first(conn)
        .optional()
}

/// Why a station was not saved.
#[derive(Debug)]
pub enum SaveError {
    NameTaken,
    Db(diesel::result::Error),
}

impl From<diesel::result::Error> for SaveError {
    fn from(e: diesel::result::Error) -> SaveError {
        SaveError::Db(e)
    }
}

/// Creates a station (`id` none) or changes one, audited; the station as saved.
pub fn save(
    conn: &mut DbConn,
    event: &EventId,
    id: Option<&str>,
    s: &Settings,
    actor: &str,
    now: NaiveDateTime,
) -> Result<Station, SaveError> {
    db::write_tx(conn, |conn| {
        let taken: i64 = print_stations::table
            .filter(print_stations::event_id.eq(event))
            .filter(print_stations::name.eq(&s.name))
            .filter(print_stations::id.ne(id.unwrap_or("")))
            .count()
            .get_result(conn)?;
        if taken > 0 {
            return Err(SaveError::NameTaken);
        }
        let before = match id {
            Some(id) => Some(find(conn, event, id)?.ok_or(diesel::result::Error::NotFound)?),
            None => None,
        };
        let station = Station {
            id: id.map_or_else(db::new_id, str::to_owned),
            event_id: event.clone(),
            name: s.name.clone(),
            paper: s.paper.clone(),
            offset_x: s.offset_x,
            offset_y: s.offset_y,
            scale: s.scale,
            printer_uri: s.printer_uri.clone(),
            created_at: before.as_ref().map_or(now, |b| b.created_at),
            updated_at: now,
            printer_unverified: s.printer_unverified,
        };
        if before.is_some() {
            diesel::update(print_stations::table.find(&station.id))
                .set((
                    print_stations::name.eq(&station.name),
                    print_stations::paper.eq(&station.paper),
                    print_stations::offset_x.eq(station.offset_x),
                    print_stations::offset_y.eq(station.offset_y),
                    print_stations::scale.eq(station.scale),
                    print_stations::printer_uri.eq(&station.printer_uri),
                    print_stations::printer_unverified.eq(station.printer_unverified),
                    print_stations::updated_at.eq(now),
                ))
                .execute(conn)?;
        } else {
            diesel::insert_into(print_stations::table).values(&station).execute(conn)?;
        }
        let summary = |s: &Station| {
            json!({ "name": s.name, "paper": s.paper, "offset_x": s.offset_x, "offset_y": s.offset_y,
                    "scale": s.scale, "printer_uri": s.printer_uri, "printer_unverified": s.printer_unverified })
        };
        audit::record(
            conn,
            Change {
                actor,
                action: "station.save",
                entity: "station",
                entity_id: &station.id,
                event_id: Some(event),
                before: before.as_ref().map(summary),
                after: Some(summary(&station)),
            },
            now,
        )?;
        Ok(station)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(offset_x: &str, scale: &str, uri: &str) -> StationInput {
        StationInput {
            name: "Desk 1".into(),
            offset_x: offset_x.into(),
            scale: scale.into(),
            printer_uri: uri.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_station_takes_small_corrections_and_a_printer_address_only() {
        let ok = input("−1,5", "1.02", "ipp://printer.local:631/ipp/print").parse().unwrap();
        assert_eq!((ok.offset_x, ok.scale), (-1.5, 1.02));
        let fields = |r: Result<Settings, Vec<FieldError>>| r.unwrap_err().iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(fields(input("25", "1", "").parse()), vec!["offset_x"]);
        assert_eq!(fields(input("0", "2", "").parse()), vec!["scale"]);
        assert_eq!(fields(input("0", "1", "ipp://admin:secret@printer/ipp").parse()), vec!["printer_uri"]);
        assert_eq!(fields(input("0", "1", "file:///etc/passwd").parse()), vec!["printer_uri"]);
    }
}
