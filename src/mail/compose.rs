//! Renders an outbox row into a message: text and HTML parts from askama templates, in the
//! delegate's language, with the chosen sessions as an `.ics` attachment.

use askama::Template;
use chrono::{DateTime, NaiveDateTime, Utc};
use icalendar::{Component, EventLike};
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};

use super::bilingual::{self, Section};
use super::outbox::{MailKind, OutboxRow};
use crate::events::{Programme, Session};
use crate::i18n::Lang;
use crate::ids::RegistrationId;
use crate::registrations::Registration;

/// One session as the mail lists it.
pub struct MailSession {
    pub title: String,
    pub venue: String,
    pub when: String,
}

/// Everything both parts of a registration mail show, already in the reader's language.
pub struct RegistrationMail {
    pub lang: Lang,
    pub greeting: String,
    pub body: String,
    /// Why staff rejected or cancelled, if they said.
    pub reason: String,
    /// Whether the mail lists the programme (not for rejections and cancellations).
    pub with_programme: bool,
    /// The link to the delegate's badge page, once approved.
    pub badge_line: String,
    pub reference_line: String,
    pub reference: String,
    pub programme_heading: String,
    pub sessions: Vec<MailSession>,
    pub no_sessions: String,
    pub local_times: String,
    pub ics_note: String,
    pub details_heading: String,
    pub details: Vec<(String, String)>,
    pub event_page: String,
    pub event_url: String,
    pub contact: String,
    pub not_you: String,
    pub signature: String,
}

#[derive(Template)]
#[template(path = "mail/registration.txt")]
struct TextPart<'a> {
    m: &'a RegistrationMail,
}

#[derive(Template)]
#[template(path = "mail/registration.html")]
struct HtmlPart<'a> {
    m: &'a RegistrationMail,
}

