//! A badge is a credential: where the event requires it, it works only once security has
//! cleared its holder and it was handed over against a record; a later refusal stops it at
//! every door, online and on paired devices. Security vets only the events it is given, and its
//! note never leaves the security office. A liaison officer collects a delegation's badges on
//! one signed receipt.

use lanyard::checkin::offline;
use lanyard::events::setup::EventForm;
use lanyard::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::devices::pair;
use crate::doors::{Day, door_day, register, scan, token, venue_id};
use crate::helpers::{Db, TestApp};
use crate::staff::{add_staff, logged_in, login, post, registration_id};

crate::on_both_databases!(
    a_badge_works_once_cleared_and_handed_over_and_stops_everywhere_when_security_refuses,
    security_vets_only_the_events_it_is_given_and_its_note_stays_with_security,
    a_liaison_officer_collects_a_delegation_on_one_signed_receipt,
);

/// Turns on "security vetting required" and "badges work only once handed over" on the setup page.
async fn require_vetting_and_handover(app: &TestApp, organiser: &reqwest::Client) {
    let event = lanyard::events::store::find_by_slug(&mut app.conn(), "qianhai").unwrap().unwrap();
    let form =
        EventForm { vetting_required: Some("on".into()), issue_required: Some("on".into()), ..EventForm::of(&event) };
    let setup = "/staff/events/qianhai/setup";
    let mut body = form_pairs(&form);
    body.push(("csrf_token".into(), crate::staff::token(app, organiser, setup).await));
    let res = organiser.post(app.url(setup)).form(&body).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = organiser.get(app.url(setup)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"id="vetting_required" name="vetting_required" checked"#), "{page}");
    assert!(page.contains(r#"id="issue_required" name="issue_required" checked"#));
}

/// The form as a browser sends it: (name, value) pairs, unticked boxes left out.
fn form_pairs(form: &EventForm) -> Vec<(String, String)> {
    let value = serde_json::to_value(form).unwrap();
    value.as_object().unwrap().iter().filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned()))).collect()
}

async fn api(app: &TestApp, token: &str, path: &str, body: Value) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/events/qianhai{path}")))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn registration_json(app: &TestApp, token: &str, reference: &str) -> Value {
    let path = format!("/api/v1/events/qianhai/registrations/{reference}");
    app.client.get(app.url(&path)).bearer_auth(token).send().await.unwrap().json().await.unwrap()
}

