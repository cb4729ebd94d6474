//! Scanning devices: paired from the staff page with a QR link, limited to their event and
//! venues, synced with sealed records that open only with a badge's own code, offline scans
//! uploaded later and judged at the device's time, clashes reported, exits, revocation, and
//! the scan log as a workbook with the same rows as the CSV.

use diesel::prelude::*;
use lanyard::checkin::offline;
use lanyard::db::schema::{badges, scans, sessions};
use lanyard::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::doors::{Day, attendance, door_day, export_attendance, register, scan, session_id, venue_id};
use crate::helpers::{Db, TestApp, extract};
use crate::staff::{logged_in, token as csrf};

crate::on_both_databases!(
    a_paired_device_scans_only_its_venues_and_opens_a_record_only_with_its_badge,
    an_offline_upload_counts_at_the_device_time_and_a_double_admission_is_reported,
    the_workbook_and_the_csv_have_the_same_rows,
);

/// Creates a device on the staff page and returns its secret, read from the pairing link.
pub(crate) async fn pair(app: &TestApp, admin: &reqwest::Client, name: &str, venue: &str) -> String {
    let page = "/staff/events/qianhai/devices";
    let token = csrf(app, admin, page).await;
    let body = [("csrf_token", token.as_str()), ("name", name), ("venues", venue)];
    let res = admin.post(app.url(page)).form(&body).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("<svg") && html.contains("is ready to pair"), "a QR code to pick up: {html}");
    let link = extract(&html, r#"id="pair-link" type="text" readonly value=""#).unwrap();
    assert!(link.starts_with("http://lanyard.test/door#event=qianhai&#38;token=lny_"), "{link}");
    link.rsplit("token=").next().unwrap().to_owned()
}

async fn get(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.client.get(app.url(path)).bearer_auth(token).send().await.unwrap()
}

