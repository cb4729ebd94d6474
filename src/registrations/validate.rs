//! Parsing a registration once, at the edge: raw strings in, a `NewRegistration` or
//! field-by-field messages out. The form, CSV imports and the JSON API share these rules.

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use crate::common::{FieldError, Message};
use crate::events::{Programme, Session};
use crate::i18n::{self, Lang};
use crate::privacy::Basis;
use crate::registrations::precedence::{self, PrecedenceClass};

/// Raw input under the field names shared by the form, CSV files and the API.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct RegistrationForm {
    pub honorific: String,
    pub given_name: String,
    pub family_name: String,
    pub native_name: String,
    pub badge_name: String,
    pub email: String,
    pub phone: String,
    pub country: String,
    pub organization: String,
    pub position: String,
    pub category: String,
    pub sessions: Vec<String>,
    pub dietary: String,
    pub accessibility: String,
    pub locale: String,
    /// An invitation code, when registering under an invitation (not a registration field).
    pub invitation: String,
    /// The public form's consent checkbox: ticked ("on") to agree to the privacy notice.
    pub consent: String,
    /// Staff entries and imports: the lawful basis (`privacy::Basis`), `legitimate_interests`
    /// when empty.
    pub lawful_basis: String,
    /// Staff only: a head of mission's class (`precedence::PrecedenceClass`), empty for none.
    /// `null` reads as empty, so what the API answers can be sent back as it is.
    #[serde(deserialize_with = "null_as_empty")]
    pub precedence_class: String,
    /// Staff only: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]`, the event's local time.
    #[serde(deserialize_with = "null_as_empty")]
    pub credentials_presented_at: String,
}

fn null_as_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// Who is registering: the public may choose only self-service categories.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
    serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum Source {
    Web,
    Api,
    Import,
    Staff,
}

impl Source {
    /// Staff are registering (the desk, a CSV import, an API token, which only staff hold):
    /// they may choose any category, not only the self-service ones.
    pub fn is_staff(self) -> bool {
        !matches!(self, Source::Web)
    }

    /// The value stored in `registrations.source`.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Web => "web",
            Source::Api => "api",
            Source::Import => "import",
            Source::Staff => "staff",
        }
    }
}

crate::text_column!(Source);

impl crate::db::text::TextValue for Source {
    fn as_str(&self) -> &'static str {
        Source::as_str(*self)
    }

    fn parse(s: &str) -> Option<Source> {
        [Source::Web, Source::Api, Source::Import, Source::Staff].into_iter().find(|x| x.as_str() == s)
    }
}

/// A registration that passed every rule.
#[derive(Clone, Debug)]
pub struct NewRegistration {
    pub honorific: String,
    pub given_name: String,
    pub family_name: String,
    pub native_name: String,
    pub badge_name: String,
    pub email: String,
    pub phone: String,
    pub country: String,
    pub organization: String,
    pub position: String,
    pub category_id: String,
    pub session_ids: Vec<String>,
    pub dietary: String,
    pub accessibility: String,
    /// A code from `i18n::PREFERRED`.
    pub locale: String,
    /// Why the data may be held: the delegate's consent, or the basis staff recorded.
    pub basis: Basis,
    /// Set by staff entries; `None` from the public, whose edits keep what staff set.
    pub precedence: Option<Precedence>,
}

/// A head of mission's place in the order of precedence, as staff recorded it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Precedence {
    pub class: Option<PrecedenceClass>,
    pub credentials_presented_at: Option<chrono::NaiveDateTime>,
}

/// Collects errors while parsing fields in order.
struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    fn fail(&mut self, field: &'static str, message: Message) {
        // One message per field: the first problem is the one to fix.
        if !self.errors.iter().any(|e| e.field == field) {
            self.errors.push(FieldError { field, message });
        }
    }

    /// NFC-normalised, trimmed single-line text within `max` characters, without control
    /// characters or direction overrides (which would print a name reversed on a badge).
    fn text(&mut self, field: &'static str, raw: &str, max: usize, required: bool) -> String {
        self.checked(field, raw.trim().nfc().collect(), max, required, |c| c.is_control() || is_bidi_control(c))
    }

    /// Like `text`, but keeps line breaks and tabs (browsers send `\r\n` from a textarea).
    fn multiline(&mut self, field: &'static str, raw: &str, max: usize) -> String {
        let value: String = raw.replace("\r\n", "\n").trim().nfc().collect();
        self.checked(field, value, max, false, |c| (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c))
    }

    fn checked(
        &mut self,
        field: &'static str,
        value: String,
        max: usize,
        required: bool,
        bad: impl Fn(char) -> bool,
    ) -> String {
        if value.is_empty() {
            if required {
                self.fail(field, Message::new("error-required"));
            }
        } else if value.chars().count() > max {
            self.fail(field, Message::new("error-too-long").with("max", max.to_string()));
        } else if value.chars().any(bad) {
            self.fail(field, Message::new("error-control-chars"));
        }
        value
    }
}

/// Whether a one-line text holds what no one types in it: control characters (NUL among
/// them, which PostgreSQL refuses) or bidi overrides.
pub fn has_hidden_chars(text: &str) -> bool {
    text.chars().any(|c| c.is_control() || is_bidi_control(c))
}

/// Explicit embeddings, overrides and isolates (U+202A–202E, U+2066–2069). Joiners (ZWJ,
/// ZWNJ), which some scripts need inside names, are allowed.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    email.len() <= 254
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
        && email_address::EmailAddress::is_valid(email)
}

fn valid_phone(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let allowed = phone.char_indices().all(|(i, c)| c.is_ascii_digit() || " -().".contains(c) || (c == '+' && i == 0));
    allowed && (6..=20).contains(&digits)
}

