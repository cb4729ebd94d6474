//! Badges as a printer and a scanner see them: every sample delegate printed on A4 sheets, the
//! QR codes read back from the rendered pages by zbarimg, the names extracted as text, the fonts
//! embedded and subset, the page sizes true; reissue revokes the old code; the delegate's page.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use diesel::prelude::*;
use lanyard::badges::store::{self, Lookup};
use lanyard::db::schema::{badges, registrations};
use lanyard::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Db, TestApp, spawn_app};

crate::on_both_databases!(
    every_sample_delegate_prints_on_a4_sheets_and_scans_back,
    a_lost_badge_is_reissued_and_the_old_code_is_refused,
    at_the_desk_a_printer_prints_reissues_and_prints_a_batch,
);

pub(crate) fn token(app: &TestApp, role: Role) -> String {
    crate::helpers::api_token(app, role)
}

pub(crate) fn delegates() -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/delegates.csv")).unwrap();
    reader.deserialize().map(Result::unwrap).collect()
}

/// Registers every sample delegate through the API (the demo event needs no approval).
pub(crate) async fn register_all(app: &TestApp, token: &str) -> Vec<String> {
    let mut references = Vec::new();
    for d in delegates() {
        // Staff and organisers too: an API token registers under staff rules.
        let category = &d["category"];
        let body = json!({
            "honorific": d["honorific"], "given_name": d["given_name"], "family_name": d["family_name"],
            "native_name": d["name_native"], "email": d["email"], "country": d["country"],
            "organization": d["organization"], "position": d["position"], "category": category, "locale": d["locale"],
        });
        let res = app
            .client
            .post(app.url("/api/v1/events/qianhai/registrations"))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
        let created: Value = res.json().await.unwrap();
        assert_eq!(created["status"], "approved");
        references.push(created["reference"].as_str().unwrap().to_owned());
    }
    references
}

pub(crate) fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// What zbarimg reads from every page rendered at 300 dpi.
fn zbar(png: &Path) -> Vec<String> {
    let out = Command::new("zbarimg").args(["--raw", "-q", "-Sdisable", "-Sqrcode.enable"]).arg(png).output().unwrap();
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_owned).collect()
}

/// The codes a scanner reads off the printed pages. On an A4 sheet of four badges zbar now and
/// then misses one of the four in the whole page; a door scanner sees one badge at a time, so
/// such a sheet is read again badge by badge (each quarter of the page on its own).
fn scan(pdf: &Path) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    run(Command::new("pdftoppm").args(["-r", "300", "-gray", "-png"]).arg(pdf).arg(dir.path().join("page")));
    let mut codes = Vec::new();
    for (i, page) in crate::helpers::files_in(dir.path()).into_iter().enumerate() {
        let mut found = zbar(&page);
        let header = std::fs::read(&page).unwrap();
        let width = u32::from_be_bytes([header[16], header[17], header[18], header[19]]);
        if width == 2480 && found.len() < 4 {
            let n = (i + 1).to_string();
            for (x, y) in [(0, 0), (1240, 0), (0, 1754), (1240, 1754)] {
                let quarter = dir.path().join(format!("q{n}-{x}-{y}"));
                let (x, y) = (x.to_string(), y.to_string());
                let args = ["-r", "300", "-gray", "-png", "-singlefile", "-f", &n, "-l", &n, "-x", &x, "-y", &y];
                run(Command::new("pdftoppm").args(args).args(["-W", "1240", "-H", "1754"]).arg(pdf).arg(&quarter));
                found.extend(zbar(&quarter.with_extension("png")));
            }
            found.sort();
            found.dedup();
        }
        codes.extend(found);
    }
    codes
}

