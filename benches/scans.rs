//! Door scans through the API: the release binary on a fresh database with 1,000 approved
//! delegates; each request is one scan (`POST /api/v1/events/qianhai/scans`) of a random badge
//! at a venue door, decided and stored in one transaction (scan row, admission, presence).
//!
//!     cargo bench --bench scans                  # SQLite, then PostgreSQL
//!     LANYARD_BENCH_DB=postgres cargo bench --bench scans
//!
//! Knobs: LANYARD_BENCH_CLIENTS (32), LANYARD_BENCH_SECONDS (10), LANYARD_BENCH_DELEGATES (1000).
//!
//! LANYARD_BENCH_MODE picks what is measured (issue 17):
//! - `mixed` (the default): scans of random badges, most of them re-scans;
//! - `first`: first scans of distinct badges, each badge once (LANYARD_BENCH_DELEGATES, default
//!   20,000 in this mode), at 1 door and at the clients' count;
//! - `mail`: the mixed scans quiet, then again while the mail worker drains
//!   LANYARD_BENCH_MAILS (10,000) queued mails; prints both rates, their ratio, and how long
//!   the drain took.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{env_or, ms, percentile, start};
use diesel::prelude::*;
use lanyard::db::schema::badges;
use serde_json::{Value, json};

static SEQ: AtomicUsize = AtomicUsize::new(0);
/// Never reset: a nonce is never sent twice (a repeated nonce is a retry of the first scan).
static NONCE: AtomicUsize = AtomicUsize::new(0);

#[derive(Clone)]
struct Setup {
    url: String,
    token: String,
    venue: String,
    codes: Vec<String>,
}

/// Each badge once, in order (`first` mode), or a random one (re-scans, the default).
static FIRST_SCANS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

async fn scan(http: &reqwest::Client, s: &Setup) -> Option<(Duration, bool)> {
    let n = SEQ.fetch_add(1, Ordering::Relaxed);
    let code = if FIRST_SCANS.load(Ordering::Relaxed) { s.codes.get(n)? } else { &s.codes[(n * 7919) % s.codes.len()] };
    let nonce = NONCE.fetch_add(1, Ordering::Relaxed);
    let body = json!({ "code": code, "venue": s.venue, "nonce": format!("bench-{nonce}") });
    let started = Instant::now();
    let res =
        http.post(format!("{}/api/v1/events/qianhai/scans", s.url)).bearer_auth(&s.token).json(&body).send().await;
    let ok = match res {
        Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
        Err(_) => false,
    };
    Some((started.elapsed(), ok))
}

async fn run(s: Arc<Setup>, clients: usize, seconds: f64) -> (usize, usize, f64, Duration, Duration) {
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..clients {
        let s = s.clone();
        set.spawn(async move {
            let http = reqwest::Client::new();
            let (mut lat, mut errors) = (Vec::new(), 0);
            while Instant::now() < deadline {
                let Some((d, ok)) = scan(&http, &s).await else { break };
                lat.push(d);
                errors += usize::from(!ok);
            }
            (lat, errors)
        });
    }
    let (mut all, mut errors) = (Vec::new(), 0);
    while let Some(r) = set.join_next().await {
        let (lat, e) = r.unwrap();
        all.extend(lat);
        errors += e;
    }
    all.sort();
    let rate = all.len() as f64 / started.elapsed().as_secs_f64();
    (all.len(), errors, rate, percentile(&all, 0.5), percentile(&all, 0.99))
}

