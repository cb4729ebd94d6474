//! Scale-out: three Lanyard instances on one PostgreSQL behind a real load balancer (HAProxy,
//! started by the test with the configuration README gives), a rush of registrations and door
//! scans through it, and one instance killed with SIGKILL in the middle. The balancer takes it
//! out (its health check reads `/readyz`); the clients retry as a browser or a door device
//! would (a scan with the same nonce, a registration whose earlier attempt may have landed).
//! Nothing that got a success answer is lost or doubled, each confirmation reaches the SMTP
//! server once, and the attendance figures are exact.

use std::collections::{HashMap, HashSet};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use diesel::prelude::*;
use lanyard::db::schema::{admissions, registrations, scans};
use mail_parser::MessageParser;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::battery::{Rig, connect, rig};
use crate::helpers::{Db, SmtpServer, TestDb, eventually, free_port, start_binary_on};

const BADGES: usize = 120;
const DOORS: usize = 6;
const REGISTRANTS: usize = 6;
const EACH: usize = 25;

/// The balancer's configuration, as README's deployment section gives it.
fn haproxy_config(listen: u16, instances: &[u16]) -> String {
    let servers: String = instances
        .iter()
        .enumerate()
        .map(|(i, port)| format!("    server lanyard{i} 127.0.0.1:{port} check\n"))
        .collect();
    format!(
        "global\n    maxconn 4096\n\n\
         defaults\n    mode http\n    timeout connect 2s\n    timeout client 30s\n    timeout server 30s\n    \
         option forwardfor\n    retries 2\n    option redispatch\n\n\
         frontend lanyard_in\n    bind 127.0.0.1:{listen}\n    default_backend lanyard\n\n\
         backend lanyard\n    balance roundrobin\n    option httpchk GET /readyz\n    http-check expect status 200\n    \
         default-server inter 500ms fall 2 rise 2\n{servers}"
    )
}

/// Sends `make()` until it gets an answer that is not a balancer's or a dying instance's
/// (connection refused or reset, 502, 503, 504), as a client would; answers it and how many
/// attempts it took.
async fn with_retries(make: impl Fn() -> reqwest::RequestBuilder) -> (reqwest::Response, usize) {
    for attempt in 1..=40 {
        match make().send().await {
            Ok(res) if !matches!(res.status().as_u16(), 502..=504) => return (res, attempt),
            _ => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    panic!("no answer after 40 attempts");
}

/// A door scanning its share of the badges once each; answers (nonce, code, answer) and how
/// many scans needed a retry.
async fn door(
    base: String,
    token: String,
    film: String,
    codes: Vec<(String, String)>,
    count: Arc<AtomicUsize>,
) -> (Vec<(String, String, Value)>, usize) {
    let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    let (mut answered, mut retried) = (Vec::new(), 0);
    for (nonce, code) in codes {
        let body = json!({ "code": code, "session": film, "nonce": nonce });
        let url = format!("{base}/api/v1/events/qianhai/scans");
        let (res, attempts) = with_retries(|| client.post(&url).bearer_auth(&token).json(&body)).await;
        assert_eq!(res.status(), StatusCode::OK);
        retried += usize::from(attempts > 1);
        answered.push((nonce, code, res.json().await.unwrap()));
        count.fetch_add(1, Ordering::Relaxed);
    }
    (answered, retried)
}

/// A registration desk's tool registering `EACH` delegates through the API; answers the emails
/// it was told are registered (201, or 409 `already_registered` after a retry: the attempt the
/// killed instance never answered had landed).
async fn registrant(base: String, token: String, n: usize, count: Arc<AtomicUsize>) -> (Vec<String>, usize) {
    let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    let (mut stored, mut retried) = (Vec::new(), 0);
    for i in 0..EACH {
        let email = format!("attache{i}@cluster{n}.example");
        let body = json!({
            "honorific": "Mr.", "given_name": "Attaché", "family_name": format!("{n}-{i}"), "email": email,
            "country": "JO", "organization": "Embassy", "position": "Attaché", "category": "Delegate", "locale": "en"
        });
        let url = format!("{base}/api/v1/events/qianhai/registrations");
        let (res, attempts) = with_retries(|| client.post(&url).bearer_auth(&token).json(&body)).await;
        let status = res.status();
        let code = res.json::<Value>().await.unwrap_or_default()["error"]["code"].as_str().unwrap_or("").to_owned();
        match (status, attempts) {
            (StatusCode::CREATED, _) => stored.push(email),
            (StatusCode::CONFLICT, a) if a > 1 && code == "already_registered" => stored.push(email),
            other => panic!("{email}: {other:?} {code}"),
        }
        retried += usize::from(attempts > 1);
        count.fetch_add(1, Ordering::Relaxed);
    }
    (stored, retried)
}

/// A process the test started, killed with SIGKILL when dropped: a failing assertion must not
/// leave instances holding PostgreSQL connections, or a balancer holding its port.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        kill(&mut self.0);
    }
}

