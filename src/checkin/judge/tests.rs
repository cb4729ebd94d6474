//! The rules one at a time, with what a decision writes. The table in `tests/door_rules.json`
//! (see `rule_table`) covers every rule and its edges on both implementations; these cover
//! what only the server does: manual admissions, counts, presence, clashes and the scan row.

use super::fixtures::{ANNEX, EVENT, HALL, SESSION, badge, found, judge, programme, registration, request, session};
use crate::checkin::facts::OpenStay;
use crate::checkin::{Direction, Outcome, Previous, Reason, Scope, StoredReason};

const NOON: &str = "2026-12-24T12:00:00Z";

fn whole_hall() -> crate::events::Programme {
    programme(None, None)
}

fn stay_at(venue: &str, entered: &str) -> OpenStay {
    OpenStay {
        id: format!("stay-{venue}"),
        venue_id: venue.into(),
        entered_at: super::fixtures::at(entered),
        session_id: None,
    }
}

#[test]
fn an_old_badge_is_refused_with_both_versions() {
    let mut f = found();
    f.badge = Some(badge(1, false));
    f.current_version = Some(2);
    let (d, record) = judge(&whole_hall(), &request(HALL, None), Some(f), NOON);
    assert_eq!(d.outcome, Outcome::Refused);
    assert_eq!(d.reason, Some(Reason::OldBadge { version: Some(1), current: Some(2) }));
    assert_eq!((d.badge_version, d.current_version), (Some(1), Some(2)));
    assert!(d.registration.is_some(), "the door shows whose badge it was");
    assert_eq!(record.scan.badge_id.as_deref(), Some("badge-1"));
    assert!(record.admission.is_none() && record.open_stay.is_none());
}

#[test]
fn an_unknown_code_is_refused_and_the_door_shows_only_the_count() {
    let (d, record) = judge(&whole_hall(), &request(HALL, None), None, NOON);
    assert_eq!((d.outcome, d.reason), (Outcome::Refused, Some(Reason::UnknownCode)));
    assert!(d.registration.is_none());
    assert_eq!(d.admitted_count, 4);
    assert_eq!(record.scan.registration_id, None);
    assert_eq!(record.scan.code, "tag-ABCDEF", "the log keeps a tag of the code, never the code");
}

#[test]
fn a_badge_of_another_event_is_an_unknown_code() {
    let mut f = found();
    f.badge = Some(crate::checkin::facts::ScannedBadge { event_id: "event-2".into(), ..badge(1, true) });
    let (d, record) = judge(&whole_hall(), &request(HALL, None), Some(f), NOON);
    assert_eq!(d.reason, Some(Reason::UnknownCode));
    assert!(d.registration.is_none() && record.scan.registration_id.is_none());
    assert_ne!(EVENT, "event-2");
}

#[test]
fn a_manual_admission_needs_no_badge() {
    let mut f = found();
    f.badge = None;
    let mut req = request(HALL, None);
    req.manual = true;
    let (d, record) = judge(&whole_hall(), &req, Some(f), NOON);
    assert_eq!((d.outcome, d.reason), (Outcome::Admitted, None));
    assert!(record.scan.manual && record.scan.badge_id.is_none());
}

#[test]
fn a_manual_admission_does_not_look_at_the_badge() {
    let mut f = found();
    f.badge = Some(badge(1, false));
    let mut req = request(HALL, None);
    req.manual = true;
    let (d, _) = judge(&whole_hall(), &req, Some(f), NOON);
    assert_eq!(d.outcome, Outcome::Admitted, "staff found the delegate by reference");
}

#[test]
fn a_first_admission_is_recorded_in_its_scope_and_counted() {
    let p = programme(Some(session(HALL, "2026-12-24T11:00:00Z", "2026-12-24T13:00:00Z")), None);
    let (d, record) = judge(&p, &request(HALL, Some(SESSION)), Some(found()), NOON);
    assert_eq!((d.outcome, d.admitted_count), (Outcome::Admitted, 5));
    let admission = record.admission.unwrap();
    assert_eq!(admission.scope, Scope::Session(SESSION.into()));
    assert_eq!((admission.scan_id, admission.admitted_at), (d.scan_id, super::fixtures::at(NOON)));
}

#[test]
fn a_whole_venue_admission_counts_for_the_venue() {
    let (_, record) = judge(&whole_hall(), &request(HALL, None), Some(found()), NOON);
    assert_eq!(record.admission.unwrap().scope, Scope::Venue(HALL.into()));
}

#[test]
fn coming_back_to_a_venue_is_admitted_without_a_second_admission() {
    let mut f = found();
    f.previous = Some(Previous {
        at: super::fixtures::at("2026-12-24T09:00:00Z"),
        venue_id: HALL.into(),
        staff: "Door 2".into(),
        device: "tablet".into(),
    });
    let (d, record) = judge(&whole_hall(), &request(HALL, None), Some(f), NOON);
    assert_eq!((d.outcome, d.admitted_count), (Outcome::Admitted, 4));
    assert!(record.admission.is_none());
    assert_eq!(d.previous.map(|p| p.staff).as_deref(), Some("Door 2"), "the door says who admitted them first");
}

