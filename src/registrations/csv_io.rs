//! CSV export and import of registrations, under the same field names as the form and API.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{RegisterOutcome, Registration, RegistrationForm, Source, register, validate};
use crate::common::FieldError;
use crate::db::DbConn;
use crate::db::schema::registrations;
use crate::events::Programme;
use crate::i18n::Lang;

/// The columns of an export; an import reads the same names (any order, extra ignored).
pub const COLUMNS: [&str; 24] = [
    "reference",
    "status",
    "honorific",
    "given_name",
    "family_name",
    "native_name",
    "badge_name",
    "email",
    "phone",
    "country",
    "organization",
    "position",
    "precedence_class",
    "credentials_presented_at",
    "category",
    "sessions",
    "dietary",
    "accessibility",
    "locale",
    "created_at",
    "vetting",
    "badge",
    "badge_version",
    "badge_lost",
];

/// One registration of an export, with its sessions and where its credential stands.
pub struct ExportRow {
    pub registration: Registration,
    pub sessions: Vec<String>,
    pub vetting: crate::vetting::VettingStatus,
    /// The current badge's version and state, if it has one.
    pub badge: Option<(i32, crate::badges::custody::BadgeState)>,
    /// Versions reported lost or stolen.
    pub lost: Vec<i32>,
}

/// Spreadsheets run a cell that starts with = + - @ as a formula; such cells are written with
/// a leading apostrophe (which the import strips again).
pub fn cell(value: &str) -> String {
    if value.starts_with(FORMULA_STARTS) { format!("'{value}") } else { value.to_owned() }
}

/// What makes a spreadsheet read a cell as a formula: `= + - @`, a tab or return, and the
/// full-width `＝ ＋ － ＠` that some spreadsheet programs take for them.
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

fn uncell(value: &str) -> &str {
    match value.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => value,
    }
}

/// Writes registrations (with their session ids) as CSV, UTF-8 with a BOM so spreadsheet
/// programs read every script correctly.
pub fn export(p: &Programme, rows: &[ExportRow]) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(COLUMNS)?;
        for ExportRow { registration: r, sessions: chosen, vetting, badge, lost } in rows {
            let category = p.categories.iter().find(|c| c.id == r.category_id).map_or("", |c| c.name.as_str());
            let sessions: Vec<&str> =
                p.sessions.iter().filter(|s| chosen.contains(&s.id)).map(|s| s.title.as_str()).collect();
            let created = r.created_at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
            let status = r.status.as_str().to_owned();
            let (version, badge) = match badge {
                Some((v, state)) => (v.to_string(), state.code()),
                None => (String::new(), ""),
            };
            let class = r.precedence_class.map_or("", |c| c.as_str());
            let credentials = r.credentials_presented_at.map(super::precedence::format_credentials).unwrap_or_default();
            let values = [
                &r.reference,
                &status,
                &r.honorific,
                &r.given_name,
                &r.family_name,
                &r.native_name,
                &r.badge_name,
                &r.email,
                &r.phone,
                &r.country,
                &r.organization,
                &r.position,
                class,
                &credentials,
                category,
                &sessions.join("; "),
                &r.dietary,
                &r.accessibility,
                &r.locale,
                &created,
                vetting.as_str(),
                badge,
                &version,
                &lost.iter().map(i32::to_string).collect::<Vec<_>>().join(";"),
            ];
            w.write_record(values.iter().map(|v| cell(v)))?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// What will happen (or happened) to one line of an import.
#[derive(Clone, Debug)]
pub enum RowOutcome {
    /// Valid and new: will be registered.
    Create,
    /// This email is registered for the event already: nothing changes (re-imports are no-ops).
    AlreadyRegistered,
    /// The same email appears on an earlier line of the file.
    DuplicateInFile {
        line: usize,
    },
    Invalid(Vec<FieldError>),
}

/// One line of an import, checked.
#[derive(Clone, Debug)]
pub struct RowReport {
    /// The line number in the file (the header is line 1).
    pub line: usize,
    pub name: String,
    pub email: String,
    pub outcome: RowOutcome,
    /// Characters no badge font has (see `unprintable`): a warning, the line still imports.
    pub unprintable: String,
    form: RegistrationForm,
}

/// Why a file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the file is not valid UTF-8 CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("the header has no {0} column")]
    MissingColumn(&'static str),
    #[error("the file has no rows")]
    Empty,
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

/// The lines of an import file as forms, with their line numbers.
pub fn parse(bytes: &[u8]) -> Result<Vec<(usize, RegistrationForm)>, ImportError> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::None).from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()?
        .iter()
        .map(|h| match h.trim().to_ascii_lowercase().as_str() {
            // The delegates file of the first programme calls it so.
            "name_native" => "native_name".to_owned(),
            other => other.to_owned(),
        })
        .collect();
    for required in ["given_name", "email"] {
        if !headers.iter().any(|h| h == required) {
            return Err(ImportError::MissingColumn(required));
        }
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record?;
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let get = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .and_then(|i| record.get(i))
                .map(|v| uncell(v).to_owned())
                .unwrap_or_default()
        };
        let form = RegistrationForm {
            honorific: get("honorific"),
            given_name: get("given_name"),
            family_name: get("family_name"),
            native_name: get("native_name"),
            badge_name: get("badge_name"),
            email: get("email"),
            phone: get("phone"),
            country: get("country"),
            organization: get("organization"),
            position: get("position"),
            category: get("category"),
            sessions: get("sessions").split(';').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect(),
            dietary: get("dietary"),
            accessibility: get("accessibility"),
            locale: get("locale"),
            invitation: String::new(),
            consent: String::new(),
            lawful_basis: get("lawful_basis"),
            precedence_class: get("precedence_class"),
            credentials_presented_at: get("credentials_presented_at"),
        };
        rows.push((i + 2, form));
    }
    if rows.is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(rows)
}

