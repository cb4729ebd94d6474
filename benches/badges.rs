//! Badge rendering alone, on one thread: the 46 sample delegates repeated into one PDF.
//!
//!     cargo bench --bench badges               # 1,000 A6 badges, then 10,000 (memory)
//!     cargo bench --bench badges -- a4-4up     # another paper
//!     cargo bench --bench badges -- designed   # a designed CR80 card, front and back:
//!                                              # PNG logo, SVG seal, zones, photo, native
//!                                              # name, QR
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Instant;

use lanyard::badges::design::samples::{self, Setting};
use lanyard::badges::design::{Element, Frame, Image, builtin};
use lanyard::badges::layout::Zone;
use lanyard::badges::pdf::{Colour, Jpeg, Picture};
use lanyard::badges::{BadgeContent, Design, Group, Paper, Pictures, write_pdf};

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// A 600 × 240 logo with transparency, and a 300 × 400 photo, made here.
fn logo_and_photo() -> (Picture, Jpeg) {
    let logo = image::RgbaImage::from_fn(600, 240, |x, y| {
        let inside = (x / 40 + y / 40) % 2 == 0;
        image::Rgba([31, 78, 121, if inside { 255 } else { 0 }])
    });
    let mut png = Vec::new();
    logo.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    let photo = image::RgbImage::from_fn(300, 400, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    let mut jpeg = Vec::new();
    photo.write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg).unwrap();
    let photo = Jpeg { key: "photo".into(), bytes: Arc::new(jpeg), width: 300, height: 400 };
    (Picture::from_png("logo", &png).unwrap(), photo)
}

/// A seal as vector art: a ring, a star and a gradient disc.
const SEAL: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">
  <defs><radialGradient id="g"><stop offset="0" stop-color="#f2c744"/><stop offset="1" stop-color="#b8860b"/></radialGradient></defs>
  <circle cx="50" cy="50" r="46" fill="url(#g)" stroke="#1f4e79" stroke-width="6"/>
  <path d="M50 18 L59 42 L84 42 L64 57 L71 82 L50 67 L29 82 L36 57 L16 42 L41 42 Z" fill="#1f4e79" opacity="0.9"/>
</svg>"##;

/// The built-in CR80 card with a logo over the header, and zones and a seal on a back.
fn designed() -> Design {
    let mut design = builtin(Paper::Cr80);
    design.front.insert(
        0,
        Element::Image(Image { x: 2.0, y: 2.0, width: 12.0, height: 5.0, image: "logo".into(), when: None }),
    );
    design.back = builtin(Paper::Cr80).front.into_iter().filter(|e| !matches!(e, Element::Photo(_))).collect();
    design.back.push(Element::Zones(Frame { x: 3.0, y: 2.0, width: 48.0, height: 6.0, when: None }));
    design.back.push(Element::Image(Image {
        x: 2.0,
        y: 10.0,
        width: 8.0,
        height: 8.0,
        image: "seal".into(),
        when: None,
    }));
    design
}

fn run(design: &Design, pictures: &Pictures, sample: &[BadgeContent], count: usize) {
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
    let calibration = Default::default();
    write_pdf(&[Group { design, badges: &badges }], (pictures, calibration), "bench", &mut pdf, |_| {}).unwrap();
    let total = started.elapsed();
    let name = if pictures.is_empty() { design.paper.key() } else { "designed" };
    if let Ok(dir) = std::env::var("LANYARD_BENCH_OUT") {
        std::fs::write(format!("{dir}/{name}-{count}.pdf"), &pdf).unwrap();
    }
    println!(
        "{name:>10} {count:>6} badges: {:>7.0} badges/s ({:.3} ms each), {:.2} KB/badge, {:.1} MB file, peak RSS {:.0} MB",
        count as f64 / total.as_secs_f64(),
        total.as_secs_f64() * 1000.0 / count as f64,
        pdf.len() as f64 / 1024.0 / count as f64,
        pdf.len() as f64 / 1_048_576.0,
        peak_rss_mb(),
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    lanyard::badges::fonts::fonts();
    let mut setting = Setting::demo();
    let (design, pictures, sample) = if args.iter().any(|a| a == "designed") {
        setting.zones = ["VIP", "ROOF", "PRESS"]
            .iter()
            .zip(["#8e24aa", "#2e7d32", "#f2c744"])
            .map(|(code, colour)| Zone { code: (*code).into(), name: (*code).into(), colour: Colour::parse(colour) })
            .collect();
        let (logo, photo) = logo_and_photo();
        let mut sample = samples::contents(&setting);
        for b in &mut sample {
            b.photo = Some(photo.clone());
        }
        let seal = Picture::from_svg("seal", SEAL.as_bytes()).unwrap();
        (designed(), Pictures::from([("logo".to_owned(), logo), ("seal".to_owned(), seal)]), sample)
    } else {
        let paper = args.iter().find_map(|a| Paper::parse(a)).unwrap_or(Paper::A6);
        (builtin(paper), Pictures::new(), samples::contents(&setting))
    };
    run(&design, &pictures, &sample, 46);
    run(&design, &pictures, &sample, 1_000);
    run(&design, &pictures, &sample, 1_000);
    run(&design, &pictures, &sample, 10_000);
}
