//! Test harness: the real application on a random port, with its own database (SQLite file
//! or a fresh PostgreSQL database), and a real SMTP server when a test needs one.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use lanyard::clock::Clock;
use lanyard::config::{RawSettings, Settings};
use lanyard::db::{DbConn, Pool};
use lanyard::startup::Application;

/// Which database a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// One database for one test; a PostgreSQL database is dropped when the test ends.
pub struct TestDb {
    pub url: String,
    pub dir: tempfile::TempDir,
}

fn pg_admin_url() -> String {
    std::env::var("LANYARD_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

impl TestDb {
    pub fn new(db: Db) -> Arc<TestDb> {
        let dir = tempfile::tempdir().unwrap();
        match db {
            Db::Sqlite => {
                Arc::new(TestDb { url: format!("sqlite://{}", dir.path().join("lanyard.db").display()), dir })
            }
            Db::Postgres => {
                let admin = format!("{}/postgres?sslmode=disable", pg_admin_url());
                let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
                let name = format!("lanyard_test_{now}_{}", uuid_simple());
                let mut conn = PgConnection::establish(&admin)
                    .unwrap_or_else(|e| panic!("PostgreSQL must run at {admin} for these tests: {e}"));
                drop_old_test_databases(&mut conn, now);
                diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut conn).unwrap();
                // Without TLS: libpq's OpenSSL teardown at process exit races with pooled
                // connections still open in other threads, which crashed test processes.
                Arc::new(TestDb { url: format!("{}/{name}?sslmode=disable", pg_admin_url()), dir })
            }
        }
    }
}

/// Test databases are not dropped when their test ends: killing the connections of a server
/// that is still shutting down crashed test processes now and then. Instead each new test
/// drops the ones more than an hour old (their name carries their creation time).
fn drop_old_test_databases(conn: &mut PgConnection, now: u64) {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        datname: String,
    }
    let names: Vec<Name> = diesel::sql_query("SELECT datname FROM pg_database WHERE datname LIKE 'lanyard\\_test\\_%'")
        .load(conn)
        .unwrap_or_default();
    for Name { datname } in names {
        let created = datname.split('_').nth(2).and_then(|t| t.parse::<u64>().ok()).unwrap_or(0);
        if created + 3600 < now {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {datname} WITH (FORCE)")).execute(conn);
        }
    }
}

fn uuid_simple() -> String {
    lanyard::db::new_id().replace('-', "")
}

/// A running application.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub pool: Pool,
    pub db: Arc<TestDb>,
    pub data_dir: PathBuf,
    /// The app's clock: a test moves it instead of waiting.
    pub clock: Clock,
    /// The mail worker, to stop it.
    pub mailer: lanyard::mail::worker::Mailer,
    handle: actix_web::dev::ServerHandle,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

/// Starts the app on a fresh database.
pub async fn spawn_app(db: Db) -> TestApp {
    spawn_app_on(TestDb::new(db), |_| {}).await
}

/// Starts the app on an existing test database, with settings adjusted by `adjust`. The demo
/// event's doors are live, as on its day (it starts in rehearsal: see `spawn_app_rehearsing`).
pub async fn spawn_app_on(db: Arc<TestDb>, adjust: impl FnOnce(&mut RawSettings)) -> TestApp {
    let app = start(db, adjust).await;
    doors_live(&app.db.url);
    app
}

/// The app as a newcomer finds it: the demo event's doors in rehearsal.
pub async fn spawn_app_rehearsing(db: Db) -> TestApp {
    start(TestDb::new(db), |_| {}).await
}

async fn start(db: Arc<TestDb>, adjust: impl FnOnce(&mut RawSettings)) -> TestApp {
    let data_dir = db.dir.path().join("data");
    let mut raw = RawSettings {
        database_url: Some(db.url.clone()),
        bind: Some("127.0.0.1:0".into()),
        base_url: Some("http://lanyard.test".into()),
        data_dir: Some(data_dir.to_string_lossy().into_owned()),
        workers: Some("2".into()),
        db_pool_size: Some("4".into()),
        mail_retry_seconds: Some("0.2".into()),
        // Every test starts from the demo event, on PostgreSQL too.
        demo: Some("true".into()),
        ..RawSettings::default()
    };
    adjust(&mut raw);
    let settings = Settings::from_raw(raw).unwrap();
    let app = Application::build(settings).unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    let pool = app.pool();
    let clock = app.clock();
    let mailer = app.mailer();
    let handle = app.handle();
    let task = tokio::spawn(app.run_until_stopped());
    let client =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    TestApp { address, client, pool, db, data_dir, clock, mailer, handle, task: Some(task) }
}

/// A filled-in registration, as field/value pairs (sessions repeat).
pub type Fields = Vec<(String, String)>;

