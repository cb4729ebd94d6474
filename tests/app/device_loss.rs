//! A stolen or forgotten door device: its token stops working a day after the event (an admin
//! can renew it), the server refuses it, and the device wipes what it held. What it holds is
//! sealed records of one size each.

use lanyard::staff::Role;
use reqwest::StatusCode;
use serde_json::Value;

use crate::browser::{Browser, pair_device};
use crate::devices::pair;
use crate::doors::{Day, door_day, scan, venue_id};
use crate::helpers::{Db, TestApp, extract};
use crate::staff::{logged_in, post};

crate::on_both_databases!(
    a_device_token_expires_after_the_event_until_an_admin_renews_it,
    an_expired_device_is_refused_and_wipes_its_records,
    an_offline_queue_uploads_record_ids_and_proofs_never_codes,
    a_station_with_a_pin_locks_and_opens_only_with_it,
);

async fn device(app: &TestApp, secret: &str) -> reqwest::Response {
    app.client.get(app.url("/api/v1/device")).bearer_auth(secret).send().await.unwrap()
}

/// Moves the app's clock to `by` after the event's end.
fn after_the_event(app: &TestApp, by: chrono::Duration) {
    let ends_at = lanyard::events::store::find_by_slug(&mut app.conn(), "qianhai").unwrap().unwrap().ends_at;
    app.clock.set(ends_at + by);
}

