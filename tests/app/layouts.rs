//! Badge layouts as data, as a protocol office uses them: a layout designed through the API
//! (an emblem, the native name, the photo, the QR code; a back for CR80 cards), refused with a
//! reason per element when it cannot print, and the 46 sample delegates printed with it on CR80
//! cards and on A4 sheets of eight: every code read back by zbar at 300 dpi, every glyph drawn,
//! the emblem embedded once, a measured element where the layout puts it, and a badge printed
//! before keeping its layout version.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use lanyard::badges::Paper;
use lanyard::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::badges::{delegates, register_all, run, text_of};
use crate::helpers::{Db, TestApp, api_token, spawn_app};

crate::on_both_databases!(a_designed_layout_prints_the_sample_delegates_on_cards_and_sheets,);

/// Pixels per millimetre at 300 dpi.
pub(crate) const PX: f32 = 300.0 / 25.4;

pub(crate) async fn put(app: &TestApp, token: &str, path: &str, body: &Value) -> (StatusCode, Value) {
    let res = app
        .client
        .put(app.url(&format!("/api/v1/events/qianhai{path}")))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap())
}

async fn get(app: &TestApp, token: &str, path: &str) -> Value {
    let res =
        app.client.get(app.url(&format!("/api/v1/events/qianhai{path}"))).bearer_auth(token).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.json().await.unwrap()
}

/// An emblem: a 400 × 160 navy shape on a transparent ground.
fn emblem() -> Vec<u8> {
    let image = image::RgbaImage::from_fn(400, 160, |x, y| {
        let inside = (x as i32 - 200).pow(2) / 4 + (y as i32 - 80).pow(2) < 75 * 75;
        image::Rgba([20, 40, 110, if inside { 255 } else { 0 }])
    });
    let mut png = Vec::new();
    image.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    png
}

/// A seal as vector art: a black square 80 units wide in a 100-unit view, under a translucent
/// grey disc with a gradient (a shading and a transparency the form must carry with it).
const SEAL: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#d0d0d0"/><stop offset="1" stop-color="#f0f0f0"/></linearGradient></defs>
  <rect x="10" y="10" width="80" height="80" fill="#000"/>
  <circle cx="50" cy="50" r="20" fill="url(#g)" opacity="0.9"/>
</svg>"##;

async fn upload(app: &TestApp, token: &str, name: &str, body: impl Into<reqwest::Body>) -> (StatusCode, Value) {
    let res = app
        .client
        .put(app.url(&format!("/api/v1/events/qianhai/badge-images/{name}")))
        .bearer_auth(token)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap())
}

/// The emblem and the seal the card draws.
pub(crate) async fn upload_images(app: &TestApp, token: &str) {
    let (status, seal) = upload(app, token, "seal", SEAL).await;
    assert_eq!(status, StatusCode::OK, "{seal}");
    let (status, emblem) = upload(app, token, "emblem", emblem()).await;
    assert_eq!(status, StatusCode::OK, "{emblem}");
}

/// A CR80 card: a red rule to measure by, the emblem, the photo, the name in two scripts, the
/// QR code; on the back the programme's name, the delegate's organisation, a second code, the
/// zones as tabs and the seal.
pub(crate) fn card() -> Value {
    json!({
        "name": "Diplomatic card",
        "paper": "cr80",
        "front": [
            { "type": "rect", "x": 5, "y": 3, "width": 44, "height": 2, "colour": "#ff0000" },
            { "type": "image", "image": "emblem", "x": 17, "y": 6, "width": 20, "height": 8 },
            { "type": "photo", "x": 3, "y": 16, "width": 18, "height": 24 },
            { "type": "qr", "x": 27, "y": 16, "size": 24 },
            { "type": "stack", "x": 3, "y": 44, "width": 48, "height": 28, "items": [
                { "field": "honorific", "max_size": 7, "min_size": 5 },
                { "field": "name", "max_size": 12, "min_size": 6, "gap": 0.5 },
                { "field": "native_name", "max_size": 10, "min_size": 5, "gap": 0.5 },
                { "field": "country", "max_size": 7, "min_size": 5, "bold": true, "gap": 1 }
            ] },
            { "type": "rect", "x": 0, "y": 75, "width": 54, "height": 10.6, "colour": "category" },
            { "type": "text", "field": "category", "x": 2, "y": 75, "width": 50, "height": 10.6, "max_size": 12, "min_size": 6, "bold": true, "colour": "on_category" }
        ],
        "back": [
            { "type": "text", "field": "event_name", "x": 3, "y": 4, "width": 48, "height": 8, "max_size": 10, "min_size": 6, "bold": true },
            { "type": "text", "field": "organization", "x": 3, "y": 14, "width": 48, "height": 12, "max_size": 8, "min_size": 5 },
            { "type": "qr", "x": 15, "y": 30, "size": 24 },
            { "type": "zones", "x": 3, "y": 58, "width": 36, "height": 6 },
            { "type": "image", "image": "seal", "x": 42, "y": 57, "width": 10, "height": 10 },
            { "type": "text", "field": "text", "text": "If found, please return to the protocol desk.", "x": 3, "y": 70, "width": 48, "height": 10, "max_size": 7, "min_size": 5 }
        ]
    })
}

