//! What the HTTP load harnesses share: the release binary on a fresh database, percentiles.
#![allow(dead_code)]

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use diesel::{Connection, PgConnection, RunQueryDsl};

pub struct Server {
    pub url: String,
    pub database_url: String,
    pub child: Option<Child>,
    pub _dir: Option<tempfile::TempDir>,
    pub pg: Option<(String, String)>,
}

impl Server {
    /// A server someone else runs.
    pub fn running(url: String) -> Server {
        Server { url, database_url: String::new(), child: None, _dir: None, pg: None }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
        if let Some((admin, name)) = &self.pg
            && let Ok(mut conn) = PgConnection::establish(admin)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn);
        }
    }
}

pub fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

/// The benchmark server's secret key (base64), so a harness can read badge codes back.
pub const SECRET_KEY: &str = "bGFueWFyZCBiZW5jaG1hcmsga2V5LCB0aGlydHktdHdvIGJ5dGVzIGxvbmc";

/// The server's keys for secrets at rest.
#[allow(dead_code)] // not every harness reads codes back
pub fn keys() -> lanyard::secrets::Keys {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(SECRET_KEY).unwrap();
    lanyard::secrets::Keys::derive(&bytes)
}

pub fn start(db: &str) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut pg = None;
    let database_url = if db == "postgres" {
        let base = env_or("LANYARD_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432");
        let admin = format!("{base}/postgres");
        let name = format!("lanyard_bench_{}", std::process::id());
        let mut conn = PgConnection::establish(&admin).expect("PostgreSQL for the benchmark");
        diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn).unwrap();
        diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut conn).unwrap();
        pg = Some((admin, name.clone()));
        format!("{base}/{name}")
    } else {
        format!("sqlite://{}", dir.path().join("lanyard.db").display())
    };
    let child = Command::new(env!("CARGO_BIN_EXE_lanyard"))
        .env("DATABASE_URL", &database_url)
        .env("LANYARD_BIND", format!("127.0.0.1:{port}"))
        .env("LANYARD_DATA_DIR", dir.path().join("data"))
        .env("LANYARD_SECRET_KEY", SECRET_KEY)
        .env("LANYARD_DEMO", "true")
        // One load generator is one client address (and one token) sending thousands a second.
        .env("LANYARD_RATE_REGISTER", "0")
        .env("LANYARD_RATE_API", "0")
        .env("LANYARD_RATE_BADGE", "0")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(match std::env::var("LANYARD_BENCH_LOG") {
            // The server's log, when asked for (LANYARD_BENCH_LOG=path).
            Ok(path) => std::fs::File::create(path).map(Stdio::from).unwrap_or_else(|_| Stdio::null()),
            Err(_) => Stdio::null(),
        })
        .spawn()
        .expect("the lanyard binary");
    Server { url: format!("http://127.0.0.1:{port}"), database_url, child: Some(child), _dir: Some(dir), pg }
}

pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// The demo event's doors live (it starts in rehearsal, whose scans are written one by one):
/// call once the server answers, before any scan. A server someone else runs is left as it is.
pub fn doors_live(database_url: &str) {
    use diesel::RunQueryDsl;
    if database_url.is_empty() {
        return;
    }
    let mut conn = lanyard::db::Backend::from_url(database_url).unwrap().connect().unwrap();
    diesel::update(lanyard::db::schema::events::table)
        .set(diesel::ExpressionMethods::eq(lanyard::db::schema::events::rehearsal, false))
        .execute(&mut conn)
        .unwrap();
}
