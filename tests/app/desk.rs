//! The registrations desk: search, edit, approve, reject, cancel.

use diesel::prelude::*;
use lanyard::db::schema::{events, registrations, sessions};
use lanyard::staff::Role;
use reqwest::StatusCode;

use crate::helpers::{Db, TestApp, eventually, jordan_ambassador, set, spawn_app};

use crate::staff::{logged_in, post, registration_id};

crate::on_both_databases!(
    a_registrar_finds_delegates_by_part_of_a_name_in_any_script,
    a_registrar_fixes_the_badge_name_and_approves_and_the_delegate_is_mailed,
    rejecting_needs_a_reason_and_cancelling_frees_the_place,
);

async fn register_file_delegates(app: &TestApp) {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/delegates.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let token = app.csrf_token("qianhai").await;
    for line in lines.filter(|l| !l.is_empty()) {
        let values = crate::registration::split_csv(line);
        let mut fields: Vec<(String, String)> = header
            .iter()
            .zip(values)
            .map(|(k, v)| (if *k == "name_native" { "native_name".to_owned() } else { k.to_string() }, v))
            .collect();
        if fields.iter().any(|(k, v)| k == "category" && (v == "Staff" || v == "Organizer")) {
            set(&mut fields, "category", "Delegate");
        }
        set(&mut fields, "consent", "on");
        assert_eq!(app.post_form("qianhai", &fields, &token).await.status(), StatusCode::SEE_OTHER);
    }
}

async fn a_registrar_finds_delegates_by_part_of_a_name_in_any_script(db: Db) {
    let app = spawn_app(db).await;
    register_file_delegates(&app).await;
    let client = logged_in(&app, "reg@lanyard.example", Role::Registrar).await;
    let list = |q: &str| {
        let url = app.url(&format!("/staff/events/qianhai/registrations?q={}", url_escape(q)));
        let client = client.clone();
        async move {
            let res = client.get(url).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            res.text().await.unwrap()
        }
    };
    let all = list("").await;
    assert!(
        all.contains("46 registrations match."),
        "{}",
        all.lines().filter(|l| l.contains("match")).collect::<String>()
    );
    // Arabic, by part of the native name; Mongolian Cyrillic; Latin without case.
    let html = list("الحسيني").await;
    assert!(html.contains("One registration matches.") && html.contains("Hussam"), "Arabic search");
    let html = list("Бадрал").await;
    assert!(html.contains("One registration matches.") && html.contains("Tuvshin"), "Cyrillic search");
    let html = list("fernández-VILLAVERDE").await;
    assert!(html.contains("One registration matches."), "case-insensitive beyond ASCII");
    let html = list("no such person").await;
    assert!(html.contains("No registration matches."));
    let html = list("100%").await;
    assert!(html.contains("No registration matches."), "% is literal");
    // By reference, exactly as printed.
    let reference: String = registrations::table.select(registrations::reference).first(&mut *app.conn()).unwrap();
    assert!(list(&reference.to_lowercase()).await.contains("One registration matches."));
    // Filters and sort by precedence: heads of mission first.
    let res = client
        .get(app.url("/staff/events/qianhai/registrations?country=JO&category=Head+of+Mission&sort=precedence"))
        .send()
        .await
        .unwrap();
    assert!(res.text().await.unwrap().contains("One registration matches."));
    let html = list("").await;
    assert!(html.contains("Page 1 of 1"));
}