pub(crate) fn text_of(pdf: &Path) -> String {
    // Readers mark right-to-left runs with embedding controls; a printed name has none.
    run(Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(pdf).arg("-"))
        .chars()
        .filter(|c| !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .collect()
}

pub(crate) fn page_size(pdf: &Path) -> (String, usize) {
    let info = run(Command::new("pdfinfo").arg(pdf));
    let field = |name: &str| info.lines().find_map(|l| l.strip_prefix(name)).unwrap().trim().to_owned();
    (field("Page size:"), field("Pages:").parse().unwrap())
}

/// Every font is embedded and subset.
fn assert_fonts_embedded(pdf: &Path) {
    let fonts = run(Command::new("pdffonts").arg(pdf));
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 10, "one face per script: {fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "embedded, subset, with ToUnicode: {row}");
        assert!(cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+', "subset tag: {row}");
    }
}

fn current_codes(app: &TestApp) -> BTreeSet<String> {
    let keys = app.keys();
    let sealed: Vec<Option<String>> =
        badges::table.filter(badges::status.eq("current")).select(badges::code_sealed).load(&mut app.conn()).unwrap();
    sealed.into_iter().map(|s| keys.open(&s.unwrap()).unwrap()).collect()
}

async fn every_sample_delegate_prints_on_a4_sheets_and_scans_back(db: Db) {
    let app = spawn_app(db).await;
    let admin = token(&app, Role::Admin);
    register_all(&app, &admin).await;
    let out = app.db.dir.path().join("morning.pdf");
    let printed = run(Command::new(env!("CARGO_BIN_EXE_lanyard"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &app.db.url)
        .env("LANYARD_DATA_DIR", &app.data_dir)
        .args([
            "badges",
            "export",
            "--event",
            "qianhai",
            "--layout",
            "a4-4up",
            "--sort",
            "country",
            "--unprinted",
            "--mark-printed",
            "--out",
        ])
        .arg(&out));
    assert!(printed.contains("46 badges"), "{printed}");

    // Twelve A4 sheets, true to size; every font embedded and subset; small.
    assert_eq!(page_size(&out), ("595.276 x 841.89 pts (A4)".to_owned(), 12));
    assert_fonts_embedded(&out);
    let bytes = std::fs::metadata(&out).unwrap().len();
    assert!(bytes < 46 * 8 * 1024, "{bytes} bytes for 46 badges");

    // Every name in its own script, as text.
    let text = text_of(&out);
    for d in delegates() {
        for name in [&d["family_name"], &d["name_native"]] {
            assert!(text.contains(name.as_str()), "{name} is missing from the sheets");
        }
    }

    // The scanner reads exactly the 46 current codes off the rendered sheets.
    let scanned: BTreeSet<String> = scan(&out).into_iter().collect();
    assert_eq!(scanned, current_codes(&app));
    assert_eq!(scanned.len(), 46);

    // Marked as printed: a second run of "not printed yet" finds nothing.
    let printed: Vec<i32> = badges::table.select(badges::print_count).load(&mut app.conn()).unwrap();
    assert!(printed.iter().all(|n| *n == 1));
    let again = Command::new(env!("CARGO_BIN_EXE_lanyard"))
        .env_clear()
        .env("DATABASE_URL", &app.db.url)
        .env("LANYARD_DATA_DIR", &app.data_dir)
        .args(["badges", "export", "--event", "qianhai", "--unprinted", "--out"])
        .arg(app.db.dir.path().join("none.pdf"))
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("no approved registration"));
}

async fn a_lost_badge_is_reissued_and_the_old_code_is_refused(db: Db) {
    let app = spawn_app(db).await;
    let printer = token(&app, Role::Printer);
    let registrar = token(&app, Role::Registrar);
    let admin = token(&app, Role::Admin);
    let references = register_all(&app, &admin).await;
    let reference = &references[0];
    let base = format!("/api/v1/events/qianhai/registrations/{reference}");

    // Printing is for printers and admins.
    let res = app.client.get(app.url(&format!("{base}/badge.pdf"))).bearer_auth(&registrar).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res =
        app.client.get(app.url(&format!("{base}/badge.pdf?layout=a5"))).bearer_auth(&printer).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    let fetch = |layout: &'static str| {
        let (app, base, printer) = (&app, base.clone(), printer.clone());
        async move {
            let res = app
                .client
                .get(app.url(&format!("{base}/badge.pdf?layout={layout}")))
                .bearer_auth(&printer)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            assert_eq!(res.headers()["content-type"], "application/pdf");
            let path = app.db.dir.path().join(format!("{layout}-{}.pdf", rand_suffix()));
            std::fs::write(&path, res.bytes().await.unwrap()).unwrap();
            path
        }
    };
    let card = fetch("cr80").await;
    assert_eq!(page_size(&card), ("153.071 x 242.646 pts".to_owned(), 1));
    let a6 = fetch("a6").await;
    assert_eq!(page_size(&a6), ("297.638 x 419.528 pts".to_owned(), 1));
    assert!(text_of(&a6).contains("حسام الحسيني"));

    let reg_id: String = registrations::table
        .filter(registrations::reference.eq(reference))
        .select(registrations::id)
        .first(&mut app.conn())
        .unwrap();
    let old = store::current(&mut app.conn(), &reg_id.as_str().into()).unwrap().unwrap();
    let keys = app.keys();
    let old_code = old.code(&keys).unwrap();
    assert_eq!(old.version, 1);
    assert_eq!(old_code.len(), 27);
    assert!(old_code.chars().all(|c| "23456789ABCDEFGHJKMNPQRSTWXYZ".contains(c)));
    assert_eq!(scan(&a6), vec![old_code.clone()]);
    assert_eq!(scan(&card), vec![old_code.clone()]);
    let prints: i32 = badges::table.find(&old.id).select(badges::print_count).first(&mut app.conn()).unwrap();
    assert_eq!(prints, 2, "each API download is recorded");

    // Lost at lunch: reissued at the desk.
    let res = app
        .client
        .post(app.url(&format!("{base}/badge/reissue")))
        .bearer_auth(&printer)
        .json(&json!({ "reason": "lost" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let new: Value = res.json().await.unwrap();
    assert_eq!((new["version"].as_i64(), new["revoked_version"].as_i64()), (Some(2), Some(1)));
    let new_code = new["code"].as_str().unwrap().to_owned();
    assert_ne!(new_code, old_code);

    // The old code is refused with its versions; the new one is current; the new PDF carries it.
    match store::lookup(&mut app.conn(), &keys, &old_code).unwrap() {
        Lookup::Revoked { badge, current_version } => assert_eq!((badge.version, current_version), (1, Some(2))),
        other => panic!("old code must be revoked, got {other:?}"),
    }
    assert!(matches!(store::lookup(&mut app.conn(), &keys, &new_code).unwrap(), Lookup::Current { .. }));
    assert!(matches!(store::lookup(&mut app.conn(), &keys, "NOTABADGECODE").unwrap(), Lookup::Unknown));
    let reprinted = fetch("a6").await;
    assert_eq!(scan(&reprinted), vec![new_code]);
    let history = lanyard::audit::for_entity(&mut app.conn(), "registration", &reg_id).unwrap();
    assert!(history.iter().any(|h| h.action == "badge.reissue" && h.actor == "api:printer client"));
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
}

async fn at_the_desk_a_printer_prints_reissues_and_prints_a_batch(db: Db) {
    use crate::staff::{logged_in, registration_id, token as csrf};
    let app = spawn_app(db).await;
    let admin = token(&app, Role::Admin);
    register_all(&app, &admin).await;
    let printer = logged_in(&app, "printer@lanyard.example", Role::Printer).await;
    let id = registration_id(&app, "h.alhusseini@jo-embassy.example");
    let page = format!("/staff/registrations/{id}");
    let html = printer.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Badge version 1") && html.contains("<svg") && html.contains("Not printed yet."));
    let token = csrf(&app, &printer, &page).await;

    // Print at the desk: the PDF, and the print on record.
    let res = printer
        .post(app.url(&format!("{page}/badge/print")))
        .form(&[("csrf_token", token.as_str()), ("layout", "cr80")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let pdf = app.db.dir.path().join("desk.pdf");
    std::fs::write(&pdf, res.bytes().await.unwrap()).unwrap();
    assert_eq!(page_size(&pdf), ("153.071 x 242.646 pts".to_owned(), 1));
    let old = store::current(&mut app.conn(), &id.as_str().into()).unwrap().unwrap();
    let keys = app.keys();
    let old_code = old.code(&keys).unwrap();
    assert_eq!(scan(&pdf), vec![old_code.clone()]);
    assert_eq!(old.print_count, 1);
    let html = printer.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Printed 1 times") && html.contains("printer@lanyard.example"), "{html}");

    // Lost: reissued from the same page.
    let res = printer
        .post(app.url(&format!("{page}/badge/reissue")))
        .form(&[("csrf_token", token.as_str()), ("reason", "lost")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let back = res.headers()["location"].to_str().unwrap().to_owned();
    let html = printer.get(app.url(&back)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("The old QR code no longer works.") && html.contains("Badge version 2"));
    assert!(matches!(store::lookup(&mut app.conn(), &keys, &old_code).unwrap(), Lookup::Revoked { .. }));

    // The batch: heads of mission not printed yet, by precedence, one PDF, then marked.
    let batch = "/staff/events/qianhai/badges?category=Head+of+Mission&unprinted=on&sort=precedence&layout=a4-4up";
    let html = printer.get(app.url(batch)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("8 approved registrations"), "{html}");
    let ids: Vec<String> = html
        .match_indices(r#"name="ids" value=""#)
        .map(|(i, m)| html[i + m.len()..].split('"').next().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 8);
    let mut form: Vec<(&str, &str)> = vec![("csrf_token", token.as_str()), ("layout", "a4-4up")];
    form.extend(ids.iter().map(|i| ("ids", i.as_str())));
    // A big batch's form is large: 3,000 more ids (of nobody) still fit, and are skipped.
    let nobody: Vec<String> = (0..3000).map(|i| format!("00000000-0000-7000-8000-{i:012}")).collect();
    form.extend(nobody.iter().map(|i| ("ids", i.as_str())));
    let res = printer.post(app.url("/staff/events/qianhai/badges.pdf")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let sheets = app.db.dir.path().join("heads.pdf");
    std::fs::write(&sheets, res.bytes().await.unwrap()).unwrap();
    assert_eq!(page_size(&sheets), ("595.276 x 841.89 pts (A4)".to_owned(), 2));
    assert_eq!(scan(&sheets).len(), 8);
    let res = printer.post(app.url("/staff/events/qianhai/badges/printed")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = printer.get(app.url(batch)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("0 approved registrations"), "all eight are printed now");
}