/// The same design for A7 badges, eight to an A4 sheet, without a back.
fn sheet_badge() -> Value {
    json!({
        "paper": "a4-8up",
        "front": [
            { "type": "rect", "x": 10, "y": 4, "width": 54, "height": 2, "colour": "#ff0000" },
            { "type": "image", "image": "emblem", "x": 27, "y": 8, "width": 20, "height": 8 },
            { "type": "photo", "x": 5, "y": 19, "width": 24, "height": 32 },
            { "type": "qr", "x": 40, "y": 19, "size": 28 },
            { "type": "stack", "x": 4, "y": 55, "width": 66, "height": 32, "items": [
                { "field": "name", "max_size": 14, "min_size": 7 },
                { "field": "native_name", "max_size": 11, "min_size": 6, "gap": 0.5 },
                { "field": "organization", "max_size": 7, "min_size": 5, "gap": 1 }
            ] },
            { "type": "rect", "x": 0, "y": 92, "width": 74, "height": 13, "colour": "category" },
            { "type": "text", "field": "category", "x": 2, "y": 92, "width": 70, "height": 13, "max_size": 14, "min_size": 6, "bold": true, "colour": "on_category" }
        ]
    })
}

fn export(app: &TestApp, out: &Path, mark: bool) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lanyard"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &app.db.url)
        .env("LANYARD_DATA_DIR", &app.data_dir)
        .args(["badges", "export", "--event", "qianhai", "--sort", "country"]);
    if mark {
        cmd.arg("--mark-printed");
    }
    run(cmd.arg("--out").arg(out))
}

/// Every page at 300 dpi, grey, one PNG each.
pub(crate) fn rasterise(pdf: &Path, dir: &Path) -> Vec<image::GrayImage> {
    run(Command::new("pdftoppm").args(["-r", "300", "-gray", "-png"]).arg(pdf).arg(dir.join("page")));
    crate::helpers::files_in(dir).iter().map(|p| image::open(p).unwrap().to_luma8()).collect()
}

/// What zbar reads from each badge of a page on its own, as a door scanner sees one badge.
fn codes_on(page: &image::GrayImage, paper: Paper, dir: &Path) -> Vec<String> {
    let sheet = paper.sheet();
    let mut codes = Vec::new();
    for i in 0..sheet.per_page() {
        let (x, y) = sheet.slot(i);
        let top = sheet.page.1 - y - sheet.badge.1;
        let (px, py) = ((x * PX) as u32, (top * PX) as u32);
        let (w, h) = ((sheet.badge.0 * PX) as u32, (sheet.badge.1 * PX) as u32);
        let badge =
            image::imageops::crop_imm(page, px, py, w.min(page.width() - px), h.min(page.height() - py)).to_image();
        let file = dir.join(format!("badge-{i}.png"));
        badge.save(&file).unwrap();
        let out =
            Command::new("zbarimg").args(["--raw", "-q", "-Sdisable", "-Sqrcode.enable"]).arg(&file).output().unwrap();
        codes.extend(String::from_utf8_lossy(&out.stdout).lines().map(str::to_owned));
    }
    codes
}

