//! The hardened edge: what one client can make the server do. Rate limits per address (and per
//! API token) answer 429 with Retry-After in the reader's language; logins lock the account
//! for the guessing address only; a signed link and a CSRF token are checked before a body is
//! read; photos are refused from their header and decoded a few at a time.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Stdio;
use std::time::{Duration, Instant};

use lanyard::staff::{Role, tokens};
use reqwest::StatusCode;

use crate::helpers::{Db, TestDb, jordan_ambassador, set, spawn_app, spawn_app_on, start_binary};
use crate::staff::{PASSWORD, add_staff, browser, token};

crate::on_both_databases!(
    a_client_over_the_registration_limit_waits_while_others_go_on,
    a_guesser_locks_only_their_own_address_out_of_an_account,
    an_api_token_over_its_limit_is_told_when_to_come_back,
    a_sixteen_bit_photo_is_refused_from_its_header_and_the_form_is_kept,
);

/// Posts the public form as a browser behind the trusted proxy at 127.0.0.1, from `client`.
async fn register_from(app: &crate::helpers::TestApp, client: &str, email: &str, lang: &str) -> reqwest::Response {
    let browser = browser();
    let page = browser.get(app.url("/events/qianhai/register")).header("X-Forwarded-For", client).send().await;
    let html = page.unwrap().text().await.unwrap();
    let csrf = crate::helpers::extract(&html, r#"name="csrf_token" value=""#).unwrap();
    let mut fields = jordan_ambassador();
    set(&mut fields, "email", email);
    fields.push(("sessions".into(), app.session_id("qianhai", "Film")));
    fields.push(("csrf_token".into(), csrf));
    let res = browser
        .post(app.url("/events/qianhai/register"))
        .header("X-Forwarded-For", client)
        .header("Accept-Language", lang)
        .form(&fields)
        .send()
        .await;
    res.unwrap()
}

async fn a_client_over_the_registration_limit_waits_while_others_go_on(db: Db) {
    let app = spawn_app_on(TestDb::new(db), |raw| {
        raw.rate_register = Some("3".into());
        raw.trusted_proxies = Some("127.0.0.1".into());
    })
    .await;
    let embassy = "198.51.100.7";
    for n in 0..3 {
        let res = register_from(&app, embassy, &format!("attache{n}@embassy.example"), "en").await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "registration {n} is within the limit");
    }
    let res = register_from(&app, embassy, "attache3@embassy.example", "fr").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=20).contains(&wait), "three a minute: the next in at most 20 s, not {wait}");
    let html = res.text().await.unwrap();
    assert!(html.contains("Trop de requêtes") && html.contains(r#"lang="fr""#), "{html}");
    assert_eq!(crate::helpers::registration_count(&mut app.conn()), 3, "the refused one was not stored");

    // Another address behind the same proxy is not held up.
    let res = register_from(&app, "203.0.113.40", "consul@other.example", "en").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(crate::helpers::registration_count(&mut app.conn()), 4);
}

/// A login from `client` (behind the trusted proxy).
async fn login_from(app: &crate::helpers::TestApp, client: &str, password: &str) -> reqwest::Response {
    let browser = browser();
    let csrf = token(app, &browser, "/staff/login").await;
    let form =
        [("csrf_token", csrf.as_str()), ("email", "reg@lanyard.example"), ("password", password), ("next", "/staff")];
    browser.post(app.url("/staff/login")).header("X-Forwarded-For", client).form(&form).send().await.unwrap()
}

async fn a_guesser_locks_only_their_own_address_out_of_an_account(db: Db) {
    let app = spawn_app_on(TestDb::new(db), |raw| raw.trusted_proxies = Some("127.0.0.1".into())).await;
    add_staff(&app, "reg@lanyard.example", Role::Registrar);
    let guesser = "203.0.113.66";
    for _ in 0..4 {
        assert_eq!(login_from(&app, guesser, "password123").await.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(login_from(&app, guesser, "letmein").await.status(), StatusCode::TOO_MANY_REQUESTS);
    let res = login_from(&app, guesser, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "the guesser waits even with the right password");

    // The registrar, at the desk, is not locked out by someone else's guesses.
    let res = login_from(&app, "198.51.100.20", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // The admin sees the account as locked (for one address).
    let admin = crate::staff::logged_in(&app, "ada@lanyard.example", Role::Admin).await;
    let html = admin.get(app.url("/staff/accounts")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("locked after failed logins"), "{html}");
}

async fn an_api_token_over_its_limit_is_told_when_to_come_back(db: Db) {
    let app = spawn_app_on(TestDb::new(db), |raw| raw.rate_api = Some("5".into())).await;
    let now = chrono::Utc::now().naive_utc();
    let (_, secret) =
        tokens::create(&mut app.conn(), "importer", Role::Registrar, Some(&crate::helpers::qianhai(&app)), "test", now)
            .unwrap();
    let (_, other) = tokens::create(
        &mut app.conn(),
        "dashboard",
        Role::Registrar,
        Some(&crate::helpers::qianhai(&app)),
        "test",
        now,
    )
    .unwrap();
    let get = async |secret: &str| app.client.get(app.url("/api/v1/events")).bearer_auth(secret).send().await.unwrap();
    for _ in 0..5 {
        assert_eq!(get(&secret).await.status(), StatusCode::OK);
    }
    let res = get(&secret).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "rate_limited");
    assert_eq!(get(&other).await.status(), StatusCode::OK, "another token has its own count");
}

/// A 16-bit PNG, as a scanner or a photo editor may save one: small as a file, 8 bytes a pixel.
fn deep_png(side: u32) -> Vec<u8> {
    let img = image::ImageBuffer::<image::Rgb<u16>, _>::from_fn(side, side, |x, y| {
        image::Rgb([(x * 13) as u16, (y * 7) as u16, 40_000])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb16(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

async fn a_sixteen_bit_photo_is_refused_from_its_header_and_the_form_is_kept(db: Db) {
    let app = spawn_app(db).await;
    let mut fields = jordan_ambassador();
    fields.push(("sessions".into(), app.session_id("qianhai", "Film")));
    let csrf = app.csrf_token("qianhai").await;
    let form = crate::photos::multipart(&fields, &csrf, deep_png(1200), "scan.png");
    let res = app.client.post(app.url("/events/qianhai/register")).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("16 bits per colour") && html.contains(r#"value="Hussam""#), "{html}");
    assert_eq!(crate::helpers::registration_count(&mut app.conn()), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_postgres_statement_cannot_run_for_ever() {
    let app = spawn_app(Db::Postgres).await;
    #[derive(diesel::QueryableByName)]
    struct Setting {
        #[diesel(sql_type = diesel::sql_types::Text)]
        statement_timeout: String,
    }
    use diesel::RunQueryDsl;
    let s: Setting = diesel::sql_query("SHOW statement_timeout").get_result(&mut app.conn()).unwrap();
    assert_eq!(s.statement_timeout, "30s");
}

/// Sends a request head and the start of a long body, and reads what the server answers
/// before the rest is sent (`None` when it waits for the body).
fn answer_before_the_body(port: u16, head: &str, start: &[u8]) -> Option<String> {
    let mut socket = TcpStream::connect(("127.0.0.1", port)).unwrap();
    socket.write_all(head.as_bytes()).unwrap();
    socket.write_all(start).unwrap();
    socket.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
    let mut buf = [0u8; 4096];
    let n = socket.read(&mut buf).ok()?;
    Some(String::from_utf8_lossy(&buf[..n]).into_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_link_is_refused_before_the_upload_is_read() {
    let app = spawn_app(Db::Sqlite).await;
    let port: u16 = app.address.rsplit(':').next().unwrap().parse().unwrap();
    let body_start = "--b\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nforged\r\n--b\r\n\
                      Content-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\n\r\nPNG";
    let head = |path: &str| {
        format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n\
             Content-Length: 9000000\r\n\r\n"
        )
    };
    // A badge page link that was never signed: refused with 9 MB still to come.
    let answer =
        answer_before_the_body(port, &head("/events/qianhai/badge/LY-XXXX/photo?t=nope"), body_start.as_bytes());
    let answer = answer.expect("the server answers without waiting for the upload");
    assert!(answer.starts_with("HTTP/1.1 404") || answer.starts_with("HTTP/1.1 410"), "{answer}");
}

/// The peak memory of a process, in MB (Linux's VmHWM).
fn peak_mb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() / 1024
}

/// A 16-megapixel 8-bit PNG that compresses to a few hundred KB.
fn big_png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(4000, 4000, |x, y| image::Rgb([(x / 16) as u8, (y / 16) as u8, 128]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img).write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn ten_large_photos_at_once_leave_the_server_answering_under_200_mb() {
    let test_db = TestDb::new(Db::Sqlite);
    let (mut server, base) = start_binary(&test_db, &[], Stdio::null()).await;
    let plain = reqwest::Client::new();
    let png = big_png();
    assert!(png.len() < 2_000_000, "a small file: {} bytes", png.len());
    let film = {
        let html = plain.get(format!("{base}/events/qianhai/register")).send().await.unwrap().text().await.unwrap();
        crate::helpers::extract(&html, r#"name="sessions" value=""#).unwrap()
    };
    let sends = (0..10).map(|n| {
        let (base, png, film) = (base.clone(), png.clone(), film.clone());
        tokio::spawn(async move {
            let client = browser();
            let html =
                client.get(format!("{base}/events/qianhai/register")).send().await.unwrap().text().await.unwrap();
            let csrf = crate::helpers::extract(&html, r#"name="csrf_token" value=""#).unwrap();
            let mut fields = jordan_ambassador();
            set(&mut fields, "email", &format!("delegate{n}@embassy.example"));
            fields.push(("sessions".into(), film));
            let form = crate::photos::multipart(&fields, &csrf, png, "me.png");
            client.post(format!("{base}/events/qianhai/register")).multipart(form).send().await.unwrap().status()
        })
    });
    let sends: Vec<_> = sends.collect();
    // While they are decoded, the server still answers at once.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let asked = Instant::now();
    assert_eq!(plain.get(format!("{base}/healthz")).send().await.unwrap().status(), StatusCode::OK);
    assert!(asked.elapsed() < Duration::from_secs(1), "healthz took {:?}", asked.elapsed());
    let mut statuses = Vec::new();
    for s in sends {
        statuses.push(s.await.unwrap());
    }
    let peak = peak_mb(server.id());
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(
        statuses.iter().all(|s| *s == StatusCode::SEE_OTHER || *s == StatusCode::SERVICE_UNAVAILABLE),
        "{statuses:?}"
    );
    assert!(statuses.contains(&StatusCode::SEE_OTHER), "some were decoded: {statuses:?}");
    assert!(peak < 200, "peak memory {peak} MB");
    println!("ten 16-megapixel PNGs at once: {statuses:?}, peak {peak} MB");
}
