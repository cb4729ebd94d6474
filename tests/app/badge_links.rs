//! The badge page link is a key to a credential: a forwarded approval mail must stop working
//! when the badge is reissued or staff send a new link, and after the event. A new photo from
//! that page waits for staff, and the door keeps the accepted one until then.

use std::collections::HashSet;
use std::time::Duration;

use lanyard::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::doors::{Day, door_day, scan};
use crate::helpers::{Db, TestApp, eventually, extract};
use crate::photos::png;
use crate::staff::{logged_in, post, registration_id_by_reference};

crate::on_both_databases!(
    a_mailed_badge_link_stops_working_after_a_reissue_a_new_link_and_the_event,
    a_photo_sent_after_approval_reaches_the_door_only_once_staff_accept_it,
);

/// Every badge page link of `reference` in the mail sent so far.
fn links_in_mail(app: &TestApp, reference: &str) -> HashSet<String> {
    let marker = format!("/events/qianhai/badge/{reference}?t=");
    let mut found = HashSet::new();
    for file in app.mail_files() {
        let unfolded = std::fs::read_to_string(file).unwrap().replace("=\r\n", "").replace("=3D", "=");
        for (at, _) in unfolded.match_indices(&marker) {
            let link: String =
                unfolded[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || "/?=-_".contains(*c)).collect();
            found.insert(link);
        }
    }
    found
}

/// Waits for a mail with a link not seen before, and returns it.
async fn new_link(app: &TestApp, reference: &str, seen: &mut HashSet<String>) -> String {
    let link = eventually(Duration::from_secs(20), "a mail with a new badge link", || {
        links_in_mail(app, reference).into_iter().find(|l| !seen.contains(l))
    })
    .await;
    seen.insert(link.clone());
    link
}

