//! The `lanyard` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use lanyard::config::{RawSettings, Settings};
use lanyard::events::demo;
use lanyard::startup::{Application, prepare_database};

/// Accreditation for official events: registration, confirmation mail, badges, door scanning.
///
/// Settings come from environment variables (see README), optionally over a TOML file.
#[derive(Parser)]
#[command(name = "lanyard", version)]
struct Cli {
    /// A TOML file with settings (keys: database_url, bind, base_url, smtp_url, mail_from,
    /// secret_key, data_dir, db_pool_size, workers, mail_retry_seconds, demo); environment
    /// variables override it.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application (the default): migrates the database first.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load the demo event (the Qianhai day of "Diplomats Explore China") if it is not there.
    Demo,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,actix_server=warn")),
        )
        .init();
    let settings = match RawSettings::load(cli.config.as_deref()).and_then(Settings::from_raw) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("lanyard: {e}");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings),
        Command::Migrate => migrate(settings),
        Command::Demo => load_demo(settings),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lanyard: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn serve(settings: Settings) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let base = settings.base_url.clone();
        let app = Application::build(settings)?;
        tracing::info!(port = app.port(), url = %base, "Lanyard is serving");
        app.run_until_stopped().await?;
        Ok(())
    })
}

fn migrate(settings: Settings) -> anyhow::Result<()> {
    let settings = Settings { demo: false, ..settings };
    prepare_database(&settings)?;
    println!("database is up to date ({})", settings.backend.name());
    Ok(())
}

fn load_demo(settings: Settings) -> anyhow::Result<()> {
    let settings = Settings { demo: false, ..settings };
    let pool = prepare_database(&settings)?;
    let mut conn = pool.get()?;
    match demo::load(&mut conn, chrono::Utc::now().naive_utc())? {
        demo::Loaded::Created => println!("demo event loaded: {}events/{}", settings.base_url, demo::SLUG),
        demo::Loaded::AlreadyThere => {
            println!("the demo event is already there: {}events/{}", settings.base_url, demo::SLUG)
        }
    }
    Ok(())
}