/// The box, in millimetres from the page's top-left, of the pixels darker than `level` in the
/// given region (the red rule prints as mid grey).
pub(crate) fn dark_box(
    page: &image::GrayImage,
    (x0, y0, w, h): (f32, f32, f32, f32),
    range: (u8, u8),
) -> (f32, f32, f32, f32) {
    let (mut min_x, mut min_y, mut max_x, mut max_y) = (u32::MAX, u32::MAX, 0, 0);
    for y in (y0 * PX) as u32..((y0 + h) * PX) as u32 {
        for x in (x0 * PX) as u32..((x0 + w) * PX) as u32 {
            let v = page.get_pixel(x, y).0[0];
            if v >= range.0 && v <= range.1 {
                (min_x, min_y, max_x, max_y) = (min_x.min(x), min_y.min(y), max_x.max(x), max_y.max(y));
            }
        }
    }
    assert!(max_x > 0, "nothing found in {x0},{y0} {w}×{h}");
    let mm = |v: u32| v as f32 / PX;
    (mm(min_x), mm(min_y), mm(max_x + 1) - mm(min_x), mm(max_y + 1) - mm(min_y))
}

pub(crate) fn assert_near(found: (f32, f32, f32, f32), want: (f32, f32, f32, f32)) {
    let pairs = [(found.0, want.0), (found.1, want.1), (found.2, want.2), (found.3, want.3)];
    assert!(pairs.iter().all(|(a, b)| (a - b).abs() <= 0.5), "found {found:?}, the layout says {want:?}");
}

/// How many image objects of this pixel size the PDF holds.
fn images_sized(pdf: &[u8], (w, h): (i64, i64)) -> usize {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|v| v.as_name()).is_ok_and(|n| n == b"Image"))
        .filter(|s| s.dict.get(b"Width").and_then(|v| v.as_i64()).ok() == Some(w))
        .filter(|s| s.dict.get(b"Height").and_then(|v| v.as_i64()).ok() == Some(h))
        .filter(|s| s.dict.get(b"ColorSpace").and_then(|v| v.as_name()).is_ok_and(|n| n == b"DeviceRGB"))
        .count()
}

/// How many forms the PDF holds that draw an SVG (a form scaled to a unit square by its
/// matrix; QR codes' forms have none).
fn vector_forms(pdf: &[u8]) -> usize {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|v| v.as_name()).is_ok_and(|n| n == b"Form"))
        .filter(|s| s.dict.get(b"Matrix").is_ok())
        .count()
}

async fn give_photos(app: &TestApp, references: &[String]) {
    let mut conn = app.conn();
    let now = chrono::Utc::now().naive_utc();
    for (i, reference) in references.iter().enumerate() {
        let face =
            image::RgbImage::from_fn(300, 400, |x, y| image::Rgb([(x / 3) as u8, (y / 3) as u8, (i * 20) as u8]));
        let mut jpeg = Vec::new();
        face.write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg).unwrap();
        let prepared = lanyard::badges::photo::prepare(&jpeg).unwrap();
        let reg = lanyard::registrations::store::find_by_reference(&mut conn, reference).unwrap().unwrap();
        lanyard::badges::photo_review::save_photo(&mut conn, &reg, &prepared, "test", now).unwrap();
    }
}

