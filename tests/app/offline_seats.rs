//! Delegation seats at a device that has lost the network: it knows the session's quota and
//! who was inside as of its last sync, counts the entries and exits it sees itself, and the
//! server agrees when the queue goes up (no clash).

use diesel::prelude::*;
use lanyard::db::schema::scans;
use reqwest::StatusCode;
use serde_json::json;
use std::time::{Duration, Instant};

use crate::browser::{Browser, Network, pair_device};
use crate::doors::{Day, attendance, door_day, put_session, register, scan, venue_id};
use crate::helpers::Db;

crate::on_both_databases!(an_offline_tablet_keeps_a_delegations_seats_and_frees_one_on_exit);

async fn an_offline_tablet_keeps_a_delegations_seats_and_frees_one_on_exit(db: Db) {
    let Day { app, admin, door, code: ambassador, film, .. } = door_day(db).await;
    let (_, deputy) = register(&app, &admin, "deputy@jo-embassy.example", "Delegate").await;
    let body = json!({ "delegation_quota": 1, "single_entry": false });
    assert_eq!(put_session(&app, &admin, &film, body).await.0, StatusCode::OK);
    // Jordan's one seat at the film is taken before the tablet syncs.
    let first = scan(&app, &door, json!({ "code": ambassador, "session": film, "nonce": "o1" })).await;
    assert_eq!(first["outcome"], "admitted");
    app.let_the_programme_cache_expire();

    let port: u16 = app.address.rsplit(':').next().unwrap().parse().unwrap();
    let net = Network::start(port).await;
    let tablet = Browser::start_in(None, "en").await;
    let secret = pair_device(&app, "Film tablet", &venue_id(&app, "Qianhai Exhibition Hall"));
    tablet.client.goto(&net.url(&format!("/door#event=qianhai&token={secret}"))).await.unwrap();
    tablet.choose_place("Film").await;
    tablet.wait_text("#device-status", "Online").await;

    // Offline: the deputy waits for the seat, as the server would say.
    net.down();
    tablet.wedge("#device-code", &deputy).await;
    let answer = tablet.wait_text("#device-result", "REFUSED").await;
    assert!(answer.contains("Delegation full: 1 of 1 inside"), "{answer}");
    // The ambassador leaves through the film's exit; the deputy takes the seat.
    tablet.client.find(fantoccini::Locator::Css("#device-change")).await.unwrap().click().await.unwrap();
    tablet.choose_place(" · exit").await;
    tablet.wedge("#device-code", &ambassador).await;
    tablet.wait_text("#device-result", "EXIT").await;
    tablet.client.find(fantoccini::Locator::Css("#device-change")).await.unwrap().click().await.unwrap();
    tablet.choose_place("Film").await;
    tablet.wedge("#device-code", &deputy).await;
    let answer = tablet.wait_text("#device-result", "ADMIT").await;
    assert!(answer.contains("offline"), "{answer}");

    // Back online: the server decides the queue as the tablet did.
    net.restore();
    let started = Instant::now();
    while scans::table.filter(scans::offline_outcome.is_not_null()).count().get_result::<i64>(&mut app.conn()).unwrap()
        < 3
    {
        assert!(started.elapsed() < Duration::from_secs(30), "the queue was not uploaded");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tablet.close().await;
    let figures = attendance(&app, &admin).await;
    let session = figures["sessions"].as_array().unwrap().iter().find(|s| s["id"] == film.as_str()).unwrap().clone();
    assert_eq!(session["inside"], 1, "the deputy in the ambassador's seat: {figures}");
    assert!(figures["clashes"].as_array().unwrap().is_empty(), "{figures}");
}