async fn prepare(server: &common::Server) -> Setup {
    let http = reqwest::Client::new();
    while http.get(format!("{}/healthz", server.url)).send().await.is_err() {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    common::doors_live(&server.database_url);
    let token_for = |name: &str, role: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_lanyard"))
            .env("DATABASE_URL", &server.database_url)
            // A door token works on one event (an admin's may have none).
            .args(["token", "add", "--name", name, "--role", role, "--event", "qianhai"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "token add: {}", String::from_utf8_lossy(&out.stderr));
        text.split("Bearer ").nth(1).unwrap().split_whitespace().next().unwrap().to_owned()
    };
    // The registrar's token registers the delegates; the doors scan with a door token, as
    // door devices do.
    let token = token_for("bench registrar", "admin");
    let door = token_for("bench door", "door");
    let default = if mode() == "first" { "20000" } else { "1000" };
    let delegates: usize = env_or("LANYARD_BENCH_DELEGATES", default).parse().unwrap();
    let mut set = tokio::task::JoinSet::new();
    for worker in 0..16 {
        let (http, url, token) = (http.clone(), server.url.clone(), token.clone());
        set.spawn(async move {
            for i in (worker..delegates).step_by(16) {
                let body = json!({ "given_name": "Amara", "family_name": format!("Okafor {i}"), "country": "NG",
                    "email": format!("amara{i}@bench.example"), "category": "Delegate", "organization": "Embassy of Nigeria" });
                let res = http
                    .post(format!("{url}/api/v1/events/qianhai/registrations"))
                    .bearer_auth(&token)
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                assert!(res.status().is_success(), "{}", res.text().await.unwrap());
            }
        });
    }
    while set.join_next().await.is_some() {}
    let mut conn = lanyard::db::Backend::from_url(&server.database_url).unwrap().connect().unwrap();
    // The confirmation mails go out first, so the mail worker does not share the cores with
    // the doors being measured.
    let waiting = || {
        use lanyard::db::schema::outbox;
        let mut conn = lanyard::db::Backend::from_url(&server.database_url).unwrap().connect().unwrap();
        outbox::table
            .filter(outbox::status.ne(lanyard::mail::outbox::MailStatus::Sent))
            .count()
            .get_result::<i64>(&mut conn)
            .unwrap()
    };
    let started = Instant::now();
    while waiting() > 0 && started.elapsed() < Duration::from_secs(600) {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let keys = common::keys();
    let sealed: Vec<Option<String>> =
        badges::table.filter(badges::status.eq("current")).select(badges::code_sealed).load(&mut conn).unwrap();
    let codes: Vec<String> = sealed.into_iter().filter_map(|s| keys.open(&s?)).collect();
    let sessions: Value = http
        .get(format!("{}/api/v1/events/qianhai/sessions", server.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let venue = sessions["venues"][0]["id"].as_str().unwrap().to_owned();
    Setup { url: server.url.clone(), token: door, venue, codes }
}

fn mode() -> String {
    env_or("LANYARD_BENCH_MODE", "mixed")
}

/// Mails not yet sent.
fn unsent(database_url: &str) -> i64 {
    use lanyard::db::schema::outbox;
    let mut conn = lanyard::db::Backend::from_url(database_url).unwrap().connect().unwrap();
    outbox::table
        .filter(outbox::status.ne(lanyard::mail::outbox::MailStatus::Sent))
        .count()
        .get_result::<i64>(&mut conn)
        .unwrap()
}

/// Queues `n` mails (new badge links for the delegates, as after a mass reissue), in one
/// transaction, as the application would.
fn queue_mails(database_url: &str, n: usize) {
    use lanyard::db::schema::registrations;
    let mut conn = lanyard::db::Backend::from_url(database_url).unwrap().connect().unwrap();
    let people: Vec<(lanyard::ids::RegistrationId, String)> =
        registrations::table.select((registrations::id, registrations::email)).load(&mut conn).unwrap();
    let now = chrono::Utc::now().naive_utc();
    lanyard::db::write_tx(&mut conn, |conn| {
        for i in 0..n {
            let (id, email) = &people[i % people.len()];
            lanyard::mail::outbox::enqueue(conn, lanyard::mail::outbox::MailKind::BadgeLink, id, email, "en", now)?;
        }
        Ok::<_, diesel::result::Error>(())
    })
    .unwrap();
}

async fn bench(db: &str) {
    let clients: usize = env_or("LANYARD_BENCH_CLIENTS", "32").parse().unwrap();
    let seconds: f64 = env_or("LANYARD_BENCH_SECONDS", "10").parse().unwrap();
    let mode = mode();
    FIRST_SCANS.store(mode == "first", Ordering::Relaxed);
    let server = start(db);
    let setup = Arc::new(prepare(&server).await);
    println!("== door scans ({mode}), {db}: {} badges ==", setup.codes.len());
    if mode == "first" {
        // Half the badges for one door, half for the many; each scan is a badge's first.
        let half = setup.codes.len() / 2;
        let one = Arc::new(Setup { codes: setup.codes[..half].to_vec(), ..setup.as_ref().clone() });
        let many = Arc::new(Setup { codes: setup.codes[half..].to_vec(), ..setup.as_ref().clone() });
        SEQ.store(0, Ordering::Relaxed);
        let (n, errors, rate, p50, p99) = run(one, 1, seconds.min(5.0)).await;
        println!("1 door, first scans:     {n} scans, {errors} errors, {rate:.0}/s, p50 {}, p99 {}", ms(p50), ms(p99));
        SEQ.store(0, Ordering::Relaxed);
        let (n, errors, rate, p50, p99) = run(many, clients, seconds).await;
        println!(
            "{clients} doors, first scans: {n} scans, {errors} errors, {rate:.0}/s, p50 {}, p99 {}",
            ms(p50),
            ms(p99)
        );
        return;
    }
    run(setup.clone(), 4, 1.0).await;
    let (n, errors, rate, p50, p99) = run(setup.clone(), 1, seconds.min(5.0)).await;
    println!("1 door:     {n} scans, {errors} errors, {rate:.0}/s, p50 {}, p99 {}", ms(p50), ms(p99));
    let (n, errors, quiet, p50, p99) = run(setup.clone(), clients, seconds).await;
    println!("{clients} doors: {n} scans, {errors} errors, {quiet:.0}/s, p50 {}, p99 {}", ms(p50), ms(p99));
    if mode == "mail" {
        let mails: usize = env_or("LANYARD_BENCH_MAILS", "10000").parse().unwrap();
        queue_mails(&server.database_url, mails);
        let started = Instant::now();
        let (n, errors, busy, p50, p99) = run(setup.clone(), clients, seconds).await;
        let left = unsent(&server.database_url);
        println!(
            "{clients} doors while {mails} mails drain: {n} scans, {errors} errors, {busy:.0}/s ({:.0} % of quiet), p50 {}, p99 {}; {} mails sent in {:.1} s",
            busy / quiet * 100.0,
            ms(p50),
            ms(p99),
            mails as i64 - left,
            started.elapsed().as_secs_f64()
        );
        while unsent(&server.database_url) > 0 && started.elapsed() < Duration::from_secs(600) {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        println!("all {mails} mails sent {:.1} s after they were queued", started.elapsed().as_secs_f64());
    }
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    for db in env_or("LANYARD_BENCH_DB", "sqlite,postgres").split(',') {
        runtime.block_on(bench(db.trim()));
    }
}