/// Prints the current badge through the API (counted as a print).
async fn print(app: &TestApp, token: &str, reference: &str) {
    let path = format!("/api/v1/events/qianhai/registrations/{reference}/badge.pdf");
    let res = app.client.get(app.url(&path)).bearer_auth(token).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

async fn sync(app: &TestApp, device: &str) -> Value {
    let res = app.client.get(app.url("/api/v1/events/qianhai/sync")).bearer_auth(device).send().await.unwrap();
    res.json().await.unwrap()
}

/// The device's sealed record of a badge, opened with its code, if the sync carries one.
fn device_record(sync: &Value, code: &str) -> Option<Value> {
    let salt = sync["salt"].as_str().unwrap();
    let id = offline::record_id(salt, code);
    let sealed = sync["badges"].as_array().unwrap().iter().find(|b| b["id"] == id.as_str())?;
    Some(serde_json::from_slice(&offline::open(salt, code, sealed["data"].as_str().unwrap()).unwrap()).unwrap())
}

async fn a_badge_works_once_cleared_and_handed_over_and_stops_everywhere_when_security_refuses(db: Db) {
    let Day { app, admin, door, reference, code, film } = door_day(db).await;
    let organiser = logged_in(&app, "admin@lanyard.example", Role::Admin).await;
    require_vetting_and_handover(&app, &organiser).await;
    let events: Value =
        app.client.get(app.url("/api/v1/events")).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        (events["events"][0]["vetting_required"].as_bool(), events["events"][0]["issue_required"].as_bool()),
        (Some(true), Some(true))
    );
    let device = pair(&app, &organiser, "Hall door 2 (iPad)", &venue_id(&app, "Qianhai Exhibition Hall")).await;
    let security = token(&app, Role::Security, "security office");

    // Printed before vetting is allowed, but the badge does not work yet.
    print(&app, &admin, &reference).await;
    let first = scan(&app, &door, json!({ "code": code, "session": film, "nonce": "c1" })).await;
    assert_eq!((first["outcome"].as_str(), first["reason"].as_str()), (Some("refused"), Some("not_vetted")));
    assert_eq!(first["detail"], "Not cleared by security yet.");
    let synced = sync(&app, &device).await;
    let record = device_record(&synced, &code).expect("a pending badge is on the device");
    assert_eq!((record["vetting"].as_str(), record["issued"].as_bool()), (Some("pending"), Some(false)));
    assert_eq!(
        (synced["event"]["vetting_required"].as_bool(), synced["event"]["issue_required"].as_bool()),
        (Some(true), Some(true))
    );
    // Handing over is refused until security clears them.
    let body = json!({ "collected_by": "Hussam Al Husseini", "on_behalf": false });
    let refused = api(&app, &admin, &format!("/registrations/{reference}/badge/issue"), body.clone()).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let refused: Value = refused.json().await.unwrap();
    assert_eq!(
        (refused["error"]["code"].as_str(), refused["error"]["references"][0].as_str()),
        (Some("not_vetted"), Some(reference.as_str()))
    );

    // Security clears them: the registration says so, by whom and when, and never the note.
    let res = api(
        &app,
        &security,
        &format!("/registrations/{reference}/vetting"),
        json!({ "outcome": "cleared", "note": "Diplomatic passport D0421 checked" }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let bad = api(&app, &security, &format!("/registrations/{reference}/vetting"), json!({ "outcome": "maybe" })).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = registration_json(&app, &admin, &reference).await;
    assert_eq!(
        (r["vetting"]["status"].as_str(), r["vetting"]["by"].as_str()),
        (Some("cleared"), Some("api:security office"))
    );
    assert!(r["vetting"]["at"].as_str().is_some());
    assert!(!r.to_string().contains("D0421"), "the note stays with security");
    let second = scan(&app, &door, json!({ "code": code, "session": film, "nonce": "c2" })).await;
    assert_eq!(second["reason"], "not_issued");
    assert_eq!(second["detail"], "Badge not handed over yet: send them to the accreditation desk.");

    // Handed over at the desk: recorded, and from then on it admits.
    let res = api(&app, &admin, &format!("/registrations/{reference}/badge/issue"), body.clone()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let handover: Value = res.json().await.unwrap();
    assert_eq!(
        (handover["badges"][0]["reference"].as_str(), handover["badges"][0]["version"].as_i64()),
        (Some(reference.as_str()), Some(1))
    );
    let again = api(&app, &admin, &format!("/registrations/{reference}/badge/issue"), body).await;
    assert_eq!(again.status(), StatusCode::CONFLICT, "a badge is handed over once");
    let r = registration_json(&app, &admin, &reference).await;
    assert_eq!(
        (r["badge"]["state"].as_str(), r["badge"]["collected_by"].as_str()),
        (Some("issued"), Some("Hussam Al Husseini"))
    );
    assert!(r["badge"]["issued_at"].as_str().is_some());
    let third = scan(&app, &door, json!({ "code": code, "session": film, "nonce": "c3" })).await;
    assert_eq!(third["outcome"], "admitted");
    let record = device_record(&sync(&app, &device).await, &code).unwrap();
    assert_eq!((record["vetting"].as_str(), record["issued"].as_bool()), (Some("cleared"), Some(true)));

    // Security refuses later: refused at once at every door, without saying why, and the
    // paired device's next sync no longer carries the badge.
    let res = api(
        &app,
        &security,
        &format!("/registrations/{reference}/vetting"),
        json!({ "outcome": "refused", "note": "Name on the watch list of the host" }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let photo = crate::doors::session_id(&app, "Group photo");
    let fourth = scan(&app, &door, json!({ "code": code, "session": photo, "nonce": "c4" })).await;
    assert_eq!((fourth["outcome"].as_str(), fourth["reason"].as_str()), (Some("refused"), Some("vetting_refused")));
    assert!(!fourth.to_string().contains("watch list"), "the door never learns why");
    let from_device = scan(&app, &device, json!({ "code": code, "session": film, "nonce": "c5" })).await;
    assert_eq!(from_device["reason"], "vetting_refused");
    let synced = sync(&app, &device).await;
    assert!(device_record(&synced, &code).is_none(), "the device dropped the record");
    assert!(!synced.to_string().contains("watch list"));
    // Every language says it at the door.
    let mut said = std::collections::HashSet::new();
    for (n, lang) in ["en", "zh", "fr", "es", "ru", "ar"].into_iter().enumerate() {
        let res =
            app.client.post(app.url("/api/v1/events/qianhai/scans")).bearer_auth(&door).header("accept-language", lang);
        let res =
            res.json(&json!({ "code": code, "session": photo, "nonce": format!("lang-{n}") })).send().await.unwrap();
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["reason"], "vetting_refused");
        said.insert(v["detail"].as_str().unwrap().to_owned());
    }
    assert_eq!(said.len(), 6, "six languages, six texts: {said:?}");
}

async fn security_vets_only_the_events_it_is_given_and_its_note_stays_with_security(db: Db) {
    let app = crate::helpers::spawn_app(db).await;
    app.register("qianhai", &crate::helpers::jordan_ambassador()).await;
    let id = registration_id(&app, "h.alhusseini@jo-embassy.example");
    let admin = logged_in(&app, "admin@lanyard.example", Role::Admin).await;
    add_staff(&app, "officer@security.example", Role::Security);
    let (officer, _) = login(&app, "officer@security.example", crate::staff::PASSWORD).await;
    let vetting = "/staff/events/qianhai/vetting";
    assert_eq!(
        officer.get(app.url(vetting)).send().await.unwrap().status(),
        StatusCode::FORBIDDEN,
        "not given the event yet"
    );
    let dashboard = officer.get(app.url("/staff")).send().await.unwrap().text().await.unwrap();
    assert!(!dashboard.contains(vetting), "no event to vet yet");

    // The admin gives the officer the event on the accounts page.
    let accounts = admin.get(app.url("/staff/accounts")).send().await.unwrap().text().await.unwrap();
    assert!(accounts.contains("Events this security officer may vet"));
    let officer_id =
        lanyard::staff::store::find_by_email(&mut app.conn(), "officer@security.example").unwrap().unwrap().id;
    let event_id = lanyard::events::store::find_by_slug(&mut app.conn(), "qianhai").unwrap().unwrap().id;
    let res = post(
        &app,
        &admin,
        "/staff/accounts",
        &format!("/staff/accounts/{officer_id}/events"),
        &[("events", event_id.as_str())],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let dashboard = officer.get(app.url("/staff")).send().await.unwrap().text().await.unwrap();
    assert!(
        dashboard.contains(vetting) && !dashboard.contains("/staff/events/qianhai/registrations"),
        "only vetting is offered"
    );
    let page = officer.get(app.url(vetting)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Hussam") && page.contains("حسام الحسيني") && page.contains("Not vetted yet"), "{page}");
    // The officer sees identity, not contact data, and nothing of the desk.
    assert!(!page.contains("h.alhusseini@jo-embassy.example"));
    for other in [
        format!("/staff/registrations/{id}"),
        "/staff/events/qianhai/registrations.csv".to_owned(),
        format!("/staff/registrations/{id}/photo.jpg"),
    ] {
        assert_eq!(officer.get(app.url(&other)).send().await.unwrap().status(), StatusCode::FORBIDDEN, "{other}");
    }

    // The decision on the desk page, with a note for security only.
    let res = post(
        &app,
        &officer,
        vetting,
        &format!("{vetting}/{id}"),
        &[("outcome", "more_info"), ("note", "Ask the embassy for the passport number")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = officer.get(app.url(&format!("{vetting}?done=vetted"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Decision saved.") && page.contains("Ask the embassy for the passport number"));
    let too_long = "x".repeat(1001);
    let res =
        post(&app, &officer, vetting, &format!("{vetting}/{id}"), &[("outcome", "cleared"), ("note", &too_long)]).await;
    assert!(res.headers()["location"].to_str().unwrap().ends_with("done=note-too-long"));
    let res = post(
        &app,
        &officer,
        vetting,
        &format!("{vetting}/{id}"),
        &[("outcome", "cleared"), ("note", "Passport checked")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let open = officer.get(app.url(vetting)).send().await.unwrap().text().await.unwrap();
    assert!(!open.contains("Hussam"), "the cleared leave the list of those still to vet");
    let all = officer.get(app.url(&format!("{vetting}?show=all"))).send().await.unwrap().text().await.unwrap();
    assert!(all.contains("Hussam") && all.contains("Cleared"));

    // A registrar sees the outcome, by whom and when, never the note; the audit keeps no note.
    let registrar = logged_in(&app, "reg@lanyard.example", Role::Registrar).await;
    let desk =
        registrar.get(app.url(&format!("/staff/registrations/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(desk.contains("Cleared") && desk.contains("officer@security.example"), "{desk}");
    assert!(!desk.contains("Passport checked") && !desk.contains("passport number"));
    assert_eq!(registrar.get(app.url(vetting)).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let history = lanyard::audit::for_entity(&mut app.conn(), "registration", id.as_str()).unwrap();
    let vetted: Vec<_> = history.iter().filter(|a| a.action == "registration.vetting").collect();
    assert_eq!(vetted.len(), 2, "each decision is audited");
    assert!(!format!("{history:?}").contains("Passport checked"));
}

async fn a_liaison_officer_collects_a_delegation_on_one_signed_receipt(db: Db) {
    let Day { app, admin, door: _, reference, code: _, film: _ } = door_day(db).await;
    let organiser = logged_in(&app, "admin@lanyard.example", Role::Admin).await;
    // Three of Jordan's delegation; two printed, one not yet.
    let (second, _) = register(&app, &admin, "counsellor@jo-embassy.example", "Delegate").await;
    let (third, _) = register(&app, &admin, "attache@jo-embassy.example", "Delegate").await;
    for r in [&reference, &second] {
        print(&app, &admin, r).await;
    }
    let all = json!({ "references": [reference, second, third], "collected_by": "Rania Haddad (liaison officer)" });
    let res = api(&app, &admin, "/badges/issue", all).await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "all or none");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_printed");
    assert_eq!(body["error"]["references"], json!([third]));
    let unknown =
        api(&app, &admin, "/badges/issue", json!({ "references": ["QH-NOPE"], "collected_by": "Rania Haddad" })).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let nobody = api(&app, &admin, "/badges/issue", json!({ "references": [reference], "collected_by": "  " })).await;
    assert_eq!(nobody.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // On the desk page: the delegation's printed badges are ticked, the unprinted one cannot be.
    let page = "/staff/events/qianhai/handover";
    let html = organiser.get(app.url(&format!("{page}?country=JO"))).send().await.unwrap().text().await.unwrap();
    assert!(
        html.contains(&format!(r#"value="{reference}" checked"#))
            && html.contains(&format!(r#"value="{third}" disabled"#)),
        "{html}"
    );
    assert!(html.contains("Printed, not handed over") && html.contains("Not printed"));
    let res = post(
        &app,
        &organiser,
        page,
        page,
        &[
            ("reference", &reference),
            ("reference", &second),
            ("collected_by", "Rania Haddad (liaison officer)"),
            ("on_behalf", "on"),
            ("desk", "Desk 2, Hilton lobby"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.contains("done=issued&handover="), "{location}");
    let html = organiser.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Handed over and recorded."));
    let receipt = crate::helpers::extract(&html, r#"<a class="button" href=""#).unwrap();
    assert!(receipt.ends_with("receipt.pdf"), "{receipt}");

    // The receipt names everyone in their own script, with references, versions, signatures.
    let res = organiser.get(app.url(&receipt)).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("receipt.pdf");
    std::fs::write(&pdf, res.bytes().await.unwrap()).unwrap();
    let text = crate::badges::text_of(&pdf);
    for expected in [
        reference.as_str(),
        second.as_str(),
        "حسام الحسيني",
        "Rania Haddad (liaison officer)",
        "Desk 2, Hilton lobby",
        "Badges handed over: 2",
        "Signature of the person collecting",
    ] {
        assert!(text.contains(expected), "{expected} missing from the receipt:\n{text}");
    }
    assert!(!text.contains(&third), "only what was handed over");
    let fonts = std::process::Command::new("pdffonts").arg(&pdf).output().unwrap().stdout;
    let fonts = String::from_utf8_lossy(&fonts);
    assert!(fonts.lines().skip(2).all(|l| l.contains(" yes ")), "every font embedded:\n{fonts}");

    // The list shows who collected, on whose behalf.
    let r = registration_json(&app, &admin, &second).await;
    assert_eq!((r["badge"]["state"].as_str(), r["badge"]["on_behalf"].as_bool()), (Some("issued"), Some(true)));
    let list: Value = app
        .client
        .get(app.url("/api/v1/events/qianhai/registrations"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let states: Vec<&str> =
        list["items"].as_array().unwrap().iter().filter_map(|r| r["badge"]["state"].as_str()).collect();
    assert_eq!(states.iter().filter(|s| **s == "issued").count(), 2);
    assert_eq!(states.iter().filter(|s| **s == "not_printed").count(), 1);
    // The desk's list and its export say the same.
    let html =
        organiser.get(app.url("/staff/events/qianhai/registrations")).send().await.unwrap().text().await.unwrap();
    assert_eq!(html.matches("<td>Handed over</td>").count(), 2, "{html}");
    assert_eq!(html.matches("<td>Not printed</td>").count(), 1);
    let csv =
        organiser.get(app.url("/staff/events/qianhai/registrations.csv")).send().await.unwrap().text().await.unwrap();
    let header: Vec<String> =
        crate::registration::split_csv(csv.lines().next().unwrap().trim_start_matches('\u{feff}'));
    let column = header.iter().position(|h| h == "badge").unwrap();
    let mut badges: Vec<String> =
        csv.lines().skip(1).map(|l| crate::registration::split_csv(l)[column].clone()).collect();
    badges.sort();
    assert_eq!(badges, ["issued", "issued", "not_printed"]);

    // The ambassador loses the badge at lunch: the new version is not printed yet, and the list
    // and the export say which version was lost.
    crate::doors::reissue(&app, &admin, &reference, "lost").await;
    let html =
        organiser.get(app.url("/staff/events/qianhai/registrations")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("<td>Not printed · lost: v1</td>"), "{html}");
    let csv =
        organiser.get(app.url("/staff/events/qianhai/registrations.csv")).send().await.unwrap().text().await.unwrap();
    let row = csv.lines().find(|l| l.starts_with(&reference)).unwrap();
    let fields = crate::registration::split_csv(row);
    let lost = header.iter().position(|h| h == "badge_lost").unwrap();
    assert_eq!((fields[column].as_str(), fields[lost].as_str()), ("not_printed", "1"));
}
