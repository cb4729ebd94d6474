//! `lanyard backup`: a consistent copy of the SQLite database while the server runs. SQLite's
//! `VACUUM INTO` reads one snapshot (in WAL mode writers go on meanwhile) and writes a compact
//! new database; the copy is owner-only, like the original. The badge codes, invitation codes
//! and two-factor secrets in it are sealed with keys derived from the server's secret key, so a
//! restore needs that key too: it is written beside the copy only when asked (`--with-key`).

use std::path::Path;

use anyhow::{Context, bail};
use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;

use crate::config::Settings;
use crate::db::Backend;

/// What a backup wrote: the database copy and, if asked, the key file beside it.
pub struct Written {
    pub bytes: u64,
    pub key_file: Option<std::path::PathBuf>,
}

/// The key file written beside a backup `out`.
pub fn key_file(out: &Path) -> std::path::PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(".key");
    out.with_file_name(name)
}

/// Copies the database into `out` (which must not exist yet).
pub fn backup(settings: &Settings, out: &Path, with_key: bool) -> anyhow::Result<Written> {
    let Backend::Sqlite { .. } = &settings.backend else {
        bail!(
            "the database is PostgreSQL: back it up with `pg_dump --format=custom --file=FILE DATABASE_URL` \
             (restore with pg_restore), and keep LANYARD_SECRET_KEY with it"
        );
    };
    if out.exists() {
        bail!("{} exists already; choose a new file", out.display());
    }
    let path = out.to_str().context("the backup path is not UTF-8")?;
    let mut conn = match settings.backend.connect().context("cannot open the database")? {
        crate::db::DbConn::Sqlite(c) => c,
        crate::db::DbConn::Postgres(_) => bail!("not an SQLite database"),
    };
    // A string literal: the path's quotes doubled, as SQL writes them.
    conn.batch_execute(&format!("VACUUM INTO '{}'", path.replace('\'', "''")))
        .with_context(|| format!("cannot write {}", out.display()))?;
    crate::common::make_private_file(out)?;
    // The copy must open and be whole, or it is no backup.
    let mut copy =
        <diesel::SqliteConnection as diesel::Connection>::establish(path).context("the copy does not open")?;
    #[derive(diesel::QueryableByName)]
    struct Check {
        #[diesel(sql_type = diesel::sql_types::Text)]
        integrity_check: String,
    }
    let check: Vec<Check> = diesel::sql_query("PRAGMA integrity_check").load(&mut copy)?;
    if check.first().map(|c| c.integrity_check.as_str()) != Some("ok") {
        bail!("the copy at {} fails its integrity check", out.display());
    }
    let key_file = if with_key {
        let file = key_file(out);
        crate::common::make_private_file(&file)?;
        use base64::Engine;
        std::fs::write(&file, base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&settings.secret_key.0))?;
        Some(file)
    } else {
        None
    };
    Ok(Written { bytes: std::fs::metadata(out)?.len(), key_file })
}

/// The command: writes the copy and says what a restore needs.
pub fn run(settings: Settings, out: &Path, with_key: bool) -> anyhow::Result<()> {
    let written = backup(&settings, out, with_key)?;
    println!("backup written: {} ({} bytes), integrity check ok", out.display(), written.bytes);
    match written.key_file {
        Some(key) => println!(
            "secret key written beside it: {} (owner-only). Anyone with both can read the sealed codes: store them apart",
            key.display()
        ),
        None => println!(
            "a restore also needs the server's secret key (LANYARD_SECRET_KEY, or {}): without it no printed badge scans \
             and no invitation link opens; back it up separately, or run again with --with-key",
            settings.data_dir.join("secret.key").display()
        ),
    }
    Ok(())
}
