//! What several domains share: translatable messages, field errors, random codes.

use rand::Rng;

use crate::i18n::Lang;

/// A translatable message: a Fluent key and its arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Message {
    pub(crate) fn new(key: &'static str) -> Message {
        Message { key, args: Vec::new() }
    }

    pub(crate) fn with(mut self, name: &'static str, value: impl Into<String>) -> Message {
        self.args.push((name, value.into()));
        self
    }

    /// The message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let args: Vec<(&'static str, &str)> = self.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        lang.t_args(self.key, &args)
    }
}

/// What is wrong with one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: Message,
}

/// Letters and digits that cannot be mistaken for one another when read aloud or
/// typed from paper: no 0/O, 1/I/L, U/V.
const REFERENCE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTWXYZ";

/// `len` random characters from that alphabet (4.86 bits each), from the thread's CSPRNG.
pub fn random_code(len: usize) -> String {
    let mut rng = rand::rng();
    (0..len).map(|_| REFERENCE_ALPHABET[rng.random_range(0..REFERENCE_ALPHABET.len())] as char).collect()
}

/// Creates `dir` (and its parents) and makes it this user's alone: the data directory and the
/// mail outbox hold personal data.
pub fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    std::fs::set_permissions(dir, std::os::unix::fs::PermissionsExt::from_mode(0o700))?;
    Ok(())
}

/// Makes `path` readable and writable by this user only, creating it empty if it is missing
/// (SQLite then gives its WAL and shared-memory files the same mode).
pub fn make_private_file(path: &std::path::Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    drop(options.open(path)?);
    #[cfg(unix)]
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    Ok(())
}
