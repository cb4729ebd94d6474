//! The `lanyard` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use lanyard::config::{RawSettings, Settings};
use lanyard::events::demo;
use lanyard::staff::{Role, auth, password, tokens};
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
        /// admin, registrar, printer or door.
        #[arg(long)]
        role: String,
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
    },
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
        Command::Staff(StaffCommand::Add { email, role, name }) => add_staff(settings, &email, &role, &name),
        Command::Token(TokenCommand::Add { name, role }) => add_token(settings, &name, &role),
        Command::Token(TokenCommand::Revoke { name }) => revoke_token(settings, &name),
        Command::Export(ExportCommand::Attendance { event, out }) => export_attendance(settings, &event, &out),
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
            let filters = BadgeFilters { q, category, country, unprinted, sort, mark_printed };
            export_badges(settings, &event, layout.as_deref(), &out, &filters)
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

fn add_staff(settings: Settings, email: &str, role: &str, name: &str) -> anyhow::Result<()> {
    use std::io::{BufRead, IsTerminal};
    let role = Role::parse(role).ok_or_else(|| anyhow::anyhow!("--role must be admin, registrar, printer or door"))?;
    let stdin = std::io::stdin();
    let (password, generated) = if stdin.is_terminal() {
        (password::generate(), true)
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        if line.is_empty() { (password::generate(), true) } else { (line, false) }
    };
    let settings = Settings { demo: false, ..settings };
    let pool = prepare_database(&settings)?;
    let mut conn = pool.get()?;
    let user = auth::create(&mut conn, email, name, role, &password, chrono::Utc::now().naive_utc())?;
    println!("staff account created: {} ({})", user.email, role.as_str());
    if generated {
        println!("password (shown once): {password}");
    }
    Ok(())
}

fn add_token(settings: Settings, name: &str, role: &str) -> anyhow::Result<()> {
    let role = Role::parse(role).ok_or_else(|| anyhow::anyhow!("--role must be admin, registrar, printer or door"))?;
    let pool = prepare_database(&Settings { demo: false, ..settings })?;
    let (token, secret) = tokens::create(&mut *pool.get()?, name, role, "cli", chrono::Utc::now().naive_utc())?;
    println!("token {:?} ({}) created; use it as: Authorization: Bearer {secret}", token.name, role.as_str());
    println!("it is shown only now");
    Ok(())
}

fn revoke_token(settings: Settings, name: &str) -> anyhow::Result<()> {
    let pool = prepare_database(&Settings { demo: false, ..settings })?;
    match tokens::revoke(&mut *pool.get()?, name, chrono::Utc::now().naive_utc())? {
        0 => anyhow::bail!("no live token has the id or name {name:?}"),
        n => println!("{n} token(s) revoked"),
    }
    Ok(())
}

struct BadgeFilters {
    q: String,
    category: String,
    country: String,
    unprinted: bool,
    sort: String,
    mark_printed: bool,
}

fn export_badges(
    settings: Settings,
    slug: &str,
    layout: Option<&str>,
    out: &std::path::Path,
    f: &BadgeFilters,
) -> anyhow::Result<()> {
    use lanyard::badges::Layout;
    use lanyard::badges::export::{self, ExportError, Filters, Job, Selection};
    use std::io::IsTerminal;

    let pool = prepare_database(&Settings { demo: false, ..settings })?;
    let conn = &mut *pool.get()?;
    let event = lanyard::events::store::find_by_slug(conn, slug)?
        .ok_or_else(|| anyhow::anyhow!("no event has the slug {slug:?}"))?;
    let p = lanyard::events::store::programme(conn, event)?;
    let layout = match layout {
        Some(key) => Layout::parse(key).ok_or_else(|| anyhow::anyhow!("--layout must be a6, cr80 or a4-4up"))?,
        None => p.event.badge_layout,
    };
    let Some(sort) = export::batch_sort(&f.sort) else {
        anyhow::bail!("--sort must be name, country or precedence, not {:?}", f.sort);
    };
    let filters = Filters {
        q: f.q.clone(),
        category: f.category.clone(),
        country: f.country.clone(),
        session: String::new(),
        unprinted: f.unprinted,
        sort,
    };
    let bar =
        if std::io::stderr().is_terminal() { indicatif::ProgressBar::new(0) } else { indicatif::ProgressBar::hidden() };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} badges ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let now = chrono::Utc::now().naive_utc();
    let job = Job { layout, title: &p.event.name, actor: "cli", record: f.mark_printed.then_some("cli"), now };
    let progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let n = match export::export_file(conn, &p, Selection::Filtered(&filters), &job, out, progress) {
        Ok(n) => n,
        Err(ExportError::Nothing) => anyhow::bail!("no approved registration matches these filters"),
        Err(e) => return Err(e.into()),
    };
    bar.finish_and_clear();
    println!("{n} badges written to {}", out.display());
    Ok(())
}

fn export_attendance(settings: Settings, slug: &str, out: &std::path::Path) -> anyhow::Result<()> {
    let pool = prepare_database(&Settings { demo: false, ..settings })?;
    let conn = &mut *pool.get()?;
    let event = lanyard::events::store::find_by_slug(conn, slug)?
        .ok_or_else(|| anyhow::anyhow!("no event has the slug {slug:?}"))?;
    let p = lanyard::events::store::programme(conn, event)?;
    let xlsx = out.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let csv = lanyard::checkin::report::csv(conn, &p)?;
    let bytes = if xlsx { lanyard::checkin::report::xlsx(conn, &p)? } else { csv.clone() };
    let partial = out.with_extension("partial");
    std::fs::write(&partial, &bytes)?;
    std::fs::rename(&partial, out)?;
    let lines = csv.iter().filter(|b| **b == b'\n').count().saturating_sub(1);
    println!("{lines} scans written to {}", out.display());
    Ok(())
}
