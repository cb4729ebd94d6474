//! `lanyard badges export`: the batch page's filters on the command line, one PDF file, and a
//! progress bar on a terminal.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::Paper;
use super::export::{self, ExportError, Filters, Job, Selection};
use super::print::PaperChoice;
use crate::config::Settings;
use crate::startup::command_pool;

/// The command's flags, as typed.
#[derive(Clone, Debug, Default)]
pub struct ExportArgs {
    /// The event's slug.
    pub event: String,
    /// a6, cr80 or a4-4up; `None` for the event's paper.
    pub layout: Option<String>,
    /// Where to write the PDF.
    pub out: PathBuf,
    /// Words that must appear in the name, email, reference or organization.
    pub q: String,
    /// A category, by name or id.
    pub category: String,
    /// A delegation, by ISO country code.
    pub country: String,
    /// Only badges not printed yet.
    pub unprinted: bool,
    /// name, country or precedence.
    pub sort: String,
    /// Record the badges as printed (channel `cli`) once the file is written.
    pub mark_printed: bool,
}

/// Writes the badges of the approved registrations the flags select into one PDF.
pub fn export_badges(settings: Settings, args: &ExportArgs) -> anyhow::Result<()> {
    let keys = crate::secrets::Keys::derive(&settings.secret_key.0);
    let pool = command_pool(settings)?;
    let conn = &mut *pool.get()?;
    let p = crate::events::cli::programme(conn, &args.event)?;
    let layout = match &args.layout {
        Some(key) => PaperChoice::On(Paper::parse(key).ok_or_else(|| {
            let keys: Vec<&str> = Paper::ALL.iter().map(|p| p.key()).collect();
            anyhow::anyhow!("--layout must be one of {}", keys.join(", "))
        })?),
        None => PaperChoice::Own,
    };
    let Some(sort) = export::batch_sort(&args.sort) else {
        anyhow::bail!("--sort must be name, country or precedence, not {:?}", args.sort);
    };
    let filters = Filters {
        q: args.q.clone(),
        category: args.category.clone(),
        country: args.country.clone(),
        session: String::new(),
        unprinted: args.unprinted,
        sort,
    };
    let bar =
        if std::io::stderr().is_terminal() { indicatif::ProgressBar::new(0) } else { indicatif::ProgressBar::hidden() };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} badges ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let now = chrono::Utc::now().naive_utc();
    let job = Job {
        paper: layout,
        title: &p.event.name,
        actor: "cli",
        record: args.mark_printed.then_some("cli"),
        now,
        keys: &keys,
        calibration: Default::default(),
    };
    let progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let n = match export::export_file(conn, &p, Selection::Filtered(&filters), &job, &args.out, progress) {
        Ok(n) => n,
        Err(ExportError::Nothing) => anyhow::bail!("no approved registration matches these filters"),
        Err(e) => return Err(e.into()),
    };
    bar.finish_and_clear();
    println!("{n} badges written to {}", args.out.display());
    Ok(())
}
