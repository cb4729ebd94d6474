//! The `lanyard` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use lanyard::badges::cli::ExportArgs;
use lanyard::config::{LogFormat, RawSettings, Settings};
use lanyard::staff::cli as staff;
use lanyard::{events, reports_cli, startup};

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
    /// Manage staff accounts.
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Manage API bearer tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Badges.
    #[command(subcommand)]
    Badges(BadgesCommand),
    /// Exports after (or during) the event.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Remove the personal data of events past their retention period (the server also does
    /// this by itself every hour); prints what each event holds and what went.
    Purge {
        /// Only this event (by slug).
        #[arg(long)]
        event: Option<String>,
        /// Only report what is held and what would go; remove nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write a consistent copy of the SQLite database, also while the server runs (for
    /// PostgreSQL, use pg_dump). A restore needs the secret key too.
    Backup {
        /// The new file to write (it must not exist).
        #[arg(long)]
        out: std::path::PathBuf,
        /// Also write the secret key beside it, as FILE.key (owner-only).
        #[arg(long)]
        with_key: bool,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Check the settings (environment and --config file) without starting: print each as it
    /// will be used, secrets left out; a bad one exits 2 with its name.
    Check,
}

#[derive(Subcommand)]
enum ExportCommand {
    /// Every door scan, admitted or not, as CSV or, for a FILE ending in .xlsx, as an Excel
    /// workbook (times in the event's zone).
    Attendance {
        /// The event's slug, e.g. qianhai.
        #[arg(long)]
        event: String,
        /// Where to write the file: FILE.csv or FILE.xlsx.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum BadgesCommand {
    /// Write the badges of approved registrations into one PDF, with the filters of the batch
    /// page. A progress bar shows on a terminal.
    Export {
        /// The event's slug, e.g. qianhai.
        #[arg(long)]
        event: String,
        /// a6, cr80 or a4-4up (default: the event's paper).
        #[arg(long)]
        layout: Option<String>,
        /// Where to write the PDF.
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// Words that must appear in the name, email, reference or organization.
        #[arg(long, default_value = "")]
        q: String,
        /// A category, by name or id.
        #[arg(long, default_value = "")]
        category: String,
        /// A delegation, by ISO country code.
        #[arg(long, default_value = "")]
        country: String,
        /// Only badges not printed yet.
        #[arg(long)]
        unprinted: bool,
        /// name, country (delegation) or precedence.
        #[arg(long, default_value = "name")]
        sort: String,
        /// Record the badges as printed (channel cli) once the file is written.
        #[arg(long)]
        mark_printed: bool,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a token and print it once (only its hash is stored).
    Add {
        /// What the token is for, e.g. "embassy portal".
        #[arg(long)]
        name: String,
        /// admin, registrar, printer, door or security.
        #[arg(long)]
        role: String,
        /// The event (by slug) it works on; required but for admin tokens, which without it
        /// reach every event.
        #[arg(long)]
        event: Option<String>,
    },
    /// Revoke a token by its id or name.
    Revoke {
        /// The token's id or name.
        #[arg(long)]
        name: String,
    },
}

#[derive(Subcommand)]
enum StaffCommand {
    /// Create a staff account. The password is read from standard input when it is piped
    /// (first line); at a terminal a random one is generated and printed once.
    Add {
        /// The login email.
        #[arg(long)]
        email: String,
        /// admin, registrar, printer or door.
        #[arg(long)]
        role: String,
        /// The name shown in the audit log.
        #[arg(long, default_value = "")]
        name: String,
        /// An event (by slug) a registrar, printer or security account works on; repeat it
        /// for several. Admins reach every event.
        #[arg(long = "event")]
        events: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match RawSettings::load(cli.config.as_deref()).and_then(Settings::from_raw) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("lanyard: {e}");
            return ExitCode::from(2);
        }
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,actix_server=warn"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    match settings.log_format {
        // One JSON object per line; a request's lines carry its id under "span".
        LogFormat::Json => logs.json().with_current_span(true).with_span_list(false).init(),
        LogFormat::Text => logs.init(),
    }
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => startup::serve(settings),
        Command::Migrate => startup::migrate(settings),
        Command::Demo => events::cli::load_demo(settings),
        Command::Staff(StaffCommand::Add { email, role, name, events }) => {
            staff::add_staff(settings, &email, &role, &name, &events)
        }
        Command::Token(TokenCommand::Add { name, role, event }) => {
            staff::add_token(settings, &name, &role, event.as_deref())
        }
        Command::Token(TokenCommand::Revoke { name }) => staff::revoke_token(settings, &name),
        Command::Config(ConfigCommand::Check) => {
            for (name, value) in settings.summary() {
                println!("{name} = {value}");
            }
            println!("configuration ok");
            Ok(())
        }
        Command::Backup { out, with_key } => lanyard::backup::run(settings, &out, with_key),
        Command::Purge { event, dry_run } => lanyard::privacy::cli::purge(settings, event.as_deref(), dry_run),
        Command::Export(ExportCommand::Attendance { event, out }) => {
            reports_cli::export_attendance(settings, &event, &out)
        }
        Command::Badges(BadgesCommand::Export {
            event,
            layout,
            out,
            q,
            category,
            country,
            unprinted,
            sort,
            mark_printed,
        }) => {
            let args = ExportArgs { event, layout, out, q, category, country, unprinted, sort, mark_printed };
            lanyard::badges::cli::export_badges(settings, &args)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lanyard: {e:#}");
            ExitCode::FAILURE
        }
    }
}