async fn a_designed_layout_prints_the_sample_delegates_on_cards_and_sheets(db: Db) {
    let app = spawn_app(db).await;
    let admin = api_token(&app, Role::Admin);

    // Before any design, the event lists the built-in layout, which passes its own checks.
    let listed = get(&app, &admin, "/badge-layouts").await;
    assert_eq!(listed["layouts"].as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(
        (listed["layouts"][0]["id"].as_str(), listed["layouts"][0]["builtin"].as_bool()),
        (Some("default"), Some(true))
    );
    let builtin = get(&app, &admin, "/badge-layouts/default").await;
    let (status, saved) = put(&app, &admin, "/badge-layouts/default", &builtin["layout"]).await;
    assert_eq!((status, saved["version"].as_i64()), (StatusCode::OK, Some(1)), "{saved}");

    // The emblem and the seal, uploaded once.
    upload_images(&app, &admin).await;
    let (status, refused) = upload(&app, &admin, "junk", "GIF89a").await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("image_unreadable"))
    );
    // The seal, as SVG: kept as vector art. Text in an SVG needs fonts the server lacks: refused.
    let (status, seal) = upload(&app, &admin, "seal", SEAL).await;
    assert_eq!((status, &seal["width"], &seal["height"]), (StatusCode::OK, &json!(100), &json!(100)), "{seal}");
    let lettered = SEAL.replace("</svg>", "<text x=\"5\" y=\"95\">Seal</text></svg>");
    let (status, refused) = upload(&app, &admin, "lettered", lettered).await;
    assert_eq!((status, refused["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("image_svg_text")));
    // A few hundred bytes that would decode to a picture 20,000 px wide: refused before decoding.
    let mut wide = Vec::new();
    image::GrayImage::new(20_000, 1).write_to(&mut std::io::Cursor::new(&mut wide), image::ImageFormat::Png).unwrap();
    let res = app
        .client
        .put(app.url("/api/v1/events/qianhai/badge-images/wide"))
        .bearer_auth(&admin)
        .body(wide)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);

    // A layout that cannot print is refused, each problem at its element.
    let mut bad = card();
    bad["front"][3]["size"] = json!(15);
    bad["front"][1]["x"] = json!(40);
    bad["front"][4]["height"] = json!(5);
    bad["front"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "type": "image", "image": "crest", "x": 1, "y": 1, "width": 5, "height": 5 }));
    let (status, refused) = put(&app, &admin, "/badge-layouts/default", &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let problems: BTreeSet<(String, String)> = refused["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap().to_owned(), f["code"].as_str().unwrap().to_owned()))
        .collect();
    let want: BTreeSet<(String, String)> = [
        ("front[1]", "off_paper"),
        ("front[3]", "qr_too_small"),
        ("front[4]", "text_does_not_fit"),
        ("front[7]", "image_unknown"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    assert_eq!(problems, want, "{refused}");
    let crammed = refused["error"]["fields"].as_array().unwrap().iter().find(|f| f["field"] == "front[4]").unwrap();
    assert!(crammed["message"].as_str().unwrap().contains("does not fit 48.0 × 5.0 mm"), "{crammed}");
    let mut one_sided = sheet_badge();
    one_sided["back"] = card()["back"].clone();
    let (status, refused) = put(&app, &admin, "/badge-layouts/default", &one_sided).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["fields"][0]["code"], "no_back", "{refused}");
    let (status, _) = put(
        &app,
        &admin,
        "/badge-layouts/default",
        &json!({ "paper": "a6", "front": [{ "type": "qr", "x": 0, "y": 0, "size": 30, "colour": "red" }] }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "an unknown key is not ignored");

    // Heads of mission may enter the VIP lounge, the press the riser.
    let zones = json!({ "zones": [
        { "code": "VIP", "name": "VIP lounge", "colour": "#8e24aa", "categories": ["Head of Mission"] },
        { "code": "PRESS", "name": "Press riser", "colour": "#1565c0", "categories": ["Press"] }
    ] });
    let (status, listed) = put(&app, &admin, "/zones", &zones).await;
    assert_eq!(status, StatusCode::OK, "{listed}");

    // The card, published; the 46 sample delegates registered, a few with photos.
    let (status, saved) = put(&app, &admin, "/badge-layouts/default", &card()).await;
    assert_eq!((status, saved["version"].as_i64()), (StatusCode::OK, Some(2)), "{saved}");
    let references = register_all(&app, &admin).await;
    give_photos(&app, &references[..6]).await;

    // The press was set up to print on A6, which the default card now overrides: the layouts
    // page says so rather than leave the setting without effect in silence.
    {
        use diesel::prelude::*;
        use lanyard::db::schema::categories;
        diesel::update(categories::table.filter(categories::name.eq("Press")))
            .set(categories::badge_layout.eq("a6"))
            .execute(&mut *app.conn())
            .unwrap();
    }
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let staff = crate::staff::logged_in(&app, "admin@layouts.example", Role::Admin).await;
    let page = staff.get(app.url("/staff/events/qianhai/badge-layouts")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Category “Press” has its own paper (A6"), "{page}");

    // CR80 cards, front then back of each: 92 pages, each code on both sides of its card.
    let dir = tempfile::tempdir().unwrap();
    let cards = dir.path().join("cards.pdf");
    assert!(export(&app, &cards, false).contains("46 badges"));
    assert_eq!(crate::badges::page_size(&cards), ("153.071 x 242.646 pts".to_owned(), 92));
    let pdf = std::fs::read(&cards).unwrap();
    assert_eq!(images_sized(&pdf, (400, 160)), 1, "the emblem is embedded once");
    assert_eq!(vector_forms(&pdf), 1, "the seal is embedded once, as vector art");
    let raster = tempfile::tempdir().unwrap();
    let pages = rasterise(&cards, raster.path());
    let scratch = tempfile::tempdir().unwrap();
    let mut fronts = BTreeSet::new();
    for (i, page) in pages.iter().enumerate() {
        let codes = codes_on(page, Paper::Cr80, scratch.path());
        assert_eq!(codes.len(), 1, "page {}: one code", i + 1);
        if i % 2 == 0 {
            fronts.insert(codes[0].clone());
        } else {
            assert!(fronts.contains(&codes[0]), "the back of a card carries its front's code");
        }
    }
    assert_eq!(fronts.len(), 46);
    // The red rule is where the layout puts it, to half a millimetre.
    assert_near(dark_box(&pages[0], (0.0, 0.0, 54.0, 10.0), (65, 90)), (5.0, 3.0, 44.0, 2.0));
    // So is the seal's square on the back: 10 mm for its 100 units, the square 80 of them.
    assert_near(dark_box(&pages[1], (40.0, 55.0, 14.0, 14.0), (0, 40)), (43.0, 58.0, 8.0, 8.0));

    // Every name in its own script, every glyph drawn; the zones on the backs of those who have them.
    let text = text_of(&cards);
    let pages_with = |code: &str| text.split('\u{c}').filter(|page| page.contains(code)).count();
    assert_eq!((pages_with("VIP"), pages_with("PRESS")), (8, 1), "eight heads of mission, one journalist");
    for d in delegates() {
        for name in [&d["family_name"], &d["name_native"]] {
            assert!(text.contains(name.as_str()), "{name} is missing from the cards");
        }
    }
    let drawn = crate::scripts::glyphs_drawn(&pdf);
    assert!(drawn.values().all(|ids| !ids.contains(&0)), "a glyph drew as an empty box");

    // The same badges on A4 sheets of eight, marked printed.
    let (status, saved) = put(&app, &admin, "/badge-layouts/default", &sheet_badge()).await;
    assert_eq!((status, saved["version"].as_i64()), (StatusCode::OK, Some(3)), "{saved}");
    let sheets = dir.path().join("sheets.pdf");
    assert!(export(&app, &sheets, true).contains("46 badges"));
    assert_eq!(crate::badges::page_size(&sheets), ("841.89 x 595.276 pts (A4)".to_owned(), 6));
    let pdf = std::fs::read(&sheets).unwrap();
    assert_eq!(images_sized(&pdf, (400, 160)), 1, "the emblem is embedded once in the sheets too");
    let raster = tempfile::tempdir().unwrap();
    let pages = rasterise(&sheets, raster.path());
    let on_sheets: BTreeSet<String> =
        pages.iter().flat_map(|p| codes_on(p, Paper::A4EightUp, scratch.path())).collect();
    assert_eq!(on_sheets, fronts, "every code read back from the sheets");
    // The rule of the second badge in the first row: its slot plus the layout's position.
    let sheet = Paper::A4EightUp.sheet();
    let (slot_x, slot_y) = sheet.slot(1);
    let slot_top = sheet.page.1 - slot_y - sheet.badge.1;
    let found = dark_box(&pages[0], (slot_x, slot_top, 74.0, 10.0), (65, 90));
    assert_near(found, (slot_x + 10.0, slot_top + 4.0, 54.0, 2.0));

    // A new version does not change a badge printed before: its reprint is still on the sheet.
    let (status, saved) = put(&app, &admin, "/badge-layouts/default", &card()).await;
    assert_eq!((status, saved["version"].as_i64()), (StatusCode::OK, Some(4)));
    let url = format!("/api/v1/events/qianhai/registrations/{}/badge.pdf", references[0]);
    let reprint = app.client.get(app.url(&url)).bearer_auth(&admin).send().await.unwrap().bytes().await.unwrap();
    let file = dir.path().join("reprint.pdf");
    std::fs::write(&file, &reprint).unwrap();
    assert_eq!(
        crate::badges::page_size(&file).0,
        "841.89 x 595.276 pts (A4)",
        "printed with version 3, reprinted with it"
    );
    let listed = get(&app, &admin, "/badge-layouts").await;
    assert_eq!(listed["layouts"][0]["version"], 4);
    let old = get(&app, &admin, "/badge-layouts/default?version=3").await;
    assert_eq!(old["paper"], "a4-8up");
}