async fn a_device_token_expires_after_the_event_until_an_admin_renews_it(db: Db) {
    let Day { app, code, reference, .. } = door_day(db).await;
    let organiser = logged_in(&app, "admin@lanyard.example", Role::Admin).await;
    // The delegate's photo, taken at the desk.
    let desk = format!("/staff/registrations/{}", crate::staff::registration_id_by_reference(&app, &reference));
    let token = crate::staff::token(&app, &organiser, &desk).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .part("photo", reqwest::multipart::Part::bytes(crate::photos::png(600, 800)).file_name("desk.png"));
    let res = organiser.post(app.url(&format!("{desk}/photo"))).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let secret = pair(&app, &organiser, "Hall door 2 (iPad)", &venue_id(&app, "Qianhai Exhibition Hall")).await;
    assert_eq!(device(&app, &secret).await.status(), StatusCode::OK);
    let page = organiser.get(app.url("/staff/events/qianhai/devices")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Works until"), "{page}");

    // What it holds: one sealed record per badge, all of one size, and when to wipe them.
    let sync: Value = app
        .client
        .get(app.url("/api/v1/events/qianhai/sync"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(sync["wipe_after_hours"], 24);
    let sizes: std::collections::HashSet<usize> =
        sync["badges"].as_array().unwrap().iter().map(|b| b["data"].as_str().unwrap().len()).collect();
    assert_eq!(sizes.len(), 1, "every sealed record is one size: {sizes:?}");
    // The face to compare travels sealed with the record.
    let salt = sync["salt"].as_str().unwrap();
    let id = lanyard::checkin::offline::record_id(salt, &code);
    let sealed = sync["badges"].as_array().unwrap().iter().find(|b| b["id"] == id.as_str()).unwrap();
    let opened = lanyard::checkin::offline::open(salt, &code, sealed["data"].as_str().unwrap()).unwrap();
    let record: Value = serde_json::from_slice(&opened).unwrap();
    let photo = record["photo"].as_str().unwrap();
    assert!(photo.starts_with("data:image/jpeg;base64,") && photo.len() < 4000, "{} bytes", photo.len());
    println!("sealed record: {} characters; photo {} characters", sealed["data"].as_str().unwrap().len(), photo.len());

    // Still fine on the day after; refused once that is over, even from the token cache.
    after_the_event(&app, chrono::Duration::hours(23));
    assert_eq!(device(&app, &secret).await.status(), StatusCode::OK);
    after_the_event(&app, chrono::Duration::hours(25));
    assert_eq!(device(&app, &secret).await.status(), StatusCode::UNAUTHORIZED);
    let res = app.client.get(app.url("/api/v1/events/qianhai/sync")).bearer_auth(&secret).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // The organiser renews it: it works again, and the renewal is audited.
    let organiser = logged_in(&app, "admin2@lanyard.example", Role::Admin).await;
    let page = "/staff/events/qianhai/devices";
    let html = organiser.get(app.url(page)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("expired"), "{html}");
    let id = extract(&html, r#"action="/staff/events/qianhai/devices/"#).unwrap();
    let id = id.split('/').next().unwrap().to_owned();
    let res = post(&app, &organiser, page, &format!("{page}/{id}/renew"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(device(&app, &secret).await.status(), StatusCode::OK);
    let history = lanyard::audit::for_entity(&mut app.conn(), "token", &id).unwrap();
    assert!(history.iter().any(|a| a.action == "device.renew"));
    let door = logged_in(&app, "door@lanyard.example", Role::Door).await;
    let res = post(&app, &door, "/staff/password", &format!("{page}/{id}/renew"), &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "only admins renew");
}

/// How many things the device keeps in IndexedDB (the synced snapshot and its notes).
async fn kept(tablet: &Browser) -> i64 {
    let script = r#"
        const done = arguments[arguments.length - 1];
        const req = indexedDB.open("lanyard-door", 1);
        req.onsuccess = function () {
          const t = req.result.transaction(["kv", "local"], "readonly");
          const a = t.objectStore("kv").count(), b = t.objectStore("local").count();
          t.oncomplete = function () { done(a.result + b.result); };
        };
        req.onerror = function () { done(-1); };"#;
    tablet.client.execute_async(script, vec![]).await.unwrap().as_i64().unwrap()
}

async fn an_expired_device_is_refused_and_wipes_its_records(db: Db) {
    let Day { app, code, .. } = door_day(db).await;
    let tablet = Browser::start_in(None, "en").await;
    let secret = pair_device(&app, "Hall tablet", &venue_id(&app, "Qianhai Exhibition Hall"));
    tablet.client.goto(&app.url(&format!("/door#event=qianhai&token={secret}"))).await.unwrap();
    tablet.choose_place("Film").await;
    tablet.wedge("#device-code", &code).await;
    tablet.wait_text("#device-result", "ADMIT").await;
    assert!(kept(&tablet).await > 0, "the device holds the synced records");

    // Past its expiry the server refuses it, and at its next contact the device forgets all.
    app.clock.advance(chrono::Duration::days(2));
    assert_eq!(device(&app, &secret).await.status(), StatusCode::UNAUTHORIZED);
    tablet.client.refresh().await.unwrap();
    tablet.wait_text("#device-unpaired", "no data").await;
    assert_eq!(kept(&tablet).await, 0, "nothing of the delegation is left on the device");
    let token = tablet.client.execute("return localStorage.getItem('lanyard.device');", vec![]).await.unwrap();
    assert!(token.is_null(), "the token is gone too");
    tablet.screenshot("device-expired-wiped").await;
    tablet.close().await;
}

async fn an_offline_queue_uploads_record_ids_and_proofs_never_codes(db: Db) {
    use lanyard::checkin::offline;
    let Day { app, code, film, .. } = door_day(db).await;
    let organiser = logged_in(&app, "admin@lanyard.example", Role::Admin).await;
    let device = pair(&app, &organiser, "Hall tablet", &venue_id(&app, "Qianhai Exhibition Hall")).await;
    let salt = lanyard::events::store::find_by_slug(&mut app.conn(), "qianhai").unwrap().unwrap().id;
    let salt = salt.as_str();
    let scanned_at = (chrono::Utc::now() - chrono::Duration::minutes(2)).to_rfc3339();
    let queued = |nonce: &str, proof: String| {
        serde_json::json!({
            "record": offline::record_id(salt, &code), "proof": proof, "nonce": nonce, "session": film,
            "offline_outcome": "admitted", "scanned_at": scanned_at,
        })
    };
    // A record id alone (what a thief reads off the synced list) admits nobody.
    let forged = scan(&app, &device, queued("q0", "00".repeat(16))).await;
    assert_eq!((forged["outcome"].as_str(), forged["reason"].as_str()), (Some("refused"), Some("unknown_code")));
    // With the proof the device made when it read the code, the scan counts.
    let good = scan(&app, &device, queued("q1", offline::proof(salt, &code, "q1"))).await;
    assert_eq!(good["outcome"], "admitted", "{good}");
    assert_eq!(good["registration"]["native_name"], "حسام الحسيني");
    // The proof is bound to its scan: replayed under another nonce it proves nothing.
    let replayed = scan(&app, &device, queued("q2", offline::proof(salt, &code, "q1"))).await;
    assert_eq!(replayed["reason"], "unknown_code");
}

async fn a_station_with_a_pin_locks_and_opens_only_with_it(db: Db) {
    use diesel::prelude::*;
    use lanyard::db::schema::api_tokens;
    let Day { app, code, .. } = door_day(db).await;
    // On the devices page: a PIN of letters is refused with its reason; digits are kept as a
    // verifier, which is all the device learns.
    let organiser = logged_in(&app, "admin@lanyard.example", Role::Admin).await;
    let page = "/staff/events/qianhai/devices";
    let hall = venue_id(&app, "Qianhai Exhibition Hall");
    let res = post(&app, &organiser, page, page, &[("name", "Hall tablet"), ("venues", &hall), ("pin", "12ab")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("The PIN must be 4 to 8 digits."));
    let res = post(&app, &organiser, page, page, &[("name", "Hall tablet"), ("venues", &hall), ("pin", "2468")]).await;
    let html = res.text().await.unwrap();
    let link = extract(&html, r#"id="pair-link" type="text" readonly value=""#).unwrap();
    let secret = link.rsplit("token=").next().unwrap().to_owned();
    let me: Value = device(&app, &secret).await.json().await.unwrap();
    let verifier = me["pin"].as_str().unwrap();
    assert!(verifier.starts_with("pbkdf2-sha256$") && !verifier.contains("2468"), "{verifier}");
    let stored: Option<String> = api_tokens::table
        .filter(api_tokens::name.eq("Hall tablet"))
        .select(api_tokens::pin_verifier)
        .first(&mut app.conn())
        .unwrap();
    assert!(lanyard::staff::pin::matches(&stored.unwrap(), "2468"));

    // At the door: locked, it scans nothing until the PIN is typed.
    let tablet = Browser::start_in(None, "en").await;
    tablet.client.goto(&app.url(&format!("/door#event=qianhai&token={secret}"))).await.unwrap();
    tablet.choose_place("Film").await;
    tablet.wait_visible("#device-lock").await;
    tablet.client.find(fantoccini::Locator::Css("#device-lock")).await.unwrap().click().await.unwrap();
    tablet.wait_visible("#device-locked").await;
    let scanning = tablet.client.find(fantoccini::Locator::Css("#device-scan")).await.unwrap();
    assert!(!scanning.is_displayed().await.unwrap(), "no scanning while locked");
    tablet.wedge("#device-pin", "1111").await;
    tablet.wait_text("#device-pin-error", "Wrong PIN.").await;
    tablet.wedge("#device-pin", "2468").await;
    tablet.wait_visible("#device-scan").await;
    tablet.wedge("#device-code", &code).await;
    tablet.wait_text("#device-result", "ADMIT").await;
    tablet.screenshot("device-unlocked-admit").await;
    tablet.close().await;
}
