//! Parsing single setting values: numbers, durations, networks, the secret key.

use std::path::Path;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::{ConfigError, bad};

/// `10.0.0.1, 10.1.0.0/16, ::1`: addresses or networks, comma-separated.
pub(super) fn parse_proxies(text: &str) -> Result<Vec<ipnet::IpNet>, ConfigError> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<ipnet::IpNet>().or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from)).map_err(|_| {
                bad("LANYARD_TRUSTED_PROXIES", format!("{s:?} is not an IP address or network, e.g. 10.0.0.0/8"))
            })
        })
        .collect()
}

pub(super) fn parse_number(
    text: Option<&str>,
    setting: &'static str,
    min: u32,
    max: u32,
) -> Result<Option<u32>, ConfigError> {
    let Some(text) = text else { return Ok(None) };
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .map(Some)
        .ok_or_else(|| bad(setting, format!("{text:?} is not a whole number between {min} and {max}")))
}

pub(super) fn parse_seconds(text: Option<&str>, setting: &'static str, default: f64) -> Result<Duration, ConfigError> {
    let Some(text) = text else { return Ok(Duration::from_secs_f64(default)) };
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|s| (0.01..=86_400.0).contains(s))
        .map(Duration::from_secs_f64)
        .ok_or_else(|| bad(setting, format!("{text:?} is not a number of seconds between 0.01 and 86400")))
}

pub(super) fn parse_secret(text: &str) -> Result<SecretKey, ConfigError> {
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
pub(super) fn load_or_create_secret(data_dir: &Path) -> Result<SecretKey, ConfigError> {
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

/// An SMTP URL; its `Debug` and `redacted()` never show the password.
#[derive(Clone)]
pub struct SmtpUrl(pub(super) String);

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

pub(super) fn per_minute(n: u32) -> String {
    if n == 0 { "off".into() } else { format!("{n} per minute") }
}
