//! Privacy: consent to the event's notice, the purge after the retention period, and a
//! person's rights (export, erasure). "Gone" is checked where an attacker with the files would
//! look: the bytes of the SQLite file and its WAL, every file in the data folder, and every row
//! of every PostgreSQL table as text.

use std::path::Path;
use std::time::Duration;

use diesel::prelude::*;
use lanyard::db::schema::{audit_log, consents, events, outbox, photos, registrations};
use lanyard::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::doors::{attendance, programme_is_today, register, scan, session_id, token};
use crate::helpers::{
    Db, TestApp, TestDb, eventually, extract, files_in, jordan_ambassador, set, spawn_app, spawn_app_on,
};

crate::on_both_databases!(
    a_registration_without_consent_is_refused_with_the_input_kept,
    a_changed_notice_is_a_new_version_and_staff_record_their_lawful_basis,
    a_purge_after_the_retention_period_leaves_no_personal_data_while_the_figures_stay,
    an_erased_registration_is_gone_from_the_files_and_its_reference_answers_404,
);

/// Where each needle was found: in the database's files (SQLite) or rows (PostgreSQL), or in a
/// file of the data folder.
fn found(app: &TestApp, needles: &[&[u8]]) -> Vec<String> {
    let mut places = Vec::new();
    let mut look = |place: &str, haystack: &[u8]| {
        for n in needles {
            if haystack.windows(n.len()).any(|w| w == *n) {
                places.push(format!("{} in {place}", String::from_utf8_lossy(n)));
            }
        }
    };
    if let Some(path) = app.db.url.strip_prefix("sqlite://") {
        for suffix in ["", "-wal"] {
            let file = format!("{path}{suffix}");
            if let Ok(bytes) = std::fs::read(&file) {
                look(&file, &bytes);
            }
        }
    } else {
        #[derive(QueryableByName)]
        struct Row {
            #[diesel(sql_type = diesel::sql_types::Text)]
            t: String,
        }
        let tables: Vec<Row> = diesel::sql_query(
            "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
        )
        .load(&mut app.conn())
        .unwrap();
        for Row { t: table } in tables {
            let rows: Vec<Row> =
                diesel::sql_query(format!("SELECT x::text AS t FROM \"{table}\" x")).load(&mut app.conn()).unwrap();
            let text = rows.into_iter().map(|r| r.t).collect::<Vec<_>>().join("\n");
            look(&format!("table {table}"), text.as_bytes());
        }
    }
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() { walk(&p, out) } else { out.push(p) }
        }
    }
    let mut files = Vec::new();
    walk(&app.data_dir, &mut files);
    for f in files {
        look(&f.display().to_string(), &std::fs::read(&f).unwrap_or_default());
    }
    places
}

/// The bytes PostgreSQL shows for a bytea (hex), or the raw bytes for SQLite's file.
fn photo_needle(app: &TestApp, jpeg: &[u8]) -> Vec<u8> {
    let chunk = &jpeg[jpeg.len() / 2..jpeg.len() / 2 + 24];
    if app.db.url.starts_with("sqlite://") {
        chunk.to_vec()
    } else {
        chunk.iter().map(|b| format!("{b:02x}")).collect::<String>().into_bytes()
    }
}

/// Nomvula Dlamini-Mokoena registers on the public form with a photo for her badge.
async fn nomvula_registers_with_a_photo(app: &TestApp) -> String {
    let mut fields = jordan_ambassador();
    for (k, v) in [
        ("given_name", "Nomvula"),
        ("family_name", "Dlamini-Mokoena"),
        ("native_name", "诺姆武拉"),
        ("email", "nomvula@za-embassy.example"),
        ("phone", "+86 10 6532 7171"),
        ("country", "ZA"),
        ("organization", "Embassy of the Republic of South Africa"),
        ("category", "Delegate"),
    ] {
        set(&mut fields, k, v);
    }
    let token = app.csrf_token("qianhai").await;
    let mut form = reqwest::multipart::Form::new().text("csrf_token", token);
    for (k, v) in fields {
        form = form.text(k, v);
    }
    let png = crate::photos::png(600, 800);
    form = form.part("photo", reqwest::multipart::Part::bytes(png).file_name("me.png"));
    let res = app.client.post(app.url("/events/qianhai/register")).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", res.text().await.unwrap());
    registrations::table
        .filter(registrations::email_lower.eq("nomvula@za-embassy.example"))
        .select(registrations::reference)
        .first(&mut app.conn())
        .unwrap()
}

