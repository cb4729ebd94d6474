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
