//! Every staff page passes axe-core (WCAG 2.1 A and AA), in English and in Arabic (right to
//! left), with data on it: an admin walks through each one in Chromium. (The staff pages'
//! data tables are exempt from reflow at 320 px, WCAG 1.4.10; the delegate's and the door's
//! pages are checked for it in `access`.)

use fantoccini::Locator;
use lanyard::staff::Role;
use serde_json::{Value, json};

use crate::access::{axe_source, violations};
use crate::browser::Browser;
use crate::doors::{programme_is_today, register, token};
use crate::helpers::{Db, TestApp, spawn_app};
use crate::staff::{PASSWORD, add_staff, registration_id_by_reference};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_staff_page_passes_axe_in_english_and_in_arabic() {
    let axe_js = axe_source();
    let app = spawn_app(Db::Sqlite).await;
    programme_is_today(&app);
    let (id, message) = data(&app).await;
    add_staff(&app, "admin@lanyard.example", Role::Admin);
    let pages = [
        "/staff".to_owned(),
        "/staff/accounts".into(),
        "/staff/security".into(),
        "/staff/security-log".into(),
        "/staff/password".into(),
        "/staff/totp".into(),
        "/staff/events/new".into(),
        "/staff/events/qianhai/setup".into(),
        "/staff/events/qianhai/translations".into(),
        "/staff/events/qianhai/privacy".into(),
        "/staff/events/qianhai/registrations?status=approved&not_arrived=on".into(),
        format!("/staff/registrations/{id}"),
        format!("/staff/registrations/{id}/edit"),
        "/staff/events/qianhai/walk-in".into(),
        "/staff/events/qianhai/messages".into(),
        format!("/staff/events/qianhai/messages/{message}"),
        "/staff/events/qianhai/mails".into(),
        "/staff/events/qianhai/audit".into(),
        "/staff/events/qianhai/invitations".into(),
        "/staff/events/qianhai/import".into(),
        "/staff/events/qianhai/vetting".into(),
        "/staff/events/qianhai/handover".into(),
        "/staff/events/qianhai/badges".into(),
        "/staff/events/qianhai/attendance".into(),
        "/staff/events/qianhai/devices".into(),
        "/staff/events/qianhai/stations".into(),
        "/staff/events/qianhai/zones".into(),
        "/staff/events/qianhai/badge-layouts".into(),
        "/staff/events/qianhai/badge-layouts/default".into(),
    ];
    for lang in ["en", "ar"] {
        let b = Browser::start_in(None, lang).await;
        b.client.goto(&app.url("/staff/login")).await.unwrap();
        b.client.find(Locator::Css("#email")).await.unwrap().send_keys("admin@lanyard.example").await.unwrap();
        b.wedge("#password", PASSWORD).await;
        b.wait_visible(".staffbar").await;
        let mut failed = Vec::new();
        for page in &pages {
            b.client.goto(&app.url(page)).await.unwrap();
            // The page itself, not a login or an error page in its place.
            let at = b.client.current_url().await.unwrap();
            assert_eq!(at.path(), page.split('?').next().unwrap(), "{page} ({lang}) went elsewhere");
            // An error page has a single link, back home; a staff page has the staff bar.
            assert!(b.client.find(Locator::Css(".staffbar")).await.is_ok(), "{page} ({lang}) is an error page");
            let status = b.client.find(Locator::Css("h1")).await.map(|_| ()).map_err(|e| e.to_string());
            assert!(status.is_ok(), "{page} has no heading ({lang})");
            let found = violations(&b, &axe_js).await;
            if found != Value::Array(vec![]) {
                failed.push(format!("{page} ({lang}): {found}"));
            }
        }
        b.close().await;
        assert!(failed.is_empty(), "axe violations:\n{}", failed.join("\n"));
    }
}

/// A registration with a door note, a watch and a failed-looking history, and a message: the
/// pages show real rows, not empty states.
async fn data(app: &TestApp) -> (String, String) {
    let admin = token(app, Role::Admin, "admin");
    let (reference, _) = register(app, &admin, "h.alhusseini@jo-embassy.example", "Head of Mission").await;
    register(app, &admin, "deputy@jo-embassy.example", "Delegate").await;
    let message =
        json!({ "subject": { "en": "Dinner", "ar": "العشاء" }, "body": "At 19:00.", "filter": { "country": "JO" } });
    let res = app
        .client
        .post(app.url("/api/v1/events/qianhai/messages"))
        .bearer_auth(&admin)
        .json(&message)
        .send()
        .await
        .unwrap();
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    (registration_id_by_reference(app, &reference), id)
}
