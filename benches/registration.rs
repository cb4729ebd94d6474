//! Load harness: starts the real `lanyard` binary on a fresh database, then drives registration
//! submissions over HTTP and reports throughput and latency; also the server's idle memory.
//!
//!     cargo bench --bench registration                 # SQLite, then PostgreSQL
//!     LANYARD_BENCH_DB=sqlite cargo bench --bench registration
//!     LANYARD_BENCH_URL=http://host:8080 cargo bench --bench registration   # a running server
//!
//! Knobs: LANYARD_BENCH_CLIENTS (32), LANYARD_BENCH_SECONDS (10), LANYARD_BENCH_POSTGRES
//! (postgres://postgres@127.0.0.1:5432).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Child;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{env_or, ms, percentile, rss_kib, start};

struct Client {
    http: reqwest::Client,
    token: String,
    sessions: Vec<String>,
}

async fn client(url: &str) -> Client {
    // The POST answers 303 to the confirmation page; the harness measures the POST alone.
    let http =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let html = http.get(format!("{url}/events/qianhai/register")).send().await.unwrap().text().await.unwrap();
    let after = |marker: &str, from: usize| -> Option<(String, usize)> {
        let start = html[from..].find(marker)? + from + marker.len();
        let end = html[start..].find('"')? + start;
        Some((html[start..end].to_owned(), end))
    };
    let token = after(r#"name="csrf_token" value=""#, 0).expect("CSRF token").0;
    // Uncapped sessions only (model, talent hub, skyline), so nothing fills up mid-run.
    let mut sessions = Vec::new();
    let mut at = 0;
    while let Some((id, end)) = after(r#"name="sessions" value=""#, at) {
        sessions.push(id);
        at = end;
    }
    let sessions = vec![sessions[1].clone(), sessions[2].clone(), sessions[3].clone()];
    Client { http, token, sessions }
}

static SEQ: AtomicUsize = AtomicUsize::new(0);

async fn register(url: &str, c: &Client) -> (Duration, bool) {
    let n = SEQ.fetch_add(1, Ordering::Relaxed);
    let email = format!("delegate{n}-{}@bench.example", std::process::id());
    let mut form: Vec<(&str, &str)> = vec![
        ("csrf_token", &c.token),
        ("honorific", "H.E. Ms."),
        ("given_name", "Nomvula"),
        ("family_name", "Dlamini-Mokoena"),
        ("native_name", "诺姆武拉"),
        ("email", &email),
        ("phone", "+86 10 6532 1234"),
        ("country", "ZA"),
        ("organization", "Embassy of the Republic of South Africa"),
        ("position", "Counsellor"),
        ("category", "Delegate"),
        ("locale", "en"),
        ("consent", "on"),
    ];
    for s in &c.sessions {
        form.push(("sessions", s));
    }
    let start = Instant::now();
    let res = c.http.post(format!("{url}/events/qianhai/register")).form(&form).send().await;
    let ok = match res {
        Ok(r) => r.status() == reqwest::StatusCode::SEE_OTHER && r.bytes().await.is_ok(),
        Err(_) => false,
    };
    (start.elapsed(), ok)
}

async fn run(url: &str, clients: usize, seconds: f64) -> (usize, usize, f64, Duration, Duration) {
    let mut set = tokio::task::JoinSet::new();
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    for _ in 0..clients {
        let url = url.to_owned();
        set.spawn(async move {
            let c = client(&url).await;
            let mut lat = Vec::new();
            let mut errors = 0;
            while Instant::now() < deadline {
                let (d, ok) = register(&url, &c).await;
                lat.push(d);
                if !ok {
                    errors += 1;
                }
            }
            (lat, errors)
        });
    }
    let mut all = Vec::new();
    let mut errors = 0;
    while let Some(r) = set.join_next().await {
        let (lat, e) = r.unwrap();
        all.extend(lat);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort();
    (all.len(), errors, all.len() as f64 / elapsed, percentile(&all, 0.5), percentile(&all, 0.99))
}

async fn bench(db: &str) {
    let clients: usize = env_or("LANYARD_BENCH_CLIENTS", "32").parse().unwrap();
    let seconds: f64 = env_or("LANYARD_BENCH_SECONDS", "10").parse().unwrap();
    let server = match std::env::var("LANYARD_BENCH_URL") {
        Ok(url) => common::Server::running(url),
        Err(_) => start(db),
    };
    let probe = reqwest::Client::new();
    let up = Instant::now();
    while probe.get(format!("{}/healthz", server.url)).send().await.is_err() {
        assert!(up.elapsed() < Duration::from_secs(30), "the server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let pid = server.child.as_ref().map(Child::id);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle = pid.and_then(rss_kib);
    println!("== registration submissions, {db} ==");
    if let Some(kib) = idle {
        println!("idle RSS: {:.1} MB", kib as f64 / 1024.0);
    }
    // Warm-up: connection pools, CLDR data, page caches.
    run(&server.url, 4, 1.0).await;
    let (n, errors, rate, p50, p99) = run(&server.url, 1, seconds.min(5.0)).await;
    println!("1 client:   {n} requests, {errors} errors, {rate:.0}/s, p50 {}, p99 {}", ms(p50), ms(p99));
    let (n, errors, rate, p50, p99) = run(&server.url, clients, seconds).await;
    println!("{clients} clients: {n} requests, {errors} errors, {rate:.0}/s, p50 {}, p99 {}", ms(p50), ms(p99));
    if let Some(kib) = pid.and_then(rss_kib) {
        println!("RSS after load: {:.1} MB", kib as f64 / 1024.0);
    }
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing and only compiles.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let which = env_or("LANYARD_BENCH_DB", "sqlite,postgres");
    for db in which.split(',') {
        runtime.block_on(bench(db.trim()));
    }
}
