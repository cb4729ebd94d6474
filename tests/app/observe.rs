//! What an operator sees: `/metrics` in the Prometheus text format, JSON log lines that carry
//! the request id, and the id itself in every response.

use std::io::Read;
use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};

use crate::doors::{Day, door_day, scan};
use crate::helpers::{Db, TestDb, start_binary};

crate::on_both_databases!(
    metrics_count_scans_by_outcome_and_requests_by_route,
    json_logs_parse_line_by_line_and_carry_the_request_id
);

/// The value of the sample whose line starts with `name{` and has every label given.
fn sample(text: &str, name: &str, labels: &[&str]) -> Option<f64> {
    text.lines()
        .filter(|l| l.starts_with(&format!("{name}{{")) && labels.iter().all(|x| l.contains(x)))
        .find_map(|l| l.rsplit(' ').next()?.parse().ok())
}

async fn metrics_count_scans_by_outcome_and_requests_by_route(db: Db) {
    let Day { app, admin: _, door, reference: _, code, film } = door_day(db).await;
    scan(&app, &door, json!({ "code": code, "session": film, "nonce": "m1" })).await;
    scan(&app, &door, json!({ "code": code, "session": film, "nonce": "m2" })).await;
    scan(&app, &door, json!({ "code": "NOT-A-BADGE", "session": film, "nonce": "m3" })).await;

    let res = app.client.get(app.url("/metrics")).header("X-Request-Id", "scrape-42").send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["x-request-id"], "scrape-42", "the caller's id comes back");
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    let text = res.text().await.unwrap();
    assert_eq!(sample(&text, "lanyard_scans", &[r#"outcome="admitted""#]), Some(1.0), "{text}");
    assert_eq!(sample(&text, "lanyard_scans", &[r#"outcome="already_admitted""#]), Some(1.0));
    assert_eq!(sample(&text, "lanyard_scans", &[r#"outcome="refused""#, r#"reason="unknown_code""#]), Some(1.0));
    let scans_route = [r#"route="/api/v1/events/{slug}/scans""#, r#"method="POST""#, r#"status="200""#];
    assert!(sample(&text, "lanyard_http_requests_total", &scans_route).unwrap_or(0.0) >= 3.0, "{text}");
    assert!(text.contains("lanyard_http_request_duration_seconds_bucket{route=\"/api/v1/events/{slug}/scans\""));
    assert_eq!(sample(&text, "lanyard_registrations", &[r#"status="approved""#]), Some(1.0));
    assert!(sample(&text, "lanyard_outbox_mails", &[]).is_some());
    assert!(sample(&text, "lanyard_db_pool_connections", &[r#"state="open""#]).unwrap() >= 1.0);
    assert!(text.contains("lanyard_scan_queue_depth ") && text.contains("lanyard_mail_send_failures_total "));

    // Without an id of its own, a request gets a fresh one.
    let a = app.client.get(app.url("/healthz")).send().await.unwrap();
    let b = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_ne!(a.headers()["x-request-id"], b.headers()["x-request-id"]);
}

async fn json_logs_parse_line_by_line_and_carry_the_request_id(db: Db) {
    let test_db = TestDb::new(db);
    let env = [("LANYARD_LOG_FORMAT", "json"), ("RUST_LOG", "info")];
    let (mut server, base) = start_binary(&test_db, &env, Stdio::piped()).await;
    let client = reqwest::Client::new();
    let res = client.get(format!("{base}/events/qianhai")).header("X-Request-Id", "door-7f3a").send().await.unwrap();
    assert_eq!(res.status(), 200);
    let missing = client.get(format!("{base}/no/such/page")).header("X-Request-Id", "lost-1").send().await.unwrap();
    assert_eq!(missing.status(), 404);
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.kill().unwrap();
    let mut out = String::new();
    server.stdout.take().unwrap().read_to_string(&mut out).unwrap();
    server.wait().unwrap();

    let lines: Vec<Value> =
        out.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}"))).collect();
    assert!(lines.len() >= 3, "{out}");
    let access = |id: &str| {
        lines
            .iter()
            .find(|l| l["target"] == "lanyard::access" && l["span"]["request_id"] == id)
            .unwrap_or_else(|| panic!("no access line for {id}: {out}"))
            .clone()
    };
    let page = access("door-7f3a");
    assert_eq!(
        (page["fields"]["status"].as_u64(), page["fields"]["route"].as_str()),
        (Some(200), Some("/events/{slug}"))
    );
    assert_eq!(page["fields"]["client"], "127.0.0.1");
    assert_eq!(access("lost-1")["fields"]["status"], 404);
    assert!(lines.iter().any(|l| l["fields"]["message"] == "Lanyard is serving"), "start-up lines are JSON too");
}
