//! The custody receipt: what a liaison officer (or a delegate) signs for at the desk. Every name
//! in its own script, with the reference and the badge version handed out, so a badge later
//! reported lost can be traced to whoever collected it.

use super::custody::Handover;
use super::fonts::{BOLD, REGULAR};
use super::pdf::{Colour, Document, Page};
use super::store::Badge;
use crate::events::Programme;
use crate::i18n::Lang;
use crate::registrations::Registration;

const ROW: f32 = 7.5;
const MARGIN: f32 = 15.0;
const W: f32 = 210.0;
const H: f32 = 297.0;

/// The receipt as A4 pages; the signature lines close the last one.
pub fn pdf(p: &Programme, handover: &Handover, rows: &[(Registration, Badge)], lang: Lang) -> Result<Vec<u8>, String> {
    let mut doc = Document::default();
    let e = &p.event;
    let at = e.local(handover.handed_over_at);
    let when = format!("{} {}", lang.date(at), lang.time(at));
    let collector = if handover.on_behalf {
        lang.t_args("receipt-collected-on-behalf", &[("name", &handover.collected_by)])
    } else {
        lang.t_args("receipt-collected", &[("name", &handover.collected_by)])
    };
    let desk = lang.t_args("receipt-desk", &[("desk", &handover.desk), ("staff", &handover.handed_over_by)]);
    // The first page carries the header, the last the signatures: leave room for both.
    let per_page = ((H - 2.0 * MARGIN - 80.0) / ROW) as usize;
    let pages = rows.len().div_ceil(per_page).max(1);
    let chunks: Vec<&[(Registration, Badge)]> =
        if rows.is_empty() { vec![&[]] } else { rows.chunks(per_page).collect() };
    for (n, chunk) in chunks.into_iter().enumerate() {
        let mut page = Page::new(W, H);
        let top = H - MARGIN;
        let text_width = W - 2.0 * MARGIN;
        page.fitted(&mut doc, &lang.t("receipt-title"), (BOLD, 15.0), (MARGIN, top - 5.0, text_width));
        page.fitted(
            &mut doc,
            &format!("{} · {when}", p.event_name(lang)),
            (REGULAR, 10.0),
            (MARGIN, top - 12.0, text_width),
        );
        page.fitted(&mut doc, &collector, (BOLD, 10.0), (MARGIN, top - 19.0, text_width));
        page.fitted(&mut doc, &desk, (REGULAR, 9.0), (MARGIN, top - 25.0, text_width));
        let head = top - 35.0;
        let columns = [
            (lang.t("receipt-col-name"), MARGIN + 8.0),
            (lang.t("receipt-col-reference"), MARGIN + 100.0),
            (lang.t("receipt-col-country"), MARGIN + 128.0),
            (lang.t("receipt-col-version"), MARGIN + 166.0),
        ];
        for (label, x) in &columns {
            page.fitted(&mut doc, label, (BOLD, 8.5), (*x, head, 36.0));
        }
        page.rect(MARGIN, head - 2.5, text_width, 0.3, Colour::BLACK);
        for (i, (r, badge)) in chunk.iter().enumerate() {
            let y = head - 8.0 - i as f32 * ROW;
            let number = n * per_page + i + 1;
            page.fitted(&mut doc, &number.to_string(), (REGULAR, 9.0), (MARGIN, y, 7.0));
            let native = if r.native_name.is_empty() { String::new() } else { format!("  {}", r.native_name) };
            page.fitted(&mut doc, &format!("{}{native}", r.display_name()), (REGULAR, 10.0), (MARGIN + 8.0, y, 90.0));
            page.fitted(&mut doc, &r.reference, (REGULAR, 9.0), (MARGIN + 100.0, y, 26.0));
            let country = if r.country.is_empty() { String::new() } else { lang.country(&r.country) };
            page.fitted(&mut doc, &country, (REGULAR, 9.0), (MARGIN + 128.0, y, 36.0));
            page.fitted(&mut doc, &badge.version.to_string(), (REGULAR, 9.0), (MARGIN + 166.0, y, 14.0));
        }
        if n + 1 == pages {
            let total = lang.t_args("receipt-total", &[("count", &rows.len().to_string())]);
            page.fitted(&mut doc, &total, (BOLD, 10.0), (MARGIN, MARGIN + 38.0, text_width));
            for (i, key) in ["receipt-sign-collector", "receipt-sign-staff"].into_iter().enumerate() {
                let x = MARGIN + i as f32 * 95.0;
                page.rect(x, MARGIN + 18.0, 85.0, 0.3, Colour::BLACK);
                page.fitted(&mut doc, &lang.t(key), (REGULAR, 8.5), (x, MARGIN + 13.0, 85.0));
            }
        }
        let footer = lang.t_args(
            "receipt-footer",
            &[("id", &handover.id), ("page", &(n + 1).to_string()), ("pages", &pages.to_string())],
        );
        page.fitted(&mut doc, &footer, (REGULAR, 7.5), (MARGIN, MARGIN - 6.0, text_width));
        doc.push(page);
    }
    doc.finish(&format!("{} — {}", lang.t("receipt-title"), handover.collected_by))
}