/// Checks a registration against the event's rules; `ui_lang` is the default mail language.
pub fn validate(
    form: &RegistrationForm,
    programme: &Programme,
    ui_lang: Lang,
    source: Source,
) -> Result<NewRegistration, Vec<FieldError>> {
    let mut c = Checker { errors: Vec::new() };
    let honorific = c.text("honorific", &form.honorific, 40, false);
    let given_name = c.text("given_name", &form.given_name, 100, true);
    let family_name = c.text("family_name", &form.family_name, 100, false);
    let native_name = c.text("native_name", &form.native_name, 100, false);
    let badge_name = c.text("badge_name", &form.badge_name, 60, false);

    let email = c.text("email", &form.email, 254, true);
    if !email.is_empty() && !valid_email(&email) {
        c.fail("email", Message::new("error-email-invalid"));
    }
    let phone = c.text("phone", &form.phone, 32, false);
    if !phone.is_empty() && !valid_phone(&phone) {
        c.fail("phone", Message::new("error-phone-invalid"));
    }

    let country = form.country.trim().to_ascii_uppercase();
    if country.is_empty() {
        c.fail("country", Message::new("error-required"));
    } else if !i18n::is_country(&country) {
        c.fail("country", Message::new("error-country-unknown"));
    }

    let organization = c.text("organization", &form.organization, 200, false);
    let position = c.text("position", &form.position, 200, false);

    let category = if form.category.trim().is_empty() {
        c.fail("category", Message::new("error-required"));
        None
    } else {
        let found = programme.find_category(&form.category).filter(|cat| cat.self_register || source.is_staff());
        if found.is_none() {
            c.fail("category", Message::new("error-category-unknown"));
        }
        found
    };

    let mut chosen: Vec<&Session> = Vec::new();
    for key in form.sessions.iter().filter(|k| !k.trim().is_empty()) {
        match programme.find_session(key) {
            None => c.fail("sessions", Message::new("error-session-unknown")),
            Some(s) if chosen.iter().any(|x| x.id == s.id) => {}
            Some(s) => chosen.push(s),
        }
    }
    let title = |s: &Session| programme.session_title(ui_lang, s);
    for (i, s) in chosen.iter().enumerate() {
        if let Some(cat) = category
            && !programme.admits(s, &cat.id)
        {
            c.fail("sessions", Message::new("error-session-not-allowed").with("session", title(s)));
        }
        // Staff edits keep places already held; the transaction checks new ones.
        if s.places_left() == Some(0) && !matches!(source, Source::Staff) {
            c.fail("sessions", Message::new("error-session-full").with("session", title(s)));
        }
        if let Some(other) = chosen[..i].iter().find(|o| o.overlaps(s)) {
            c.fail(
                "sessions",
                Message::new("error-sessions-overlap").with("first", title(other)).with("second", title(s)),
            );
        }
    }

    let dietary = c.multiline("dietary", &form.dietary, 500);
    let accessibility = c.multiline("accessibility", &form.accessibility, 500);
    let locale = if form.locale.trim().is_empty() {
        ui_lang.code().to_owned()
    } else {
        i18n::preferred(&form.locale).map(str::to_owned).unwrap_or_else(|| {
            c.fail("locale", Message::new("error-locale-unknown"));
            String::new()
        })
    };

    let basis = lawful_basis(&mut c, form, source);
    let precedence = source.is_staff().then(|| Precedence {
        class: precedence::parse_class(&form.precedence_class).unwrap_or_else(|m| {
            c.fail("precedence_class", m);
            None
        }),
        credentials_presented_at: precedence::parse_credentials(&form.credentials_presented_at).unwrap_or_else(|m| {
            c.fail("credentials_presented_at", m);
            None
        }),
    });

    match category {
        Some(cat) if c.errors.is_empty() => Ok(NewRegistration {
            honorific,
            given_name,
            family_name,
            native_name,
            badge_name,
            email,
            phone,
            country,
            organization,
            position,
            category_id: cat.id.clone(),
            session_ids: chosen.iter().map(|s| s.id.clone()).collect(),
            dietary,
            accessibility,
            locale,
            basis,
            precedence,
        }),
        _ => Err(c.errors),
    }
}

/// The public gives its consent to the event's notice (an unticked box they must tick); staff
/// record the basis they hold the data on.
fn lawful_basis(c: &mut Checker, form: &RegistrationForm, source: Source) -> Basis {
    if !source.is_staff() {
        if !matches!(form.consent.trim().to_ascii_lowercase().as_str(), "on" | "yes" | "true" | "1") {
            c.fail("consent", Message::new("error-consent-required"));
        }
        return Basis::Consent;
    }
    if form.lawful_basis.trim().is_empty() {
        return Basis::LegitimateInterests;
    }
    Basis::parse(&form.lawful_basis).unwrap_or_else(|| {
        c.fail("lawful_basis", Message::new("error-lawful-basis"));
        Basis::LegitimateInterests
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_need_a_dotted_domain_and_no_spaces() {
        for ok in ["a@b.org", "h.alhusseini@jo-embassy.example", "名字@例子.中国"] {
            assert!(valid_email(ok), "{ok}");
        }
        for bad in ["", "a@b", "a b@c.org", "@c.org", "a@.org", "a@org.", "plainaddress"] {
            assert!(!valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn phones_are_digits_with_common_separators() {
        for ok in ["+86 10 6532 1234", "(010) 6532-1234", "+962.6.5920101"] {
            assert!(valid_phone(ok), "{ok}");
        }
        for bad in ["12345", "+86 10 abc", "86+10123456", "1".repeat(21).as_str()] {
            assert!(!valid_phone(bad), "{bad}");
        }
    }
}
