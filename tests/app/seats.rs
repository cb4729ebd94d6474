//! Places held while pending: a registration waiting for approval holds its place in a capped
//! session only for `LANYARD_PENDING_HOLD_HOURS`; scripted fake registrations then give their
//! places back, and staff reject them in bulk without mailing addresses nobody owns.

use diesel::prelude::*;
use lanyard::db::schema::{events, outbox, registrations, sessions};
use lanyard::staff::{Role, tokens};
use reqwest::StatusCode;

use crate::helpers::{Db, TestApp, TestDb, eventually, jordan_ambassador, set, spawn_app_on};

crate::on_both_databases!(a_pending_hold_lapses_and_fakes_are_rejected_in_bulk_without_mail);

fn seats_taken(app: &TestApp, film: &str) -> i32 {
    sessions::table.find(film).select(sessions::seats_taken).first(&mut *app.conn()).unwrap()
}

fn status_of(app: &TestApp, reference: &str) -> String {
    registrations::table
        .filter(registrations::reference.eq(reference))
        .select(registrations::status)
        .first(&mut *app.conn())
        .unwrap()
}

async fn register(app: &TestApp, email: &str, film: &str) -> reqwest::Response {
    let mut fields = jordan_ambassador();
    set(&mut fields, "email", email);
    fields.push(("sessions".into(), film.to_owned()));
    app.register("qianhai", &fields).await
}

fn reference_of(app: &TestApp, email: &str) -> String {
    registrations::table
        .filter(registrations::email.eq(email))
        .select(registrations::reference)
        .first(&mut *app.conn())
        .unwrap()
}

async fn a_pending_hold_lapses_and_fakes_are_rejected_in_bulk_without_mail(db: Db) {
    let app = spawn_app_on(TestDb::new(db), |raw| {
        raw.pending_hold_hours = Some("1".into());
        raw.purge_check_seconds = Some("0.2".into());
    })
    .await;
    let film = app.session_id("qianhai", "Film");
    diesel::update(events::table).set(events::approval_required.eq(true)).execute(&mut *app.conn()).unwrap();
    diesel::update(sessions::table.find(&film)).set(sessions::capacity.eq(Some(1))).execute(&mut *app.conn()).unwrap();
    app.let_the_programme_cache_expire();

    // A script's registration takes the one place; the real ambassador finds it full.
    assert_eq!(register(&app, "bot1@fake.example", &film).await.status(), StatusCode::OK);
    let bot = reference_of(&app, "bot1@fake.example");
    assert_eq!(status_of(&app, &bot), "pending");
    assert_eq!(register(&app, "h.alhusseini@jo-embassy.example", &film).await.status(), StatusCode::CONFLICT);

    // An hour later the pending registration has given its place back, and stays pending.
    app.clock.advance(chrono::Duration::minutes(61));
    eventually(std::time::Duration::from_secs(10), "the hold to lapse", || {
        (seats_taken(&app, &film) == 0).then_some(())
    })
    .await;
    assert_eq!(status_of(&app, &bot), "pending");
    app.let_the_programme_cache_expire();
    assert_eq!(register(&app, "h.alhusseini@jo-embassy.example", &film).await.status(), StatusCode::OK);
    let ambassador = reference_of(&app, "h.alhusseini@jo-embassy.example");
    assert_eq!(seats_taken(&app, &film), 1);

    // Approving the lapsed one now would overfill the session: refused.
    let now = chrono::Utc::now().naive_utc();
    let (_, secret) =
        tokens::create(&mut app.conn(), "desk", Role::Registrar, Some(&crate::helpers::qianhai(&app)), "test", now)
            .unwrap();
    let approve = |reference: &str| {
        let url = app.url(&format!("/api/v1/events/qianhai/registrations/{reference}/approve"));
        app.client.post(url).bearer_auth(&secret).json(&serde_json::json!({})).send()
    };
    let res = approve(&bot).await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["error"]["code"], "session_full");

    // The registrar rejects the fake in bulk, without mail; a rejection needs a reason.
    let registrar = crate::staff::logged_in(&app, "reg@lanyard.example", Role::Registrar).await;
    let list = "/staff/events/qianhai/registrations";
    let reject = "/staff/events/qianhai/registrations/reject";
    let bot_id = crate::staff::registration_id_by_reference(&app, &bot);
    let res = crate::staff::post(&app, &registrar, list, reject, &[("ids", bot_id.as_str())]).await;
    assert!(res.headers()["location"].to_str().unwrap().ends_with("done=reason-required"));
    assert_eq!(status_of(&app, &bot), "pending");
    let form = [("ids", bot_id.as_str()), ("reason", "Not a delegate of any mission")];
    let res = crate::staff::post(&app, &registrar, list, reject, &form).await;
    let back = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.ends_with("done=bulk-rejected&n=1"), "{back}");
    assert!(
        registrar
            .get(app.url(&back))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .contains("One registration rejected.")
    );
    assert_eq!(status_of(&app, &bot), "rejected");
    let bot_mails: Vec<String> =
        outbox::table.filter(outbox::registration_id.eq(&bot_id)).select(outbox::kind).load(&mut *app.conn()).unwrap();
    assert!(!bot_mails.iter().any(|k| k.contains("reject")), "no rejection mail to the fake address: {bot_mails:?}");
    assert_eq!(seats_taken(&app, &film), 1, "a lapsed hold is not released twice");

    // The ambassador's own approval keeps the place the pending registration held.
    assert_eq!(approve(&ambassador).await.unwrap().status(), StatusCode::OK);
    assert_eq!(seats_taken(&app, &film), 1);
    assert_eq!(status_of(&app, &ambassador), "approved");
}
