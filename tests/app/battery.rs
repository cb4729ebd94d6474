//! The battery: a rush of registrations from many clients through an SMTP outage, and a
//! kill -9 in the middle of a rush of registrations and door scans. Bounded in count and time
//! so CI runs it every time; nothing that got a success answer may be lost or doubled.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use lanyard::db::schema::{outbox, registrations, scans};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Db, SmtpServer, TestDb, eventually, extract, free_port, jordan_ambassador, set, spawn_app_on};

crate::on_both_databases!(
    a_rush_of_2000_registrations_from_200_clients_through_an_smtp_outage_is_stored_and_mailed_once,
    a_kill_9_during_a_rush_of_registrations_and_scans_loses_and_doubles_nothing_that_was_answered,
);

const CLIENTS: usize = 200;
const EACH: usize = 10;

/// One delegation's browser behind the proxy, at its own address: a form, then `EACH`
/// registrations with it. Answers the emails that were registered (303) and every status.
async fn delegation(base: String, n: usize, done: Arc<AtomicUsize>) -> (Vec<String>, Vec<StatusCode>) {
    let address = format!("10.{}.{}.{}", n / 65536 % 256, n / 256 % 256, n % 256 + 1);
    let client = crate::staff::browser();
    let page = client.get(format!("{base}/events/qianhai/register")).header("X-Forwarded-For", &address).send();
    let html = page.await.unwrap().text().await.unwrap();
    let csrf = extract(&html, r#"name="csrf_token" value=""#).unwrap();
    let (mut stored, mut statuses) = (Vec::new(), Vec::new());
    for i in 0..EACH {
        let email = format!("delegate{i}@mission{n}.example");
        let mut fields = jordan_ambassador();
        set(&mut fields, "email", &email);
        fields.push(("csrf_token".into(), csrf.clone()));
        let post = client.post(format!("{base}/events/qianhai/register")).header("X-Forwarded-For", &address);
        let status = post.form(&fields).send().await.unwrap().status();
        if status == StatusCode::SEE_OTHER {
            stored.push(email);
        }
        statuses.push(status);
        done.fetch_add(1, Ordering::Relaxed);
    }
    (stored, statuses)
}

async fn a_rush_of_2000_registrations_from_200_clients_through_an_smtp_outage_is_stored_and_mailed_once(db: Db) {
    let smtp_port = free_port();
    let test_db = TestDb::new(db);
    let app = spawn_app_on(test_db.clone(), |raw| {
        raw.trusted_proxies = Some("127.0.0.1".into());
        raw.smtp_url = Some(format!("smtp://127.0.0.1:{smtp_port}"));
        raw.db_pool_size = Some("8".into());
    })
    .await;
    let started = Instant::now();
    let done = Arc::new(AtomicUsize::new(0));
    let rush: Vec<_> = (0..CLIENTS).map(|n| tokio::spawn(delegation(app.address.clone(), n, done.clone()))).collect();

    // The SMTP server is down for the first half of the rush.
    eventually(Duration::from_secs(120), "half the rush", || {
        (done.load(Ordering::Relaxed) >= CLIENTS * EACH / 2).then_some(())
    })
    .await;
    let smtp = SmtpServer::start(smtp_port, &test_db.dir.path().join("maildir")).await;

    let (mut stored, mut statuses) = (Vec::new(), Vec::new());
    for delegation in rush {
        let (s, st) = delegation.await.unwrap();
        stored.extend(s);
        statuses.extend(st);
    }
    let rush_time = started.elapsed();
    let server_errors = statuses.iter().filter(|s| s.is_server_error()).count();
    assert_eq!(server_errors, 0, "no 5xx: {:?}", statuses.iter().filter(|s| !s.is_redirection()).collect::<Vec<_>>());
    assert_eq!(stored.len(), CLIENTS * EACH, "every registration answered 303");

    // Each stored once.
    let emails: Vec<String> = registrations::table.select(registrations::email).load(&mut *app.conn()).unwrap();
    let unique: HashSet<&String> = emails.iter().collect();
    assert_eq!((emails.len(), unique.len()), (CLIENTS * EACH, CLIENTS * EACH));

    // Each confirmation delivered once to the real SMTP server, the outage notwithstanding.
    let delivered = eventually(Duration::from_secs(300), "every confirmation", || {
        let messages = smtp.messages();
        (messages.len() >= CLIENTS * EACH).then_some(messages)
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut per_address: HashMap<String, usize> = HashMap::new();
    for m in smtp.messages() {
        let parsed = mail_parser::MessageParser::default().parse(&m).unwrap();
        let to = parsed.to().and_then(|a| a.first()).and_then(|a| a.address()).unwrap().to_owned();
        *per_address.entry(to).or_default() += 1;
    }
    assert_eq!(per_address.len(), CLIENTS * EACH, "a confirmation to every delegate");
    assert!(per_address.values().all(|n| *n == 1), "none twice");
    let unsent: i64 = outbox::table.filter(outbox::status.ne("sent")).count().get_result(&mut *app.conn()).unwrap();
    assert_eq!(unsent, 0);
    println!(
        "rush: {} registrations from {CLIENTS} clients in {rush_time:?}, SMTP down for the first half; \
         {} confirmations delivered once each after {:?}",
        stored.len(),
        delivered.len(),
        started.elapsed()
    );
}

/// A connection of the test's own to the database the binary uses.
pub(crate) fn connect(db: &TestDb) -> lanyard::db::DbConn {
    lanyard::db::Backend::from_url(&db.url).unwrap().connect().unwrap()
}

/// The server's keys, read from its secret key file, to read badge codes back.
pub(crate) fn keys_of(db: &TestDb) -> lanyard::secrets::Keys {
    let raw = lanyard::config::RawSettings {
        database_url: Some(db.url.clone()),
        data_dir: Some(db.dir.path().join("data").to_string_lossy().into_owned()),
        ..Default::default()
    };
    lanyard::secrets::Keys::derive(&lanyard::config::Settings::from_raw(raw).unwrap().secret_key.0)
}

const DOORS: usize = 8;
const BADGES: usize = 160;
const REGISTRANTS: usize = 24;

/// A door scanning its share of the badges over and over (the first pass admits, later ones
/// find them inside), one nonce per scan, until the server goes away; answers (nonce, code,
/// body) for every scan that got a 200, and the one that got no answer.
async fn door(
    base: String,
    token: String,
    film: String,
    codes: Vec<(String, String)>,
    count: Arc<AtomicUsize>,
    passes: usize,
) -> (Vec<(String, String, Value)>, Vec<(String, String)>) {
    let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    let (mut answered, mut lost) = (Vec::new(), Vec::new());
    'passes: for pass in 0..passes {
        for (nonce, code) in &codes {
            let nonce = if passes == 1 { nonce.clone() } else { format!("{nonce}-pass{pass}") };
            let body = json!({ "code": code, "session": film, "nonce": nonce });
            let url = format!("{base}/api/v1/events/qianhai/scans");
            match client.post(url).bearer_auth(&token).json(&body).send().await {
                Ok(res) if res.status() == StatusCode::OK => {
                    answered.push((nonce, code.clone(), res.json().await.unwrap()));
                    count.fetch_add(1, Ordering::Relaxed);
                }
                Ok(res) => panic!("a scan answered {}", res.status()),
                Err(_) => {
                    lost.push((nonce, code.clone()));
                    break 'passes;
                }
            }
        }
    }
    (answered, lost)
}

/// A browser registering one delegate after another until the server goes away; answers the
/// emails answered 303.
async fn registrant(base: String, n: usize) -> Vec<String> {
    let client = crate::staff::browser();
    let address = format!("10.9.{}.{}", n / 256, n % 256 + 1);
    let Ok(page) =
        client.get(format!("{base}/events/qianhai/register")).header("X-Forwarded-For", &address).send().await
    else {
        return Vec::new();
    };
    let csrf = extract(&page.text().await.unwrap_or_default(), r#"name="csrf_token" value=""#).unwrap_or_default();
    let mut stored = Vec::new();
    for i in 0.. {
        let email = format!("attache{i}@kill{n}.example");
        let mut fields = jordan_ambassador();
        set(&mut fields, "email", &email);
        fields.push(("csrf_token".into(), csrf.clone()));
        let post = client.post(format!("{base}/events/qianhai/register")).header("X-Forwarded-For", &address);
        match post.form(&fields).send().await {
            Ok(res) if res.status() == StatusCode::SEE_OTHER => stored.push(email),
            Ok(res) if res.status() == StatusCode::TOO_MANY_REQUESTS => {
                tokio::time::sleep(Duration::from_millis(200)).await
            }
            Ok(res) => panic!("a registration answered {}", res.status()),
            Err(_) => break,
        }
    }
    stored
}

/// The door rig of a rush: an admin and a door token, the film on now and open to all, and
/// `n` heads of mission registered for it through `base`, as (nonce, badge code).
pub(crate) struct Rig {
    pub admin: String,
    pub door: String,
    pub film: String,
    pub codes: Vec<(String, String)>,
}

pub(crate) async fn rig(test_db: &TestDb, base: &str, n: usize, domain: &str) -> Rig {
    use lanyard::db::schema::sessions;
    let mut conn = connect(test_db);
    let now = chrono::Utc::now().naive_utc();
    let event = lanyard::events::store::find_by_slug(&mut conn, "qianhai").unwrap().unwrap().id;
    let (_, admin) =
        lanyard::staff::tokens::create(&mut conn, "desk", lanyard::staff::Role::Admin, None, "test", now).unwrap();
    let (_, door_token) =
        lanyard::staff::tokens::create(&mut conn, "hall door", lanyard::staff::Role::Door, Some(&event), "test", now)
            .unwrap();
    // The film is on now, and every badge holder may enter.
    let film: String =
        sessions::table.filter(sessions::title.like("Film%")).select(sessions::id).first(&mut conn).unwrap();
    diesel::update(sessions::table.find(&film))
        .set((
            sessions::starts_at.eq(now - chrono::Duration::minutes(10)),
            sessions::ends_at.eq(now + chrono::Duration::hours(2)),
            sessions::capacity.eq(None::<i32>),
        ))
        .execute(&mut conn)
        .unwrap();
    let keys = keys_of(test_db);
    let api = reqwest::Client::new();
    let mut codes = Vec::new();
    for i in 0..n {
        let body = json!({
            "honorific": "H.E. Mr.", "given_name": "Delegate", "family_name": format!("Number {i}"),
            "email": format!("badge{i}@{domain}"), "country": "JO", "organization": "Embassy",
            "position": "Counsellor", "category": "Head of Mission", "sessions": [film], "locale": "en"
        });
        let res =
            api.post(format!("{base}/api/v1/events/qianhai/registrations")).bearer_auth(&admin).json(&body).send();
        let v: Value = res.await.unwrap().json().await.unwrap();
        let id: lanyard::ids::RegistrationId = v["id"].as_str().unwrap_or_else(|| panic!("{v}")).into();
        let badge = lanyard::badges::store::current(&mut conn, &id).unwrap().unwrap();
        codes.push((format!("{domain}-{i}"), badge.code(&keys).unwrap()));
    }
    Rig { admin, door: door_token, film, codes }
}

async fn a_kill_9_during_a_rush_of_registrations_and_scans_loses_and_doubles_nothing_that_was_answered(db: Db) {
    use lanyard::db::schema::admissions;
    let test_db = TestDb::new(db);
    let port = free_port();
    let env = [("LANYARD_TRUSTED_PROXIES", "127.0.0.1"), ("LANYARD_RATE_API", "0")];
    let (mut server, base) = crate::helpers::start_binary_on(port, &test_db, &env, std::process::Stdio::null()).await;
    let Rig { door: door_token, film, codes, .. } = rig(&test_db, &base, BADGES, "door.example").await;
    tokio::time::sleep(lanyard::web::PROGRAMME_TTL + Duration::from_millis(500)).await;

    // The rush: doors scanning every badge, browsers registering; a kill -9 in the middle.
    let count = Arc::new(AtomicUsize::new(0));
    let doors: Vec<_> = (0..DOORS)
        .map(|d| {
            let share = codes.iter().skip(d).step_by(DOORS).cloned().collect();
            tokio::spawn(door(base.clone(), door_token.clone(), film.clone(), share, count.clone(), 1000))
        })
        .collect();
    let browsers: Vec<_> = (0..REGISTRANTS).map(|n| tokio::spawn(registrant(base.clone(), n))).collect();
    // Killed when half the badges have had their first scan answered.
    eventually(Duration::from_secs(60), "half the first scans", || {
        (count.load(Ordering::Relaxed) >= BADGES / 2).then_some(())
    })
    .await;
    server.kill().unwrap(); // SIGKILL: no shutdown code runs
    server.wait().unwrap();
    let mut answered = Vec::new();
    let mut unanswered = Vec::new();
    for d in doors {
        let (a, l) = d.await.unwrap();
        answered.extend(a);
        unanswered.extend(l);
    }
    let mut registered = Vec::new();
    for b in browsers {
        registered.extend(b.await.unwrap());
    }
    assert!(!answered.is_empty() && !registered.is_empty(), "the kill came during the rush");

    // Restarted; the doors send again what got no answer, with the same nonce.
    let (mut server, base) = crate::helpers::start_binary_on(port, &test_db, &env, std::process::Stdio::null()).await;
    let (retried, lost) = door(base.clone(), door_token.clone(), film.clone(), unanswered.clone(), count, 1).await;
    assert!(lost.is_empty());
    server.kill().unwrap();
    server.wait().unwrap();

    let mut conn = connect(&test_db);
    for email in &registered {
        let n: i64 = registrations::table.filter(registrations::email.eq(email)).count().get_result(&mut conn).unwrap();
        assert_eq!(n, 1, "{email} was answered 303 and is stored once");
    }
    for (nonce, _, body) in answered.iter().chain(&retried) {
        // Stored under the device's namespace: `token id:nonce`.
        let stored: Vec<String> =
            scans::table.filter(scans::nonce.like(format!("%:{nonce}"))).select(scans::id).load(&mut conn).unwrap();
        assert_eq!(stored, vec![body["scan_id"].as_str().unwrap().to_owned()], "{nonce}: stored once, as answered");
    }
    // Each badge admitted exactly once over every answer, the retries included; the figures exact.
    let mut admitted: HashMap<&String, usize> = HashMap::new();
    for (_, code, body) in answered.iter().chain(&retried) {
        if body["outcome"] == "admitted" {
            *admitted.entry(code).or_default() += 1;
        }
    }
    let first_scans_answered = codes.iter().filter(|(_, c)| admitted.contains_key(c)).count();
    assert!(admitted.values().all(|n| *n == 1), "no badge admitted twice");
    assert!(first_scans_answered < BADGES || retried.is_empty(), "the kill came before every badge was in");
    let rows: i64 = admissions::table.filter(admissions::session_id.eq(&film)).count().get_result(&mut conn).unwrap();
    assert_eq!(rows as usize, admitted.len(), "one admission per badge admitted, none lost, none doubled");
    println!(
        "kill -9: {} scans answered before the kill, {} resent after it; {} registrations answered before it",
        answered.len(),
        retried.len(),
        registered.len()
    );
}