#[test]
fn entering_a_venue_ends_the_stay_at_another() {
    let mut f = found();
    f.open_stay = Some(stay_at(ANNEX, "2026-12-24T10:00:00Z"));
    let (_, record) = judge(&whole_hall(), &request(HALL, None), Some(f), NOON);
    assert_eq!(record.close_stay.as_deref(), Some("stay-annex"));
    let opened = record.open_stay.unwrap();
    assert_eq!((opened.venue_id.as_str(), opened.entered_at), (HALL, super::fixtures::at(NOON)));
}

#[test]
fn entering_the_venue_one_is_in_keeps_the_stay() {
    let mut f = found();
    f.open_stay = Some(stay_at(HALL, "2026-12-24T10:00:00Z"));
    let (_, record) = judge(&whole_hall(), &request(HALL, None), Some(f), NOON);
    assert!(record.close_stay.is_none() && record.open_stay.is_none());
}

#[test]
fn entering_a_session_of_the_venue_one_is_in_moves_the_stay_into_it() {
    let p = programme(Some(session(HALL, "2026-12-24T11:00:00Z", "2026-12-24T13:00:00Z")), None);
    let mut f = found();
    f.open_stay = Some(stay_at(HALL, "2026-12-24T10:00:00Z"));
    let (_, record) = judge(&p, &request(HALL, Some(SESSION)), Some(f), NOON);
    assert_eq!(record.close_stay.as_deref(), Some("stay-hall"), "out of the venue's lobby");
    let opened = record.open_stay.unwrap();
    assert_eq!(opened.session_id.as_deref(), Some(SESSION), "into the session");
    // Scanned again at the same session's door: they are already there.
    let mut again = found();
    again.open_stay = Some(OpenStay { session_id: Some(SESSION.into()), ..stay_at(HALL, NOON) });
    let (_, record) = judge(&p, &request(HALL, Some(SESSION)), Some(again), NOON);
    assert!(record.close_stay.is_none() && record.open_stay.is_none());
}

#[test]
fn a_late_upload_does_not_move_someone_back() {
    let mut f = found();
    f.open_stay = Some(stay_at(ANNEX, "2026-12-24T13:00:00Z"));
    f.moved_on = true;
    let (d, record) = judge(&whole_hall(), &request(HALL, None), Some(f), NOON);
    assert_eq!(d.outcome, Outcome::Admitted, "it is in the log");
    assert!(record.close_stay.is_none() && record.open_stay.is_none(), "but presence has moved on");
}

#[test]
fn an_exit_ends_the_stay_at_its_own_venue_only() {
    let mut req = request(HALL, None);
    req.exit = true;
    let mut here = found();
    here.open_stay = Some(stay_at(HALL, "2026-12-24T10:00:00Z"));
    let (d, record) = judge(&whole_hall(), &req, Some(here), NOON);
    assert_eq!((d.outcome, record.close_stay.as_deref()), (Outcome::Exited, Some("stay-hall")));
    let mut elsewhere = found();
    elsewhere.open_stay = Some(stay_at(ANNEX, "2026-12-24T10:00:00Z"));
    let (_, record) = judge(&whole_hall(), &req, Some(elsewhere), NOON);
    assert!(record.close_stay.is_none() && record.open_stay.is_none() && record.admission.is_none());
}

#[test]
fn a_late_exit_ends_only_a_stay_that_began_before_it() {
    let mut req = request(HALL, None);
    req.exit = true;
    let mut f = found();
    f.open_stay = Some(stay_at(HALL, "2026-12-24T12:30:00Z"));
    let (_, record) = judge(&whole_hall(), &req, Some(f), NOON);
    assert!(record.close_stay.is_none());
}

#[test]
fn an_offline_admission_the_server_refuses_is_a_clash() {
    let mut req = request(HALL, None);
    req.offline_outcome = Some(Outcome::Admitted);
    let (d, record) = judge(&whole_hall(), &req, Some(registration_cancelled()), NOON);
    assert_eq!((d.outcome, d.reason.clone(), d.clash), (Outcome::Refused, Some(Reason::Cancelled), true));
    assert_eq!(record.scan.offline_outcome, Some(Outcome::Admitted));
    let (d, _) = judge(&whole_hall(), &req, Some(found()), NOON);
    assert!(!d.clash, "both let them in");
}

fn registration_cancelled() -> crate::checkin::facts::Found {
    let mut f = found();
    f.registration = registration("cancelled", "delegate");
    f
}

#[test]
fn the_scan_row_says_what_was_decided() {
    let (d, record) = judge(&whole_hall(), &request(HALL, None), Some(registration_cancelled()), NOON);
    let s = record.scan;
    assert_eq!((s.outcome, s.reason, s.direction), (Outcome::Refused, StoredReason(d.reason), Direction::In));
    assert_eq!((s.id, s.event_id.as_str(), s.nonce.as_str()), (d.scan_id, EVENT, "device-1:nonce-1"));
    assert_eq!((s.scanned_at, s.device_at, s.offline_outcome), (super::fixtures::at(NOON), None, None));
}

#[test]
fn an_exit_scan_is_stored_as_going_out() {
    let mut req = request(HALL, None);
    req.exit = true;
    let (d, record) = judge(&whole_hall(), &req, Some(found()), NOON);
    assert_eq!(
        (d.outcome, record.scan.direction, record.scan.reason),
        (Outcome::Exited, Direction::Out, StoredReason(None))
    );
}
