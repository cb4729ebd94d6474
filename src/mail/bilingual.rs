//! Mail in the reader's language, and the host's below it. Diplomatic practice (and the host,
//! here China) expects both: each kind of mail renders one section per language, and this
//! module puts them together: a subject with both, a text part with both (the reader's first),
//! and an HTML part where each section carries its own `lang` and `dir`.

use askama::Template;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{MultiPart, SinglePart};

use crate::events::Event;
use crate::i18n::Lang;

/// One language's rendering of a mail.
pub struct Section {
    pub lang: Lang,
    pub subject: String,
    pub text: String,
    /// An HTML fragment (already escaped by its template).
    pub html: String,
}

#[derive(Template)]
#[template(path = "mail/document.html")]
struct Document<'a> {
    lang: Lang,
    title: &'a str,
    sections: &'a [Section],
}

/// The languages a mail to a reader of `reader` is written in: theirs, then the host's when
/// the event has one, bilingual mail is on, and it differs.
pub fn languages(event: &Event, reader: Lang) -> Vec<Lang> {
    let host = Lang::parse(&event.host_locale).filter(|h| event.bilingual_mail && *h != reader);
    std::iter::once(reader).chain(host).collect()
}

/// The subject: each language's, in order, unless they are the same.
pub fn subject(sections: &[Section]) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for s in sections {
        if !parts.contains(&s.subject.as_str()) {
            parts.push(&s.subject);
        }
    }
    parts.join(" / ")
}

/// `Content-Language` of the text part: which languages it holds, the reader's first.
#[derive(Clone, Debug)]
struct ContentLanguage(String);

impl Header for ContentLanguage {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Language")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ContentLanguage(s.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// The text and HTML alternatives holding every section.
pub fn alternative(sections: &[Section]) -> Result<MultiPart, askama::Error> {
    let rule = "\n\n――――――――――――――――――――\n\n";
    let text = sections.iter().map(|s| s.text.trim_end()).collect::<Vec<_>>().join(rule) + "\n";
    let lang = sections.first().map_or(Lang::En, |s| s.lang);
    let title = subject(sections);
    let html = Document { lang, title: &title, sections }.render()?;
    let languages = sections.iter().map(|s| s.lang.html_lang()).collect::<Vec<_>>().join(", ");
    let plain =
        SinglePart::builder().header(ContentType::TEXT_PLAIN).header(ContentLanguage(languages.clone())).body(text);
    let rich = SinglePart::builder().header(ContentType::TEXT_HTML).header(ContentLanguage(languages)).body(html);
    Ok(MultiPart::alternative().singlepart(plain).singlepart(rich))
}
