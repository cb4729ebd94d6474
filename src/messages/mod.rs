//! Messages to segments: staff write a subject and body (per language, with a fallback), pick
//! recipients with the registrations list's filters, and the outbox sends each recipient one
//! mail in their language. A message is stored with its filter and count; its mails are
//! outbox rows that name it, so its counts by status are the outbox's.

pub mod text;

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use crate::audit::{self, Change};
use crate::common::{FieldError, Message};
use crate::db::schema::{invitations, messages, outbox};
use crate::db::{self, DbConn};
use crate::events::Programme;
use crate::ids::EventId;
use crate::mail::outbox::MailStatus;
use crate::registrations::Registration;
use crate::registrations::search::{self, Filter, FilterParams};
pub use text::LocalText;

/// The longest subject, in characters.
pub const SUBJECT_MAX: usize = 200;
/// The longest body, in characters.
pub const BODY_MAX: usize = 20_000;
/// The most recipients one message may have (a larger audience is several messages, or a
/// mailing service).
pub const RECIPIENTS_MAX: usize = 20_000;

/// A message as staff or the API give it, not yet checked.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DraftInput {
    pub subject: serde_json::Value,
    pub body: serde_json::Value,
    pub filter: serde_json::Map<String, serde_json::Value>,
    /// Sending twice with the same key sends once (the form's hidden key, or the API's).
    pub key: Option<String>,
}

/// A checked message, ready to send.
#[derive(Clone, Debug)]
pub struct Draft {
    pub subject: LocalText,
    pub body: LocalText,
    pub params: FilterParams,
    pub filter: Filter,
    pub key: Option<String>,
}

impl Draft {
    /// Checks a draft against the event: texts in known languages, within limits; filters that
    /// name something (an unknown key or value is an error, never "everyone").
    pub fn parse(p: &Programme, input: &DraftInput) -> Result<Draft, Vec<FieldError>> {
        let mut errors = Vec::new();
        let default = &p.event.default_locale;
        let subject = LocalText::parse(&input.subject, default, SUBJECT_MAX, true)
            .map_err(|m| errors.push(FieldError { field: "subject", message: m }))
            .ok();
        let body = LocalText::parse(&input.body, default, BODY_MAX, false)
            .map_err(|m| errors.push(FieldError { field: "body", message: m }))
            .ok();
        let unknown = input.filter.keys().find(|k| !FilterParams::KEYS.contains(&k.as_str()));
        let params: Option<FilterParams> = match unknown {
            Some(k) => {
                errors.push(FieldError { field: "filter", message: Message::new("error-filter-key").with("key", k) });
                None
            }
            None => serde_json::from_value(serde_json::Value::Object(input.filter.clone()))
                .map_err(|_| errors.push(FieldError { field: "filter", message: Message::new("error-filter-value") }))
                .ok(),
        };
        let filter = params.as_ref().and_then(|f| {
            Filter::strict(p, f)
                .map_err(|search::UnknownFilter(key)| {
                    errors.push(FieldError {
                        field: "filter",
                        message: Message::new("error-filter-unknown").with("key", key),
                    })
                })
                .ok()
        });
        let key = input.key.as_deref().map(str::trim).filter(|k| !k.is_empty()).map(|k| k.chars().take(100).collect());
        match (subject, body, params, filter) {
            (Some(subject), Some(body), Some(params), Some(filter)) if errors.is_empty() => {
                Ok(Draft { subject, body, params, filter, key })
            }
            _ => Err(errors),
        }
    }
}

/// A stored message.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = messages)]
pub struct Stored {
    pub id: String,
    pub event_id: EventId,
    /// JSON: locale → text.
    pub subject: String,
    pub body: String,
    /// JSON: the filter as given.
    pub filter: String,
    pub recipients: i32,
    pub send_key: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

impl Stored {
    pub fn subject(&self) -> LocalText {
        LocalText::stored(&self.subject)
    }

    pub fn body(&self) -> LocalText {
        LocalText::stored(&self.body)
    }
}

/// What sending did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sent {
    /// Queued for this many recipients.
    Queued {
        id: String,
        recipients: i32,
    },
    /// This key was sent before: nothing new was queued.
    Repeated {
        id: String,
        recipients: i32,
    },
    /// The filter names an invitation this event does not have.
    UnknownInvitation,
    /// No registration matches (nothing is stored).
    NoRecipients,
    TooMany(usize),
}

/// Who a draft would reach: matching registrations that have an address.
pub fn recipients(conn: &mut DbConn, event_id: &EventId, filter: &Filter) -> QueryResult<Vec<Registration>> {
    let mut people = search::all(conn, event_id, filter)?;
    people.retain(|r| !r.email.trim().is_empty());
    Ok(people)
}

