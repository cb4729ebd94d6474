//! The outgoing-mail table: rows are written in the caller's transaction and claimed by
//! exactly one worker with a conditional update, so several instances never send twice.

use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::outbox;
use crate::db::{self, DbConn};
use crate::ids::RegistrationId;

/// Which message a row stands for; the worker renders it when sending.
#[derive(Clone, Copy, Debug, PartialEq, Eq, diesel::expression::AsExpression, diesel::deserialize::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum MailKind {
    /// Registered and confirmed (no approval needed).
    RegistrationConfirmed,
    /// Registered, waiting for approval.
    RegistrationReceived,
    /// Approved by staff (or reinstated).
    RegistrationApproved,
    /// Rejected by staff, with a reason.
    RegistrationRejected,
    /// Cancelled by staff.
    RegistrationCancelled,
    /// An invitation link for an embassy or organisation.
    Invitation,
    /// The badge page's new link, after a reissue or when staff send a new one (every older
    /// link stops working).
    BadgeLink,
    /// A message staff wrote to a segment (`messages`).
    Message,
}

const KINDS: [MailKind; 8] = [
    MailKind::Invitation,
    MailKind::RegistrationConfirmed,
    MailKind::RegistrationReceived,
    MailKind::RegistrationApproved,
    MailKind::RegistrationRejected,
    MailKind::RegistrationCancelled,
    MailKind::BadgeLink,
    MailKind::Message,
];

impl MailKind {
    /// The value stored in `outbox.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::RegistrationConfirmed => "registration_confirmed",
            MailKind::RegistrationReceived => "registration_received",
            MailKind::RegistrationApproved => "registration_approved",
            MailKind::RegistrationRejected => "registration_rejected",
            MailKind::RegistrationCancelled => "registration_cancelled",
            MailKind::Invitation => "invitation",
            MailKind::BadgeLink => "badge_link",
            MailKind::Message => "message",
        }
    }

    /// Parses a stored value.
    pub fn parse(s: &str) -> Option<MailKind> {
        KINDS.into_iter().find(|k| k.as_str() == s)
    }
}

crate::text_column!(MailKind);

impl crate::db::text::TextValue for MailKind {
    fn as_str(&self) -> &'static str {
        MailKind::as_str(*self)
    }

    fn parse(s: &str) -> Option<MailKind> {
        MailKind::parse(s)
    }
}

/// Row states: queued → sending → sent; sending → retry → sending …; sending → failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, diesel::expression::AsExpression, diesel::deserialize::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum MailStatus {
    Queued,
    Sending,
    Sent,
    /// Failed, to be tried again at `next_attempt_at`.
    Retry,
    /// Failed for good (or out of attempts).
    Failed,
}

impl MailStatus {
    pub const ALL: [MailStatus; 5] =
        [MailStatus::Queued, MailStatus::Sending, MailStatus::Sent, MailStatus::Retry, MailStatus::Failed];

    /// The value stored in `outbox.status`.
    pub fn as_str(self) -> &'static str {
        match self {
            MailStatus::Queued => "queued",
            MailStatus::Sending => "sending",
            MailStatus::Sent => "sent",
            MailStatus::Retry => "retry",
            MailStatus::Failed => "failed",
        }
    }
}

crate::text_column!(MailStatus);

impl crate::db::text::TextValue for MailStatus {
    fn as_str(&self) -> &'static str {
        MailStatus::as_str(*self)
    }

    fn parse(s: &str) -> Option<MailStatus> {
        MailStatus::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// An outbox row.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: String,
    pub kind: MailKind,
    pub registration_id: Option<RegistrationId>,
    pub recipient: String,
    pub locale: String,
    pub message_id: String,
    pub status: MailStatus,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub claimed_at: Option<NaiveDateTime>,
    pub claim_token: Option<String>,
    pub sent_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// For invitation mails: the invitation (the row has no registration).
    pub invitation_id: Option<String>,
    /// For messages to a segment: the message.
    pub broadcast_id: Option<String>,
    /// Set when staff resent this mail: the row that replaced it.
    pub superseded_by: Option<String>,
}