fn kill(child: &mut Child) {
    let _ = child.kill(); // SIGKILL: no shutdown code runs
    let _ = child.wait();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_instances_behind_haproxy_lose_and_double_nothing_when_one_is_killed() {
    let test_db = TestDb::new(Db::Postgres);
    let smtp_port = free_port();
    let smtp = SmtpServer::start(smtp_port, &test_db.dir.path().join("maildir")).await;
    let smtp_url = format!("smtp://127.0.0.1:{smtp_port}");
    // A mail claimed by the killed instance is taken over after 3 s, not the default 3 minutes.
    let env = [
        ("LANYARD_TRUSTED_PROXIES", "127.0.0.1"),
        ("LANYARD_RATE_API", "0"),
        ("SMTP_URL", smtp_url.as_str()),
        ("LANYARD_MAIL_LEASE_SECONDS", "3"),
        ("LANYARD_MAIL_RETRY_SECONDS", "1"),
        // Three instances and the tests running beside them share PostgreSQL's 100 connections.
        ("LANYARD_DB_POOL_SIZE", "6"),
    ];
    let ports = [free_port(), free_port(), free_port()];
    let mut instances = Vec::new();
    for port in ports {
        instances.push(Process(start_binary_on(port, &test_db, &env, Stdio::null()).await.0));
    }
    let lb_port = free_port();
    let config = test_db.dir.path().join("haproxy.cfg");
    std::fs::write(&config, haproxy_config(lb_port, &ports)).unwrap();
    let program = if std::path::Path::new("/usr/sbin/haproxy").exists() { "/usr/sbin/haproxy" } else { "haproxy" };
    let haproxy = Command::new(program)
        .arg("-db")
        .arg("-f")
        .arg(&config)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("haproxy (Debian's package; .ci/test installs it)");
    let haproxy = Process(haproxy);
    let base = format!("http://127.0.0.1:{lb_port}");
    let probe = reqwest::Client::new();
    let mut up = 0;
    while up < 6 {
        // Every instance seen healthy through the balancer, round robin.
        let ok = probe.get(format!("{base}/readyz")).send().await.is_ok_and(|r| r.status() == StatusCode::OK);
        up = if ok { up + 1 } else { 0 };
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let Rig { admin, door: door_token, film, codes } = rig(&test_db, &base, BADGES, "cluster.example").await;
    let mut conn = connect(&test_db);
    let client = reqwest::Client::new();
    // Every instance's programme cache has seen the film's new hours.
    tokio::time::sleep(lanyard::web::PROGRAMME_TTL + Duration::from_millis(500)).await;

    // The rush, through the balancer; one instance killed when a third of it is answered.
    let count = Arc::new(AtomicUsize::new(0));
    let doors: Vec<_> = (0..DOORS)
        .map(|d| {
            let share = codes.iter().skip(d).step_by(DOORS).cloned().collect();
            tokio::spawn(door(base.clone(), door_token.clone(), film.clone(), share, count.clone()))
        })
        .collect();
    let desks: Vec<_> =
        (0..REGISTRANTS).map(|n| tokio::spawn(registrant(base.clone(), admin.clone(), n, count.clone()))).collect();
    let total = BADGES + REGISTRANTS * EACH;
    eventually(Duration::from_secs(60), "a third of the rush", || {
        (count.load(Ordering::Relaxed) >= total / 3).then_some(())
    })
    .await;
    kill(&mut instances[1].0);
    let (mut answered, mut retries) = (Vec::new(), 0);
    for d in doors {
        let (a, r) = d.await.unwrap();
        answered.extend(a);
        retries += r;
    }
    let mut registered = Vec::new();
    for d in desks {
        let (s, r) = d.await.unwrap();
        registered.extend(s);
        retries += r;
    }
    assert!(count.load(Ordering::Relaxed) == total, "every request of the rush was answered");

    // Each registration answered is stored once; each scan answered is stored once and each
    // badge admitted once.
    for email in &registered {
        let n: i64 = registrations::table.filter(registrations::email.eq(email)).count().get_result(&mut conn).unwrap();
        assert_eq!(n, 1, "{email} was answered and is stored once");
    }
    assert_eq!(registered.len(), REGISTRANTS * EACH);
    let mut admitted: HashMap<&String, usize> = HashMap::new();
    for (nonce, code, body) in &answered {
        let stored: Vec<String> =
            scans::table.filter(scans::nonce.like(format!("%:{nonce}"))).select(scans::id).load(&mut conn).unwrap();
        assert_eq!(stored, vec![body["scan_id"].as_str().unwrap().to_owned()], "{nonce}: stored once, as answered");
        if body["outcome"] == "admitted" {
            *admitted.entry(code).or_default() += 1;
        }
    }
    assert_eq!((admitted.len(), admitted.values().all(|n| *n == 1)), (BADGES, true), "every badge admitted once");
    let rows: i64 = admissions::table.filter(admissions::session_id.eq(&film)).count().get_result(&mut conn).unwrap();
    assert_eq!(rows as usize, BADGES);
    // The figures, through the balancer, are exact.
    let res = client.get(format!("{base}/api/v1/events/qianhai/attendance")).bearer_auth(&admin).send().await.unwrap();
    let figures: Value = res.json().await.unwrap();
    let session = figures["sessions"].as_array().unwrap().iter().find(|s| s["id"] == film.as_str()).unwrap().clone();
    assert_eq!((session["admitted"].as_u64(), session["inside"].as_u64()), (Some(BADGES as u64), Some(BADGES as u64)));

    // Every confirmation reaches the SMTP server once (mails the killed instance had claimed
    // are taken over by the others after the lease).
    let expected = BADGES + REGISTRANTS * EACH;
    let delivered = eventually(Duration::from_secs(60), "every confirmation delivered", || {
        let got = smtp.messages();
        (got.len() >= expected).then_some(got)
    })
    .await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    let delivered = if smtp.messages().len() > delivered.len() { smtp.messages() } else { delivered };
    // (recipient, Message-ID) of each copy the SMTP server holds.
    let copies: Vec<(String, String)> = delivered
        .iter()
        .map(|raw| {
            let m = MessageParser::default().parse(raw).unwrap();
            (m.to().unwrap().first().unwrap().address().unwrap().to_owned(), m.message_id().unwrap().to_owned())
        })
        .collect();
    let mut ids: HashMap<&String, HashSet<&String>> = HashMap::new();
    for (to, id) in &copies {
        ids.entry(to).or_default().insert(id);
    }
    // Every delegate got their confirmation, one message each (one Message-ID)...
    assert_eq!(ids.len(), expected, "a confirmation for every registration");
    assert!(ids.values().all(|m| m.len() == 1), "never two different confirmations for one registration");
    // ...and the only second copy SIGKILL can make is the mail the killed instance's worker had
    // handed to the SMTP server and not yet recorded: the same message (same Message-ID, which
    // mail clients drop), at most one per killed worker.
    let second_copies = copies.len() - expected;
    assert!(second_copies <= 1, "{second_copies} second copies for one killed instance");

    drop(haproxy);
    // README's deployment section gives this configuration.
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for line in haproxy_config(8080, &[]).lines().filter(|l| !l.is_empty()) {
        let skip = ["global", "maxconn", "bind "].iter().any(|w| line.contains(w));
        assert!(skip || readme.contains(line), "README's HAProxy configuration lacks {line:?}");
    }
    drop(instances);
    println!(
        "cluster: 3 instances behind HAProxy, one killed: {} scans and {} registrations answered, {retries} needed a retry; \
         {expected} confirmations delivered, {second_copies} second copy (same Message-ID)",
        answered.len(),
        registered.len()
    );
}