fn url_escape(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

async fn a_registrar_fixes_the_badge_name_and_approves_and_the_delegate_is_mailed(db: Db) {
    let app = spawn_app(db).await;
    diesel::update(events::table).set(events::approval_required.eq(true)).execute(&mut *app.conn()).unwrap();
    app.let_the_programme_cache_expire();
    let res = app.register("qianhai", &jordan_ambassador()).await;
    assert!(res.text().await.unwrap().contains("will review it"), "pending confirmation page");
    let id = registration_id(&app, "h.alhusseini@jo-embassy.example");
    let client = logged_in(&app, "reg@lanyard.example", Role::Registrar).await;

    let edit = format!("/staff/registrations/{id}/edit");
    let form = client.get(app.url(&edit)).send().await.unwrap().text().await.unwrap();
    assert!(form.contains(r#"value="Hussam""#) && form.contains("Organizer"), "staff may pick any category");
    let mut fields = jordan_ambassador();
    set(&mut fields, "badge_name", "H.E. Hussam Al-Husseini");
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = post(&app, &client, &edit, &edit, &refs).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    let res =
        post(&app, &client, &format!("/staff/registrations/{id}"), &format!("/staff/registrations/{id}/approve"), &[])
            .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let detail = client
        .get(app.url(&format!("/staff/registrations/{id}?done=approved")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(detail.contains("Approved. The delegate will receive an email."));
    assert!(
        detail.contains("badge_name: <bdi></bdi> → <bdi>H.E. Hussam Al-Husseini</bdi>"),
        "history shows before and after"
    );
    assert!(detail.contains("<bdi>reg@lanyard.example</bdi> · approved"), "who approved");
    let status: String = registrations::table.find(&id).select(registrations::status).first(&mut *app.conn()).unwrap();
    assert_eq!(status, "approved");
    let subjects = eventually(std::time::Duration::from_secs(20), "two mails", || {
        let subjects: Vec<String> = app
            .mail_files()
            .iter()
            .filter_map(|f| {
                mail_parser::MessageParser::default()
                    .parse(&std::fs::read(f).unwrap())
                    .and_then(|m| m.subject().map(str::to_owned))
            })
            .collect();
        (subjects.len() == 2).then_some(subjects)
    })
    .await;
    assert!(subjects.iter().any(|s| s.starts_with("Registration received:")), "{subjects:?}");
    assert!(subjects.iter().any(|s| s.starts_with("Registration approved:")), "{subjects:?}");

    let audit = client.get(app.url("/staff/events/qianhai/audit")).send().await.unwrap().text().await.unwrap();
    let approved_at =
        audit.find(&format!(r#"<a href="/staff/registrations/{id}">approved</a>"#)).expect("approval in the event log");
    let edited_at =
        audit.find(&format!(r#"<a href="/staff/registrations/{id}">edited</a>"#)).expect("edit in the event log");
    assert!(approved_at < edited_at, "newest first");

    // Approving again changes nothing and says so.
    let res =
        post(&app, &client, &format!("/staff/registrations/{id}"), &format!("/staff/registrations/{id}/approve"), &[])
            .await;
    assert!(res.headers()["location"].to_str().unwrap().ends_with("done=not-allowed"));
}

async fn rejecting_needs_a_reason_and_cancelling_frees_the_place(db: Db) {
    let app = spawn_app(db).await;
    let film = app.session_id("qianhai", "Film");
    let mut fields = jordan_ambassador();
    fields.push(("sessions".into(), film.clone()));
    app.register("qianhai", &fields).await;
    let id = registration_id(&app, "h.alhusseini@jo-embassy.example");
    let seats =
        || -> i32 { sessions::table.find(&film).select(sessions::seats_taken).first(&mut *app.conn()).unwrap() };
    assert_eq!(seats(), 1);
    let client = logged_in(&app, "reg@lanyard.example", Role::Registrar).await;
    let page = format!("/staff/registrations/{id}");

    let res = post(&app, &client, &page, &format!("{page}/reject"), &[("reason", "  ")]).await;
    assert!(res.headers()["location"].to_str().unwrap().ends_with("done=reason-required"));
    let res =
        post(&app, &client, &page, &format!("{page}/reject"), &[("reason", "The delegation list is full.")]).await;
    assert!(res.headers()["location"].to_str().unwrap().ends_with("done=rejected"));
    assert_eq!(seats(), 0, "a rejected registration frees its place");

    // Reinstating takes the place again; cancelling frees it.
    post(&app, &client, &page, &format!("{page}/approve"), &[]).await;
    assert_eq!(seats(), 1);
    let res = post(&app, &client, &page, &format!("{page}/cancel"), &[("reason", "")]).await;
    assert!(res.headers()["location"].to_str().unwrap().ends_with("done=cancelled"));
    assert_eq!(seats(), 0);
    let texts = eventually(std::time::Duration::from_secs(20), "four mails", || {
        let texts: Vec<String> = app
            .mail_files()
            .iter()
            .filter_map(|f| {
                let raw = std::fs::read(f).unwrap();
                let m = mail_parser::MessageParser::default().parse(&raw)?;
                Some(format!("{} | {}", m.subject()?, m.body_text(0)?))
            })
            .collect();
        (texts.len() == 4).then_some(texts)
    })
    .await;
    let rejection = texts.iter().find(|t| t.starts_with("Registration not accepted")).expect("a rejection mail");
    assert!(rejection.contains("Reason given by the organisers: The delegation list is full."), "{rejection}");
    assert!(!rejection.contains("programme.ics"));
}