fn by_key(conn: &mut DbConn, event_id: &EventId, key: &str) -> QueryResult<Option<Stored>> {
    messages::table
        .filter(messages::event_id.eq(event_id))
        .filter(messages::send_key.eq(key))
        .select(Stored::as_select())
        .first(conn)
        .optional()
}

/// Sends a draft: stores the message and queues one mail per recipient, in one transaction.
pub fn send(conn: &mut DbConn, p: &Programme, draft: &Draft, actor: &str, now: NaiveDateTime) -> QueryResult<Sent> {
    let event_id = &p.event.id;
    let result = db::write_tx(conn, |conn| {
        if let Some(key) = &draft.key
            && let Some(m) = by_key(conn, event_id, key)?
        {
            return Ok(Sent::Repeated { id: m.id, recipients: m.recipients });
        }
        if let Some(i) = &draft.filter.invitation_id {
            let found: i64 = invitations::table
                .filter(invitations::id.eq(i))
                .filter(invitations::event_id.eq(event_id))
                .count()
                .get_result(conn)?;
            if found == 0 {
                return Ok(Sent::UnknownInvitation);
            }
        }
        let people = recipients(conn, event_id, &draft.filter)?;
        if people.is_empty() {
            return Ok(Sent::NoRecipients);
        }
        if people.len() > RECIPIENTS_MAX {
            return Ok(Sent::TooMany(people.len()));
        }
        let stored = Stored {
            id: db::new_id(),
            event_id: event_id.clone(),
            subject: draft.subject.to_json(),
            body: draft.body.to_json(),
            filter: serde_json::to_string(&draft.params).unwrap_or_default(),
            recipients: people.len() as i32,
            send_key: draft.key.clone(),
            created_by: actor.to_owned(),
            created_at: now,
        };
        diesel::insert_into(messages::table).values(&stored).execute(conn)?;
        for r in &people {
            crate::mail::outbox::enqueue_message(conn, &stored.id, &r.id, &r.email, &r.locale, now)?;
        }
        let change = Change {
            actor,
            action: "message.send",
            entity: "message",
            entity_id: &stored.id,
            event_id: Some(event_id),
            before: None,
            after: Some(json!({ "subject": draft.subject.pick(&p.event.default_locale), "recipients": people.len() })),
        };
        audit::record(conn, change, now)?;
        Ok(Sent::Queued { id: stored.id, recipients: stored.recipients })
    });
    match result {
        // Two sends of one key at once: the second finds the first's once it has committed.
        Err(e) if db::unique_violation_on(&e).is_some() => match &draft.key {
            Some(key) => {
                by_key(conn, event_id, key)?.map(|m| Sent::Repeated { id: m.id, recipients: m.recipients }).ok_or(e)
            }
            None => Err(e),
        },
        other => other,
    }
}

/// A message of the event, by id.
pub fn find(conn: &mut DbConn, event_id: &EventId, id: &str) -> QueryResult<Option<Stored>> {
    messages::table
        .filter(messages::id.eq(id))
        .filter(messages::event_id.eq(event_id))
        .select(Stored::as_select())
        .first(conn)
        .optional()
}

/// A message by id (the mail worker's view: any event).
pub fn by_id(conn: &mut DbConn, id: &str) -> QueryResult<Option<Stored>> {
    messages::table.find(id).select(Stored::as_select()).first(conn).optional()
}

/// The event's messages, newest first.
pub fn of_event(conn: &mut DbConn, event_id: &EventId) -> QueryResult<Vec<Stored>> {
    messages::table
        .filter(messages::event_id.eq(event_id))
        .order(messages::created_at.desc())
        .select(Stored::as_select())
        .load(conn)
}

/// How many of a message's mails are in each status (a resent mail counts as its newest
/// attempt only).
pub fn counts(conn: &mut DbConn, id: &str) -> QueryResult<BTreeMap<&'static str, i64>> {
    let rows: Vec<(MailStatus, i64)> = outbox::table
        .filter(outbox::broadcast_id.eq(id))
        .filter(outbox::superseded_by.is_null())
        .group_by(outbox::status)
        .select((outbox::status, diesel::dsl::count_star()))
        .load(conn)?;
    let mut out: BTreeMap<&'static str, i64> = MailStatus::ALL.iter().map(|s| (s.as_str(), 0)).collect();
    for (status, n) in rows {
        out.insert(status.as_str(), n);
    }
    Ok(out)
}
