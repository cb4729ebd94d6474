//! A message staff wrote to a segment, as one recipient gets it: a greeting, the organiser's
//! text in the recipient's language (or the fallback), and the host's language below when the
//! organiser wrote it too.

use askama::Template;
use lettre::Message;
use lettre::message::Mailbox;

use super::bilingual::{self, Section};
use super::compose::{ComposeError, envelope};
use super::outbox::OutboxRow;
use crate::events::Programme;
use crate::i18n::Lang;
use crate::messages::Stored;
use crate::registrations::Registration;

/// Both parts of one language's section.
pub struct MessageMail {
    pub greeting: String,
    pub body: String,
    /// The body's paragraphs, each as its lines (the HTML part keeps the line breaks).
    pub paragraphs: Vec<Vec<String>>,
    pub contact: String,
    pub signature: String,
}

#[derive(Template)]
#[template(path = "mail/message.txt")]
struct TextPart<'a> {
    m: &'a MessageMail,
}

#[derive(Template)]
#[template(path = "mail/message.html")]
struct HtmlPart<'a> {
    m: &'a MessageMail,
}

/// Builds one recipient's mail of a message.
pub fn message_mail(
    row: &OutboxRow,
    registration: &Registration,
    programme: &Programme,
    message: &Stored,
    from: &Mailbox,
) -> Result<Message, ComposeError> {
    let reader = Lang::parse(&row.locale).unwrap_or(Lang::En);
    let (subject, body) = (message.subject(), message.body());
    let fallback = programme.event.default_locale.as_str();
    let first = (subject.pick_or(reader.code(), fallback), body.pick_or(reader.code(), fallback));
    let mut sections = vec![section(registration, programme, reader, first)?];
    // The host's language only where the organiser wrote it: a fallback twice says nothing.
    for lang in bilingual::languages(&programme.event, reader).into_iter().skip(1) {
        if body.has(lang.code()) && body.pick(lang.code()) != first.1 {
            let texts = (subject.pick_or(lang.code(), fallback), body.pick(lang.code()));
            sections.push(section(registration, programme, lang, texts)?);
        }
    }
    let to = Mailbox::new(Some(registration.display_name()), registration.email.parse()?);
    let builder = envelope(from, to, &bilingual::subject(&sections), row, &programme.event.contact_email);
    Ok(builder.multipart(bilingual::alternative(&sections)?)?)
}

fn section(
    registration: &Registration,
    programme: &Programme,
    lang: Lang,
    (subject, body): (&str, &str),
) -> Result<Section, ComposeError> {
    let event = &programme.event;
    let event_name = programme.event_name(lang);
    let mail = MessageMail {
        greeting: lang.t1("mail-greeting", "name", &registration.display_name()),
        body: body.to_owned(),
        paragraphs: body
            .split("\n\n")
            .map(|p| p.lines().map(str::to_owned).collect::<Vec<_>>())
            .filter(|p| !p.is_empty())
            .collect(),
        contact: if event.contact_email.is_empty() {
            String::new()
        } else {
            lang.t1("mail-contact", "contact", &event.contact_email)
        },
        signature: lang.t1("mail-signature", "event", event_name),
    };
    Ok(Section {
        lang,
        subject: subject.to_owned(),
        text: TextPart { m: &mail }.render()?,
        html: HtmlPart { m: &mail }.render()?,
    })
}