/// Queues a message inside the caller's transaction.
pub fn enqueue(
    conn: &mut DbConn,
    kind: MailKind,
    registration_id: &RegistrationId,
    recipient: &str,
    locale: &str,
    now: NaiveDateTime,
) -> QueryResult<String> {
    insert(conn, kind, Some(registration_id), None, recipient, locale, now)
}

/// Queues the mail that sends an invitation's link to its contact.
pub fn enqueue_invitation(
    conn: &mut DbConn,
    invitation: &crate::invitations::Invitation,
    now: NaiveDateTime,
) -> QueryResult<String> {
    insert(conn, MailKind::Invitation, None, Some(&invitation.id), &invitation.contact_email, &invitation.locale, now)
}

/// Queues one recipient's mail of a message to a segment.
pub fn enqueue_message(
    conn: &mut DbConn,
    message_id: &str,
    registration_id: &RegistrationId,
    recipient: &str,
    locale: &str,
    now: NaiveDateTime,
) -> QueryResult<String> {
    let id = db::new_id();
    let row =
        OutboxRow { broadcast_id: Some(message_id.to_owned()), ..row(&id, MailKind::Message, recipient, locale, now) };
    let row = OutboxRow { registration_id: Some(registration_id.clone()), ..row };
    diesel::insert_into(outbox::table).values(&row).execute(conn)?;
    Ok(id)
}

/// A new queued row, due now.
pub(super) fn row(id: &str, kind: MailKind, recipient: &str, locale: &str, now: NaiveDateTime) -> OutboxRow {
    OutboxRow {
        // A stable Message-ID lets mail clients drop a duplicate if a crash mid-send
        // ever makes the worker send it again.
        message_id: format!("{id}@lanyard"),
        id: id.to_owned(),
        kind,
        registration_id: None,
        recipient: recipient.to_owned(),
        locale: locale.to_owned(),
        status: MailStatus::Queued,
        attempts: 0,
        next_attempt_at: now,
        claimed_at: None,
        claim_token: None,
        sent_at: None,
        last_error: None,
        created_at: now,
        updated_at: now,
        invitation_id: None,
        broadcast_id: None,
        superseded_by: None,
    }
}

fn insert(
    conn: &mut DbConn,
    kind: MailKind,
    registration_id: Option<&RegistrationId>,
    invitation_id: Option<&str>,
    recipient: &str,
    locale: &str,
    now: NaiveDateTime,
) -> QueryResult<String> {
    let id = db::new_id();
    let row = OutboxRow {
        registration_id: registration_id.cloned(),
        invitation_id: invitation_id.map(str::to_owned),
        ..row(&id, kind, recipient, locale, now)
    };
    diesel::insert_into(outbox::table).values(&row).execute(conn)?;
    Ok(id)
}

/// Ids of rows due for sending, oldest first.
pub fn due(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    outbox::table
        .filter(outbox::status.eq_any([MailStatus::Queued, MailStatus::Retry]))
        .filter(outbox::next_attempt_at.le(now))
        .order(outbox::next_attempt_at.asc())
        .limit(limit)
        .select((outbox::id, outbox::next_attempt_at))
        .load(conn)
}

/// Claims a due row for this worker; `None` if another worker got it first.
///
/// The worker's writes are single statements outside `write_tx`: on SQLite they do not queue
/// with the door writer of this process but take the file's lock when it is free, and wait in
/// SQLite's busy handler when it is not, so under a rush of scans it is the mail that waits.
/// (Queued with the doors, a mail's write held the doors up whenever the busy machine
/// paused the mail thread while it held the turn: 78 % of the quiet door rate instead of 98 %.)
pub fn claim(conn: &mut DbConn, id: &str, token: &str, now: NaiveDateTime) -> QueryResult<Option<OutboxRow>> {
    let n = diesel::update(
        outbox::table
            .filter(outbox::id.eq(id))
            .filter(outbox::status.eq_any([MailStatus::Queued, MailStatus::Retry]))
            .filter(outbox::next_attempt_at.le(now)),
    )
    .set((
        outbox::status.eq(MailStatus::Sending),
        outbox::claim_token.eq(token),
        outbox::claimed_at.eq(now),
        outbox::attempts.eq(outbox::attempts + 1),
        outbox::updated_at.eq(now),
    ))
    .execute(conn)?;
    if n == 0 {
        return Ok(None);
    }
    outbox::table.find(id).select(OutboxRow::as_select()).first(conn).optional()
}

