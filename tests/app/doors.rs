//! Doors: every decision and its reason, a retried scan counted once, presence across venues,
//! and two doors scanning one badge at the same instant admitting it once.

use diesel::prelude::*;
use lanyard::badges::store;
use lanyard::db::schema::{admissions, registrations, scans, sessions};
use lanyard::staff::{Role, tokens};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Db, TestApp, spawn_app};

crate::on_both_databases!(
    a_door_admits_once_and_says_why_it_refuses,
    two_doors_scanning_one_badge_at_once_admit_it_once,
    a_door_account_scans_at_its_venue_with_the_station_page,
    the_dashboard_and_the_exports_agree_with_the_scans,
);

pub(crate) fn token(app: &TestApp, role: Role, name: &str) -> String {
    let now = chrono::Utc::now().naive_utc();
    tokens::create(&mut app.conn(), name, role, Some(&crate::helpers::qianhai(app)), "test", now).unwrap().1
}

/// The demo day, moved to now: the sessions run from ten minutes ago, the group photo tomorrow.
pub(crate) fn programme_is_today(app: &TestApp) {
    let now = chrono::Utc::now().naive_utc();
    let rows: Vec<(String, String)> =
        sessions::table.select((sessions::id, sessions::title)).load(&mut app.conn()).unwrap();
    for (id, title) in rows {
        let start = if title.starts_with("Xiangyunsha") {
            now + chrono::Duration::days(1)
        } else {
            now - chrono::Duration::minutes(10)
        };
        diesel::update(sessions::table.find(id))
            .set((sessions::starts_at.eq(start), sessions::ends_at.eq(start + chrono::Duration::hours(1))))
            .execute(&mut app.conn())
            .unwrap();
    }
}

pub(crate) fn session_id(app: &TestApp, title: &str) -> String {
    sessions::table
        .filter(sessions::title.like(format!("{title}%")))
        .select(sessions::id)
        .first(&mut app.conn())
        .unwrap()
}

pub(crate) async fn register(app: &TestApp, admin: &str, email: &str, category: &str) -> (String, String) {
    register_from(app, admin, email, category, "JO").await
}

/// `register`, for a delegate of `country`.
pub(crate) async fn register_from(
    app: &TestApp,
    admin: &str,
    email: &str,
    category: &str,
    country: &str,
) -> (String, String) {
    let v = register_json(app, admin, json!({
        "honorific": "H.E. Mr.", "given_name": "Hussam", "family_name": "Al Husseini", "native_name": "حسام الحسيني",
        "email": email, "country": country, "organization": "Embassy of the Hashemite Kingdom of Jordan",
        "position": "Ambassador", "category": category, "sessions": [], "locale": "ar"
    }))
    .await;
    let reference = v["reference"].as_str().unwrap().to_owned();
    let id = v["id"].as_str().unwrap().to_owned();
    let badge = store::current(&mut app.conn(), &id.as_str().into()).unwrap().unwrap();
    (reference, badge.code(&app.keys()).unwrap())
}

/// Registers `body` through the API as staff (approved at once); answers the registration.
pub(crate) async fn register_json(app: &TestApp, admin: &str, body: Value) -> Value {
    let url = app.url("/api/v1/events/qianhai/registrations");
    let res = app.client.post(url).bearer_auth(admin).json(&body).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED, "{body}");
    res.json().await.unwrap()
}

/// `lanyard export attendance` for the demo event, into `out` (CSV, or XLSX by extension).
pub(crate) fn export_attendance(app: &TestApp, out: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_lanyard"))
        .env_clear()
        .env("DATABASE_URL", &app.db.url)
        .env("LANYARD_DATA_DIR", &app.data_dir)
        .args(["export", "attendance", "--event", "qianhai", "--out"])
        .arg(out)
        .output()
        .unwrap()
}

/// The attendance figures from the API.
pub(crate) async fn attendance(app: &TestApp, token: &str) -> Value {
    let res = app.client.get(app.url("/api/v1/events/qianhai/attendance")).bearer_auth(token).send().await.unwrap();
    res.json().await.unwrap()
}

