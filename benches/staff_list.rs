//! The registrations list with 10,000 registrations: search (Latin, Chinese, Arabic), filters
//! and sort, through real HTTP against the `lanyard` binary, as a logged-in registrar.
//!
//!     cargo bench --bench staff_list                  # SQLite, then PostgreSQL
//!     LANYARD_BENCH_DB=postgres cargo bench --bench staff_list
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, RunQueryDsl};
use lanyard::registrations::{NewRegistration, Source, register};

const ROWS: usize = 10_000;

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

struct Db {
    url: String,
    _dir: tempfile::TempDir,
    pg: Option<(String, String)>,
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.pg
            && let Ok(mut conn) = PgConnection::establish(admin)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn);
        }
    }
}

fn database(kind: &str) -> Db {
    let dir = tempfile::tempdir().unwrap();
    if kind == "postgres" {
        let base = env_or("LANYARD_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432");
        let admin = format!("{base}/postgres");
        let name = format!("lanyard_list_bench_{}", std::process::id());
        let mut conn = PgConnection::establish(&admin).expect("PostgreSQL for the benchmark");
        diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn).unwrap();
        diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut conn).unwrap();
        Db { url: format!("{base}/{name}"), _dir: dir, pg: Some((admin, name)) }
    } else {
        let url = format!("sqlite://{}", dir.path().join("lanyard.db").display());
        Db { url, _dir: dir, pg: None }
    }
}

/// 10,000 registrations built from the 46 delegates of the test file, in all their scripts.
fn fill(db: &Db) {
    let backend = lanyard::db::Backend::from_url(&db.url).unwrap();
    let mut conn = backend.connect().unwrap();
    lanyard::db::migrate(&mut conn).unwrap();
    let now = chrono::Utc::now().naive_utc();
    lanyard::events::demo::load(&mut conn, now).unwrap();
    let event = lanyard::events::store::find_by_slug(&mut conn, "qianhai").unwrap().unwrap();
    let p = lanyard::events::store::programme(&mut conn, event).unwrap();
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/delegates.csv")).unwrap();
    let people: Vec<Vec<String>> = text.lines().skip(1).map(|l| l.split(',').map(str::to_owned).collect()).collect();
    let categories: Vec<String> = p.categories.iter().map(|c| c.id.clone()).collect();
    let keys = lanyard::secrets::Keys::derive(b"bench secret key, thirty-two bytes long");
    for i in 0..ROWS {
        let person = &people[i % people.len()];
        let field = |n: usize| person.get(n).cloned().unwrap_or_default();
        let new = NewRegistration {
            honorific: field(0),
            given_name: format!(
                "{}{}",
                field(1),
                if i < people.len() { String::new() } else { format!(" {}", i / people.len()) }
            ),
            family_name: field(2),
            native_name: field(3),
            badge_name: String::new(),
            email: format!("person{i}@bench.example"),
            phone: String::new(),
            country: field(4),
            organization: field(5),
            position: field(6),
            category_id: categories[i % 4].clone(),
            session_ids: vec![p.sessions[(i % 3) + 1].id.clone()],
            dietary: String::new(),
            accessibility: String::new(),
            locale: "en".into(),
            basis: lanyard::privacy::Basis::LegitimateInterests,
            precedence: None,
        };
        register(&mut conn, &keys, &p, &new, Source::Import, None, now).unwrap();
    }
    // The confirmations are not what is measured.
    diesel::sql_query("UPDATE outbox SET status = 'sent'").execute(&mut conn).unwrap();
    let user = lanyard::staff::auth::create(
        &mut conn,
        "bench@lanyard.example",
        "",
        lanyard::staff::Role::Registrar,
        "bench password 123",
        now,
    )
    .unwrap();
    // A registrar works on the events it is given.
    lanyard::staff::events::set_events(&mut conn, &user.id, std::slice::from_ref(&p.event.id), "bench", now).unwrap();
}

fn start(db: &Db, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_lanyard"))
        .env("DATABASE_URL", &db.url)
        .env("LANYARD_BIND", format!("127.0.0.1:{port}"))
        .env("LANYARD_DATA_DIR", db._dir.path().join("data"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Stops the server even when an assertion fails.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn bench(kind: &str) {
    let db = database(kind);
    let filled = Instant::now();
    fill(&db);
    println!(
        "== registrations list, {kind}, {ROWS} registrations (filled in {:.1} s) ==",
        filled.elapsed().as_secs_f64()
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let _server = Server(start(&db, port));
    let base = format!("http://127.0.0.1:{port}");
    let client =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let up = Instant::now();
    while client.get(format!("{base}/healthz")).send().await.is_err() {
        assert!(up.elapsed() < Duration::from_secs(30));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let html = client.get(format!("{base}/staff/login")).send().await.unwrap().text().await.unwrap();
    let marker = r#"name="csrf_token" value=""#;
    let start_at = html.find(marker).unwrap() + marker.len();
    let csrf = &html[start_at..start_at + html[start_at..].find('"').unwrap()];
    let res = client
        .post(format!("{base}/staff/login"))
        .form(&[("csrf_token", csrf), ("email", "bench@lanyard.example"), ("password", "bench password 123")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let cases = [
        ("first page, newest first", ""),
        ("search Latin, part of a name", "q=husseini"),
        ("search Chinese", "q=%E6%9D%8E"),
        ("search Arabic", "q=%D8%A7%D9%84%D8%AD%D8%B3%D9%8A%D9%86%D9%8A"),
        ("filter status + country, by precedence", "status=approved&country=JO&sort=precedence"),
        ("filter session, page 20", "session=The+Skyline+of+Shenzhen&page=20"),
        ("search + category + sort by name", "q=embassy&category=Delegate&sort=name"),
    ];
    let runs = 100;
    for (name, query) in cases {
        let url = format!("{base}/staff/events/qianhai/registrations?{query}");
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let t = Instant::now();
            let res = client.get(&url).send().await.unwrap();
            assert_eq!(res.status(), 200);
            res.bytes().await.unwrap();
            times.push(t.elapsed());
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!("{name:42} p50 {:6.2} ms   p95 {:6.2} ms", ms(times[runs / 2]), ms(times[runs * 95 / 100]));
    }
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    for kind in env_or("LANYARD_BENCH_DB", "sqlite,postgres").split(',') {
        runtime.block_on(bench(kind.trim()));
    }
}
