//! Settings from environment variables, over an optional TOML file; defaults run with zero setup.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

use crate::db::Backend;

/// Settings as written by the operator: every value optional, nothing parsed yet.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSettings {
    pub database_url: Option<String>,
    pub bind: Option<String>,
    pub base_url: Option<String>,
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
    pub secret_key: Option<String>,
    pub data_dir: Option<String>,
    pub db_pool_size: Option<String>,
    pub workers: Option<String>,
    pub mail_retry_seconds: Option<String>,
    pub mail_lease_seconds: Option<String>,
    pub demo: Option<String>,
    pub device_wipe_hours: Option<String>,
}

/// Environment variable names, one per setting, in the order README lists them.
pub const ENV_NAMES: [(&str, &str); 13] = [
    ("database_url", "DATABASE_URL"),
    ("bind", "LANYARD_BIND"),
    ("base_url", "LANYARD_BASE_URL"),
    ("smtp_url", "SMTP_URL"),
    ("mail_from", "LANYARD_MAIL_FROM"),
    ("secret_key", "LANYARD_SECRET_KEY"),
    ("data_dir", "LANYARD_DATA_DIR"),
    ("db_pool_size", "LANYARD_DB_POOL_SIZE"),
    ("workers", "LANYARD_WORKERS"),
    ("mail_retry_seconds", "LANYARD_MAIL_RETRY_SECONDS"),
    ("mail_lease_seconds", "LANYARD_MAIL_LEASE_SECONDS"),
    ("demo", "LANYARD_DEMO"),
    ("device_wipe_hours", "LANYARD_DEVICE_WIPE_HOURS"),
];

/// A setting that could not be used; start-up stops with this message.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {setting}: {message}")]
pub struct ConfigError {
    pub setting: &'static str,
    pub message: String,
}

/// The settings of a TOML file, each in its natural type (`db_pool_size = 8`, `demo = false`,
/// `mail_retry_seconds = 0.5`, or the same quoted); an unknown key is refused by name.
fn from_toml(text: &str) -> Result<RawSettings, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut raw = RawSettings::default();
    for (key, value) in table {
        let Some((name, _)) = ENV_NAMES.iter().find(|(k, _)| *k == key) else {
            return Err(format!("unknown setting {key:?}"));
        };
        let text = match value {
            toml::Value::String(s) => s,
            toml::Value::Integer(n) => n.to_string(),
            toml::Value::Float(f) => f.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            other => return Err(format!("{key}: a {} is not a setting's value", other.type_str())),
        };
        *raw.field_mut(name) = Some(text);
    }
    Ok(raw)
}

fn bad(setting: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError { setting, message: message.into() }
}

impl RawSettings {
    /// Reads the TOML file (if any), then lets environment variables override it.
    pub fn load(file: Option<&Path>) -> Result<RawSettings, ConfigError> {
        let mut raw = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| bad("--config", format!("cannot read {}: {e}", path.display())))?;
                from_toml(&text).map_err(|e| bad("--config", format!("{}: {e}", path.display())))?
            }
            None => RawSettings::default(),
        };
        for (key, env) in ENV_NAMES {
            if let Ok(value) = std::env::var(env) {
                *raw.field_mut(key) = Some(value);
            }
        }
        Ok(raw)
    }

    fn field_mut(&mut self, key: &str) -> &mut Option<String> {
        match key {
            "database_url" => &mut self.database_url,
            "bind" => &mut self.bind,
            "base_url" => &mut self.base_url,
            "smtp_url" => &mut self.smtp_url,
            "mail_from" => &mut self.mail_from,
            "secret_key" => &mut self.secret_key,
            "data_dir" => &mut self.data_dir,
            "db_pool_size" => &mut self.db_pool_size,
            "workers" => &mut self.workers,
            "mail_retry_seconds" => &mut self.mail_retry_seconds,
            "mail_lease_seconds" => &mut self.mail_lease_seconds,
            "device_wipe_hours" => &mut self.device_wipe_hours,
            _ => &mut self.demo,
        }
    }
}

/// An SMTP URL; its `Debug` and `redacted()` never show the password.
#[derive(Clone)]
pub struct SmtpUrl(String);

impl SmtpUrl {
    /// The full URL, for lettre only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The URL with any password replaced by `***`, for logs.
    pub fn redacted(&self) -> String {
        match url::Url::parse(&self.0) {
            Ok(mut u) => {
                if u.password().is_some() {
                    let _ = u.set_password(Some("***"));
                }
                u.to_string()
            }
            Err(_) => "(unparsable)".to_owned(),
        }
    }
}

