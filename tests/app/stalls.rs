//! A database that stops answering for a while (a long transaction elsewhere, a stuck disk):
//! the scan queue stays bounded and answers `503` at once when full, no request waits past
//! the handler timeout, and the door stations stop waiting after 3 s; every scan a door
//! retries with its nonce is stored once.

use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use fantoccini::Locator;
use lanyard::db::schema::{registrations, scans};
use lanyard::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::browser::{Browser, pair_device};
use crate::doors::{Day, door_day_on, register, scan, venue_id};
use crate::helpers::{Db, TestDb, spawn_app_on};
use crate::staff::{PASSWORD, add_staff};

crate::on_both_databases!(
    a_scan_beyond_a_full_queue_is_refused_at_once_and_its_retry_counts_once,
    a_request_past_the_handler_timeout_is_answered_503_and_its_retry_counts_once,
    door_stations_stop_waiting_after_3_seconds_and_their_scans_count_once,
);

/// The scans table's write lock, held from outside the app: its scan writer waits behind it
/// (reads go on) until `release`.
pub(crate) enum WriterStall {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

impl WriterStall {
    pub(crate) fn hold(url: &str) -> WriterStall {
        match url.strip_prefix("sqlite://") {
            Some(path) => {
                let mut conn = SqliteConnection::establish(path).unwrap();
                conn.batch_execute("BEGIN IMMEDIATE").unwrap();
                WriterStall::Sqlite(conn)
            }
            None => {
                let mut conn = PgConnection::establish(url).unwrap();
                conn.batch_execute("BEGIN; LOCK TABLE scans IN EXCLUSIVE MODE").unwrap();
                WriterStall::Postgres(conn)
            }
        }
    }

