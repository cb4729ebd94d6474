//! Outgoing mail: an outbox table, a transport (SMTP or files) and a background worker.

pub mod bilingual;
pub mod compose;
pub mod invitation_mail;
pub mod log;
pub mod message_mail;
pub mod outbox;
pub mod transport;
pub mod worker;
