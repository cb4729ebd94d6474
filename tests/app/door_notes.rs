//! Door notes: a registrar writes a note for the door on a registration; every station shows
//! it with the answer and asks for an acknowledgement, stored with the scan.

use diesel::prelude::*;
use lanyard::db::schema::scans;
use lanyard::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::doors::{Day, door_day, door_staff_at, register, scan, venue_id};
use crate::helpers::{Db, TestApp};
use crate::staff::{logged_in, post, registration_id_by_reference, token as csrf};

crate::on_both_databases!(a_door_note_is_shown_with_the_answer_and_its_acknowledgement_stored);

/// The acknowledgement stored with the scan sent with `nonce`: when is set, and by whom.
fn acknowledged(app: &TestApp, nonce: &str) -> Option<(bool, Option<String>)> {
    scans::table
        .filter(scans::nonce.like(format!("%:{nonce}")))
        .select((scans::note_acknowledged_at.is_not_null(), scans::note_acknowledged_by))
        .first(&mut app.conn())
        .optional()
        .unwrap()
}

async fn ack(app: &TestApp, token: &str, nonce: &str) -> StatusCode {
    let url = app.url("/api/v1/events/qianhai/scans/ack");
    app.client.post(url).bearer_auth(token).json(&json!({ "nonce": nonce })).send().await.unwrap().status()
}

async fn a_door_note_is_shown_with_the_answer_and_its_acknowledgement_stored(db: Db) {
    let Day { app, admin, door, reference, code, film } = door_day(db).await;
    let (_, plain) = register(&app, &admin, "deputy@jo-embassy.example", "Delegate").await;
    let id = registration_id_by_reference(&app, &reference);
    let page = format!("/staff/registrations/{id}");
    let action = format!("/staff/registrations/{id}/door-note");

    // A registrar writes the note; one too long is refused and the old one kept.
    let registrar = logged_in(&app, "registrar@lanyard.example", Role::Registrar).await;
    let note = "Escort to the VIP lounge;\nwheelchair user";
    let res = post(&app, &registrar, &page, &action, &[("door_note", note)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let long = "x".repeat(301);
    let res = post(&app, &registrar, &page, &action, &[("door_note", long.as_str())]).await;
    assert!(res.headers()["location"].to_str().unwrap().contains("door-note-invalid"));
    let html = registrar.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Escort to the VIP lounge; wheelchair user</textarea>"), "kept as one line");

    // A device's scan: the note comes with the answer; acknowledged once, by the door.
    let answer = scan(&app, &door, json!({ "code": code, "session": film, "nonce": "n1" })).await;
    assert_eq!(answer["door_note"], "Escort to the VIP lounge; wheelchair user");
    assert_eq!(acknowledged(&app, "n1"), Some((false, None)), "not yet read");
    assert_eq!(ack(&app, &door, "n1").await, StatusCode::OK);
    assert_eq!(acknowledged(&app, "n1"), Some((true, Some("api:hall door 1".into()))));
    assert_eq!(ack(&app, &door, "n1").await, StatusCode::OK, "again: the first stands");
    // Someone without a note has nothing to acknowledge; nor has a scan never made.
    let other = scan(&app, &door, json!({ "code": plain, "session": film, "nonce": "n2" })).await;
    assert_eq!(other["door_note"], Value::Null);
    assert_eq!(ack(&app, &door, "n2").await, StatusCode::NOT_FOUND);
    assert_eq!(ack(&app, &door, "never-sent").await, StatusCode::NOT_FOUND);
    // Another token cannot acknowledge this door's scan: nonces are per sender.
    let second = crate::doors::token(&app, Role::Door, "hall door 2");
    assert_eq!(ack(&app, &second, "n1").await, StatusCode::NOT_FOUND);

    // The staff station: the note with the answer (script and page), acknowledged by form.
    let hall = venue_id(&app, "Qianhai Exhibition Hall");
    let staff = door_staff_at(&app, "door@lanyard.example", &hall).await;
    let station = format!("/staff/door?event=qianhai&venue={hall}&session={film}");
    let token = csrf(&app, &staff, &station).await;
    let form = |nonce: &'static str| {
        vec![
            ("csrf_token", token.clone()),
            ("event", "qianhai".into()),
            ("venue", hall.clone()),
            ("session", film.clone()),
            ("code", code.clone()),
            ("nonce", nonce.into()),
        ]
    };
    let html = staff.post(app.url("/staff/door/scan")).form(&form("s1")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Escort to the VIP lounge; wheelchair user") && html.contains(r#"id="note-ack""#));
    let ack_form = [("csrf_token", token.as_str()), ("event", "qianhai"), ("nonce", "s1")];
    let res = staff.post(app.url("/staff/door/ack")).form(&ack_form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "back to the station");
    assert_eq!(acknowledged(&app, "s1"), Some((true, Some("door@lanyard.example".into()))));
    let without = [("event", "qianhai"), ("nonce", "s1")];
    let res = staff.post(app.url("/staff/door/ack")).form(&without).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "CSRF is checked");

    // Removed: the door shows nothing more.
    let res = post(&app, &registrar, &page, &action, &[("door_note", "  ")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let answer = scan(&app, &door, json!({ "code": code, "session": film, "nonce": "n3" })).await;
    assert_eq!(answer["door_note"], Value::Null);
}
