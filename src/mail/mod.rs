//! Outgoing mail: an outbox table, a transport (SMTP or files) and a background worker.

pub mod compose;
pub mod outbox;
pub mod transport;
pub mod worker;