impl std::fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// The key that signs CSRF tokens and cookies; `Debug` never shows it.
#[derive(Clone)]
pub struct SecretKey(pub Vec<u8>);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(***)")
    }
}

/// Validated settings.
#[derive(Clone, Debug)]
pub struct Settings {
    pub backend: Backend,
    pub bind: SocketAddr,
    pub base_url: url::Url,
    pub smtp_url: Option<SmtpUrl>,
    pub mail_from: lettre::message::Mailbox,
    pub secret_key: SecretKey,
    pub data_dir: PathBuf,
    pub db_pool_size: u32,
    pub workers: usize,
    pub mail_retry_base: Duration,
    /// How long a claimed mail may stay "sending" before another worker takes it over
    /// (its sender is presumed dead).
    pub mail_lease: Duration,
    pub demo: bool,
    /// A paired device that has not reached the server for this many hours wipes its synced
    /// badge records (a lost tablet forgets the delegation list by itself).
    pub device_wipe_hours: u32,
}

impl Settings {
    /// What `lanyard config check` prints: every setting as it will be used, secrets left out.
    pub fn summary(&self) -> Vec<(&'static str, String)> {
        vec![
            ("DATABASE_URL", format!("{:?}", self.backend)),
            ("LANYARD_BIND", self.bind.to_string()),
            ("LANYARD_BASE_URL", self.base_url.to_string()),
            (
                "SMTP_URL",
                self.smtp_url.as_ref().map_or_else(|| "unset: mail goes to .eml files".into(), |u| u.redacted()),
            ),
            ("LANYARD_MAIL_FROM", self.mail_from.to_string()),
            ("LANYARD_SECRET_KEY", format!("{} bytes", self.secret_key.0.len())),
            ("LANYARD_DATA_DIR", self.data_dir.display().to_string()),
            ("LANYARD_DB_POOL_SIZE", self.db_pool_size.to_string()),
            ("LANYARD_WORKERS", self.workers.to_string()),
            ("LANYARD_MAIL_RETRY_SECONDS", self.mail_retry_base.as_secs_f64().to_string()),
            ("LANYARD_MAIL_LEASE_SECONDS", self.mail_lease.as_secs_f64().to_string()),
            ("LANYARD_DEMO", self.demo.to_string()),
            ("LANYARD_DEVICE_WIPE_HOURS", self.device_wipe_hours.to_string()),
        ]
    }