/// Hussam Al Husseini, from the delegates file, with two sessions chosen by the caller.
pub fn jordan_ambassador() -> Fields {
    [
        ("honorific", "H.E. Mr."),
        ("given_name", "Hussam"),
        ("family_name", "Al Husseini"),
        ("native_name", "حسام الحسيني"),
        ("email", "h.alhusseini@jo-embassy.example"),
        ("phone", "+86 10 6532 3906"),
        ("country", "JO"),
        ("organization", "Embassy of the Hashemite Kingdom of Jordan"),
        ("position", "Ambassador"),
        ("category", "Head of Mission"),
        ("locale", "en"),
        // The privacy notice's box, which a delegate ticks.
        ("consent", "on"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// Replaces (or adds) a field's value.
pub fn set(fields: &mut Fields, name: &str, value: &str) {
    fields.retain(|(k, _)| k != name);
    fields.push((name.to_owned(), value.to_owned()));
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// The server's keys for secrets at rest (from its secret key file), as a test needs them
    /// to find a badge by its code or read a code back.
    pub fn keys(&self) -> lanyard::secrets::Keys {
        let raw = RawSettings {
            database_url: Some(self.db.url.clone()),
            data_dir: Some(self.data_dir.to_string_lossy().into_owned()),
            ..RawSettings::default()
        };
        lanyard::secrets::Keys::derive(&Settings::from_raw(raw).unwrap().secret_key.0)
    }

    pub fn conn(&self) -> lanyard::db::PooledConn {
        self.pool.get().unwrap()
    }

    /// Moves the app's clock past its programme cache, so a change made in the database shows.
    pub fn let_the_programme_cache_expire(&self) {
        self.clock
            .advance(chrono::Duration::from_std(lanyard::web::PROGRAMME_TTL).unwrap() + chrono::Duration::seconds(1));
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// A page as a browser preferring `accept_language` gets it.
    pub async fn page_in(&self, path: &str, accept_language: &str) -> String {
        let res = self.client.get(self.url(path)).header("Accept-Language", accept_language).send().await.unwrap();
        res.text().await.unwrap()
    }

    /// GETs any page with a form (which sets the CSRF cookie) and returns its token.
    pub async fn csrf_token_for(&self, path: &str) -> String {
        let html = self.get(path).await.text().await.unwrap();
        extract(&html, r#"name="csrf_token" value=""#).unwrap_or_else(|| panic!("no CSRF token at {path}: {html}"))
    }

    /// GETs the form (which sets the CSRF cookie) and returns its token.
    pub async fn csrf_token(&self, slug: &str) -> String {
        let html = self.get(&format!("/events/{slug}/register")).await.text().await.unwrap();
        extract(&html, r#"name="csrf_token" value=""#).unwrap_or_else(|| panic!("no CSRF token in form: {html}"))
    }

    /// Submits the registration form with a valid CSRF token, following the redirect to
    /// the confirmation page as a browser would.
    pub async fn register(&self, slug: &str, fields: &Fields) -> reqwest::Response {
        let token = self.csrf_token(slug).await;
        let res = self.post_form(slug, fields, &token).await;
        if res.status() != reqwest::StatusCode::SEE_OTHER {
            return res;
        }
        let location = res.headers()["location"].to_str().unwrap().to_owned();
        self.get(&location).await
    }

    pub async fn post_form(&self, slug: &str, fields: &Fields, token: &str) -> reqwest::Response {
        let mut body = fields.clone();
        body.push(("csrf_token".into(), token.into()));
        self.client.post(self.url(&format!("/events/{slug}/register"))).form(&body).send().await.unwrap()
    }

    /// The demo event's sessions, (id, English title), in time order.
    pub fn sessions(&self, slug: &str) -> Vec<(String, String)> {
        let mut conn = self.conn();
        let event = lanyard::events::store::find_by_slug(&mut conn, slug).unwrap().unwrap();
        let p = lanyard::events::store::programme(&mut conn, event).unwrap();
        p.sessions.iter().map(|s| (s.id.clone(), s.title.clone())).collect()
    }

    pub fn session_id(&self, slug: &str, title_starts: &str) -> String {
        self.sessions(slug)
            .into_iter()
            .find(|(_, t)| t.starts_with(title_starts))
            .unwrap_or_else(|| panic!("no session {title_starts:?}"))
            .0
    }

    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }

    /// The .eml files in the outbox folder, once no mail is queued or being written (a file
    /// read while the worker writes it would be cut short).
    pub fn mail_files(&self) -> Vec<PathBuf> {
        let busy = outbox_states(&mut self.conn()).iter().any(|(s, _)| s == "queued" || s == "sending");
        if busy { Vec::new() } else { files_in(&self.outbox_dir()) }
    }

    /// Stops the server and its mail worker.
    pub async fn stop(mut self) {
        self.handle.stop(true).await;
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

/// A test that ends without `stop` must not leave its server and mail worker running in the
/// test process: under `cargo test` every test shares one process, and a few hundred idle
/// servers polling their databases would starve the tests still running.
impl Drop for TestApp {
    fn drop(&mut self) {
        self.mailer.stop();
        // The command is sent at once; the server acts on it while the runtime still runs.
        drop(self.handle.stop(false));
    }
}

/// The text after `marker` up to the next double quote.
pub fn extract(html: &str, marker: &str) -> Option<String> {
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_owned())
}

/// Polls `check` until it returns `Some`, or panics after `timeout`.
pub async fn eventually<T>(timeout: Duration, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = check() {
            return v;
        }
        if start.elapsed() > timeout {
            panic!("timed out after {timeout:?} waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Files in a directory (none if it does not exist).
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// The Python that has aiosmtpd and openpyxl: `LANYARD_TEST_PYTHON` (set by `./test.sh`), else `python3`.
pub fn python() -> String {
    std::env::var("LANYARD_TEST_PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

/// A free TCP port on localhost.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A real SMTP server (Python's aiosmtpd) that stores every message in a Maildir.
pub struct SmtpServer {
    pub maildir: PathBuf,
    child: Child,
}

impl SmtpServer {
    /// Starts the server on `port` and waits until it accepts connections.
    pub async fn start(port: u16, maildir: &Path) -> SmtpServer {
        SmtpServer::start_with(port, maildir, "aiosmtpd.handlers.Mailbox").await
    }

    /// The same server, refusing with `550` every recipient whose local part ends in
    /// `.refused` (`tests/data/refusing_smtp.py`).
    pub async fn start_refusing(port: u16, maildir: &Path) -> SmtpServer {
        SmtpServer::start_with(port, maildir, "refusing_smtp.Refusing").await
    }

    async fn start_with(port: u16, maildir: &Path, handler: &str) -> SmtpServer {
        let child = Command::new(python())
            .env("PYTHONPATH", Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data"))
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", handler])
            .arg(maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Python with aiosmtpd is needed (./test.sh installs it)");
        let server = SmtpServer { maildir: maildir.to_owned(), child };
        eventually(Duration::from_secs(15), "aiosmtpd to listen", || {
            std::net::TcpStream::connect(("127.0.0.1", port)).ok()
        })
        .await;
        server
    }

    /// Raw messages received so far.
    pub fn messages(&self) -> Vec<Vec<u8>> {
        let mut all = Vec::new();
        for sub in ["new", "cur"] {
            for f in files_in(&self.maildir.join(sub)) {
                all.push(std::fs::read(f).unwrap());
            }
        }
        all
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The outbox rows of the whole database: (status, attempts).
pub fn outbox_states(conn: &mut DbConn) -> Vec<(String, i32)> {
    use lanyard::db::schema::outbox;
    outbox::table.order(outbox::created_at.asc()).select((outbox::status, outbox::attempts)).load(conn).unwrap()
}

/// How many registrations the database holds.
pub fn registration_count(conn: &mut DbConn) -> i64 {
    use lanyard::db::schema::registrations;
    registrations::table.count().get_result(conn).unwrap()
}

/// Runs a test body once per backend: `mod sqlite { fn name() }` and `mod postgres { fn name() }`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::$name($crate::helpers::Db::Sqlite).await } )*
        }
        mod postgres {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::$name($crate::helpers::Db::Postgres).await } )*
        }
    };
}

/// Starts the real binary on `db` (the demo event loaded) with extra environment, waits until
/// it answers, and returns the process and its base URL.
pub async fn start_binary(
    db: &TestDb,
    env: &[(&str, &str)],
    stdout: std::process::Stdio,
) -> (std::process::Child, String) {
    start_binary_on(free_port(), db, env, stdout).await
}

/// `start_binary` on a given port (a restart on the same address).
pub async fn start_binary_on(
    port: u16,
    db: &TestDb,
    env: &[(&str, &str)],
    stdout: std::process::Stdio,
) -> (std::process::Child, String) {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_lanyard"));
    command
        .env("DATABASE_URL", &db.url)
        .env("LANYARD_BIND", format!("127.0.0.1:{port}"))
        .env("LANYARD_DATA_DIR", db.dir.path().join("data"))
        .env("LANYARD_DEMO", "true");
    for (k, v) in env {
        command.env(k, v);
    }
    let mut server = command.stdout(stdout).stderr(std::process::Stdio::null()).spawn().unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let start = std::time::Instant::now();
    while client.get(format!("{base}/healthz")).send().await.is_err() {
        if start.elapsed() > Duration::from_secs(20) {
            // Not left running (holding database connections) after the test fails.
            let _ = server.kill();
            let _ = server.wait();
            panic!("server did not start");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    doors_live(&db.url);
    (server, base)
}

/// The demo event's doors live, not in rehearsal (before any request reads its programme).
pub fn doors_live(url: &str) {
    let mut conn = lanyard::db::Backend::from_url(url).unwrap().connect().unwrap();
    diesel::update(lanyard::db::schema::events::table)
        .set(lanyard::db::schema::events::rehearsal.eq(false))
        .execute(&mut conn)
        .unwrap();
}

/// The demo event's id, for tokens and accounts given that event.
pub fn qianhai(app: &TestApp) -> lanyard::ids::EventId {
    lanyard::events::store::find_by_slug(&mut app.conn(), "qianhai").unwrap().unwrap().id
}

/// An API token of `role` for the demo event.
pub fn api_token(app: &TestApp, role: lanyard::staff::Role) -> String {
    let now = chrono::Utc::now().naive_utc();
    let event = qianhai(app);
    let name = format!("{} client", role.as_str());
    lanyard::staff::tokens::create(&mut app.conn(), &name, role, Some(&event), "test", now).unwrap().1
}