/// Records a delivery.
pub fn mark_sent(conn: &mut DbConn, id: &str, token: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(outbox::table.filter(outbox::id.eq(id)).filter(outbox::claim_token.eq(token)))
        .set((
            outbox::status.eq(MailStatus::Sent),
            outbox::sent_at.eq(now),
            outbox::claim_token.eq(None::<String>),
            outbox::last_error.eq(None::<String>),
            outbox::updated_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// Records a failed attempt: retry at `retry_at`, or give up when it is `None`.
pub fn mark_failed(
    conn: &mut DbConn,
    id: &str,
    token: &str,
    error: &str,
    retry_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let (state, next) = match retry_at {
        Some(at) => (MailStatus::Retry, at),
        None => (MailStatus::Failed, now),
    };
    // Kept without addresses: staff read it on pages and in the API, logs copy it.
    let error: String = scrub(error).chars().take(1000).collect();
    diesel::update(outbox::table.filter(outbox::id.eq(id)).filter(outbox::claim_token.eq(token)))
        .set((
            outbox::status.eq(state),
            outbox::next_attempt_at.eq(next),
            outbox::claim_token.eq(None::<String>),
            outbox::last_error.eq(Some(error)),
            outbox::updated_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// Puts back rows whose worker died mid-send (claimed longer ago than `lease`).
pub fn release_stale(conn: &mut DbConn, lease: Duration, now: NaiveDateTime) -> QueryResult<usize> {
    let cutoff = now - chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::minutes(10));
    diesel::update(outbox::table.filter(outbox::status.eq(MailStatus::Sending)).filter(outbox::claimed_at.lt(cutoff)))
        .set((
            outbox::status.eq(MailStatus::Retry),
            outbox::claim_token.eq(None::<String>),
            outbox::next_attempt_at.eq(now),
            outbox::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Every row for a registration, oldest first (for staff pages and tests).
pub fn for_registration(conn: &mut DbConn, registration_id: &RegistrationId) -> QueryResult<Vec<OutboxRow>> {
    outbox::table
        .filter(outbox::registration_id.eq(registration_id))
        .order(outbox::created_at.asc())
        .select(OutboxRow::as_select())
        .load(conn)
}

/// An error text with anything that looks like a mail address replaced: a server's refusal
/// often quotes the address, and personal data has no place in logs or error columns.
pub fn scrub(text: &str) -> String {
    text.split_inclusive(|c: char| c.is_whitespace() || c == '<' || c == '>')
        .map(|w| {
            if w.contains('@') {
                "[address]".to_owned() + &w[w.trim_end_matches(['<', '>', ' ']).len()..]
            } else {
                w.to_owned()
            }
        })
        .collect()
}

/// When to try again after `attempts` failures: doubling from `base`, capped at an hour,
/// with up to 10 % jitter so instances that failed together do not retry together.
pub fn backoff(base: Duration, attempts: i32) -> Duration {
    let exp = attempts.clamp(1, 20) as u32 - 1;
    let delay = base.saturating_mul(1u32 << exp.min(16)).min(Duration::from_secs(3600));
    let jitter = rand::random::<f64>() * 0.1;
    delay.mul_f64(1.0 + jitter)
}

/// How many attempts before a message is marked failed for staff to look at (about a day).
pub const MAX_ATTEMPTS: i32 = 30;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_then_stays_at_an_hour() {
        let base = Duration::from_secs(30);
        let secs = |n| backoff(base, n).as_secs_f64();
        assert!((30.0..33.1).contains(&secs(1)));
        assert!((60.0..66.1).contains(&secs(2)));
        assert!((240.0..264.1).contains(&secs(4)));
        assert!((3600.0..3960.1).contains(&secs(12)));
        assert!((3600.0..3960.1).contains(&secs(30)));
    }
}
