//! Unit tests of invitations.

use super::*;

#[test]
fn an_invitation_needs_an_organization_a_contact_and_a_sensible_quota() {
    let ok = InvitationForm {
        organization: "Embassy of Romania".into(),
        country: "ro".into(),
        contact_email: "protocol@ro-embassy.example".into(),
        quota: "3".into(),
        ..Default::default()
    };
    let v = validate(&ok).unwrap();
    assert_eq!(
        (v.organization.as_str(), v.country.as_str(), v.locale.as_str(), v.quota),
        ("Embassy of Romania", "RO", "en", 3)
    );
    let bad = InvitationForm { quota: "0".into(), contact_email: "x".into(), ..Default::default() };
    let fields: Vec<&str> = validate(&bad).unwrap_err().iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, ["organization", "contact_email", "quota"]);
    assert_eq!(new_code().len(), 20);
}
