//! Application: pool, migrations, demo data, mail worker and HTTP server, from settings.

use std::net::TcpListener;
use std::sync::Arc;
use std::thread::JoinHandle;

use actix_web::dev::{Server, ServerHandle};
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use chrono::Utc;

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::{self, Pool};
use crate::events::{self, demo};
use crate::mail::transport::Transport;
use crate::mail::worker::{self, Mailer, WorkerConfig};
use crate::web::{AppState, routes, security_headers};

/// A built, bound, not yet awaited application.
pub struct Application {
    port: u16,
    server: Server,
    mailer: Mailer,
    worker: JoinHandle<()>,
    pool: Pool,
    clock: Clock,
}

/// Opens the database and brings its schema up to date; loads the demo event on first start.
pub fn prepare_database(settings: &Settings) -> anyhow::Result<Pool> {
    // One direct connection first: fails at once with the driver's own message (wrong
    // password, refused connection) rather than after the pool's timeout.
    settings
        .backend
        .connect()
        .with_context(|| format!("cannot open the {} database (DATABASE_URL)", settings.backend.name()))?;
    let pool = db::pool(&settings.backend, settings.db_pool_size)
        .with_context(|| format!("cannot open the {} database (DATABASE_URL)", settings.backend.name()))?;
    let mut conn = pool.get().context("no database connection")?;
    db::with_setup_lock(&mut conn, |conn| {
        let ran = db::migrate(conn)?;
        if ran > 0 {
            tracing::info!(migrations = ran, "database schema updated");
        }
        // Secrets earlier versions kept in clear are sealed once, before anyone is served.
        let keys = crate::secrets::Keys::derive(&settings.secret_key.0);
        let sealed = crate::staff::totp::seal_clear_secrets(conn, &keys)?;
        if sealed > 0 {
            tracing::info!(accounts = sealed, "two-factor secrets sealed at rest");
        }
        let sealed = crate::invitations::seal_clear_codes(conn, &keys)?;
        if sealed > 0 {
            tracing::info!(invitations = sealed, "invitation codes sealed at rest");
        }
        let sealed = crate::badges::store::seal_clear_codes(conn, &keys)?;
        if sealed > 0 {
            tracing::info!(badges = sealed, "badge codes sealed at rest");
        }
        if settings.demo && events::store::is_empty(conn)? {
            demo::load(conn, Utc::now().naive_utc())?;
            tracing::info!(slug = demo::SLUG, "demo event loaded");
        }
        Ok(())
    })?;
    Ok(pool)
}

impl Application {
    /// Builds everything and binds the listener (port 0 picks a free port, as tests do).
    pub fn build(settings: Settings) -> anyhow::Result<Application> {
        let pool = prepare_database(&settings)?;
        let transport = Transport::new(settings.smtp_url.as_ref(), &settings.outbox_dir())?;
        match &settings.smtp_url {
            Some(url) => tracing::info!(smtp = %url.redacted(), "mail goes through SMTP"),
            None => {
                tracing::info!(dir = %settings.outbox_dir().display(), "mail is written as .eml files")
            }
        }
        let (mailer, worker) = worker::spawn(
            pool.clone(),
            WorkerConfig {
                transport,
                from: settings.mail_from.clone(),
                base_url: settings.base_url.clone(),
                secret_key: settings.secret_key.0.clone(),
                retry_base: settings.mail_retry_base,
                lease: settings.mail_lease,
            },
        )?;
        let listener = TcpListener::bind(settings.bind)
            .with_context(|| format!("cannot listen on {} (LANYARD_BIND)", settings.bind))?;
        let port = listener.local_addr()?.port();
        let https = settings.secure_cookies();
        let workers = settings.workers;
        let clock = Clock::real();
        let now = clock.clone();
        crate::privacy::schedule::spawn(
            pool.clone(),
            settings.purge_check,
            settings.outbox_dir(),
            settings.pending_hold,
            move || now.now(),
        );
        let now = clock.clone();
        crate::badges::jobs::spawn(pool.clone(), std::time::Duration::from_secs(1), move || now.now());
        let state = web::Data::new(AppState::new(pool.clone(), Arc::new(settings), mailer.clone(), clock.clone())?);
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(web::PayloadConfig::new(64 * 1024))
                // Photos up to the 10 MB the forms promise (multipart keeps fields in memory).
                .app_data(
                    actix_multipart::form::MultipartFormConfig::default()
                        .memory_limit(12 * 1024 * 1024)
                        .total_limit(13 * 1024 * 1024),
                )
                .wrap(security_headers(https))
                .configure(routes)
        })
        .workers(workers)
        .listen(listener)?
        .run();
        Ok(Application { port, server, mailer, worker, pool, clock })
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A handle to stop the server.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// The database pool (tests inspect the database through it).
    pub fn pool(&self) -> Pool {
        self.pool.clone()
    }

    /// The mail worker's handle (a test stops it to see `/readyz` say so).
    pub fn mailer(&self) -> Mailer {
        self.mailer.clone()
    }

    /// The clock the handlers decide by (tests move it).
    pub fn clock(&self) -> Clock {
        self.clock.clone()
    }

    /// Serves until stopped (Ctrl-C, SIGTERM or `handle().stop()`), then stops the mail worker.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let result = self.server.await;
        self.mailer.stop();
        let worker = self.worker;
        let _ = web::block(move || worker.join()).await;
        result
    }
}

/// `lanyard serve`: migrates, then serves until stopped.
pub fn serve(settings: Settings) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let base = settings.base_url.clone();
        let app = Application::build(settings)?;
        tracing::info!(port = app.port(), url = %base, "Lanyard is serving");
        app.run_until_stopped().await?;
        Ok(())
    })
}

/// The database for a one-off command: migrated, never seeded with the demo event (only
/// `serve` on an empty database, or `lanyard demo`, loads it).
pub fn command_pool(settings: Settings) -> anyhow::Result<Pool> {
    prepare_database(&Settings { demo: false, ..settings })
}

/// `lanyard migrate`: applies pending migrations and says so.
pub fn migrate(settings: Settings) -> anyhow::Result<()> {
    let name = settings.backend.name();
    command_pool(settings)?;
    println!("database is up to date ({name})");
    Ok(())
}
