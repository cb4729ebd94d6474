//! One code base, two databases: `DbConn` is either SQLite or PostgreSQL, chosen from the URL.

pub mod schema;
pub mod text;

use std::path::PathBuf;
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::query_dsl::LoadQuery;
use diesel::r2d2::{self, ManageConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

/// A live connection to whichever backend the settings chose.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

/// A pool of `DbConn`, shared by the web workers and the mail worker.
pub type Pool = r2d2::Pool<Manager>;

/// A connection checked out of the pool.
pub type PooledConn = r2d2::PooledConnection<Manager>;

/// Which database a `DATABASE_URL` names; decided from its scheme, never by trial.
#[derive(Clone, PartialEq, Eq)]
pub enum Backend {
    /// A file path (its parent directory is created on first use), and whether every commit
    /// is flushed to disk (`?synchronous=full`). By default (`normal`, with WAL) a commit
    /// survives a crash of Lanyard; only an OS crash or power cut can lose the last ones.
    Sqlite { path: PathBuf, full_sync: bool },
    /// A libpq connection string (`postgres://…`).
    Postgres(String),
}

/// Why a `DATABASE_URL` was refused.
#[derive(Debug, thiserror::Error)]
pub enum UrlError {
    #[error("must start with sqlite:// or postgres:// (got scheme {0:?})")]
    UnknownScheme(String),
    #[error("sqlite:// needs a file path, e.g. sqlite://data/lanyard.db")]
    EmptyPath,
    #[error("the only SQLite option is ?synchronous=normal or ?synchronous=full")]
    SqliteOption,
}

impl std::fmt::Debug for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Backend::Sqlite { path, full_sync } => write!(f, "Sqlite({}, full_sync: {full_sync})", path.display()),
            Backend::Postgres(url) => {
                let shown = match url::Url::parse(url) {
                    Ok(mut u) if u.password().is_some() => {
                        let _ = u.set_password(Some("***"));
                        u.to_string()
                    }
                    Ok(u) => u.to_string(),
                    Err(_) => "(unparsable)".to_owned(),
                };
                write!(f, "Postgres({shown})")
            }
        }
    }
}

impl Backend {
    /// Parses `sqlite://path`, `sqlite:path`, `postgres://…` or `postgresql://…`.
    pub fn from_url(url: &str) -> Result<Backend, UrlError> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Backend::Postgres(url.to_owned()));
        }
        if let Some(rest) = url.strip_prefix("sqlite:") {
            let rest = rest.strip_prefix("//").unwrap_or(rest);
            let (path, options) = rest.split_once('?').unwrap_or((rest, ""));
            if path.is_empty() {
                return Err(UrlError::EmptyPath);
            }
            let full_sync = match options.to_ascii_lowercase().as_str() {
                "" | "synchronous=normal" => false,
                "synchronous=full" => true,
                _ => return Err(UrlError::SqliteOption),
            };
            return Ok(Backend::Sqlite { path: PathBuf::from(path), full_sync });
        }
        let scheme = url.split(':').next().unwrap_or_default().to_owned();
        Err(UrlError::UnknownScheme(scheme))
    }

    /// A short name for logs and errors.
    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite { .. } => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// Opens one connection, with the per-connection settings SQLite needs under concurrency.
    pub fn connect(&self) -> ConnectionResult<DbConn> {
        match self {
            Backend::Postgres(url) => {
                let mut conn = PgConnection::establish(&with_connect_timeout(url))?;
                // No statement holds a connection (and its locks) for ever: a stuck query ends
                // with an error the caller reports, and the pool gets its connection back.
                conn.batch_execute(&format!("SET statement_timeout = {}", STATEMENT_TIMEOUT.as_millis()))
                    .map_err(|e| ConnectionError::BadConnection(e.to_string()))?;
                Ok(DbConn::Postgres(conn))
            }
            Backend::Sqlite { path, full_sync } => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    crate::common::create_private_dir(dir)
                        .map_err(|e| ConnectionError::BadConnection(format!("cannot create {}: {e}", dir.display())))?;
                }
                // Owner-only before SQLite opens it: its WAL and shm files take the same mode.
                crate::common::make_private_file(path)
                    .map_err(|e| ConnectionError::BadConnection(format!("cannot create {}: {e}", path.display())))?;
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
                let synchronous = if *full_sync { "FULL" } else { "NORMAL" };
                // secure_delete: an erased person's rows and freed pages (photos) are zeroed in
                // the file, not left in free space for anyone who reads it.
                conn.batch_execute(&format!(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous}; \
                     PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;"
                ))
                .map_err(|e| ConnectionError::BadConnection(e.to_string()))?;
                Ok(DbConn::Sqlite(conn))
            }
        }
    }
}

/// How long a PostgreSQL connection may take to open, and one statement to run.
pub const CONNECT_TIMEOUT_SECONDS: u32 = 5;
pub const STATEMENT_TIMEOUT: Duration = Duration::from_secs(30);