/// Reads and checks every line before anything is written.
pub fn check(conn: &mut DbConn, p: &Programme, bytes: &[u8], lang: Lang) -> Result<Vec<RowReport>, ImportError> {
    let rows = parse(bytes)?;
    let registered: HashSet<String> = registrations::table
        .filter(registrations::event_id.eq(&p.event.id))
        .select(registrations::email_lower)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let mut seen: Vec<(String, usize)> = Vec::new();
    Ok(rows
        .into_iter()
        .map(|(line, form)| {
            let email = form.email.trim().to_lowercase();
            let outcome = match validate(&form, p, lang, Source::Import) {
                Err(errors) => RowOutcome::Invalid(errors),
                Ok(_) if registered.contains(&email) => RowOutcome::AlreadyRegistered,
                Ok(_) => match seen.iter().find(|(e, _)| *e == email) {
                    Some((_, first)) => RowOutcome::DuplicateInFile { line: *first },
                    None => {
                        seen.push((email, line));
                        RowOutcome::Create
                    }
                },
            };
            let name = [form.honorific.trim(), form.given_name.trim(), form.family_name.trim()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            let unprintable = super::unprintable([
                &form.honorific,
                &form.given_name,
                &form.family_name,
                &form.native_name,
                &form.badge_name,
                &form.organization,
                &form.position,
            ]);
            RowReport { line, name, email: form.email.trim().to_owned(), outcome, unprintable, form }
        })
        .collect())
}

/// Registers the lines that `check` found new and valid; returns how many were created.
/// Lines that became invalid or taken since the check are skipped, never half-written.
pub fn apply(
    conn: &mut DbConn,
    keys: &crate::secrets::Keys,
    p: &Programme,
    reports: &[RowReport],
    lang: Lang,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let mut created = 0;
    for r in reports.iter().filter(|r| matches!(r.outcome, RowOutcome::Create)) {
        let Ok(new) = validate(&r.form, p, lang, Source::Import) else { continue };
        if let RegisterOutcome::Registered { .. } = register(conn, keys, p, &new, Source::Import, None, now)? {
            created += 1;
        }
    }
    Ok(created)
}

impl RowOutcome {
    /// The outcome in `lang`, for the report page.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            RowOutcome::Create => lang.t("import-row-create"),
            RowOutcome::AlreadyRegistered => lang.t("import-row-exists"),
            RowOutcome::DuplicateInFile { line } => lang.t1("import-row-duplicate", "line", &line.to_string()),
            RowOutcome::Invalid(errors) => {
                errors.iter().map(|e| format!("{}: {}", e.field, e.message.render(lang))).collect::<Vec<_>>().join("; ")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_on_export_and_restored_on_import() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("Dan-Horia"), "Dan-Horia");
        assert_eq!(uncell("'=1+1"), "=1+1");
        assert_eq!(uncell("'Neill"), "'Neill", "an apostrophe that guards nothing is kept");
    }

    #[test]
    fn the_header_decides_the_columns() {
        let rows = parse("\u{feff}email,given_name,sessions\nA@B.org,Zhang,One; Two\n,,\n".as_bytes()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[0].1.sessions, vec!["One", "Two"]);
        assert!(matches!(parse(b"name,email\nx,y\n"), Err(ImportError::MissingColumn("given_name"))));
        assert!(matches!(parse(b"given_name,email\n"), Err(ImportError::Empty)));
    }
}
