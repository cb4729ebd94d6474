//! Delegation seats and exits per session: a session seats so many of one delegation at once,
//! an exit frees a seat, other delegations are not counted, and "inside now" is exact per
//! session when two sessions at one venue overlap.

use lanyard::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::doors::{Day, attendance, door_day, put_session, register, register_from, scan, session_id};
use crate::helpers::{Db, TestApp};

crate::on_both_databases!(a_delegation_gets_its_seats_and_no_more, a_liaison_officer_admits_a_whole_delegation_at_once);

/// "outcome reason" of a door's answer.
fn said(v: &Value) -> String {
    let reason = v["reason"].as_str().filter(|r| !r.is_empty()).map(|r| format!(" {r}")).unwrap_or_default();
    format!("{}{reason}", v["outcome"].as_str().unwrap())
}

/// Inside now in a session, from `GET …/attendance`.
async fn inside(app: &TestApp, token: &str, session: &str) -> i64 {
    let figures = attendance(app, token).await;
    let s = figures["sessions"].as_array().unwrap().iter().find(|s| s["id"] == session).unwrap().clone();
    s["inside"].as_i64().unwrap()
}

async fn a_delegation_gets_its_seats_and_no_more(db: Db) {
    let Day { app, admin, door, code: ambassador, film, .. } = door_day(db).await;
    let (_, deputy) = register(&app, &admin, "deputy@jo-embassy.example", "Delegate").await;
    let (_, attache) = register(&app, &admin, "attache@jo-embassy.example", "Delegate").await;
    let (_, chinese) = register_from(&app, &admin, "li.wei@cn-mfa.example", "Delegate", "CN").await;
    let enter = |code: &str, nonce: &str| json!({ "code": code, "session": film, "nonce": nonce });
    let leave = |code: &str, nonce: &str| json!({ "code": code, "session": film, "nonce": nonce, "direction": "out" });

    // Two seats per delegation, re-entry allowed: the rules as the API shows them.
    let (status, shown) =
        put_session(&app, &admin, &film, json!({ "delegation_quota": 2, "single_entry": false })).await;
    assert_eq!(status, StatusCode::OK, "{shown}");
    assert_eq!((shown["delegation_quota"].as_i64(), shown["exit_scanning"].as_bool()), (Some(2), Some(true)));

    assert_eq!(said(&scan(&app, &door, enter(&ambassador, "s1")).await), "admitted");
    assert_eq!(said(&scan(&app, &door, enter(&deputy, "s2")).await), "admitted");
    let third = scan(&app, &door, enter(&attache, "s3")).await;
    assert_eq!(said(&third), "refused delegation_full", "the third of Jordan waits");
    assert_eq!(third["delegation_seats"], json!({ "inside": 2, "quota": 2 }));
    assert!(third["detail"].as_str().unwrap().contains("2 of 2"), "the door names the count: {third}");
    assert_eq!(said(&scan(&app, &door, enter(&chinese, "s4")).await), "admitted", "China has seats of its own");
    assert_eq!(said(&scan(&app, &door, enter(&deputy, "s5")).await), "admitted", "one inside keeps their seat");
    assert_eq!(inside(&app, &admin, &film).await, 3);

    // One of Jordan leaves: the attaché takes the seat, and the ambassador must now wait.
    assert_eq!(said(&scan(&app, &door, leave(&ambassador, "s6")).await), "exited");
    assert_eq!(inside(&app, &admin, &film).await, 2);
    assert_eq!(said(&scan(&app, &door, enter(&attache, "s7")).await), "admitted");
    assert_eq!(said(&scan(&app, &door, enter(&ambassador, "s8")).await), "refused delegation_full");

    // Two sessions at one hall at once: moving to the model leaves the film's count exact.
    let model = session_id(&app, "The 300");
    let to_model = json!({ "code": chinese, "session": model, "nonce": "s9" });
    assert_eq!(said(&scan(&app, &door, to_model).await), "admitted");
    assert_eq!((inside(&app, &admin, &film).await, inside(&app, &admin, &model).await), (2, 1));
    let figures = attendance(&app, &admin).await;
    let hall = figures["venues"].as_array().unwrap().iter().find(|v| v["inside"].as_i64() == Some(3));
    assert!(hall.is_some(), "the hall holds all three: {figures}");

    // No exit scanning at the film: an exit there is refused, and nobody's seat moves.
    assert_eq!(put_session(&app, &admin, &film, json!({ "exit_scanning": false })).await.0, StatusCode::OK);
    assert_eq!(said(&scan(&app, &door, leave(&deputy, "s10")).await), "refused exit_not_scanned");
    assert_eq!(inside(&app, &admin, &film).await, 2);

    // The limit lifted (null), the ambassador goes in; a quota of nought is refused by field.
    assert_eq!(put_session(&app, &admin, &film, json!({ "delegation_quota": null })).await.0, StatusCode::OK);
    assert_eq!(said(&scan(&app, &door, enter(&ambassador, "s11")).await), "admitted");
    let (status, error) = put_session(&app, &admin, &film, json!({ "delegation_quota": 0 })).await;
    assert_eq!(
        (status, error["error"]["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("delegation_quota"))
    );
    let registrar = crate::doors::token(&app, Role::Registrar, "registrar");
    assert_eq!(put_session(&app, &registrar, &film, json!({ "delegation_quota": 1 })).await.0, StatusCode::FORBIDDEN);
}

async fn admit_delegation(app: &TestApp, token: &str, body: Value) -> (StatusCode, Value) {
    let url = app.url("/api/v1/events/qianhai/scans/delegation");
    let res = app.client.post(url).bearer_auth(token).json(&body).send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn a_liaison_officer_admits_a_whole_delegation_at_once(db: Db) {
    let Day { app, admin, door, reference, film, .. } = door_day(db).await;
    let (deputy, _) = register(&app, &admin, "deputy@jo-embassy.example", "Delegate").await;
    let (attache, _) = register(&app, &admin, "attache@jo-embassy.example", "Delegate").await;
    let (chinese, _) = register_from(&app, &admin, "li.wei@cn-mfa.example", "Delegate", "CN").await;
    // Manual admissions through the API take a token of no single event (an admin's); the
    // liaison officer at the door uses the staff station.
    let now = chrono::Utc::now().naive_utc();
    let liaison =
        lanyard::staff::tokens::create(&mut app.conn(), "liaison officer", Role::Admin, None, "test", now).unwrap().1;

    // Jordan's three, in one action: each a manual admission in the liaison officer's name.
    let body = json!({ "delegation": "jo", "session": film, "nonce": "jordan-1" });
    let (status, answer) = admit_delegation(&app, &liaison, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let admitted: Vec<(String, String)> = answer["admissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["reference"].as_str().unwrap().to_owned(), said(a)))
        .collect();
    let mut refs: Vec<&str> = admitted.iter().map(|(r, _)| r.as_str()).collect();
    refs.sort();
    let mut want = vec![reference.as_str(), deputy.as_str(), attache.as_str()];
    want.sort();
    assert_eq!(refs, want, "Jordan's members, not China's {chinese}");
    assert!(admitted.iter().all(|(_, s)| s == "admitted"), "{answer}");
    use diesel::prelude::*;
    use lanyard::db::schema::scans;
    let stored: Vec<(bool, String)> = scans::table.select((scans::manual, scans::staff)).load(&mut app.conn()).unwrap();
    assert_eq!(stored.len(), 3);
    assert!(stored.iter().all(|(manual, staff)| *manual && staff == "api:liaison officer"), "{stored:?}");

    // Sent again (the answer was lost): nobody is admitted twice.
    let (_, again) = admit_delegation(&app, &liaison, body).await;
    assert!(again["admissions"].as_array().unwrap().iter().all(|a| a["outcome"] == "admitted"));
    assert_eq!(scans::table.count().get_result::<i64>(&mut app.conn()).unwrap(), 3, "the same three scans");
    let figures = attendance(&app, &admin).await;
    let shown = figures["sessions"].as_array().unwrap().iter().find(|s| s["id"] == film.as_str()).unwrap().clone();
    assert_eq!(shown["admitted"], 3);

    // The seats still count: two per delegation at the model, so the third waits.
    let model = session_id(&app, "The 300");
    assert_eq!(put_session(&app, &admin, &model, json!({ "delegation_quota": 2 })).await.0, StatusCode::OK);
    let (_, answer) =
        admit_delegation(&app, &liaison, json!({ "delegation": "JO", "session": model, "nonce": "j2" })).await;
    let outcomes: Vec<String> = answer["admissions"].as_array().unwrap().iter().map(said).collect();
    assert_eq!(outcomes, ["admitted", "admitted", "refused delegation_full"]);

    // An event's door token or a paired device may not; an empty delegation is refused by field.
    let (status, _) =
        admit_delegation(&app, &liaison, json!({ "delegation": "", "session": film, "nonce": "x" })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = admit_delegation(&app, &door, json!({ "delegation": "JO", "session": film, "nonce": "z" })).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let device =
        crate::browser::pair_device(&app, "Hall tablet", &crate::doors::venue_id(&app, "Qianhai Exhibition Hall"));
    let (status, _) =
        admit_delegation(&app, &device, json!({ "delegation": "JO", "session": film, "nonce": "y" })).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // At the staff station: the liaison officer picks Jordan for the hall as a whole.
    let hall = crate::doors::venue_id(&app, "Qianhai Exhibition Hall");
    let officer = crate::doors::door_staff_at(&app, "liaison@lanyard.example", &hall).await;
    let station = format!("/staff/door?event=qianhai&venue={hall}&session=");
    let html = officer.get(app.url(&station)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(r#"<option value="JO">Jordan</option>"#), "the delegations to choose from");
    let fields = [("event", "qianhai"), ("venue", hall.as_str()), ("session", ""), ("delegation", "JO")];
    let res = crate::staff::post(&app, &officer, &station, "/staff/door/delegation", &fields).await;
    let html = res.text().await.unwrap();
    assert!(html.contains("3 of 3 admitted"), "{html}");
    let by_station: i64 = scans::table
        .filter(scans::staff.eq("liaison@lanyard.example"))
        .filter(scans::manual.eq(true))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(by_station, 3);
}
