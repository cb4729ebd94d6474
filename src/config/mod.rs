//! Settings from environment variables, over an optional TOML file; defaults run with zero setup.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

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
    pub purge_check_seconds: Option<String>,
    pub log_format: Option<String>,
    pub trusted_proxies: Option<String>,
    pub rate_register: Option<String>,
    pub rate_badge: Option<String>,
    pub rate_login: Option<String>,
    pub rate_api: Option<String>,
    pub pending_hold_hours: Option<String>,
    pub scan_queue: Option<String>,
    pub handler_timeout_seconds: Option<String>,
}

/// Environment variable names, one per setting, in the order README lists them.
pub const ENV_NAMES: [(&str, &str); 23] = [
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
    ("purge_check_seconds", "LANYARD_PURGE_CHECK_SECONDS"),
    ("log_format", "LANYARD_LOG_FORMAT"),
    ("trusted_proxies", "LANYARD_TRUSTED_PROXIES"),
    ("rate_register", "LANYARD_RATE_REGISTER"),
    ("rate_badge", "LANYARD_RATE_BADGE"),
    ("rate_login", "LANYARD_RATE_LOGIN"),
    ("rate_api", "LANYARD_RATE_API"),
    ("pending_hold_hours", "LANYARD_PENDING_HOLD_HOURS"),
    ("scan_queue", "LANYARD_SCAN_QUEUE"),
    ("handler_timeout_seconds", "LANYARD_HANDLER_TIMEOUT_SECONDS"),
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
            "purge_check_seconds" => &mut self.purge_check_seconds,
            "log_format" => &mut self.log_format,
            "trusted_proxies" => &mut self.trusted_proxies,
            "rate_register" => &mut self.rate_register,
            "rate_badge" => &mut self.rate_badge,
            "rate_login" => &mut self.rate_login,
            "rate_api" => &mut self.rate_api,
            "pending_hold_hours" => &mut self.pending_hold_hours,
            "scan_queue" => &mut self.scan_queue,
            "handler_timeout_seconds" => &mut self.handler_timeout_seconds,
            _ => &mut self.demo,
        }
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
    /// How often the server looks for events past their retention period, and purges them.
    pub purge_check: Duration,
    /// Log lines as text (for a terminal) or JSON (for a log collector).
    pub log_format: LogFormat,
    /// Reverse proxies whose `X-Forwarded-For` is believed; the client is the first address
    /// (from the right) that is not one of them.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Requests per minute one client may make; 0 switches a limit off.
    pub rate_limits: RateLimits,
    /// How long a pending registration holds its places in capped sessions before they go
    /// back to others (it stays pending, and takes them again when approved, if still free);
    /// `None`: for ever.
    pub pending_hold: Option<chrono::Duration>,
    /// Scans waiting for the writer at most, per instance; beyond it a scan is answered 503.
    pub scan_queue: usize,
    /// The longest a request may take before it is answered 503.
    pub handler_timeout: Duration,
}

/// Requests per minute per client address (per token for the API); each also the burst a
/// client may send at once. The defaults leave room for an embassy whose whole delegation
/// registers from behind one address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimits {
    /// Public registration forms sent.
    pub register: u32,
    /// A delegate's badge page, its PDF and photo upload.
    pub badge: u32,
    /// Staff login attempts (password and code steps).
    pub login: u32,
    /// API requests per token (door scans included).
    pub api: u32,
}

impl Default for RateLimits {
    fn default() -> RateLimits {
        RateLimits { register: 60, badge: 120, login: 20, api: 6000 }
    }
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
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
            ("LANYARD_PURGE_CHECK_SECONDS", self.purge_check.as_secs_f64().to_string()),
            ("LANYARD_LOG_FORMAT", format!("{:?}", self.log_format).to_lowercase()),
            (
                "LANYARD_TRUSTED_PROXIES",
                if self.trusted_proxies.is_empty() {
                    "none: X-Forwarded-For is ignored".into()
                } else {
                    self.trusted_proxies.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
                },
            ),
            ("LANYARD_RATE_REGISTER", per_minute(self.rate_limits.register)),
            ("LANYARD_RATE_BADGE", per_minute(self.rate_limits.badge)),
            ("LANYARD_RATE_LOGIN", per_minute(self.rate_limits.login)),
            ("LANYARD_RATE_API", per_minute(self.rate_limits.api)),
            (
                "LANYARD_PENDING_HOLD_HOURS",
                self.pending_hold.map_or("for ever".into(), |h| format!("{} h", h.num_hours())),
            ),
            ("LANYARD_SCAN_QUEUE", self.scan_queue.to_string()),
            ("LANYARD_HANDLER_TIMEOUT_SECONDS", self.handler_timeout.as_secs_f64().to_string()),
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

        let purge_check = parse_seconds(raw.purge_check_seconds.as_deref(), "LANYARD_PURGE_CHECK_SECONDS", 3600.0)?;
        let log_format = match raw.log_format.as_deref().map(|s| s.trim().to_ascii_lowercase()).as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => return Err(bad("LANYARD_LOG_FORMAT", format!("{other:?} is not text or json"))),
        };
        let trusted_proxies = parse_proxies(raw.trusted_proxies.as_deref().unwrap_or(""))?;
        let defaults = RateLimits::default();
        let rate = |text: &Option<String>, setting, default| {
            parse_number(text.as_deref(), setting, 0, 1_000_000).map(|n| n.unwrap_or(default))
        };
        let rate_limits = RateLimits {
            register: rate(&raw.rate_register, "LANYARD_RATE_REGISTER", defaults.register)?,
            badge: rate(&raw.rate_badge, "LANYARD_RATE_BADGE", defaults.badge)?,
            login: rate(&raw.rate_login, "LANYARD_RATE_LOGIN", defaults.login)?,
            api: rate(&raw.rate_api, "LANYARD_RATE_API", defaults.api)?,
        };

        let pending_hold = match parse_number(raw.pending_hold_hours.as_deref(), "LANYARD_PENDING_HOLD_HOURS", 0, 8760)?
        {
            Some(0) => None,
            hours => Some(chrono::Duration::hours(i64::from(hours.unwrap_or(72)))),
        };

        // More than a second of the fastest doors' work: beyond it the door retries or decides
        // offline, rather than every answer coming later while memory grows.
        let scan_queue =
            parse_number(raw.scan_queue.as_deref(), "LANYARD_SCAN_QUEUE", 1, 1_000_000)?.map_or(4096, |n| n as usize);
        // A batch of 10,000 badges takes about 10 s.
        let handler_timeout =
            parse_seconds(raw.handler_timeout_seconds.as_deref(), "LANYARD_HANDLER_TIMEOUT_SECONDS", 60.0)?;

        Ok(Settings {
            scan_queue,
            handler_timeout,
            pending_hold,
            rate_limits,
            device_wipe_hours,
            purge_check,
            log_format,
            trusted_proxies,
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

mod values;
pub use values::{SecretKey, SmtpUrl};
use values::{load_or_create_secret, parse_number, parse_proxies, parse_seconds, parse_secret, per_minute};

#[cfg(test)]
mod tests;