/// Why a message could not be built; such a row is marked failed, not retried.
#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    #[error("unknown mail kind {0:?}")]
    UnknownKind(String),
    #[error("template: {0}")]
    Template(#[from] askama::Error),
    #[error("message: {0}")]
    Message(#[from] lettre::error::Error),
    #[error("recipient address: {0}")]
    Address(#[from] lettre::address::AddressError),
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(t, Utc)
}

/// The chosen sessions as an iCalendar file (times in UTC, so every calendar places them right).
pub fn ics(programme: &Programme, sessions: &[&Session], lang: Lang, registration_id: &RegistrationId) -> String {
    let mut cal = icalendar::Calendar::new();
    cal.append_property(("METHOD", "PUBLISH"));
    cal.name(programme.event_name(lang));
    for s in sessions {
        let venue = programme.venue(&s.venue_id);
        let location = venue.map_or(String::new(), |v| {
            let name = programme.venue_name(lang, v);
            if v.address.is_empty() { name } else { format!("{name}, {}", v.address) }
        });
        cal.push(
            icalendar::Event::new()
                .uid(&format!("{registration_id}.{}@lanyard", s.id))
                .summary(&programme.session_title(lang, s))
                .location(&location)
                .starts(utc(s.starts_at))
                .ends(utc(s.ends_at))
                .done(),
        );
    }
    cal.done().to_string()
}

/// Builds a mail about a registration (received, confirmed, approved, rejected, cancelled,
/// a new badge link) in the delegate's language, and the host's when the event wants both.
pub fn registration_mail(
    row: &OutboxRow,
    registration: &Registration,
    programme: &Programme,
    chosen: &[&Session],
    from: &Mailbox,
    base_url: &url::Url,
    badge_path: &str,
) -> Result<Message, ComposeError> {
    let reader = Lang::parse(&row.locale).unwrap_or(Lang::En);
    let with_programme = matches!(
        row.kind,
        MailKind::RegistrationConfirmed | MailKind::RegistrationReceived | MailKind::RegistrationApproved
    );
    let chosen = if with_programme { chosen } else { &[] };
    let sections = bilingual::languages(&programme.event, reader)
        .into_iter()
        .map(|lang| registration_section(row.kind, registration, programme, chosen, (base_url, badge_path), lang))
        .collect::<Result<Vec<_>, _>>()?;
    let to = Mailbox::new(Some(registration.display_name()), registration.email.parse()?);
    let builder = envelope(from, to, &bilingual::subject(&sections), row, &programme.event.contact_email);
    let alternative = bilingual::alternative(&sections)?;
    let body = if chosen.is_empty() {
        alternative
    } else {
        let calendar = ics(programme, chosen, reader, &registration.id);
        let content_type =
            ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH").unwrap_or(ContentType::TEXT_PLAIN);
        MultiPart::mixed()
            .multipart(alternative)
            .singlepart(Attachment::new("programme.ics".to_owned()).body(calendar, content_type))
    };
    Ok(builder.multipart(body)?)
}

/// The headers every mail shares: sender, recipient, subject, a stable Message-ID, and the
/// event's contact as Reply-To.
pub(super) fn envelope(
    from: &Mailbox,
    to: Mailbox,
    subject: &str,
    row: &OutboxRow,
    contact_email: &str,
) -> lettre::message::MessageBuilder {
    let builder =
        Message::builder().from(from.clone()).to(to).subject(subject).message_id(Some(format!("<{}>", row.message_id)));
    match contact_email.parse() {
        Ok(reply_to) => builder.reply_to(Mailbox::new(None, reply_to)),
        Err(_) => builder,
    }
}

/// One language's section of a registration mail.
fn registration_section(
    kind: MailKind,
    registration: &Registration,
    programme: &Programme,
    chosen: &[&Session],
    (base_url, badge_path): (&url::Url, &str),
    lang: Lang,
) -> Result<Section, ComposeError> {
    let event = &programme.event;
    let event_name = programme.event_name(lang).to_owned();
    let reference = registration.reference.clone();
    let (subject_key, body_key, with_programme) = match kind {
        MailKind::RegistrationConfirmed => ("mail-subject-confirmed", "mail-confirmed-body", true),
        MailKind::RegistrationReceived => ("mail-subject-received", "mail-received-body", true),
        MailKind::RegistrationApproved => ("mail-subject-approved", "mail-approved-body", true),
        MailKind::RegistrationRejected => ("mail-subject-rejected", "mail-rejected-body", false),
        MailKind::RegistrationCancelled => ("mail-subject-cancelled", "mail-cancelled-body", false),
        MailKind::BadgeLink => ("mail-subject-badge-link", "mail-badge-link-body", false),
        MailKind::Invitation | MailKind::Message => return Err(ComposeError::UnknownKind(kind.as_str().to_owned())),
    };
    let reason = match registration.status_reason.as_str() {
        "" => String::new(),
        r if !with_programme => lang.t1("mail-reason", "reason", r),
        _ => String::new(),
    };
    let event_url =
        base_url.join(&format!("events/{}", event.slug)).map_or_else(|_| base_url.to_string(), |u| u.to_string());
    let category = programme
        .categories
        .iter()
        .find(|c| c.id == registration.category_id)
        .map(|c| programme.category_name(lang, c))
        .unwrap_or_default();
    let mut details = vec![
        (lang.t("field-given_name"), registration.given_name.clone()),
        (lang.t("field-family_name"), registration.family_name.clone()),
        (lang.t("field-native_name"), registration.native_name.clone()),
        (lang.t("field-badge_name"), registration.badge_name.clone()),
        (lang.t("field-organization"), registration.organization.clone()),
        (lang.t("field-position"), registration.position.clone()),
        (lang.t("field-country"), lang.country(&registration.country)),
        (lang.t("field-category"), category),
    ];
    details.retain(|(_, v)| !v.is_empty());
    let sessions = chosen
        .iter()
        .map(|s| MailSession {
            title: programme.session_title(lang, s),
            venue: programme.venue(&s.venue_id).map(|v| programme.venue_name(lang, v)).unwrap_or_default(),
            when: format!("{}–{}", lang.datetime(event.local(s.starts_at)), lang.time(event.local(s.ends_at))),
        })
        .collect();
    // Approved delegates get the link to their own badge page (QR code, PDF, photo upload).
    let badge_line = match kind {
        MailKind::RegistrationApproved | MailKind::RegistrationConfirmed | MailKind::BadgeLink => {
            let url = base_url
                .join(badge_path.trim_start_matches('/'))
                .map_or_else(|_| badge_path.to_owned(), |u| u.to_string());
            lang.t1("mail-badge-page", "url", &url)
        }
        _ => String::new(),
    };
    let mail = RegistrationMail {
        lang,
        badge_line,
        greeting: lang.t1("mail-greeting", "name", &registration.display_name()),
        body: lang.t1(body_key, "event", &event_name),
        reason,
        with_programme,
        reference_line: lang.t1("mail-reference", "reference", &reference),
        reference,
        programme_heading: lang.t("mail-programme"),
        sessions,
        no_sessions: lang.t("mail-no-sessions"),
        local_times: lang.t1("event-local-times", "zone", &event.time_zone),
        ics_note: lang.t("mail-ics-note"),
        details_heading: lang.t("mail-details"),
        details,
        event_page: lang.t1("mail-event-page", "url", &event_url),
        event_url,
        contact: if event.contact_email.is_empty() {
            String::new()
        } else {
            lang.t1("mail-contact", "contact", &event.contact_email)
        },
        not_you: lang.t("mail-not-you"),
        signature: lang.t1("mail-signature", "event", &event_name),
    };
    let subject = lang.t_args(subject_key, &[("event", &event_name), ("reference", &mail.reference)]);
    Ok(Section { lang, subject, text: TextPart { m: &mail }.render()?, html: HtmlPart { m: &mail }.render()? })
}
