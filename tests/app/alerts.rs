//! The watch list and arrival alerts: a registrar names who is alerted about a delegate; when
//! the delegate is admitted, the alert reaches each watcher's dashboard (a live stream) within
//! two seconds, and `GET …/alerts?since=` lists it with time, delegate, venue, session, door.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use lanyard::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::browser::Browser;
use crate::doors::{Day, door_day, register, scan};
use crate::helpers::{Db, TestApp};
use crate::staff::{PASSWORD, add_staff, logged_in, post, registration_id_by_reference};

crate::on_both_databases!(
    a_watched_ambassadors_arrival_reaches_the_watchers_at_once,
    an_open_dashboard_shows_the_arrival_without_a_reload
);

/// A staff account's id by its email.
fn staff_id(app: &TestApp, email: &str) -> String {
    use diesel::prelude::*;
    use lanyard::db::schema::staff_users;
    staff_users::table.filter(staff_users::email.eq(email)).select(staff_users::id).first(&mut app.conn()).unwrap()
}

/// Watches the delegate `reference` for `watchers` (emails), as a registrar does on their page.
async fn watch(app: &TestApp, registrar: &reqwest::Client, reference: &str, watchers: &[&str]) -> StatusCode {
    let id = registration_id_by_reference(app, reference);
    let page = format!("/staff/registrations/{id}");
    let ids: Vec<String> = watchers.iter().map(|e| staff_id(app, e)).collect();
    let fields: Vec<(&str, &str)> = ids.iter().map(|i| ("staff", i.as_str())).collect();
    post(app, registrar, &page, &format!("/staff/registrations/{id}/watch"), &fields).await.status()
}