async fn a_mailed_badge_link_stops_working_after_a_reissue_a_new_link_and_the_event(db: Db) {
    use diesel::prelude::*;
    use lanyard::db::schema::{events, registrations};
    // An event that approves each registration: the link comes with the approval mail.
    let app = crate::helpers::spawn_app(db).await;
    diesel::update(events::table).set(events::approval_required.eq(true)).execute(&mut app.conn()).unwrap();
    app.let_the_programme_cache_expire();
    app.register("qianhai", &crate::helpers::jordan_ambassador()).await;
    let reference: String = registrations::table.select(registrations::reference).first(&mut app.conn()).unwrap();
    let admin = crate::doors::token(&app, Role::Admin, "admin");
    eventually(Duration::from_secs(20), "the receipt mail", || (!app.mail_files().is_empty()).then_some(())).await;
    assert!(links_in_mail(&app, &reference).is_empty(), "no badge link before approval");
    let res = app
        .client
        .post(app.url(&format!("/api/v1/events/qianhai/registrations/{reference}/approve")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let mut seen = HashSet::new();
    let first = new_link(&app, &reference, &mut seen).await;
    assert_eq!(app.get(&first).await.status(), StatusCode::OK);

    // Lost and reissued: the forwarded link no longer opens, and the new one comes by mail.
    crate::doors::reissue(&app, &admin, &reference, "lost").await;
    let old = app.get(&format!("{first}&lang=en")).await;
    assert_eq!(old.status(), StatusCode::GONE);
    let html = old.text().await.unwrap();
    assert!(html.contains("This link is no longer valid"), "{html}");
    assert!(!html.contains("<svg"), "no QR code on a dead link");
    let second = new_link(&app, &reference, &mut seen).await;
    let page = app.get(&second).await.text().await.unwrap();
    assert!(page.contains("<svg") && page.contains(&reference));
    let pdf = second.replacen("?t=", "/badge.pdf?t=", 1);
    assert_eq!(app.get(&pdf).await.status(), StatusCode::OK);
    assert_eq!(app.get(&first.replacen("?t=", "/badge.pdf?t=", 1)).await.status(), StatusCode::GONE);

    // Staff send a new link (say the mail was forwarded): the second stops, the third works.
    let registrar = logged_in(&app, "reg@lanyard.example", Role::Registrar).await;
    let desk = format!("/staff/registrations/{}", registration_id_by_reference(&app, &reference));
    let res = post(&app, &registrar, &desk, &format!("{desk}/badge/link"), &[]).await;
    assert!(res.headers()["location"].to_str().unwrap().contains("done=link-sent"));
    let third = new_link(&app, &reference, &mut seen).await;
    assert_eq!(app.get(&second).await.status(), StatusCode::GONE);
    assert_eq!(app.get(&third).await.status(), StatusCode::OK);
    let printer = logged_in(&app, "printer@lanyard.example", Role::Printer).await;
    let res = post(&app, &printer, "/staff/password", &format!("{desk}/badge/link"), &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "registrars send links");
    let history =
        lanyard::audit::for_entity(&mut app.conn(), "registration", &registration_id_by_reference(&app, &reference))
            .unwrap();
    assert!(history.iter().any(|a| a.action == "badge.link"));

    // A guessed or unknown link reads the same as a replaced one: nothing tells which exist.
    let forged = app.get(&format!("/events/qianhai/badge/{reference}?t=AAAAAAAAAAAAAAAAAAAAAA")).await;
    assert_eq!(forged.status(), StatusCode::GONE);
    assert_eq!(app.get("/events/qianhai/badge/QH-NOBODY?t=AAAAAAAAAAAAAAAAAAAAAA").await.status(), StatusCode::GONE);

    // After the event the link expires.
    let ends_at = lanyard::events::store::find_by_slug(&mut app.conn(), "qianhai").unwrap().unwrap().ends_at;
    let wait = ends_at + lanyard::badges::link::AFTER_EVENT - app.clock.now() + chrono::Duration::minutes(1);
    app.clock.advance(wait);
    let expired = app.get(&format!("{third}&lang=en")).await;
    assert_eq!(expired.status(), StatusCode::GONE);
    assert!(expired.text().await.unwrap().contains("This link has expired"));
}

async fn a_photo_sent_after_approval_reaches_the_door_only_once_staff_accept_it(db: Db) {
    let Day { app, admin: _, door, reference, code, film } = door_day(db).await;
    let id = registration_id_by_reference(&app, &reference);
    let registrar = logged_in(&app, "reg@lanyard.example", Role::Registrar).await;
    let desk = format!("/staff/registrations/{id}");

    // Staff took the photo at approval time.
    let token = crate::staff::token(&app, &registrar, &desk).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .part("photo", reqwest::multipart::Part::bytes(png(600, 800)).file_name("desk.png"));
    let res = registrar.post(app.url(&format!("{desk}/photo"))).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let door_photo = || async {
        let res = registrar.get(app.url(&format!("{desk}/photo.jpg"))).send().await.unwrap();
        res.bytes().await.unwrap().to_vec()
    };
    let accepted = door_photo().await;

    // Someone with the forwarded link sends another face.
    let mut seen = HashSet::new();
    let link = new_link(&app, &reference, &mut seen).await;
    let html = app.get(&link).await.text().await.unwrap();
    let csrf = extract(&html, "name=\"csrf_token\" value=\"").unwrap();
    let action = format!("/events/qianhai/badge/{reference}/photo?{}", link.split_once('?').unwrap().1);
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf)
        .part("photo", reqwest::multipart::Part::bytes(png(900, 1200)).file_name("other.png"));
    let res = app.client.post(app.url(&action)).multipart(form).send().await.unwrap();
    let back = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.ends_with("done=photo-pending"), "{back}");
    assert!(
        app.get(&format!("{back}&lang=en")).await.text().await.unwrap().contains("waiting for the accreditation staff")
    );
    assert_eq!(door_photo().await, accepted, "the door keeps the accepted photo");
    let first = scan(&app, &door, json!({ "code": code, "session": film, "nonce": "p1" })).await;
    assert!(first["photo_note"].is_null(), "{first}");

    // The desk sees it waiting, compares, and accepts it.
    let page = registrar.get(app.url(&desk)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("New photo from the delegate") && page.contains(&format!("{desk}/photo-pending.jpg")));
    let pending = registrar.get(app.url(&format!("{desk}/photo-pending.jpg"))).send().await.unwrap();
    assert_eq!(pending.headers()["content-type"], "image/jpeg");
    let proposed = pending.bytes().await.unwrap().to_vec();
    assert_ne!(proposed, accepted);
    let res = post(&app, &registrar, &desk, &format!("{desk}/photo/review"), &[("decision", "accept")]).await;
    assert!(res.headers()["location"].to_str().unwrap().contains("done=photo-accepted"));
    assert_eq!(door_photo().await, proposed);
    // The door says the photo changed recently, so the guard looks twice.
    let photo = crate::doors::session_id(&app, "Group photo");
    let second: Value = scan(&app, &door, json!({ "code": code, "session": photo, "nonce": "p2" })).await;
    assert!(second["photo_note"].as_str().unwrap().starts_with("Photo changed on"), "{second}");
    // Rejecting drops a proposal; every step is audited.
    let res = post(&app, &registrar, &desk, &format!("{desk}/photo/review"), &[("decision", "reject")]).await;
    assert!(res.headers()["location"].to_str().unwrap().contains("done=photo-none-pending"));
    let history = lanyard::audit::for_entity(&mut app.conn(), "registration", &id).unwrap();
    let actions: Vec<&str> = history.iter().map(|a| a.action.as_str()).collect();
    assert!(actions.contains(&"photo.propose") && actions.contains(&"photo.accept"), "{actions:?}");
    // A week later it no longer does.
    app.clock.advance(chrono::Duration::days(8));
    let later = crate::doors::session_id(&app, "Xiangyunsha");
    let third: Value = scan(&app, &door, json!({ "code": code, "session": later, "nonce": "p3" })).await;
    assert!(third["photo_note"].is_null(), "{third}");
}
