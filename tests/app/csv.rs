//! CSV import (checked line by line before anything is written, idempotent) and export.

use diesel::prelude::*;
use lanyard::db::schema::registrations;
use lanyard::staff::Role;
use reqwest::StatusCode;

use crate::helpers::{Db, TestApp, extract, jordan_ambassador, registration_count, set, spawn_app};
use crate::staff::{browser_for, token};

crate::on_both_databases!(
    importing_the_delegates_file_checks_every_line_first_and_twice_changes_nothing,
    an_export_has_the_form_field_names_and_defuses_formulas,
    a_file_of_a_hundred_delegates_over_30_kb_is_checked_and_then_imported,
);

fn delegates_file() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/delegates.csv")).unwrap()
}

pub(crate) async fn upload(app: &TestApp, client: &reqwest::Client, content: String) -> (StatusCode, String) {
    let csrf = token(app, client, "/staff/events/qianhai/import").await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf)
        .part("file", reqwest::multipart::Part::text(content).file_name("delegates.csv").mime_str("text/csv").unwrap());
    let res = client.post(app.url("/staff/events/qianhai/import")).multipart(form).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

async fn importing_the_delegates_file_checks_every_line_first_and_twice_changes_nothing(db: Db) {
    let app = spawn_app(db).await;
    let client = browser_for(&app, "reg@lanyard.example", Role::Registrar).await;
    let mut file = delegates_file();
    file.push_str("Mr.,Broken,Line,,XX,Nowhere,Nobody,Delegate,not-an-email,en\n");
    file.push_str("Ms.,Again,Twice,,RO,Embassy of Romania,Attaché,Delegate,dan-horia.maxim@ro-embassy.example,en\n");

    let (status, html) = upload(&app, &client, file.clone()).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("New: 46 · already registered (unchanged): 0 · with errors (skipped): 2"), "{html}");
    assert!(html.contains("email: Enter an email address such as name@example.org."), "per-line reasons");
    assert!(html.contains("country: Choose a country from the list."));
    assert!(html.contains("same email as line 3; skipped"));
    assert_eq!(registration_count(&mut app.conn()), 0, "checking writes nothing");

    let content = extract(&html, r#"name="content" value=""#).unwrap();
    let csrf = extract(&html, r#"name="csrf_token" value=""#).unwrap();
    let res = client
        .post(app.url("/staff/events/qianhai/import/confirm"))
        .form(&[("csrf_token", csrf.as_str()), ("content", content.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(res.headers()["location"].to_str().unwrap().ends_with("done=imported&n=46"));
    assert_eq!(registration_count(&mut app.conn()), 46);
    let native: String = registrations::table
        .filter(registrations::email_lower.eq("h.alhusseini@jo-embassy.example"))
        .select(registrations::native_name)
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(native, "حسام الحسيني");

    // The same file again: every line is already registered, nothing changes.
    let (_, html) = upload(&app, &client, file).await;
    assert!(html.contains("New: 0 · already registered (unchanged): 47 · with errors (skipped): 1"), "{html}");
    assert!(!html.contains("name=\"content\""), "nothing to confirm");
    assert_eq!(registration_count(&mut app.conn()), 46);

    let (status, html) = upload(&app, &client, "name,mail\nx,y\n".into()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("the header has no given_name column"));
}

/// A hundred delegates of one mission, with long names of office as real lists have.
fn a_hundred_delegates() -> String {
    let header = "honorific,given_name,family_name,name_native,country,organization,position,category,email,locale";
    let mission = "Permanent Mission of the Hashemite Kingdom of Jordan to the United Nations Office at Geneva \
                   and other international organisations in Switzerland";
    let office = "\"Counsellor for Economic, Commercial and Development Cooperation Affairs\"";
    let mut file = format!("{header}\n");
    for i in 1..=100 {
        file.push_str(&format!(
            "Mr.,Delegate {i},Al Husseini,حسام الحسيني {i},JO,{mission},{office},Delegate,delegate{i}@jo-mission.example,ar\n"
        ));
    }
    file
}

async fn a_file_of_a_hundred_delegates_over_30_kb_is_checked_and_then_imported(db: Db) {
    let app = spawn_app(db).await;
    let client = browser_for(&app, "reg@lanyard.example", Role::Registrar).await;
    let file = a_hundred_delegates();
    assert!(file.len() > 30 * 1024, "{} bytes", file.len());

    let (status, html) = upload(&app, &client, file).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("New: 100 · already registered (unchanged): 0 · with errors (skipped): 0"), "{html}");
    let content = extract(&html, r#"name="content" value=""#).unwrap();
    let csrf = extract(&html, r#"name="csrf_token" value=""#).unwrap();
    let res = client
        .post(app.url("/staff/events/qianhai/import/confirm"))
        .form(&[("csrf_token", csrf.as_str()), ("content", content.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", res.text().await.unwrap());
    assert!(res.headers()["location"].to_str().unwrap().ends_with("done=imported&n=100"));
    assert_eq!(registration_count(&mut app.conn()), 100);
}

async fn an_export_has_the_form_field_names_and_defuses_formulas(db: Db) {
    let app = spawn_app(db).await;
    let mut fields = jordan_ambassador();
    set(&mut fields, "organization", "=HYPERLINK(\"http://evil.example\")");
    fields.push(("sessions".into(), app.session_id("qianhai", "Film")));
    app.register("qianhai", &fields).await;
    let mut other = jordan_ambassador();
    set(&mut other, "email", "someone@ro-embassy.example");
    set(&mut other, "country", "RO");
    app.register("qianhai", &other).await;

    let client = browser_for(&app, "reg@lanyard.example", Role::Registrar).await;
    let res = client.get(app.url("/staff/events/qianhai/registrations.csv?country=JO")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
    let text = res.text().await.unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert_eq!(lines.next().unwrap(), lanyard::registrations::csv_io::COLUMNS.join(","));
    let row = lines.next().unwrap();
    assert!(lines.next().is_none(), "the filter applies: only Jordan");
    assert!(row.contains("حسام الحسيني") && row.contains("Film: the Qianhai development plan"), "{row}");
    assert!(row.contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\""), "{row}");

    let printer = browser_for(&app, "print@lanyard.example", Role::Printer).await;
    let res = printer.get(app.url("/staff/events/qianhai/registrations.csv")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "bulk personal data is for registrars");
}