    /// Parses every value; the first bad one is reported with the name of its setting.
    pub fn from_raw(raw: RawSettings) -> Result<Settings, ConfigError> {
        let database_url = raw.database_url.as_deref().unwrap_or("sqlite://data/lanyard.db");
        let backend = Backend::from_url(database_url).map_err(|e| bad("DATABASE_URL", e.to_string()))?;

        let bind_text = raw.bind.as_deref().unwrap_or("127.0.0.1:8080");
        let bind: SocketAddr = bind_text
            .trim()
            .parse()
            .map_err(|_| bad("LANYARD_BIND", format!("{bind_text:?} is not host:port, e.g. 127.0.0.1:8080")))?;

        let base_text = raw.base_url.clone().unwrap_or_else(|| format!("http://{bind}"));
        let base_url = url::Url::parse(base_text.trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
            .ok_or_else(|| {
                bad("LANYARD_BASE_URL", format!("{base_text:?} is not an http(s) URL, e.g. https://events.example.org"))
            })?;

        let smtp_url = match raw.smtp_url.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(text) => {
                let url = SmtpUrl(text.to_owned());
                lettre::SmtpTransport::from_url(text)
                    .map_err(|e| bad("SMTP_URL", format!("{} is not usable: {e}", url.redacted())))?;
                Some(url)
            }
        };

        let from_text = raw.mail_from.as_deref().unwrap_or("Lanyard <noreply@localhost>");
        let mail_from = from_text.trim().parse().map_err(|_| {
            bad("LANYARD_MAIL_FROM", format!("{from_text:?} is not a mail address, e.g. Events <events@example.org>"))
        })?;

        let data_dir = PathBuf::from(raw.data_dir.as_deref().unwrap_or("data"));

        let secret_key = match raw.secret_key.as_deref().map(str::trim) {
            Some(text) => parse_secret(text)?,
            None => load_or_create_secret(&data_dir)?,
        };

        let db_pool_size =
            parse_number(raw.db_pool_size.as_deref(), "LANYARD_DB_POOL_SIZE", 1, 256)?.unwrap_or(match backend {
                Backend::Sqlite { .. } => 8,
                Backend::Postgres(_) => 16,
            });
        let workers = parse_number(raw.workers.as_deref(), "LANYARD_WORKERS", 1, 256)?
            .map(|n| n as usize)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));

        let mail_retry_base = parse_seconds(raw.mail_retry_seconds.as_deref(), "LANYARD_MAIL_RETRY_SECONDS", 30.0)?;
        let mail_lease = parse_seconds(raw.mail_lease_seconds.as_deref(), "LANYARD_MAIL_LEASE_SECONDS", 180.0)?;

        let demo = match raw.demo.as_deref().map(|s| s.trim().to_ascii_lowercase()) {
            // The demo event loads by itself only into the embedded database: a production
            // PostgreSQL gets it only from `lanyard demo`.
            None => matches!(backend, Backend::Sqlite { .. }),
            Some(s) if matches!(s.as_str(), "1" | "true" | "yes" | "on") => true,
            Some(s) if matches!(s.as_str(), "0" | "false" | "no" | "off") => false,
            Some(s) => return Err(bad("LANYARD_DEMO", format!("{s:?} is not true or false"))),
        };

        let device_wipe_hours =
            parse_number(raw.device_wipe_hours.as_deref(), "LANYARD_DEVICE_WIPE_HOURS", 1, 720)?.unwrap_or(24);

        Ok(Settings {
            device_wipe_hours,
            backend,
            bind,
            base_url,
            smtp_url,
            mail_from,
            secret_key,
            data_dir,
            db_pool_size,
            workers,
            mail_retry_base,
            mail_lease,
            demo,
        })
    }

    /// Where mail goes when `SMTP_URL` is not set.
    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }

    /// Whether cookies must carry `Secure` (the public URL is https).
    pub fn secure_cookies(&self) -> bool {
        self.base_url.scheme() == "https"
    }
}

fn parse_number(text: Option<&str>, setting: &'static str, min: u32, max: u32) -> Result<Option<u32>, ConfigError> {
    let Some(text) = text else { return Ok(None) };
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .map(Some)
        .ok_or_else(|| bad(setting, format!("{text:?} is not a whole number between {min} and {max}")))
}

fn parse_seconds(text: Option<&str>, setting: &'static str, default: f64) -> Result<Duration, ConfigError> {
    let Some(text) = text else { return Ok(Duration::from_secs_f64(default)) };
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|s| (0.01..=86_400.0).contains(s))
        .map(Duration::from_secs_f64)
        .ok_or_else(|| bad(setting, format!("{text:?} is not a number of seconds between 0.01 and 86400")))
}

fn parse_secret(text: &str) -> Result<SecretKey, ConfigError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .or_else(|_| base64::engine::general_purpose::STANDARD.decode(text))
        .map_err(|_| bad("LANYARD_SECRET_KEY", "is not base64 (generate one with: openssl rand -base64 48)"))?;
    if bytes.len() < 32 {
        return Err(bad("LANYARD_SECRET_KEY", format!("is {} bytes; at least 32 are needed", bytes.len())));
    }
    Ok(SecretKey(bytes))
}

/// Keeps a generated key under the data directory so cookies survive restarts.
fn load_or_create_secret(data_dir: &Path) -> Result<SecretKey, ConfigError> {
    let path = data_dir.join("secret.key");
    if let Ok(text) = std::fs::read_to_string(&path) {
        return parse_secret(text.trim())
            .map_err(|e| bad("LANYARD_SECRET_KEY", format!("{}: {}", path.display(), e.message)));
    }
    let key: [u8; 48] = rand::random();
    let text = URL_SAFE_NO_PAD.encode(key);
    let write = || -> std::io::Result<()> {
        crate::common::create_private_dir(data_dir)?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        std::io::Write::write_all(&mut options.open(&path)?, text.as_bytes())
    };
    match write() {
        Ok(()) => Ok(SecretKey(key.to_vec())),
        // Another process created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => load_or_create_secret(data_dir),
        Err(e) => Err(bad("LANYARD_SECRET_KEY", format!("unset, and {} cannot be written: {e}", path.display()))),
    }
}

#[cfg(test)]
mod tests;