async fn alerts(app: &TestApp, token: &str, since: &str) -> (StatusCode, Value) {
    let url = app.url("/api/v1/events/qianhai/alerts");
    let res = app.client.get(url).query(&[("since", since)]).bearer_auth(token).send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn a_watched_ambassadors_arrival_reaches_the_watchers_at_once(db: Db) {
    let Day { app, admin, door, reference, code, film } = door_day(db).await;
    let (_, deputy) = register(&app, &admin, "deputy@jo-embassy.example", "Delegate").await;
    let registrar = logged_in(&app, "registrar@lanyard.example", Role::Registrar).await;
    let protocol = logged_in(&app, "protocol@lanyard.example", Role::Admin).await;
    let other = logged_in(&app, "other@lanyard.example", Role::Admin).await;
    assert_eq!(watch(&app, &registrar, &reference, &["protocol@lanyard.example"]).await, StatusCode::SEE_OTHER);
    let before = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);

    // The protocol officer's dashboard stream is open when the ambassador is admitted.
    let mut stream = protocol.get(app.url("/staff/events/qianhai/alerts")).send().await.unwrap();
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    assert_eq!(said(&scan(&app, &door, json!({ "code": deputy, "session": film, "nonce": "w0" })).await), "admitted");
    let admitted = Instant::now();
    assert_eq!(said(&scan(&app, &door, json!({ "code": code, "session": film, "nonce": "w1" })).await), "admitted");
    let mut got = String::new();
    while !got.contains("event: alert") {
        let left = Duration::from_secs(2).saturating_sub(admitted.elapsed());
        let chunk = tokio::time::timeout(left, stream.chunk()).await.expect("an alert within 2 s").unwrap().unwrap();
        got.push_str(std::str::from_utf8(&chunk).unwrap());
    }
    println!("alert on the stream {} ms after the scan", admitted.elapsed().as_millis());
    let data: Value = serde_json::from_str(got.split("data: ").nth(1).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(data["delegate"]["reference"], reference.as_str());
    assert!(data["message"].as_str().unwrap().contains("Hussam Al Husseini (Jordan) arrived"), "{data}");
    assert!(!got.contains("deputy"), "the deputy is nobody's watch");

    // Through the API: time, delegate, venue, session and door; exclusive of `since`.
    let (status, listed) = alerts(&app, &admin, &before).await;
    assert_eq!(status, StatusCode::OK);
    let list = listed["alerts"].as_array().unwrap();
    assert_eq!(list.len(), 1, "only the watched delegate: {listed}");
    let a = &list[0];
    assert_eq!(
        (a["delegate"]["reference"].as_str(), a["venue"]["name"].as_str()),
        (Some(reference.as_str()), Some("Qianhai Exhibition Hall"))
    );
    assert!(a["session"]["title"].as_str().unwrap().starts_with("Film"));
    assert_eq!(
        (a["door"]["device"].as_str(), a["door"]["staff"].as_str()),
        (Some("hall door 1"), Some("api:hall door 1"))
    );
    let (_, after) = alerts(&app, &admin, listed["next_since"].as_str().unwrap()).await;
    assert_eq!(after["alerts"], json!([]), "nothing after the last one");
    assert_eq!(alerts(&app, &admin, "yesterday").await.0, StatusCode::BAD_REQUEST);

    // The dashboards: the watcher sees it, another admin does not.
    let mine = protocol.get(app.url("/staff/events/qianhai/attendance")).send().await.unwrap().text().await.unwrap();
    assert!(mine.contains("Hussam Al Husseini (Jordan) arrived"), "after a reload too");
    let theirs = other.get(app.url("/staff/events/qianhai/attendance")).send().await.unwrap().text().await.unwrap();
    assert!(!theirs.contains("Hussam Al Husseini (Jordan) arrived") && theirs.contains(r#"id="alerts-none""#));

    // Only registrars and admins set the list; unwatched, nothing more comes.
    add_staff(&app, "door@lanyard.example", Role::Door);
    let (door_staff, _) = crate::staff::login(&app, "door@lanyard.example", PASSWORD).await;
    let id = registration_id_by_reference(&app, &reference);
    let res = door_staff.post(app.url(&format!("/staff/registrations/{id}/watch"))).form(&[("staff", "x")]).send();
    assert_eq!(res.await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(watch(&app, &registrar, &reference, &[]).await, StatusCode::SEE_OTHER);
    let again = json!({ "code": code, "session": crate::doors::session_id(&app, "The 300"), "nonce": "w2" });
    assert_eq!(said(&scan(&app, &door, again).await), "admitted");
    let (_, listed) = alerts(&app, &admin, &before).await;
    assert_eq!(listed["alerts"].as_array().unwrap().len(), 0, "alerts are of those watched now");
}

fn said(v: &Value) -> String {
    v["outcome"].as_str().unwrap().to_owned()
}

async fn an_open_dashboard_shows_the_arrival_without_a_reload(db: Db) {
    let Day { app, door, reference, code, film, .. } = door_day(db).await;
    add_staff(&app, "protocol@lanyard.example", Role::Admin);
    let registrar = logged_in(&app, "registrar@lanyard.example", Role::Registrar).await;
    assert_eq!(watch(&app, &registrar, &reference, &["protocol@lanyard.example"]).await, StatusCode::SEE_OTHER);
    let browser = Browser::start_in(None, "en").await;
    browser.client.goto(&app.url("/staff/login")).await.unwrap();
    browser.client.find(Locator::Css("#email")).await.unwrap().send_keys("protocol@lanyard.example").await.unwrap();
    browser.wedge("#password", PASSWORD).await;
    browser.wait_visible(".staffbar").await;
    browser.client.goto(&app.url("/staff/events/qianhai/attendance")).await.unwrap();
    browser.wait_visible("#alerts-none").await;
    // Let the page's stream connect before the scan.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let admitted = Instant::now();
    assert_eq!(said(&scan(&app, &door, json!({ "code": code, "session": film, "nonce": "b1" })).await), "admitted");
    let shown = browser.wait_text("#alerts", "Hussam Al Husseini (Jordan) arrived").await;
    let ms = admitted.elapsed().as_millis();
    println!("alert on the open dashboard {ms} ms after the scan");
    assert!(ms < 2000, "shown after {ms} ms: {shown}");
    assert!(browser.client.find(Locator::Css("#alerts-none")).await.is_err(), "the 'none yet' line went");
    browser.close().await;
}