/// The erased delegate's scans keep their place in the figures but name no badge: none names
/// one that is gone.
fn scans_stay_without_their_badge(app: &TestApp) {
    use lanyard::db::schema::{badges, scans};
    let badge_ids: Vec<String> = badges::table.select(badges::id).load(&mut app.conn()).unwrap();
    let scanned: Vec<Option<String>> = scans::table.select(scans::badge_id).load(&mut app.conn()).unwrap();
    assert!(scanned.iter().any(Option::is_none), "the scan stays, without its badge");
    assert!(scanned.iter().flatten().all(|b| badge_ids.contains(b)), "a scan names an erased badge");
}

async fn mails_are_written(app: &TestApp) {
    eventually(Duration::from_secs(20), "the mails to be written", || {
        let pending: i64 = outbox::table
            .filter(outbox::status.eq_any(["queued", "sending"]))
            .count()
            .get_result(&mut app.conn())
            .unwrap();
        (pending == 0 && !files_in(&app.outbox_dir()).is_empty()).then_some(())
    })
    .await;
}

async fn a_registration_without_consent_is_refused_with_the_input_kept(db: Db) {
    let app = spawn_app(db).await;
    let form = app.get("/events/qianhai/register").await.text().await.unwrap();
    assert!(form.contains("Who is responsible") && form.contains("How long we keep it"), "the notice is on the form");
    let consent = &form[form.find(r#"id="consent""#).unwrap()..];
    assert!(!consent[..consent.find('>').unwrap()].contains("checked"), "the box is never ticked in advance");

    let mut fields = jordan_ambassador();
    fields.retain(|(k, _)| k != "consent");
    let token = app.csrf_token("qianhai").await;
    let res = app.post_form("qianhai", &fields, &token).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("Tick the box to agree to the privacy notice"), "a message saying what to do");
    assert!(html.contains(r##"href="#consent""##), "the summary links to the box");
    assert!(html.contains(r#"value="Hussam""#) && html.contains(r#"value="h.alhusseini@jo-embassy.example""#));
    let n: i64 = registrations::table.count().get_result(&mut app.conn()).unwrap();
    assert_eq!(n, 0, "nothing is registered without consent");

    // In Chinese, the refusal is in Chinese.
    let zh = app.client.post(app.url("/events/qianhai/register?lang=zh")).form(&{
        let mut body = fields.clone();
        body.push(("csrf_token".into(), token.clone()));
        body
    });
    let zh = zh.header("Accept-Language", "zh-CN").send().await.unwrap().text().await.unwrap();
    assert!(!zh.contains("Tick the box"), "the message is translated");

    let res = app.register("qianhai", &jordan_ambassador()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (basis, version, at): (String, Option<i32>, Option<chrono::NaiveDateTime>) = consents::table
        .inner_join(registrations::table)
        .select((consents::basis, consents::notice_version, consents::consented_at))
        .first(&mut app.conn())
        .unwrap();
    assert_eq!((basis.as_str(), version), ("consent", Some(1)));
    assert!(at.is_some(), "the time of consent is kept");
}

async fn a_changed_notice_is_a_new_version_and_staff_record_their_lawful_basis(db: Db) {
    let app = spawn_app(db).await;
    let admin = crate::staff::logged_in(&app, "dpo@lanyard.example", Role::Admin).await;
    let html = admin.get(app.url("/staff/events/qianhai/privacy")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Registrations with personal data"), "the report of what is held");
    let token = extract(&html, r#"name="csrf_token" value=""#).unwrap();
    let own =
        "The Foreign Affairs Office of Shenzhen keeps your data for the tour only.\r\n\r\nWrite to dpo@sz.example.";
    let body = [
        ("csrf_token", token.as_str()),
        ("privacy_controller", "Foreign Affairs Office of Shenzhen Municipality"),
        ("retention_days", "30"),
        ("notice_en", own),
    ];
    let res = admin.post(app.url("/staff/events/qianhai/privacy")).form(&body).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = app.get("/events/qianhai/privacy").await.text().await.unwrap();
    assert!(page.contains("keeps your data for the tour only.</p>") && page.contains("Version 2 of this notice"));
    // Other languages keep the standard notice, now naming the controller.
    let zh = app.page_in("/events/qianhai/privacy", "zh-CN").await;
    assert!(zh.contains("Foreign Affairs Office of Shenzhen Municipality"), "{zh}");
    let bad = [("csrf_token", token.as_str()), ("retention_days", "forever")];
    let res = admin.post(app.url("/staff/events/qianhai/privacy")).form(&bad).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Enter a whole number of days from 0 to 3650."));

    app.register("qianhai", &jordan_ambassador()).await;
    let version: Option<i32> = consents::table.select(consents::notice_version).first(&mut app.conn()).unwrap();
    assert_eq!(version, Some(2), "the consent names the notice it was given to");

    // Staff entries record their basis instead of a consent.
    let api = token_for_admin(&app);
    let person = |email: &str, basis: &str| {
        json!({ "given_name": "Zhang", "family_name": "Wei", "email": email, "country": "CN",
                "category": "Delegate", "lawful_basis": basis })
    };
    let url = app.url("/api/v1/events/qianhai/registrations");
    let res = app.client.post(&url).bearer_auth(&api).json(&person("zw@example.cn", "because")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["error"]["fields"][0]["field"], "lawful_basis", "{problem}");
    let res =
        app.client.post(&url).bearer_auth(&api).json(&person("zw@example.cn", "public_task")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let (basis, version): (String, Option<i32>) = consents::table
        .inner_join(registrations::table)
        .filter(registrations::email_lower.eq("zw@example.cn"))
        .select((consents::basis, consents::notice_version))
        .first(&mut app.conn())
        .unwrap();
    assert_eq!((basis.as_str(), version), ("public_task", None));
}

fn token_for_admin(app: &TestApp) -> String {
    token(app, Role::Admin, "privacy office")
}

async fn a_purge_after_the_retention_period_leaves_no_personal_data_while_the_figures_stay(db: Db) {
    // The server looks for due events every 0.2 s here (an hour by default).
    let app = spawn_app_on(TestDb::new(db), |raw| raw.purge_check_seconds = Some("0.2".into())).await;
    programme_is_today(&app);
    let (admin, door) = (token_for_admin(&app), token(&app, Role::Door, "hall door 1"));
    let (_, code) = register(&app, &admin, "h.alhusseini@jo-embassy.example", "Head of Mission").await;
    let film = session_id(&app, "Film");
    assert_eq!(scan(&app, &door, json!({ "code": code, "session": film, "nonce": "p1" })).await["outcome"], "admitted");
    nomvula_registers_with_a_photo(&app).await;
    mails_are_written(&app).await;
    let jpeg: Vec<u8> = photos::table.select(photos::jpeg).first(&mut app.conn()).unwrap();
    let photo = photo_needle(&app, &jpeg);
    let needles: [&[u8]; 6] = [
        b"h.alhusseini@jo-embassy.example",
        b"Al Husseini",
        "حسام الحسيني".as_bytes(),
        b"Dlamini-Mokoena",
        b"nomvula@za-embassy.example",
        &photo,
    ];
    assert!(found(&app, &needles).len() >= 5, "the search finds what is there: {:?}", found(&app, &needles));
    let figures = attendance(&app, &admin).await;

    // The dry run reports and removes nothing.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lanyard"))
        .env_clear()
        .env("DATABASE_URL", &app.db.url)
        .env("LANYARD_DATA_DIR", &app.data_dir)
        .args(["purge", "--event", "qianhai", "--dry-run"])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success()
            && report.contains("qianhai: kept until")
            && report.contains("holds 2 registrations, 1 photos"),
        "{report}"
    );

    let ends: chrono::NaiveDateTime = events::table.select(events::ends_at).first(&mut app.conn()).unwrap();
    app.clock.set(ends + chrono::Duration::days(91));
    eventually(Duration::from_secs(20), "the server's own purge, and its mail files gone", || {
        let purged: Option<chrono::NaiveDateTime> =
            events::table.select(events::purged_at).first(&mut app.conn()).unwrap();
        // The files go last, after the transaction and the WAL's truncation.
        purged.filter(|_| files_in(&app.outbox_dir()).is_empty())
    })
    .await;

    let left = found(&app, &needles);
    assert!(left.is_empty(), "personal data left after the purge: {left:?}");
    assert_eq!(attendance(&app, &admin).await["sessions"], figures["sessions"], "attendance figures stay");
    scans_stay_without_their_badge(&app);
    let report: Value = app
        .client
        .get(app.url("/api/v1/events/qianhai/privacy"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(report["held"], json!({ "registrations": 0, "photos": 0, "mails": 0, "invitations": 0 }));
    assert!(report["purged_at"].is_string());
    let personal: i64 = audit_log::table
        .filter(audit_log::before_value.is_not_null().or(audit_log::after_value.is_not_null()))
        .filter(audit_log::action.ne("event.purge"))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(personal, 0, "the history keeps actions, not values");
}

async fn an_erased_registration_is_gone_from_the_files_and_its_reference_answers_404(db: Db) {
    let app = spawn_app(db).await;
    programme_is_today(&app);
    let (admin, door) = (token_for_admin(&app), token(&app, Role::Door, "hall door 1"));
    let (hussam, code) = register(&app, &admin, "h.alhusseini@jo-embassy.example", "Head of Mission").await;
    let film = session_id(&app, "Film");
    assert_eq!(scan(&app, &door, json!({ "code": code, "session": film, "nonce": "e1" })).await["outcome"], "admitted");
    let nomvula = nomvula_registers_with_a_photo(&app).await;
    mails_are_written(&app).await;
    let figures = attendance(&app, &admin).await;
    let registration = |r: &str| app.url(&format!("/api/v1/events/qianhai/registrations/{r}"));

    // Her right of access: everything held, in one document.
    let res = app.client.get(registration(&nomvula) + "/export").bearer_auth(&admin).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let export: Value = res.json().await.unwrap();
    assert_eq!(export["registration"]["native_name"], "诺姆武拉");
    assert_eq!(export["lawful_basis"]["basis"], "consent");
    assert!(export["photo"]["jpeg_base64"].as_str().unwrap().len() > 1000);
    assert!(!export["mails"].as_array().unwrap().is_empty());
    // A registrar may not erase.
    let registrar = token(&app, Role::Registrar, "desk");
    let res = app.client.delete(registration(&nomvula)).bearer_auth(&registrar).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let jpeg: Vec<u8> = photos::table.select(photos::jpeg).first(&mut app.conn()).unwrap();
    let photo = photo_needle(&app, &jpeg);
    let her_mails: Vec<String> = outbox::table
        .inner_join(registrations::table)
        .filter(registrations::reference.eq(&nomvula))
        .select(outbox::message_id)
        .load(&mut app.conn())
        .unwrap();
    let res = app.client.delete(registration(&nomvula)).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    for again in [app.client.get(registration(&nomvula)), app.client.delete(registration(&nomvula))] {
        assert_eq!(again.bearer_auth(&admin).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    }
    let needles: [&[u8]; 5] =
        [b"Dlamini-Mokoena", b"nomvula@za-embassy.example", "诺姆武拉".as_bytes(), b"6532 7171", &photo];
    let left = found(&app, &needles);
    assert!(left.is_empty(), "her data left after erasure: {left:?}");
    assert!(!found(&app, &[b"h.alhusseini@jo-embassy.example"]).is_empty(), "others stay");
    for f in files_in(&app.outbox_dir()) {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(!her_mails.iter().any(|id| text.contains(id.as_str())), "her mail {} is gone", f.display());
    }
    let (action, after): (String, Option<String>) = audit_log::table
        .filter(audit_log::action.eq("registration.erase"))
        .select((audit_log::action, audit_log::after_value))
        .first(&mut app.conn())
        .unwrap();
    assert_eq!((action.as_str(), after.unwrap().contains(&nomvula)), ("registration.erase", true));

    // Erasing someone who came: his admission still counts, his badge no longer opens a door.
    let res = app.client.delete(registration(&hussam)).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(attendance(&app, &admin).await["sessions"], figures["sessions"], "attendance figures stay");
    scans_stay_without_their_badge(&app);
    let refused = scan(&app, &door, json!({ "code": code, "session": film, "nonce": "e2" })).await;
    assert_eq!((refused["outcome"].as_str(), refused["reason"].as_str()), (Some("refused"), Some("unknown_code")));
    assert!(found(&app, &[b"Al Husseini", b"h.alhusseini@jo-embassy.example"]).is_empty());
}