async fn a_paired_device_scans_only_its_venues_and_opens_a_record_only_with_its_badge(db: Db) {
    let Day { app, admin: _, door: _, reference, code, film } = door_day(db).await;
    let organiser = logged_in(&app, "admin@lanyard.example", Role::Admin).await;
    let hall = venue_id(&app, "Qianhai Exhibition Hall");
    let device = pair(&app, &organiser, "Hall door 2 (iPad)", &hall).await;

    let me: Value = get(&app, &device, "/api/v1/device").await.json().await.unwrap();
    assert_eq!((me["name"].as_str(), me["event"]["slug"].as_str()), (Some("Hall door 2 (iPad)"), Some("qianhai")));
    // Its sessions are the hall's only.
    let listed: Value = get(&app, &device, "/api/v1/events/qianhai/sessions").await.json().await.unwrap();
    assert_eq!(listed["venues"].as_array().unwrap().len(), 1);
    assert!(listed["sessions"].as_array().unwrap().iter().all(|s| s["venue_id"] == hall.as_str()));

    // The sync: one sealed record per badge, nothing readable without the code.
    let res = get(&app, &device, "/api/v1/events/qianhai/sync").await;
    assert_eq!(res.headers()["cache-control"], "no-store");
    let text = res.text().await.unwrap();
    for clear in ["Hussam", "Al Husseini", "حسام", &reference, &code, "jo-embassy", "Jordan"] {
        assert!(!text.contains(clear), "{clear} is readable in the synced data");
    }
    let sync: Value = serde_json::from_str(&text).unwrap();
    let stored: i64 = badges::table.count().get_result(&mut app.conn()).unwrap();
    assert_eq!(sync["badges"].as_array().unwrap().len() as i64, stored);
    let salt = sync["salt"].as_str().unwrap();
    let id = offline::record_id(salt, &code);
    let sealed = sync["badges"].as_array().unwrap().iter().find(|b| b["id"] == id.as_str()).unwrap();
    let sealed = sealed["data"].as_str().unwrap();
    let record: Value = serde_json::from_slice(&offline::open(salt, &code, sealed).unwrap()).unwrap();
    assert_eq!(record["registration"]["reference"], reference.as_str());
    assert_eq!(record["registration"]["native_name"], "حسام الحسيني");
    assert_eq!((record["revoked"].as_bool(), record["version"].as_i64()), (Some(false), Some(1)));
    assert!(record["registration"].get("email").is_none(), "no contact data on a door device");
    assert!(offline::open(salt, "ANOTHER-CODE", sealed).is_none());
    assert_eq!(sync["messages"]["admitted"], "ADMIT");

    // It scans at the hall; elsewhere it is refused before anything is stored.
    let first = scan(&app, &device, json!({ "code": code, "session": film, "nonce": "dev-1" })).await;
    assert_eq!(first["outcome"], "admitted");
    let hub_session = session_id(&app, "Visit of the Qianhai");
    let res = app
        .client
        .post(app.url("/api/v1/events/qianhai/scans"))
        .bearer_auth(&device)
        .json(&json!({ "code": code, "session": hub_session, "nonce": "dev-2" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(scans::table.count().get_result::<i64>(&mut app.conn()).unwrap(), 1);
    // A device never looks people up by reference (a manual admission is for staff).
    let res = app
        .client
        .post(app.url("/api/v1/events/qianhai/scans"))
        .bearer_auth(&device)
        .json(&json!({ "code": reference, "session": film, "nonce": "dev-manual", "manual": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(scans::table.count().get_result::<i64>(&mut app.conn()).unwrap(), 1);

    // An exit scan at the hall ends the stay: nobody is inside any more.
    let out = scan(&app, &device, json!({ "code": code, "venue": hall, "nonce": "dev-3", "direction": "out" })).await;
    assert_eq!((out["outcome"].as_str(), out["message"].as_str()), (Some("exited"), Some("EXIT RECORDED")));
    let html = organiser.get(app.url("/staff/events/qianhai/attendance")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("EXIT RECORDED"), "the exit is in the log");
    let inside: i64 = lanyard::db::schema::stays::table
        .filter(lanyard::db::schema::stays::left_at.is_null())
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(inside, 0);

    // Lost: revoked on the page, it is refused at once and its list is no longer served.
    let html = organiser.get(app.url("/staff/events/qianhai/devices")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Hall door 2 (iPad)") && html.contains("Qianhai Exhibition Hall"));
    let device_id = extract(&html, r#"action="/staff/events/qianhai/devices/"#).unwrap();
    let device_id = device_id.split('/').next().unwrap().to_owned();
    let token = csrf(&app, &organiser, "/staff/events/qianhai/devices").await;
    let res = organiser
        .post(app.url(&format!("/staff/events/qianhai/devices/{device_id}/revoke")))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(get(&app, &device, "/api/v1/events/qianhai/sync").await.status(), StatusCode::UNAUTHORIZED);
    let audit = organiser.get(app.url("/staff/events/qianhai/audit")).send().await.unwrap().text().await.unwrap();
    assert!(audit.contains("paired a scanning device") && audit.contains("revoked a scanning device"), "{audit}");
    // Door staff cannot create devices.
    let door = logged_in(&app, "door@lanyard.example", Role::Door).await;
    let status = door.get(app.url("/staff/events/qianhai/devices")).send().await.unwrap().status();
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn an_offline_upload_counts_at_the_device_time_and_a_double_admission_is_reported(db: Db) {
    let Day { app, admin, door, .. } = door_day(db).await;
    let film = session_id(&app, "Film");
    let organiser = logged_in(&app, "admin@lanyard.example", Role::Admin).await;
    let hall = venue_id(&app, "Qianhai Exhibition Hall");
    let device = pair(&app, &organiser, "Hall door 3", &hall).await;
    // The film ended five minutes ago; the device scanned a second delegate twenty minutes
    // ago while offline, and uploads now: it counts, at the device's time.
    let now = chrono::Utc::now();
    diesel::update(sessions::table.find(&film))
        .set((
            sessions::starts_at.eq((now - chrono::Duration::minutes(40)).naive_utc()),
            sessions::ends_at.eq((now - chrono::Duration::minutes(5)).naive_utc()),
        ))
        .execute(&mut app.conn())
        .unwrap();
    app.let_the_programme_cache_expire();
    let (_, second) = register(&app, &admin, "deputy@jo-embassy.example", "Delegate").await;
    let at = (now - chrono::Duration::minutes(20)).to_rfc3339();
    let late =
        json!({ "code": second, "session": film, "nonce": "off-1", "scanned_at": at, "offline_outcome": "admitted" });
    let late = scan(&app, &device, late).await;
    assert_eq!((late["outcome"].as_str(), late["clash"].as_bool()), (Some("admitted"), Some(false)), "{late}");
    // Online now, the same session refuses for the time.
    let now_scan = scan(&app, &door, json!({ "code": second, "session": film, "nonce": "on-1" })).await;
    assert_eq!(now_scan["reason"], "outside_session_time");
    // The upload again (a retry): stored once.
    scan(
        &app,
        &device,
        json!({ "code": second, "session": film, "nonce": "off-1", "scanned_at": at, "offline_outcome": "admitted" }),
    )
    .await;
    let stored: i64 =
        scans::table.filter(scans::offline_outcome.is_not_null()).count().get_result(&mut app.conn()).unwrap();
    assert_eq!(stored, 1);

    // A late upload does not move anyone back: the counsellor came to the talent hub and left
    // it just now; the hall's offline scan of a quarter of an hour ago counts for the film, but
    // does not put them inside the hall.
    let (_, counsellor) = register(&app, &admin, "counsellor@jo-embassy.example", "Delegate").await;
    let hub = venue_id(&app, "Qianhai International Talent Hub");
    assert_eq!(
        scan(&app, &door, json!({ "code": counsellor, "venue": hub, "nonce": "on-hub" })).await["outcome"],
        "admitted"
    );
    let out = json!({ "code": counsellor, "venue": hub, "nonce": "on-hub-out", "direction": "out" });
    assert_eq!(scan(&app, &door, out).await["outcome"], "exited");
    let t1 = (now - chrono::Duration::minutes(15)).to_rfc3339();
    let old = json!({ "code": counsellor, "session": film, "nonce": "off-old", "scanned_at": t1, "offline_outcome": "admitted" });
    assert_eq!(scan(&app, &device, old).await["outcome"], "admitted");
    let open: Vec<String> = lanyard::db::schema::stays::table
        .inner_join(lanyard::db::schema::registrations::table)
        .filter(lanyard::db::schema::registrations::email_lower.eq("counsellor@jo-embassy.example"))
        .filter(lanyard::db::schema::stays::left_at.is_null())
        .select(lanyard::db::schema::stays::venue_id)
        .load(&mut app.conn())
        .unwrap();
    assert!(open.is_empty(), "nowhere inside: {open:?}");

    // Two doors, both offline, let the same attaché in; the second upload is the clash.
    let other = pair(&app, &organiser, "Hall door 4", &hall).await;
    let (_, third) = register(&app, &admin, "attache@jo-embassy.example", "Delegate").await;
    let t2 = (now - chrono::Duration::minutes(15)).to_rfc3339();
    let first =
        json!({ "code": third, "session": film, "nonce": "off-3a", "scanned_at": t2, "offline_outcome": "admitted" });
    assert_eq!(scan(&app, &device, first).await["outcome"], "admitted");
    let t3 = (now - chrono::Duration::minutes(10)).to_rfc3339();
    let clash =
        json!({ "code": third, "session": film, "nonce": "off-3b", "scanned_at": t3, "offline_outcome": "admitted" });
    let clash = scan(&app, &other, clash).await;
    assert_eq!((clash["outcome"].as_str(), clash["clash"].as_bool()), (Some("already_admitted"), Some(true)));

    // The organisers see it, with whom and which device.
    let figures = attendance(&app, &admin).await;
    let clashes = figures["clashes"].as_array().unwrap();
    assert_eq!(clashes.len(), 1, "{figures}");
    assert_eq!(clashes[0]["device"], "Hall door 4");
    let html = organiser.get(app.url("/staff/events/qianhai/attendance")).send().await.unwrap().text().await.unwrap();
    let section = &html[html.find("Offline clashes").expect("a clash section")..];
    assert!(section.contains("Hall door 4") && section.contains("ALREADY ADMITTED"), "{section}");
    assert!(html.contains("decided offline"), "offline scans are marked in the log");
}

/// The scan log as Python's openpyxl reads the workbook, row by row, as text (no formulas).
fn workbook_rows(path: &std::path::Path) -> Vec<Vec<String>> {
    let script = r#"
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
# A formula cell would run in the reader's spreadsheet: every cell must be a value.
formulas = [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
assert not formulas, "formula cells: %s" % formulas
out = []
for row in ws.iter_rows(values_only=True):
    out.append(["" if v is None else (v.strftime("%Y-%m-%d %H:%M:%S") if hasattr(v, "strftime") else str(v)) for v in row])
print(json.dumps(out))
"#;
    let out = std::process::Command::new(crate::helpers::python()).arg("-c").arg(script).arg(path).output().unwrap();
    assert!(out.status.success(), "openpyxl: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

async fn the_workbook_and_the_csv_have_the_same_rows(db: Db) {
    let Day { app, admin: _, door, reference: _, code, film } = door_day(db).await;
    for (i, c) in [code.as_str(), code.as_str(), "=HYPERLINK(\"x\")", "NOT-A-BADGE"].iter().enumerate() {
        scan(&app, &door, json!({ "code": c, "session": film, "nonce": format!("x{i}") })).await;
    }
    let organiser = logged_in(&app, "organiser@lanyard.example", Role::Registrar).await;
    let csv = organiser.get(app.url("/staff/events/qianhai/scans.csv")).send().await.unwrap().text().await.unwrap();
    let res = organiser.get(app.url("/staff/events/qianhai/scans.xlsx")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().contains("spreadsheetml"));
    let path = app.db.dir.path().join("scans.xlsx");
    std::fs::write(&path, res.bytes().await.unwrap()).unwrap();
    let book = workbook_rows(&path);
    let mut reader =
        ::csv::ReaderBuilder::new().has_headers(false).from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    assert_eq!(book.len(), rows.len());
    assert_eq!(book.len(), 5, "a header and four scans");
    for (b, c) in book.iter().zip(&rows) {
        // The CSV defuses formulas with a leading apostrophe; the workbook holds them as text.
        let c: Vec<String> = c.iter().map(|v| v.strip_prefix('\'').unwrap_or(v).to_owned()).collect();
        assert_eq!(b, &c);
    }
    assert!(!book.iter().flatten().any(|v| v == &code), "working badge codes stay out");
    // And from the command line, by the file's extension.
    let out = app.db.dir.path().join("cli.xlsx");
    let cli = export_attendance(&app, &out);
    assert!(cli.status.success(), "{}", String::from_utf8_lossy(&cli.stderr));
    assert_eq!(workbook_rows(&out), book);
}