/// The URL with libpq's `connect_timeout`, unless the operator set one: an unreachable
/// server is reported in seconds rather than after the system's TCP timeout (minutes).
fn with_connect_timeout(url: &str) -> String {
    if url.contains("connect_timeout=") {
        return url.to_owned();
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}connect_timeout={CONNECT_TIMEOUT_SECONDS}")
}

/// The r2d2 manager: opens connections through `Backend::connect`.
#[derive(Debug)]
pub struct Manager {
    backend: Backend,
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConn, r2d2::Error> {
        self.backend.connect().map_err(r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1").map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        std::thread::panicking() || <DbConn as Connection>::TransactionManager::is_broken_transaction_manager(conn)
    }
}

/// Builds the pool; fails fast (with the driver's message) when the database is unreachable.
pub fn pool(backend: &Backend, max_size: u32) -> Result<Pool, r2d2::PoolError> {
    r2d2::Pool::builder()
        .max_size(max_size)
        .connection_timeout(Duration::from_secs(10))
        .build(Manager { backend: backend.clone() })
}

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Applies pending migrations for the connection's backend; returns how many ran.
pub fn migrate(conn: &mut DbConn) -> anyhow::Result<usize> {
    // The derive cannot pick the migration set itself: the SQL differs per backend.
    let ran = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
        DbConn::Postgres(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
    }
    .map_err(|e| anyhow::anyhow!("migration failed: {e}"))?;
    Ok(ran.len())
}

/// Whether migrations are waiting (an instance older than the database, or not yet migrated).
pub fn migrations_pending(conn: &mut DbConn) -> anyhow::Result<bool> {
    match conn {
        DbConn::Sqlite(c) => c.has_pending_migration(SQLITE_MIGRATIONS),
        DbConn::Postgres(c) => c.has_pending_migration(POSTGRES_MIGRATIONS),
    }
    .map_err(|e| anyhow::anyhow!("cannot read the migrations: {e}"))
}

/// Runs start-up work (migrations, demo data) while holding a lock that other instances
/// starting at the same moment wait for. On PostgreSQL that is an advisory lock; SQLite's
/// migrations already run in an exclusive transaction per file.
pub fn with_setup_lock<T>(conn: &mut DbConn, f: impl FnOnce(&mut DbConn) -> anyhow::Result<T>) -> anyhow::Result<T> {
    const KEY: i64 = 0x004c_616e_7961_7264; // "Lanyard" in ASCII
    let locked = matches!(conn, DbConn::Postgres(_));
    if locked {
        diesel::sql_query(format!("SELECT pg_advisory_lock({KEY})")).execute(conn)?;
    }
    let result = f(conn);
    if locked {
        diesel::sql_query(format!("SELECT pg_advisory_unlock({KEY})")).execute(conn)?;
    }
    result
}

/// The writers of this process to SQLite, one at a time (see `write_tx`).
static SQLITE_WRITER: std::sync::Mutex<()> = std::sync::Mutex::new(());

thread_local! {
    /// Whether this thread holds `SQLITE_WRITER`: a second `write_tx` on the same thread (on
    /// another connection) would wait for itself forever, so it fails instead.
    static HOLDS_WRITER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

struct WriterGuard(#[allow(dead_code)] std::sync::MutexGuard<'static, ()>);

impl WriterGuard {
    fn take() -> Result<WriterGuard, diesel::result::Error> {
        if HOLDS_WRITER.with(std::cell::Cell::get) {
            return Err(diesel::result::Error::AlreadyInTransaction);
        }
        let guard = SQLITE_WRITER.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        HOLDS_WRITER.with(|h| h.set(true));
        Ok(WriterGuard(guard))
    }
}

impl Drop for WriterGuard {
    fn drop(&mut self) {
        HOLDS_WRITER.with(|h| h.set(false));
    }
}

/// After an erasure: copies the WAL into the database file and empties it, so the old page
/// images (with the erased values) are gone from the WAL file too. SQLite only; a reader
/// holding an old snapshot delays it, so it is retried for a few seconds.
pub fn truncate_wal(conn: &mut DbConn) -> QueryResult<()> {
    #[derive(QueryableByName)]
    struct Checkpoint {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        busy: i32,
    }
    let DbConn::Sqlite(c) = conn else { return Ok(()) };
    for _ in 0..50 {
        let row: Checkpoint = diesel::sql_query("PRAGMA wal_checkpoint(TRUNCATE)").get_result(c)?;
        if row.busy == 0 {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    Err(diesel::result::Error::QueryBuilderError("the WAL could not be emptied: a reader held it".into()))
}

/// Runs `f` in a transaction that takes the write lock at its start.
///
/// SQLite upgrades a deferred read transaction to a write lock only when nobody else holds
/// one, and fails at once with "database is locked" otherwise; `BEGIN IMMEDIATE` waits for
/// the lock (busy_timeout) instead. PostgreSQL needs no such care.
///
/// SQLite has one writer at a time, and a connection waiting for the lock in SQLite's busy
/// handler sleeps 1, 2, 5, 10… ms between tries: with 32 doors most of a scan's time went to
/// those sleeps. Writers of this process queue on `SQLITE_WRITER` instead and start the moment
/// the previous one commits; busy_timeout still covers other processes on the same file.
pub fn write_tx<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let _writer = match conn {
        DbConn::Sqlite(_) => Some(WriterGuard::take()?),
        DbConn::Postgres(_) => None,
    };
    match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
        DbConn::Postgres(c) => AnsiTransactionManager::begin_transaction(c)?,
    }
    type Tm = <DbConn as Connection>::TransactionManager;
    match f(conn) {
        Ok(value) => {
            Tm::commit_transaction(conn)?;
            Ok(value)
        }
        Err(user_error) => match Tm::rollback_transaction(conn) {
            Ok(()) | Err(diesel::result::Error::BrokenTransactionManager) => Err(user_error),
            Err(rollback_error) => Err(rollback_error.into()),
        },
    }
}

/// Inside a write transaction, waits for the turn named `key` and holds it until the
/// transaction ends: on PostgreSQL, where instances write at once, an advisory lock; SQLite's
/// write transaction already lets one writer at a time.
pub fn take_turn(conn: &mut DbConn, key: &str) -> QueryResult<()> {
    if let DbConn::Postgres(pg) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock(hashtext($1))::text")
            .bind::<diesel::sql_types::Text, _>(key)
            .execute(pg)?;
    }
    Ok(())
}

/// Runs a query that finds at most one row on the backend's own connection. The
/// multi-backend connection serialises every query to SQL text before running it; on the scan
/// path, where a query is a few microseconds of work, that costs more than the query, so hot
/// queries go direct.
pub fn optional_row<'q, Q, U>(conn: &mut DbConn, query: Q) -> QueryResult<Option<U>>
where
    Q: RunQueryDsl<SqliteConnection> + LoadQuery<'q, SqliteConnection, U>,
    Q: RunQueryDsl<PgConnection> + LoadQuery<'q, PgConnection, U>,
{
    match conn {
        DbConn::Sqlite(c) => RunQueryDsl::<SqliteConnection>::get_result(query, c).optional(),
        DbConn::Postgres(c) => RunQueryDsl::<PgConnection>::get_result(query, c).optional(),
    }
}

/// A new time-ordered id (UUIDv7), generated here so inserts need no `RETURNING`.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// For a unique-index violation, what names the index: PostgreSQL's constraint name, or
/// SQLite's message (which lists the columns). `None` for any other error.
pub fn unique_violation_on(e: &diesel::result::Error) -> Option<String> {
    match e {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, info) => {
            Some(info.constraint_name().unwrap_or(info.message()).to_owned())
        }
        _ => None,
    }
}

/// Whether an error says "try again soon" rather than "this is wrong": the server restarting
/// or out of reach, a lock or a statement that outlasted its timeout. Callers answer `503`.
pub fn is_transient(e: &diesel::result::Error) -> bool {
    use diesel::result::DatabaseErrorKind::{ClosedConnection, UnableToSendCommand};
    const PASSING: [&str; 7] = [
        "database is locked",
        "terminating connection",
        "server closed the connection",
        "the database system is",
        "canceling statement due to statement timeout",
        "could not connect",
        "connection refused",
    ];
    match e {
        diesel::result::Error::DatabaseError(ClosedConnection | UnableToSendCommand, _) => true,
        diesel::result::Error::DatabaseError(_, info) => {
            let message = info.message().to_ascii_lowercase();
            PASSING.iter().any(|p| message.contains(p))
        }
        _ => false,
    }
}

/// Whether PostgreSQL refused a text because it holds a NUL character.
pub fn is_nul_in_text(e: &diesel::result::Error) -> bool {
    matches!(e, diesel::result::Error::DatabaseError(_, info)
        if info.message().contains("invalid byte sequence for encoding \"UTF8\": 0x00"))
}

/// The error for a database that could not be reached (a connection that could not be
/// made), which `is_transient` recognises.
pub fn unreachable(message: impl Into<String>) -> diesel::result::Error {
    diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::ClosedConnection, Box::new(message.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(path: &str, full_sync: bool) -> Backend {
        Backend::Sqlite { path: path.into(), full_sync }
    }

    #[test]
    fn the_url_scheme_alone_chooses_the_backend() {
        let cases = [
            ("sqlite://data/lanyard.db", Some(sqlite("data/lanyard.db", false))),
            ("sqlite:/tmp/x.db", Some(sqlite("/tmp/x.db", false))),
            ("sqlite://data/l.db?synchronous=full", Some(sqlite("data/l.db", true))),
            ("sqlite://data/l.db?mode=ro", None),
            ("postgres://u@h/db", Some(Backend::Postgres("postgres://u@h/db".into()))),
            ("postgresql://h/db", Some(Backend::Postgres("postgresql://h/db".into()))),
            ("postgress://typo/db", None),
            ("data/lanyard.db", None),
            ("sqlite://", None),
        ];
        for (url, expected) in cases {
            assert_eq!(Backend::from_url(url).ok(), expected, "{url}");
        }
    }
}
