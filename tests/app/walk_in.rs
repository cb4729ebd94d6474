//! The walk-in desk: someone who arrives unregistered is registered, approved and their badge
//! printed in one step, with a photo from the desk's camera; the badge then works at the door.

use diesel::prelude::*;
use lanyard::db::schema::{badges, photos, registrations};
use lanyard::staff::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::doors::{Day, door_day, scan};
use crate::helpers::{Db, jordan_ambassador, set};
use crate::photos::{multipart, png};
use crate::staff::{logged_in, token as csrf};

crate::on_both_databases!(a_walk_in_is_registered_approved_and_printed_in_one_step);

const DESK: &str = "/staff/events/qianhai/walk-in";

async fn a_walk_in_is_registered_approved_and_printed_in_one_step(db: Db) {
    let Day { app, door, film, .. } = door_day(db).await;
    let desk = logged_in(&app, "desk@lanyard.example", Role::Admin).await;
    let html = desk.get(app.url(DESK)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(r#"enctype="multipart/form-data""#) && html.contains(r#"capture="user""#), "camera input");
    let mut fields = jordan_ambassador();
    set(&mut fields, "email", "walk.in@tn-embassy.example");
    set(&mut fields, "given_name", "Mohamed Ali");
    set(&mut fields, "family_name", "Nafti");
    set(&mut fields, "native_name", "محمد علي النفطي");
    set(&mut fields, "country", "TN");

    // A mistyped address: the form comes back filled, nothing is stored.
    let mut missing = fields.clone();
    set(&mut missing, "email", "walk.in at tn-embassy.example");
    let token = csrf(&app, &desk, DESK).await;
    let res = desk.post(app.url(DESK)).multipart(multipart(&missing, &token, png(600, 800), "desk.png")).send().await;
    let res = res.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Mohamed Ali"), "what was typed is kept");

    // One step: the answer is the badge, printed at the desk, with the photo.
    let token = csrf(&app, &desk, DESK).await;
    let res = desk.post(app.url(DESK)).multipart(multipart(&fields, &token, png(600, 800), "desk.png")).send().await;
    let res = res.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let pdf = app.db.dir.path().join("walk-in.pdf");
    std::fs::write(&pdf, res.bytes().await.unwrap()).unwrap();
    let text = crate::badges::text_of(&pdf);
    assert!(text.contains("Mohamed Ali") && text.to_lowercase().contains("nafti"), "{text}");
    let (id, status, source): (String, String, String) = registrations::table
        .filter(registrations::email_lower.eq("walk.in@tn-embassy.example"))
        .select((registrations::id, registrations::status, registrations::source))
        .first(&mut app.conn())
        .unwrap();
    assert_eq!((status.as_str(), source.as_str()), ("approved", "staff"));
    let printed: i32 = badges::table
        .filter(badges::registration_id.eq(&id))
        .select(badges::print_count)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(printed, 1, "recorded as printed at the desk");
    let with_photo: i64 =
        photos::table.filter(photos::registration_id.eq(&id)).count().get_result(&mut app.conn()).unwrap();
    assert_eq!(with_photo, 1);

    // Their badge works at the door straight away.
    let badge = lanyard::badges::store::current(&mut app.conn(), &id.as_str().into()).unwrap().unwrap();
    let code = badge.code(&app.keys()).unwrap();
    let answer = scan(&app, &door, json!({ "code": code, "session": film, "nonce": "walk-1" })).await;
    assert_eq!(answer["outcome"], "admitted");

    // A registrar, who does not print, gets the registration instead; a door account nothing.
    let registrar = logged_in(&app, "registrar@lanyard.example", Role::Registrar).await;
    set(&mut fields, "email", "second.walk.in@tn-embassy.example");
    let token = csrf(&app, &registrar, DESK).await;
    let res = registrar.post(app.url(DESK)).multipart(multipart(&fields, &token, png(600, 800), "d.png")).send();
    let res = res.await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(res.headers()["location"].to_str().unwrap().starts_with("/staff/registrations/"));
    let doorman = logged_in(&app, "door@lanyard.example", Role::Door).await;
    assert_eq!(doorman.get(app.url(DESK)).send().await.unwrap().status(), StatusCode::FORBIDDEN);
}
