//! The mail that gives an embassy or organisation its invitation links.

use askama::Template;
use lettre::Message;
use lettre::message::Mailbox;

use super::bilingual::{self, Section};
use super::compose::{ComposeError, envelope};
use super::outbox::OutboxRow;
use crate::events::Programme;
use crate::i18n::Lang;

/// Everything an invitation mail shows, in the contact's language.
pub struct InvitationMail {
    pub lang: Lang,
    pub greeting: String,
    pub body: String,
    pub register_line: String,
    pub register_url: String,
    pub manage_line: String,
    pub manage_url: String,
    pub deadline: String,
    pub keep_private: String,
    pub contact: String,
    pub signature: String,
}

#[derive(Template)]
#[template(path = "mail/invitation.txt")]
struct InvitationText<'a> {
    m: &'a InvitationMail,
}

#[derive(Template)]
#[template(path = "mail/invitation.html")]
struct InvitationHtml<'a> {
    m: &'a InvitationMail,
}

/// The mail that gives an embassy or organisation its invitation links, in the contact's
/// language (and the host's, when the event wants both).
pub fn invitation_mail(
    row: &OutboxRow,
    (invitation, codes): (&crate::invitations::Invitation, &crate::invitations::Codes),
    programme: &Programme,
    from: &Mailbox,
    base_url: &url::Url,
) -> Result<Message, ComposeError> {
    let reader = Lang::parse(&invitation.locale).unwrap_or(Lang::En);
    let sections = bilingual::languages(&programme.event, reader)
        .into_iter()
        .map(|lang| section((invitation, codes), programme, base_url, lang))
        .collect::<Result<Vec<_>, _>>()?;
    let to = Mailbox::new(
        Some(invitation.contact_name.clone()).filter(|n| !n.is_empty()),
        invitation.contact_email.parse()?,
    );
    let builder = envelope(from, to, &bilingual::subject(&sections), row, &programme.event.contact_email);
    Ok(builder.multipart(bilingual::alternative(&sections)?)?)
}

fn section(
    (invitation, codes): (&crate::invitations::Invitation, &crate::invitations::Codes),
    programme: &Programme,
    base_url: &url::Url,
    lang: Lang,
) -> Result<Section, ComposeError> {
    let event = &programme.event;
    let event_name = programme.event_name(lang).to_owned();
    let link = |path: String| base_url.join(&path).map_or_else(|_| path.clone(), |u| u.to_string());
    let register_url = link(format!("events/{}/register?invitation={}", event.slug, codes.register));
    let manage_url = link(format!("invitations/{}", codes.manage));
    let mail = InvitationMail {
        lang,
        greeting: if invitation.contact_name.is_empty() {
            lang.t("mail-invitation-greeting-anonymous")
        } else {
            lang.t1("mail-greeting", "name", &invitation.contact_name)
        },
        body: lang.t_args(
            "mail-invitation-body",
            &[
                ("organization", &invitation.organization),
                ("quota", &invitation.quota.to_string()),
                ("event", &event_name),
                ("when", &lang.datetime(event.local(event.starts_at))),
            ],
        ),
        register_line: lang.t("mail-invitation-register"),
        register_url,
        manage_line: lang.t("mail-invitation-manage"),
        manage_url,
        deadline: lang.t1(
            "mail-invitation-deadline",
            "closes",
            &lang.datetime(event.local(event.registration_closes_at)),
        ),
        keep_private: lang.t("mail-invitation-keep"),
        contact: if event.contact_email.is_empty() {
            String::new()
        } else {
            lang.t1("mail-contact", "contact", &event.contact_email)
        },
        signature: lang.t1("mail-signature", "event", &event_name),
    };
    let subject = lang.t1("mail-subject-invitation", "event", &event_name);
    Ok(Section {
        lang,
        subject,
        text: InvitationText { m: &mail }.render()?,
        html: InvitationHtml { m: &mail }.render()?,
    })
}
