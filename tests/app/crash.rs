//! A crash (kill -9) loses no committed registration and no queued mail.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::helpers::{Db, SmtpServer, TestDb, eventually, extract, free_port, jordan_ambassador, registration_count};

crate::on_both_databases!(a_registration_committed_before_a_kill_is_there_and_mailed_after_restart);

fn start(db: &TestDb, port: u16, smtp_port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_lanyard"))
        .env("DATABASE_URL", &db.url)
        .env("LANYARD_BIND", format!("127.0.0.1:{port}"))
        .env("LANYARD_DATA_DIR", db.dir.path().join("data"))
        .env("SMTP_URL", format!("smtp://127.0.0.1:{smtp_port}"))
        .env("LANYARD_MAIL_RETRY_SECONDS", "0.2")
        // The demo event, on PostgreSQL too (it loads by itself only into SQLite).
        .env("LANYARD_DEMO", "true")
        // The killed process may have held the mail mid-send; its claim expires after this.
        .env("LANYARD_MAIL_LEASE_SECONDS", "2")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

async fn up(client: &reqwest::Client, base: &str) {
    let start = std::time::Instant::now();
    while client.get(format!("{base}/healthz")).send().await.is_err() {
        assert!(start.elapsed() < Duration::from_secs(20), "server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn a_registration_committed_before_a_kill_is_there_and_mailed_after_restart(db: Db) {
    let test_db = TestDb::new(db);
    let (port, smtp_port) = (free_port(), free_port());
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();

    let mut first = start(&test_db, port, smtp_port);
    up(&client, &base).await;
    let form = client.get(format!("{base}/events/qianhai/register")).send().await.unwrap().text().await.unwrap();
    let mut fields = jordan_ambassador();
    fields.push(("csrf_token".into(), extract(&form, r#"name="csrf_token" value=""#).unwrap()));
    let res = client.post(format!("{base}/events/qianhai/register")).form(&fields).send().await.unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    first.kill().unwrap(); // SIGKILL: no shutdown code runs
    first.wait().unwrap();

    let smtp = SmtpServer::start(smtp_port, &test_db.dir.path().join("maildir")).await;
    let mut second = start(&test_db, port, smtp_port);
    up(&client, &base).await;
    eventually(Duration::from_secs(20), "the confirmation after restart", || {
        (!smtp.messages().is_empty()).then_some(())
    })
    .await;
    let mut conn = lanyard::db::Backend::from_url(&test_db.url).unwrap().connect().unwrap();
    assert_eq!(registration_count(&mut conn), 1);
    second.kill().unwrap();
    second.wait().unwrap();
    assert_eq!(smtp.messages().len(), 1);
}
