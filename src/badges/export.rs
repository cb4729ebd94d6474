//! Badge export, the one use case behind the command line, the batch page, the API, the desk
//! and the delegate's own PDF: choose the registrations, issue the badges they lack, render
//! them, and record the print when the caller says it happened.

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

use chrono::NaiveDateTime;
use diesel::QueryResult;

use super::print::{self, PaperChoice, Prepared};
use super::store::{self, Badge};
use crate::db::DbConn;
use crate::events::Programme;
use crate::registrations::Registration;
use crate::registrations::search::{self, Filter, Sort};

/// The batch filters of the batch page and of `lanyard badges export`, as typed: approved
/// registrations only; empty fields do not filter, unknown categories or sessions are ignored.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    /// Words that must all appear in the name, email, reference or organization.
    pub q: String,
    /// A category, by id or name.
    pub category: String,
    /// A delegation, by ISO country code.
    pub country: String,
    /// A session, by id or title.
    pub session: String,
    /// Only badges never printed (or not issued yet).
    pub unprinted: bool,
    /// One of the [`BATCH_SORTS`].
    pub sort: Sort,
}

/// The orders a batch prints in: by name, by delegation, in the order of precedence.
pub const BATCH_SORTS: [Sort; 3] = [Sort::Name, Sort::Country, Sort::Precedence];

/// A batch order by its key (`name`, `country`, `precedence`); `None` for any other key.
pub fn batch_sort(key: &str) -> Option<Sort> {
    BATCH_SORTS.into_iter().find(|s| s.as_str() == key)
}

impl Filters {
    /// The registration search these filters stand for in `p`.
    pub fn filter(&self, p: &Programme) -> Filter {
        let params = search::FilterParams {
            q: self.q.clone(),
            status: "approved".to_owned(),
            category: self.category.clone(),
            country: self.country.clone(),
            session: self.session.clone(),
            ..Default::default()
        };
        let mut filter = Filter::from_params(p, &params);
        filter.unprinted = self.unprinted;
        filter
    }
}

/// The first `limit` registrations the filters match, in print order, and how many match.
pub fn select(conn: &mut DbConn, p: &Programme, f: &Filters, limit: i64) -> QueryResult<(Vec<Registration>, i64)> {
    search::search(conn, &p.event.id, &f.filter(p), f.sort, 1, limit)
}

/// Which registrations to print, in which order; only approved ones get a badge.
#[derive(Clone, Copy, Debug)]
pub enum Selection<'a> {
    /// Every registration the filters match.
    Filtered(&'a Filters),
    /// These registrations of the event, by id, in this order (the batch page sends what it
    /// showed); ids of other events are left out.
    Ids(&'a [String]),
    /// These registrations, as given.
    Given(&'a [Registration]),
}

/// How to print: paper, document title, who asks, and whether this counts as printed.
#[derive(Clone, Copy, Debug)]
pub struct Job<'a> {
    /// The paper.
    pub paper: PaperChoice,
    /// The PDF's title.
    pub title: &'a str,
    /// Who issues missing badges (and prints, when recorded).
    pub actor: &'a str,
    /// Record the badges as printed through this channel (`desk`, `api`, `cli`); `None` when
    /// the PDF is a preview or the print is confirmed later.
    pub record: Option<&'a str>,
    /// The time of issue and of the print record.
    pub now: NaiveDateTime,
    /// The server's keys: badge codes are sealed at rest.
    pub keys: &'a crate::secrets::Keys,
    /// The print station's correction.
    pub calibration: super::stations::Calibration,
}

/// A rendered export.
#[derive(Debug)]
pub struct Exported {
    /// The PDF.
    pub pdf: Vec<u8>,
    /// The badges in it, in order.
    pub badges: Vec<Badge>,
    /// The layout and version each badge was drawn with, in the same order.
    pub layouts: Vec<(String, i32)>,
}

impl Exported {
    /// Each badge with the layout version it was drawn with, for the print record.
    pub fn printed(&self) -> Vec<(&Badge, (&str, i32))> {
        self.badges.iter().zip(&self.layouts).map(|(b, (l, v))| (b, (l.as_str(), *v))).collect()
    }
}

/// Why nothing, or not all, was exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// No approved registration in the selection: there is nothing to print (an expected
    /// answer each caller words its own way).
    #[error("no approved registration to print")]
    Nothing,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
    /// The PDF could not be drawn.
    #[error("{0}")]
    Render(String),
    /// The file could not be written.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// The selection's badges as one PDF in memory (issued where missing, recorded if asked).
pub fn export(conn: &mut DbConn, p: &Programme, selection: Selection, job: &Job) -> Result<Exported, ExportError> {
    let prepared = prepare(conn, p, selection, job)?;
    let pdf = prepared.pdf(job.title).map_err(ExportError::Render)?;
    record(conn, &prepared, job)?;
    let layouts = prepared.printed().iter().map(|(_, (l, v))| ((*l).to_owned(), *v)).collect();
    Ok(Exported { pdf, badges: prepared.badges, layouts })
}

/// The selection's badges as one PDF file at `out`, returning how many; `progress` hears
/// (done, total) as badges are drawn. The file appears whole or not at all, and the print is
/// recorded only once it is there.
pub fn export_file(
    conn: &mut DbConn,
    p: &Programme,
    selection: Selection,
    job: &Job,
    out: &Path,
    mut progress: impl FnMut(usize, usize),
) -> Result<usize, ExportError> {
    let prepared = prepare(conn, p, selection, job)?;
    // Written next to the target and renamed, so a failed export never leaves half a file.
    let partial = out.with_extension("pdf.partial");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&partial)?);
    let total = prepared.contents.len();
    prepared.write(job.title, &mut file, |n| progress(n, total)).map_err(ExportError::Render)?;
    file.flush()?;
    drop(file);
    std::fs::rename(&partial, out)?;
    record(conn, &prepared, job)?;
    Ok(prepared.badges.len())
}

/// The selected registrations' badges (issued now where missing) and what they show.
fn prepare(conn: &mut DbConn, p: &Programme, selection: Selection, job: &Job) -> Result<Prepared, ExportError> {
    let regs: Cow<[Registration]> = match selection {
        Selection::Filtered(f) => Cow::Owned(select(conn, p, f, i64::MAX / 2)?.0),
        Selection::Ids(ids) => {
            let mut regs = store::registrations_in_order(conn, ids)?;
            regs.retain(|r| r.event_id == p.event.id);
            Cow::Owned(regs)
        }
        Selection::Given(regs) => Cow::Borrowed(regs),
    };
    let mut prepared = print::prepare(conn, job.keys, p, &regs, job.paper, (job.actor, job.now))?;
    prepared.calibration = job.calibration;
    if prepared.contents.is_empty() {
        return Err(ExportError::Nothing);
    }
    Ok(prepared)
}

fn record(conn: &mut DbConn, prepared: &Prepared, job: &Job) -> QueryResult<()> {
    match job.record {
        Some(channel) => print::record_prints(conn, &prepared.printed(), channel, job.actor, job.now),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_sorts_by_name_delegation_or_precedence_and_nothing_else() {
        assert_eq!(batch_sort("name"), Some(Sort::Name));
        assert_eq!(batch_sort("country"), Some(Sort::Country));
        assert_eq!(batch_sort("precedence"), Some(Sort::Precedence));
        assert_eq!(batch_sort("newest"), None, "a list order, not a print order");
        assert_eq!(batch_sort(""), None);
    }
}
