//! Where mail goes: an SMTP server (production) or `.eml` files in a folder (the default).

use std::path::Path;
use std::time::Duration;

use lettre::{FileTransport, Message, SmtpTransport, Transport as _};

use crate::config::SmtpUrl;

/// A configured way to deliver messages.
pub enum Transport {
    Smtp(SmtpTransport),
    /// Mail as .eml files in this folder.
    File(FileTransport, std::path::PathBuf),
}

/// Whether a failed delivery is worth retrying.
#[derive(Debug)]
pub enum SendError {
    /// Network trouble, a 4xx answer, a full disk: try again later.
    Transient(String),
    /// The server refused this message for good (5xx about the recipient or content).
    Permanent(String),
}

impl Transport {
    /// SMTP when a URL is set, otherwise files under `outbox_dir`.
    pub fn new(smtp_url: Option<&SmtpUrl>, outbox_dir: &Path) -> anyhow::Result<Transport> {
        match smtp_url {
            Some(url) => {
                let smtp = SmtpTransport::from_url(url.expose())
                    .map_err(|e| anyhow::anyhow!("SMTP_URL {}: {e}", url.redacted()))?
                    .timeout(Some(Duration::from_secs(15)))
                    .build();
                Ok(Transport::Smtp(smtp))
            }
            None => {
                crate::common::create_private_dir(outbox_dir)
                    .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", outbox_dir.display()))?;
                Ok(Transport::File(FileTransport::new(outbox_dir), outbox_dir.to_owned()))
            }
        }
    }

    /// Hands one message over.
    pub fn send(&self, message: &Message) -> Result<(), SendError> {
        match self {
            Transport::File(t, dir) => {
                let id = t.send(message).map_err(|e| SendError::Transient(e.to_string()))?;
                // The message holds personal data: this user's alone, like the folder. It is
                // written already, so a failure here is logged, not retried (no second copy).
                if let Err(e) = crate::common::make_private_file(&dir.join(format!("{id}.eml"))) {
                    tracing::warn!(error = %e, "an outbox file keeps its default permissions");
                }
                Ok(())
            }
            Transport::Smtp(t) => t.send(message).map(drop).map_err(|e| {
                // A 5xx is final, except for authentication and TLS trouble (530, 534, 535,
                // 538), which the operator fixes in the settings; then the mail must still go.
                let code = e.status().map(|c| c.to_string()).unwrap_or_default();
                if e.is_permanent() && !matches!(code.as_str(), "530" | "534" | "535" | "538") {
                    SendError::Permanent(e.to_string())
                } else {
                    SendError::Transient(e.to_string())
                }
            }),
        }
    }
}