    pub(crate) fn release(self) {
        match self {
            WriterStall::Sqlite(mut c) => c.batch_execute("ROLLBACK").unwrap(),
            WriterStall::Postgres(mut c) => c.batch_execute("ROLLBACK").unwrap(),
        }
    }
}

/// A scan sent as a door device sends it: the status, `Retry-After` and body.
async fn send(client: reqwest::Client, url: String, door: String, body: Value) -> (StatusCode, Option<String>, Value) {
    let res = client.post(url).bearer_auth(door).json(&body).send().await.unwrap();
    let status = res.status();
    let retry_after = res.headers().get("retry-after").map(|v| v.to_str().unwrap().to_owned());
    (status, retry_after, res.json().await.unwrap_or(Value::Null))
}

fn scans_with_nonce(app: &crate::helpers::TestApp, like: &str) -> i64 {
    scans::table.filter(scans::nonce.like(like)).count().get_result(&mut app.conn()).unwrap()
}

async fn a_scan_beyond_a_full_queue_is_refused_at_once_and_its_retry_counts_once(db: Db) {
    let app = spawn_app_on(TestDb::new(db), |raw| raw.scan_queue = Some("2".into())).await;
    let Day { app, door, code, film, .. } = door_day_on(app).await;
    let first = scan(&app, &door, json!({ "code": code, "session": film, "nonce": "before" })).await;
    assert_eq!(first["outcome"], "admitted");
    let url = app.url("/api/v1/events/qianhai/scans");

    // Scans arrive one by one while the writer is stuck: they wait, until the queue is full.
    let stall = WriterStall::hold(&app.db.url);
    let (mut waiting, mut refused) = (Vec::new(), None);
    for i in 0..12 {
        let body = json!({ "code": code, "session": film, "nonce": format!("stalled-{i}") });
        let mut answer = tokio::spawn(send(app.client.clone(), url.clone(), door.clone(), body));
        match tokio::time::timeout(Duration::from_millis(300), &mut answer).await {
            Ok(done) => {
                refused = Some((format!("stalled-{i}"), done.unwrap()));
                break;
            }
            Err(_) => waiting.push(answer),
        }
    }
    let (nonce, (status, retry_after, body)) = refused.expect("a scan is refused once the queue is full");
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"]["code"], "busy");
    assert!(retry_after.is_some(), "the door is told when to try again");
    // Waiting: what each scan thread holds (one on SQLite, four on PostgreSQL) and the queue's two.
    let threads = if db == Db::Sqlite { 1 } else { lanyard::checkin::writer::POSTGRES_THREADS };
    assert_eq!(waiting.len(), threads + 2, "scans that waited instead of being refused");

    stall.release();
    for answer in waiting {
        let (status, _, body) = answer.await.unwrap();
        assert_eq!((status, body["outcome"].as_str()), (StatusCode::OK, Some("already_admitted")), "{body}");
    }
    let retried = scan(&app, &door, json!({ "code": code, "session": film, "nonce": nonce })).await;
    assert_eq!(retried["outcome"], "already_admitted");
    assert_eq!(retried["admitted_count"], 1);
    assert_eq!(scans_with_nonce(&app, "%:stalled-%"), threads as i64 + 3, "each scan stored once, the refused one too");
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains(r#"lanyard_busy_total{resource="scan_queue"}"#), "{metrics}");
}

async fn a_request_past_the_handler_timeout_is_answered_503_and_its_retry_counts_once(db: Db) {
    let app = spawn_app_on(TestDb::new(db), |raw| raw.handler_timeout_seconds = Some("1".into())).await;
    let Day { app, admin, door, code, film, .. } = door_day_on(app).await;
    let first = scan(&app, &door, json!({ "code": code, "session": film, "nonce": "before" })).await;
    assert_eq!(first["outcome"], "admitted");
    let (_, deputy) = register(&app, &admin, "deputy@jo-embassy.example", "Delegate").await;

    let stall = WriterStall::hold(&app.db.url);
    let started = Instant::now();
    let body = json!({ "code": deputy, "session": film, "nonce": "slow" });
    let (status, retry_after, _) =
        send(app.client.clone(), app.url("/api/v1/events/qianhai/scans"), door.clone(), body).await;
    let took = started.elapsed();
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(retry_after.is_some());
    assert!(took >= Duration::from_millis(900) && took < Duration::from_secs(5), "answered after {took:?}");

    // The scan itself went on: stored once the lock is gone, and found by the door's retry.
    stall.release();
    let retried = scan(&app, &door, json!({ "code": deputy, "session": film, "nonce": "slow" })).await;
    assert_eq!(retried["outcome"], "admitted");
    assert_eq!(retried["admitted_count"], 2);
    assert_eq!(scans_with_nonce(&app, "%:slow"), 1);
}

async fn door_stations_stop_waiting_after_3_seconds_and_their_scans_count_once(db: Db) {
    let Day { app, admin, code: ambassador, .. } = door_day_on(spawn_app_on(TestDb::new(db), |_| {}).await).await;
    let hall = venue_id(&app, "Qianhai Exhibition Hall");
    let (_, deputy) = register(&app, &admin, "deputy@jo-embassy.example", "Delegate").await;
    let scans_of = |email: &str| -> i64 {
        scans::table
            .inner_join(registrations::table)
            .filter(registrations::email_lower.eq(email))
            .count()
            .get_result(&mut app.conn())
            .unwrap()
    };

    // A staff station: no answer in 3 s is "scan again"; scanned again, the same scan is sent.
    let staff = Browser::start_in(None, "en").await;
    add_staff(&app, "hall.door@lanyard.example", Role::Admin);
    staff.client.goto(&app.url("/staff/login")).await.unwrap();
    staff.client.find(Locator::Css("#email")).await.unwrap().send_keys("hall.door@lanyard.example").await.unwrap();
    staff.wedge("#password", PASSWORD).await;
    staff.wait_visible(".staffbar").await;
    staff.client.goto(&app.url(&format!("/staff/door?event=qianhai&venue={hall}&session="))).await.unwrap();
    staff.wait_visible("#code").await;
    let stall = WriterStall::hold(&app.db.url);
    let started = Instant::now();
    staff.wedge("#code", &ambassador).await;
    staff.wait_text("#result", "No connection: scan again.").await;
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(2900) && waited < Duration::from_secs(6), "gave up after {waited:?}");
    stall.release();
    staff.wedge("#code", &ambassador).await;
    let answer = staff.wait_text("#result", "ADMIT").await;
    assert!(!answer.contains("ALREADY"), "the retry is the same scan, not a second one: {answer}");
    assert_eq!(scans_of("h.alhusseini@jo-embassy.example"), 1);
    staff.close().await;

    // A paired device decides from its records after 2.5 s and uploads the scan later, once.
    let tablet = Browser::start_in(None, "en").await;
    let secret = pair_device(&app, "Hall tablet", &hall);
    tablet.client.goto(&app.url(&format!("/door#event=qianhai&token={secret}"))).await.unwrap();
    tablet.choose_place("Exhibition Hall · the whole venue").await;
    let stall = WriterStall::hold(&app.db.url);
    tablet.wedge("#device-code", &deputy).await;
    let answer = tablet.wait_text("#device-result", "ADMIT").await;
    assert!(answer.contains("offline"), "{answer}");
    let ms: u64 = tablet
        .client
        .find(Locator::Css("#device-result"))
        .await
        .unwrap()
        .attr("data-answer-ms")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    assert!((2400..4000).contains(&ms), "decided offline {ms} ms after the scan");
    stall.release();
    let started = Instant::now();
    loop {
        let status = tablet.client.find(Locator::Css("#device-status")).await.unwrap().text().await.unwrap();
        if status.contains("Online") && !status.contains("Waiting") {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "the queued scan was not uploaded: {status}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(scans_of("deputy@jo-embassy.example"), 1, "the scan the server finished and its upload are one");
    tablet.close().await;
}
