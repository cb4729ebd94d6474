//! PostgreSQL crashes and restarts (`pg_ctl stop -m immediate`, then start: crash recovery)
//! while three doors scan: every door retries its unanswered scan with the same nonce, as a
//! device does, and every badge ends admitted exactly once. The server is a private cluster
//! started by the test, so the restart touches no other test's database.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use lanyard::db::schema::{admissions, scans};
use lanyard::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::doors::{Day, door_day_on, register};
use crate::helpers::{TestDb, eventually, free_port, spawn_app_on};

/// A PostgreSQL cluster of its own, in a temporary directory, on a free port.
struct PrivatePostgres {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    dir: tempfile::TempDir,
}

/// The newest server programs installed (Debian keeps them under /usr/lib/postgresql/N/bin).
fn server_bin() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("the PostgreSQL server (Debian package postgresql) is needed for the restart test")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("pg_ctl").exists())
        .collect();
    versions.sort_by_key(|p| p.parent().and_then(|v| v.file_name()?.to_str()?.parse::<u32>().ok()).unwrap_or(0));
    versions.pop().expect("no pg_ctl under /usr/lib/postgresql/*/bin")
}

impl PrivatePostgres {
    fn start() -> PrivatePostgres {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let pg = PrivatePostgres { bin: server_bin(), data, port: free_port(), dir };
        if is_root() {
            // The server refuses to run as root: the cluster belongs to the postgres account.
            let status = Command::new("chown").args(["-R", "postgres:postgres"]).arg(pg.dir.path()).status().unwrap();
            assert!(status.success(), "chown to postgres");
        }
        let init = [
            pg.bin.join("initdb").to_string_lossy().into_owned(),
            "-D".into(),
            pg.data.to_string_lossy().into_owned(),
            "-A".into(),
            "trust".into(),
            "-U".into(),
            "postgres".into(),
            "--no-sync".into(),
        ];
        pg.run(&init);
        pg.up();
        pg
    }

    fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}?sslmode=disable", self.port)
    }

    fn ctl(&self, args: &[&str]) {
        let mut all = vec![self.bin.join("pg_ctl").to_string_lossy().into_owned(), "-D".into()];
        all.push(self.data.to_string_lossy().into_owned());
        all.extend(args.iter().map(|a| a.to_string()));
        self.run(&all);
    }

    fn up(&self) {
        let options = format!("-p {} -k {} -c listen_addresses=127.0.0.1", self.port, self.dir.path().display());
        let log = self.dir.path().join("server.log").to_string_lossy().into_owned();
        self.ctl(&["-w", "-t", "30", "-l", &log, "-o", &options, "start"]);
    }

    /// A crash: every backend is killed at once, nothing is shut down cleanly.
    fn crash(&self) {
        self.ctl(&["-w", "-m", "immediate", "stop"]);
    }

    fn run(&self, argv: &[String]) {
        let mut command = if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]);
            c
        } else {
            Command::new(&argv[0])
        };
        let args = if is_root() { argv } else { &argv[1..] };
        let out = command.args(args).current_dir(self.dir.path()).output().unwrap();
        assert!(
            out.status.success(),
            "{argv:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        if self.data.join("postmaster.pid").exists() {
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.crash()));
        }
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

const DOORS: usize = 3;
const BADGES_PER_DOOR: usize = 20;

/// One door scanning its badges in turn, a scan every 50 ms; a scan with no answer (the
/// connection refused or cut, a 503) is sent again with its nonce until it is answered.
async fn door(
    base: String,
    n: usize,
    token: String,
    venue: String,
    codes: Vec<String>,
    answered: Arc<AtomicUsize>,
) -> (Vec<Value>, usize) {
    let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    let (mut answers, mut retries) = (Vec::new(), 0);
    for (i, code) in codes.iter().enumerate() {
        let body = json!({ "code": code, "nonce": format!("door{n}-{i}"), "venue": venue });
        let started = Instant::now();
        loop {
            let sent = client.post(format!("{base}/api/v1/events/qianhai/scans")).bearer_auth(&token).json(&body);
            match sent.send().await {
                Ok(res) if res.status() == StatusCode::OK => {
                    answers.push(res.json::<Value>().await.unwrap());
                    break;
                }
                Ok(res) => assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE, "only 'retry soon' while down"),
                Err(_) => {}
            }
            retries += 1;
            assert!(started.elapsed() < Duration::from_secs(60), "a scan got no answer for a minute");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        answered.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (answers, retries)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn doors_scanning_through_a_postgres_crash_and_restart_lose_and_double_nothing() {
    let pg = PrivatePostgres::start();
    let mut admin = PgConnection::establish(&pg.url("postgres")).unwrap();
    diesel::sql_query("CREATE DATABASE lanyard").execute(&mut admin).unwrap();
    drop(admin);
    let test_db = Arc::new(TestDb { url: pg.url("lanyard"), dir: tempfile::tempdir().unwrap() });
    let Day { app, admin, code: first, .. } = door_day_on(spawn_app_on(test_db, |_| {}).await).await;
    let hall: String = crate::doors::venue_id(&app, "Qianhai Exhibition Hall");

    let mut codes = vec![first];
    for n in 1..DOORS * BADGES_PER_DOOR {
        codes.push(register(&app, &admin, &format!("delegate{n}@mission.example"), "Delegate").await.1);
    }
    let answered = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = codes
        .chunks(BADGES_PER_DOOR)
        .enumerate()
        .map(|(n, chunk)| {
            let token = crate::doors::token(&app, Role::Door, &format!("hall door {n}"));
            let (base, venue, answered) = (app.address.clone(), hall.clone(), answered.clone());
            tokio::spawn(door(base, n, token, venue, chunk.to_vec(), answered))
        })
        .collect();

    // A third of the way in, the database crashes; it is back a second later.
    eventually(Duration::from_secs(30), "a third of the scans", || {
        (answered.load(Ordering::SeqCst) >= DOORS * BADGES_PER_DOOR / 3).then_some(())
    })
    .await;
    let down_at = answered.load(Ordering::SeqCst);
    pg.crash();
    tokio::time::sleep(Duration::from_secs(1)).await;
    pg.up();

    let (mut answers, mut retries) = (Vec::new(), 0);
    for task in tasks {
        let (a, r) = task.await.unwrap();
        answers.extend(a);
        retries += r;
    }
    println!(
        "{} scans by {DOORS} doors; PostgreSQL crashed after {down_at} and restarted; {retries} retries",
        answers.len()
    );
    assert!(retries > 0, "the crash was felt by the doors");
    assert_eq!(answers.len(), DOORS * BADGES_PER_DOOR);
    for a in &answers {
        assert_eq!(a["outcome"], "admitted", "each badge is scanned once, and admitted: {a}");
    }
    let mut conn = app.conn();
    let stored: i64 = scans::table.count().get_result(&mut conn).unwrap();
    assert_eq!(stored, (DOORS * BADGES_PER_DOOR) as i64, "every answered scan stored, none twice");
    let admitted: i64 = admissions::table.count().get_result(&mut conn).unwrap();
    assert_eq!(admitted, (DOORS * BADGES_PER_DOOR) as i64);
}
