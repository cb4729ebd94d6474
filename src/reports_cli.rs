//! `lanyard export attendance`: every door scan of an event into a file, through the existing
//! `checkin::report` exports.

use std::path::Path;

use crate::checkin::report;
use crate::config::Settings;
use crate::startup::command_pool;

/// Writes every scan of the event as CSV or, for a path ending in `.xlsx`, as a workbook; the
/// file appears whole or not at all.
pub fn export_attendance(settings: Settings, slug: &str, out: &Path) -> anyhow::Result<()> {
    let pool = command_pool(settings)?;
    let conn = &mut *pool.get()?;
    let p = crate::events::cli::programme(conn, slug)?;
    let xlsx = out.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let csv = report::csv(conn, &p)?;
    let bytes = if xlsx { report::xlsx(conn, &p)? } else { csv.clone() };
    let partial = out.with_extension("partial");
    std::fs::write(&partial, &bytes)?;
    std::fs::rename(&partial, out)?;
    // The CSV's lines less its header: the same count for either format.
    let lines = csv.iter().filter(|b| **b == b'\n').count().saturating_sub(1);
    println!("{lines} scans written to {}", out.display());
    Ok(())
}