/// A venue's id by its name.
pub(crate) fn venue_id(app: &TestApp, name: &str) -> String {
    lanyard::db::schema::venues::table
        .filter(lanyard::db::schema::venues::name.eq(name))
        .select(lanyard::db::schema::venues::id)
        .first(&mut app.conn())
        .unwrap()
}

/// Reissues a badge through the API (the old code stops working); answers the new version and code.
pub(crate) async fn reissue(app: &TestApp, token: &str, reference: &str, reason: &str) -> Value {
    let res = app
        .client
        .post(app.url(&format!("/api/v1/events/qianhai/registrations/{reference}/badge/reissue")))
        .bearer_auth(token)
        .json(&json!({ "reason": reason }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

pub(crate) async fn scan(app: &TestApp, door: &str, body: Value) -> Value {
    let res =
        app.client.post(app.url("/api/v1/events/qianhai/scans")).bearer_auth(door).json(&body).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

/// The app with the programme moved to now, an admin and a door token, and one head of
/// mission registered (reference and badge code); `film` is the first session.
pub(crate) struct Day {
    pub app: TestApp,
    pub admin: String,
    pub door: String,
    pub reference: String,
    pub code: String,
    pub film: String,
}

pub(crate) async fn door_day(db: Db) -> Day {
    door_day_on(spawn_app(db).await).await
}

/// `door_day` on an app already started (with its own settings).
pub(crate) async fn door_day_on(app: TestApp) -> Day {
    programme_is_today(&app);
    let admin = token(&app, Role::Admin, "admin");
    let door = token(&app, Role::Door, "hall door 1");
    let (reference, code) = register(&app, &admin, "h.alhusseini@jo-embassy.example", "Head of Mission").await;
    let film = session_id(&app, "Film");
    Day { app, admin, door, reference, code, film }
}

async fn a_door_admits_once_and_says_why_it_refuses(db: Db) {
    let Day { app, admin, door, reference, code, film } = door_day(db).await;

    let first = scan(
        &app,
        &door,
        json!({ "code": code, "session": film, "nonce": "n1", "scanned_at": "2026-12-24T06:02:11Z" }),
    )
    .await;
    assert_eq!(first["outcome"], "admitted");
    assert_eq!(first["message"], "ADMIT");
    assert_eq!(first["registration"]["reference"], reference.as_str());
    assert_eq!(first["registration"]["native_name"], "حسام الحسيني");
    assert_eq!(first["registration"]["category"], "Head of Mission");
    assert!(first["registration"].get("email").is_none(), "the door never sees contact data");
    assert_eq!(first["admitted_count"], 1);

    // The same scan sent again (a retry): the same answer, stored once.
    let retry = scan(&app, &door, json!({ "code": code, "session": film, "nonce": "n1" })).await;
    assert_eq!((retry["outcome"].as_str(), retry["scan_id"].as_str()), (Some("admitted"), first["scan_id"].as_str()));
    // Scanned again: already admitted, with when and where.
    let again = scan(&app, &door, json!({ "code": code, "session": film, "nonce": "n2" })).await;
    assert_eq!(again["outcome"], "already_admitted");
    assert!(again["detail"].as_str().unwrap().contains("Qianhai Exhibition Hall"), "{again}");
    assert_eq!(again["admitted_count"], 1);

    // Refusals, each with its reason.
    let unknown = scan(&app, &door, json!({ "code": "NOT-A-BADGE", "session": film, "nonce": "n3" })).await;
    assert_eq!((unknown["outcome"].as_str(), unknown["reason"].as_str()), (Some("refused"), Some("unknown_code")));
    let later = session_id(&app, "Xiangyunsha");
    let early = scan(&app, &door, json!({ "code": code, "session": later, "nonce": "n4" })).await;
    assert_eq!(early["reason"], "outside_session_time");
    let (_, press_code) = register(&app, &admin, "press@jo-embassy.example", "Press").await;
    let photo = session_id(&app, "Group photo");
    let press = scan(&app, &door, json!({ "code": press_code, "session": photo, "nonce": "n5" })).await;
    assert_eq!(press["reason"], "not_allowed_in_session");

    // Lost and reissued: the old code is refused with both versions.
    let new_code = reissue(&app, &admin, &reference, "lost").await["code"].as_str().unwrap().to_owned();
    let old = scan(&app, &door, json!({ "code": code, "session": photo, "nonce": "n6" })).await;
    assert_eq!(old["reason"], "old_badge");
    assert_eq!(old["detail"], "Old badge (version 1; current is 2). It was reissued.");
    let photo_ok = scan(&app, &door, json!({ "code": new_code, "session": photo, "nonce": "n7" })).await;
    assert_eq!(photo_ok["outcome"], "admitted");

    // Presence: the hall first, then the rooftop; the hall no longer counts them.
    let attendance: Value = attendance(&app, &admin).await;
    let venue = |name: &str| {
        attendance["venues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["name"].as_str().unwrap().contains(name))
            .unwrap()
            .clone()
    };
    assert_eq!(venue("Exhibition Hall")["inside"], 0);
    assert_eq!(venue("SIC")["inside"], 1);
    assert_eq!(venue("Exhibition Hall")["admitted"], 0, "admitted to the film session, not the hall as a whole");

    // Cancelled: refused.
    diesel::update(registrations::table.filter(registrations::reference.eq(&reference)))
        .set(registrations::status.eq("cancelled"))
        .execute(&mut app.conn())
        .unwrap();
    let cancelled = scan(&app, &door, json!({ "code": new_code, "session": film, "nonce": "n8" })).await;
    assert_eq!(cancelled["reason"], "cancelled");

    // Every scan is stored, admitted or not; the retry once.
    let stored: i64 = scans::table.count().get_result(&mut app.conn()).unwrap();
    assert_eq!(stored, 8);
    // The door token may not read attendance.
    let res = app.client.get(app.url("/api/v1/events/qianhai/attendance")).bearer_auth(&door).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

async fn two_doors_scanning_one_badge_at_once_admit_it_once(db: Db) {
    let app = spawn_app(db).await;
    programme_is_today(&app);
    let admin = token(&app, Role::Admin, "admin");
    let (_, code) = register(&app, &admin, "h.alhusseini@jo-embassy.example", "Head of Mission").await;
    let film = session_id(&app, "Film");
    let doors: Vec<String> = (0..10).map(|i| token(&app, Role::Door, &format!("door {i}"))).collect();
    let mut tasks = Vec::new();
    for (i, door) in doors.iter().enumerate() {
        let (client, url, door, code, film) =
            (app.client.clone(), app.url("/api/v1/events/qianhai/scans"), door.clone(), code.clone(), film.clone());
        tasks.push(tokio::spawn(async move {
            let body = json!({ "code": code, "session": film, "nonce": format!("door-{i}") });
            let res = client.post(url).bearer_auth(door).json(&body).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            res.json::<Value>().await.unwrap()["outcome"].as_str().unwrap().to_owned()
        }));
    }
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.unwrap());
    }
    outcomes.sort();
    assert_eq!(outcomes.iter().filter(|o| *o == "admitted").count(), 1, "{outcomes:?}");
    assert_eq!(outcomes.iter().filter(|o| *o == "already_admitted").count(), 9, "{outcomes:?}");
    let admitted: i64 = admissions::table.count().get_result(&mut app.conn()).unwrap();
    assert_eq!(admitted, 1);
}

async fn a_door_account_scans_at_its_venue_with_the_station_page(db: Db) {
    use crate::staff::token as csrf;
    let app = spawn_app(db).await;
    programme_is_today(&app);
    let admin = token(&app, Role::Admin, "admin");
    let (reference, code) = register(&app, &admin, "h.alhusseini@jo-embassy.example", "Head of Mission").await;
    let film = session_id(&app, "Film");
    let hall: String = sessions::table.find(&film).select(sessions::venue_id).first(&mut app.conn()).unwrap();
    let door = door_staff_at(&app, "door@lanyard.example", &hall).await;

    // Only its own venue is offered, with its sessions.
    let html = door.get(app.url("/staff/door?event=qianhai")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Qianhai Exhibition Hall") && !html.contains("Talent Hub"), "{html}");
    let station = format!("/staff/door?event=qianhai&venue={hall}&session={film}");
    let html = door.get(app.url(&station)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(r#"id="code""#) && html.contains("autofocus") && html.contains("/static/door.js"));
    let token = csrf(&app, &door, &station).await;

    // The page's script asks for JSON.
    let form = [
        ("csrf_token", token.as_str()),
        ("event", "qianhai"),
        ("venue", hall.as_str()),
        ("session", film.as_str()),
        ("code", code.as_str()),
        ("nonce", "js-1"),
    ];
    let res =
        door.post(app.url("/staff/door/scan")).header("Accept", "application/json").form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let d: Value = res.json().await.unwrap();
    assert_eq!((d["outcome"].as_str(), d["count_text"].as_str()), (Some("admitted"), Some("One admitted so far")));
    // Without script the same form answers with the page.
    let mut again = form.to_vec();
    again[5] = ("nonce", "");
    let html = door.post(app.url("/staff/door/scan")).form(&again).send().await.unwrap().text().await.unwrap();
    assert!(
        html.contains("door-result already") && html.contains("ALREADY ADMITTED") && html.contains("Hussam"),
        "{html}"
    );

    // Another venue is not this account's door.
    let sic_session = session_id(&app, "The Skyline");
    let sic: String = sessions::table.find(&sic_session).select(sessions::venue_id).first(&mut app.conn()).unwrap();
    let elsewhere = format!("/staff/door?event=qianhai&venue={sic}&session={sic_session}");
    assert_eq!(door.get(app.url(&elsewhere)).send().await.unwrap().status(), StatusCode::FORBIDDEN);

    // No badge: found by name and admitted by hand, logged as manual with the staff member.
    let (other_ref, _) = register(&app, &admin, "second@jo-embassy.example", "Delegate").await;
    let html = door.get(app.url(&format!("{station}&q={other_ref}"))).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(&other_ref) && html.contains("Admit manually"));
    let by_mail =
        door.get(app.url(&format!("{station}&q=jo-embassy.example"))).send().await.unwrap().text().await.unwrap();
    assert!(by_mail.contains("Nobody approved matches."), "door staff cannot search by email");
    let manual = [
        ("csrf_token", token.as_str()),
        ("event", "qianhai"),
        ("venue", hall.as_str()),
        ("session", film.as_str()),
        ("code", other_ref.as_str()),
        ("manual", "on"),
    ];
    let html = door.post(app.url("/staff/door/scan")).form(&manual).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("door-result admitted"), "{html}");
    let (is_manual, staff): (bool, String) = scans::table
        .filter(scans::manual.eq(true))
        .select((scans::manual, scans::staff))
        .first(&mut app.conn())
        .unwrap();
    assert!(is_manual);
    assert_eq!(staff, "door@lanyard.example");
    let _ = reference;
}

async fn the_dashboard_and_the_exports_agree_with_the_scans(db: Db) {
    use crate::staff::logged_in;
    let Day { app, admin, door, reference, code, film } = door_day(db).await;
    // Expected at the film: one registration that chose it and has not come.
    let body = json!({ "given_name": "Camille", "family_name": "Lefèvre-Dubois", "email": "c.lefevre@fr-embassy.example",
        "country": "FR", "category": "Delegate", "sessions": ["Film: the Qianhai development plan"] });
    let res = app
        .client
        .post(app.url("/api/v1/events/qianhai/registrations"))
        .bearer_auth(&admin)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);

    for (i, c) in [code.as_str(), code.as_str(), "=HYPERLINK(\"x\")"].iter().enumerate() {
        scan(&app, &door, json!({ "code": c, "session": film, "nonce": format!("d{i}") })).await;
    }
    // A real badge refused for the time: its code must not reach the export either.
    let later = session_id(&app, "Xiangyunsha");
    scan(&app, &door, json!({ "code": code, "session": later, "nonce": "d3" })).await;
    let organiser = logged_in(&app, "organiser@lanyard.example", Role::Registrar).await;
    let html = organiser.get(app.url("/staff/events/qianhai/attendance")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(r#"http-equiv="refresh""#));
    assert!(html.contains("Camille Lefèvre-Dubois") && html.contains("France"), "not arrived, by delegation");
    assert!(html.contains(&format!("Hussam Al Husseini ({reference})")) && html.contains("ALREADY ADMITTED"));
    assert!(html.contains("Unknown code: not a badge of this event."));
    assert!(html.contains(r#"role="img" aria-label="One admission, by quarter hour""#), "the arrivals chart");
    // Who is where: the ambassador is inside the hall, named in the hall's row.
    let hall_row = &html[html.find("<bdi>Qianhai Exhibition Hall</bdi>").unwrap()..];
    let hall_row = &hall_row[..hall_row.find("</tr>").unwrap()];
    assert!(
        hall_row.contains("Who is inside") && hall_row.contains("Hussam Al Husseini</bdi> · <bdi>Jordan</bdi> · since"),
        "{hall_row}"
    );
    // The delegate's own history, on their registration page.
    let id = crate::staff::registration_id(&app, "h.alhusseini@jo-embassy.example");
    let html =
        organiser.get(app.url(&format!("/staff/registrations/{id}"))).send().await.unwrap().text().await.unwrap();
    let history = &html[html.find("<h2>Attendance</h2>").unwrap()..];
    assert!(history.find("ADMIT").unwrap() < history.find("ALREADY ADMITTED").unwrap());
    assert!(history.contains("Qianhai Exhibition Hall · Film"));

    // The CSV from the page and from the command line: one line per stored scan, the same lines.
    let csv = organiser.get(app.url("/staff/events/qianhai/scans.csv")).send().await.unwrap().text().await.unwrap();
    let lines: Vec<&str> = csv.trim_end().lines().collect();
    let stored: i64 = scans::table.count().get_result(&mut app.conn()).unwrap();
    assert_eq!(lines.len() as i64, stored + 1);
    assert!(
        lines[1].contains(",admitted,")
            && lines[2].contains(",already_admitted,")
            && lines[3].contains(",refused,unknown_code,")
    );
    // The log keeps a short keyed tag of a scanned code, never the code (here a formula).
    let tag = lines[3].rsplit(',').next().unwrap().trim_start_matches('\'');
    assert!(!lines[3].contains("HYPERLINK") && tag.len() == 10, "{}", lines[3]);
    assert!(!csv.contains(&code), "working badge codes stay out of the export");
    let out = app.db.dir.path().join("attendance.csv");
    let cli = export_attendance(&app, &out);
    assert!(cli.status.success(), "{}", String::from_utf8_lossy(&cli.stderr));
    assert!(String::from_utf8_lossy(&cli.stdout).contains("4 scans written"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), csv);
    // A printed list for a door without power: who is expected, in their own script.
    let res = organiser.get(app.url(&format!("/staff/events/qianhai/sessions/{film}/list.pdf"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let pdf = app.db.dir.path().join("list.pdf");
    std::fs::write(&pdf, res.bytes().await.unwrap()).unwrap();
    let text = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap().stdout;
    let text = String::from_utf8(text).unwrap();
    assert!(
        text.contains("Camille Lefèvre-Dubois") && text.contains("France") && text.contains("2 expected"),
        "{text}"
    );
    // Door staff do not read the dashboard.
    let door_staff = logged_in(&app, "door@lanyard.example", Role::Door).await;
    assert_eq!(
        door_staff.get(app.url("/staff/events/qianhai/attendance")).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
}

/// `PUT /api/v1/events/qianhai/sessions/{session}`: the status and the answer.
pub(crate) async fn put_session(app: &TestApp, token: &str, session: &str, body: Value) -> (StatusCode, Value) {
    let url = app.url(&format!("/api/v1/events/qianhai/sessions/{session}"));
    let res = app.client.put(url).bearer_auth(token).json(&body).send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// A door account logged in, that scans at `venue` only.
pub(crate) async fn door_staff_at(app: &TestApp, email: &str, venue: &str) -> reqwest::Client {
    let door = crate::staff::logged_in(app, email, Role::Door).await;
    let door_id: String = lanyard::db::schema::staff_users::table
        .filter(lanyard::db::schema::staff_users::email.eq(email))
        .select(lanyard::db::schema::staff_users::id)
        .first(&mut app.conn())
        .unwrap();
    let now = chrono::Utc::now().naive_utc();
    lanyard::staff::doors::set_venues(&mut app.conn(), &door_id, &[venue.to_owned()], "test", now).unwrap();
    door
}
