//! The order of precedence (Vienna Convention, arts. 14 and 16). Heads of mission rank by
//! class, then by when they presented their credentials, earliest first; chargés d'affaires
//! *ad interim* come last among them. Everyone else follows by delegation and name. An
//! organiser's manual rank (`registrations.precedence`) comes before all of it.
//!
//! One SQL order serves every list that sorts by precedence (staff list, API, batch printing,
//! door list, not yet arrived), so they cannot disagree.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{Asc, IsNull};
use diesel::expression::SqlLiteral;
use diesel::prelude::*;
use diesel::sql_types::Integer;

use crate::common::Message;
use crate::db::schema::registrations;

/// A head of mission's class, in rank order.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
    serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum PrecedenceClass {
    /// Ambassadors, nuncios and high commissioners.
    Ambassador,
    Envoy,
    ChargeDAffaires,
    ChargeDAffairesAi,
}

impl PrecedenceClass {
    pub const ALL: [PrecedenceClass; 4] = [
        PrecedenceClass::Ambassador,
        PrecedenceClass::Envoy,
        PrecedenceClass::ChargeDAffaires,
        PrecedenceClass::ChargeDAffairesAi,
    ];

    /// The name in forms, CSV files, the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            PrecedenceClass::Ambassador => "ambassador",
            PrecedenceClass::Envoy => "envoy",
            PrecedenceClass::ChargeDAffaires => "charge_d_affaires",
            PrecedenceClass::ChargeDAffairesAi => "charge_d_affaires_ai",
        }
    }
}

crate::text_column!(PrecedenceClass);

impl crate::db::text::TextValue for PrecedenceClass {
    fn as_str(&self) -> &'static str {
        PrecedenceClass::as_str(*self)
    }

    fn parse(s: &str) -> Option<PrecedenceClass> {
        PrecedenceClass::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A class as typed: empty is none; anything else must be one of the four names.
pub fn parse_class(raw: &str) -> Result<Option<PrecedenceClass>, Message> {
    let text = raw.trim().to_ascii_lowercase();
    if text.is_empty() {
        return Ok(None);
    }
    <PrecedenceClass as crate::db::text::TextValue>::parse(&text)
        .map(Some)
        .ok_or_else(|| Message::new("error-precedence-class-unknown"))
}

/// When credentials were presented, in the event's local time: `YYYY-MM-DD`, or
/// `YYYY-MM-DDTHH:MM[:SS]` (a space instead of the `T` too). A date alone is midnight.
pub fn parse_credentials(raw: &str) -> Result<Option<NaiveDateTime>, Message> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let text = text.replacen(' ', "T", 1);
    let parsed = NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .or_else(|| NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M:%S").ok())
        .or_else(|| NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M").ok());
    parsed.map(Some).ok_or_else(|| Message::new("error-credentials-date-invalid"))
}

/// The text form of a presentation time, as `parse_credentials` reads it back: the date
/// alone at midnight, else date and time (seconds only when there are some).
pub fn format_credentials(at: NaiveDateTime) -> String {
    match at.format("%H:%M:%S").to_string().as_str() {
        "00:00:00" => at.format("%Y-%m-%d").to_string(),
        t if t.ends_with(":00") => at.format("%Y-%m-%dT%H:%M").to_string(),
        _ => at.format("%Y-%m-%dT%H:%M:%S").to_string(),
    }
}

/// The columns of the order of precedence, for `.order(order())`.
pub type Order = (
    Asc<IsNull<registrations::precedence>>,
    Asc<registrations::precedence>,
    Asc<SqlLiteral<Integer>>,
    Asc<IsNull<registrations::credentials_presented_at>>,
    Asc<registrations::credentials_presented_at>,
    Asc<registrations::country>,
    Asc<registrations::family_name>,
    Asc<registrations::given_name>,
    Asc<registrations::id>,
);

/// Manual ranks first; then heads of mission by class and date of credentials; then
/// everyone else by delegation (country) and name.
pub fn order() -> Order {
    // A constant expression over the class names above; no input reaches it.
    let class = diesel::dsl::sql::<Integer>(
        "CASE registrations.precedence_class WHEN 'ambassador' THEN 1 WHEN 'envoy' THEN 2 \
         WHEN 'charge_d_affaires' THEN 3 WHEN 'charge_d_affaires_ai' THEN 4 ELSE 5 END",
    );
    (
        registrations::precedence.is_null().asc(),
        registrations::precedence.asc(),
        class.asc(),
        registrations::credentials_presented_at.is_null().asc(),
        registrations::credentials_presented_at.asc(),
        registrations::country.asc(),
        registrations::family_name.asc(),
        registrations::given_name.asc(),
        registrations::id.asc(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_and_dates_are_read_as_typed_and_written_back_the_same() {
        assert_eq!(parse_class(" Charge_d_Affaires_AI "), Ok(Some(PrecedenceClass::ChargeDAffairesAi)));
        assert_eq!(parse_class(""), Ok(None));
        assert!(parse_class("consul").is_err());
        assert!(PrecedenceClass::Ambassador < PrecedenceClass::ChargeDAffairesAi);
        for text in ["2019-03-04", "2019-03-04T10:30", "2019-03-04T10:30:15"] {
            let at = parse_credentials(text).unwrap().unwrap();
            assert_eq!(format_credentials(at), text);
        }
        assert_eq!(parse_credentials("2019-03-04 10:30"), parse_credentials("2019-03-04T10:30"));
        for bad in ["04/03/2019", "2019-02-30", "2019-03-04T25:00", "yesterday"] {
            assert!(parse_credentials(bad).is_err(), "{bad}");
        }
    }
}
