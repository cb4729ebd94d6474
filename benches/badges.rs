//! Badge rendering alone, on one thread: the 46 sample delegates repeated into one PDF.
//!
//!     cargo bench --bench badges               # 1,000 A6 badges, then 10,000 (memory)
//!     cargo bench --bench badges -- a4-4up     # another layout
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use lanyard::badges::pdf::Colour;
use lanyard::badges::{BadgeContent, Layout, write_pdf};

fn delegates() -> Vec<BadgeContent> {
    let mut reader = csv::Reader::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/delegates.csv")).unwrap();
    reader
        .deserialize::<std::collections::HashMap<String, String>>()
        .map(|row| {
            let row = row.unwrap();
            BadgeContent {
                event_name: "Qianhai Diplomatic Day".into(),
                event_dates: "Thursday 24 December 2026".into(),
                honorific: row["honorific"].clone(),
                given_name: row["given_name"].clone(),
                family_name: row["family_name"].clone(),
                native_name: row["name_native"].clone(),
                position: row["position"].clone(),
                organization: row["organization"].clone(),
                country: row["country"].clone(),
                category: row["category"].clone(),
                colour: Colour::parse("#1f4e79"),
                version: 1,
                version_label: "v1".into(),
                ..Default::default()
            }
        })
        .collect()
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn run(layout: Layout, count: usize) {
    let sample = delegates();
    let badges: Vec<BadgeContent> = (0..count)
        .map(|i| {
            let mut b = sample[i % sample.len()].clone();
            // Distinct codes, as in a real batch: every QR code differs.
            b.code = format!("{:X>27}", format!("{i:X}"));
            b.reference = format!("QH-{i:06}");
            b
        })
        .collect();
    let started = Instant::now();
    let mut pdf = Vec::new();
    write_pdf(&badges, layout, "bench", &mut pdf, |_| {}).unwrap();
    let total = started.elapsed();
    if let Ok(dir) = std::env::var("LANYARD_BENCH_OUT") {
        std::fs::write(format!("{dir}/{}-{count}.pdf", layout.key()), &pdf).unwrap();
    }
    println!(
        "{:>7} {count:>6} badges: {:>7.0} badges/s, {:.2} KB/badge, {:.1} MB file, peak RSS {:.0} MB",
        layout.key(),
        count as f64 / total.as_secs_f64(),
        pdf.len() as f64 / 1024.0 / count as f64,
        pdf.len() as f64 / 1_048_576.0,
        peak_rss_mb(),
    );
}

fn main() {
    let layout = std::env::args().skip(1).find_map(|a| Layout::parse(&a)).unwrap_or(Layout::A6);
    lanyard::badges::fonts::fonts();
    run(layout, 46);
    run(layout, 1_000);
    run(layout, 1_000);
    run(layout, 10_000);
}
