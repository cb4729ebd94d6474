//! The door's rules: a plain function from what the database knows to the decision and the
//! rows to write. No queries here, so both databases decide alike and the rules read in one
//! place.

use chrono::NaiveDateTime;

use super::facts::{Facts, Found};
use super::record::{NewAdmission, NewScan, NewStay, Record};
use super::{Decision, Outcome, Reason, ScanRequest, StoredReason, is_clash};
use crate::db;
use crate::events::{Programme, Session};
use crate::registrations::Status;
use crate::vetting::{self, VettingStatus};

/// Decides one scan judged at `at` (now, or when an offline device made it).
pub(super) fn judge(
    p: &Programme,
    req: &ScanRequest,
    facts: Facts,
    at: NaiveDateTime,
    now: NaiveDateTime,
) -> (Decision, Record) {
    let session: Option<&Session> = req.session_id.as_deref().and_then(|id| p.sessions.iter().find(|s| s.id == id));
    let mut d = Decision {
        outcome: Outcome::Refused,
        reason: None,
        registration: None,
        badge_version: None,
        current_version: None,
        previous: None,
        admitted_count: facts.admitted,
        scan_id: db::new_id(),
        clash: false,
        has_photo: false,
        photo_changed_at: None,
    };
    let mut badge_id = None;
    let mut handed_over = false;
    let mut admission = None;
    let mut close_stay = None;
    let mut open_stay = None;
    let seats = facts.seats;
    // Who is it?
    let found: Option<Found> = match facts.found {
        Some(f) if req.manual => Some(f),
        Some(mut f) => match f.badge.take() {
            Some(badge) if badge.event_id == p.event.id => {
                d.badge_version = Some(badge.version);
                if badge.current {
                    d.current_version = Some(badge.version);
                } else {
                    d.current_version = f.current_version;
                    d.reason = Some(Reason::OldBadge { version: Some(badge.version), current: f.current_version });
                }
                badge_id = Some(badge.id);
                handed_over = badge.handed_over;
                Some(f)
            }
            _ => None,
        },
        None => None,
    };
    match &found {
        None => d.reason = Some(Reason::UnknownCode),
        Some(f) => {
            d.has_photo = f.has_photo;
            let recent = |t: &chrono::NaiveDateTime| at - *t <= chrono::Duration::days(super::PHOTO_NOTE_DAYS);
            d.photo_changed_at = f.photo_accepted_at.filter(recent);
        }
    }
    let registration_id = found.as_ref().map(|f| f.registration.id.clone());
    if let Some(f) = &found
        && d.reason.is_none()
    {
        let reg = &f.registration;
        if req.exit && session.is_some_and(|s| !s.exit_scanning) {
            d.reason = Some(Reason::ExitNotScanned);
        } else if req.exit {
            // Leaving: whoever the badge is, their stay here ends (exit doors judge no rules). A
            // late exit (an offline upload) ends only a stay that began before it.
            d.outcome = Outcome::Exited;
            close_stay =
                f.open_stay.as_ref().filter(|s| s.venue_id == req.venue_id && s.entered_at <= at).map(|s| s.id.clone());
        } else {
            // May they enter here, now?
            d.reason = match reg.status {
                Status::Approved => credential(p, req, f, handed_over),
                Status::Cancelled => Some(Reason::Cancelled),
                _ => Some(Reason::NotApproved),
            };
            if d.reason.is_none()
                && let Some(s) = session
            {
                d.reason = if s.venue_id != req.venue_id {
                    Some(Reason::SessionAtAnotherVenue)
                } else if !req.rehearsal
                    && (at < s.starts_at - chrono::Duration::minutes(i64::from(s.doors_open_minutes)) || at > s.ends_at)
                {
                    Some(Reason::OutsideSessionTime)
                } else if !p.admits(s, &reg.category_id) || (s.registered_only && !f.chose) {
                    Some(Reason::NotAllowedInSession)
                } else if !s.required_zone.is_empty() && !p.has_zone(reg, &s.required_zone) {
                    Some(Reason::ZoneRequired)
                } else {
                    None
                };
            }
        }
        // Inside this very place now (the venue, and the session if the door is one's).
        let here = f.open_stay.as_ref().is_some_and(|s| s.venue_id == req.venue_id && s.session_id == req.session_id);
        if d.reason.is_none() && !req.exit {
            d.previous = f.previous.clone();
            let quota = session.and_then(|s| s.delegation_quota).map(i64::from);
            if d.previous.is_some() && session.is_some_and(|s| s.single_entry) {
                d.outcome = Outcome::AlreadyAdmitted;
            } else if let (Some(quota), Some(seats), false) = (quota, &seats, here)
                && seats.inside >= quota
            {
                // The delegation's seats are all taken: one of them must leave first.
                d.previous = None;
                d.reason = Some(Reason::DelegationFull { inside: Some(seats.inside), quota: Some(quota as i32) });
            } else {
                d.outcome = Outcome::Admitted;
                if d.previous.is_none() {
                    d.admitted_count += 1;
                    admission = Some(NewAdmission {
                        id: db::new_id(),
                        scope: req.scope(),
                        registration_id: reg.id.clone(),
                        venue_id: req.venue_id.clone(),
                        session_id: req.session_id.clone(),
                        scan_id: d.scan_id.clone(),
                        admitted_at: at,
                        staff: req.staff.clone(),
                        device: req.device.clone(),
                    });
                }
                // Presence: entering a venue (or a session) ends the open stay anywhere else. A
                // late upload changes nothing when their presence has moved on since: it is in
                // the log, but it does not put them back.
                if !here && !f.moved_on {
                    close_stay = f.open_stay.as_ref().map(|s| s.id.clone());
                    open_stay = Some(NewStay {
                        id: db::new_id(),
                        registration_id: reg.id.clone(),
                        venue_id: req.venue_id.clone(),
                        entered_at: at,
                        session_id: req.session_id.clone(),
                        rehearsal: req.rehearsal,
                    });
                }
            }
        }
    }
    d.registration = found.map(|f| f.registration);
    d.clash = is_clash(req.offline_outcome, d.outcome);
    let scan = NewScan {
        id: d.scan_id.clone(),
        event_id: p.event.id.clone(),
        nonce: req.nonce.clone(),
        code: req.code_tag.clone(),
        badge_id,
        registration_id,
        venue_id: req.venue_id.clone(),
        session_id: req.session_id.clone(),
        outcome: d.outcome,
        reason: StoredReason(d.reason.clone()),
        manual: req.manual,
        staff: req.staff.clone(),
        device: req.device.clone(),
        scanned_at: now,
        device_at: req.device_at,
        offline_outcome: req.offline_outcome,
        direction: req.direction(),
        rehearsal: req.rehearsal,
    };
    (d, Record { scan, admission, close_stay, open_stay, at })
}

/// Whether the badge of an approved registration is a credential that works: cleared by
/// security where the event requires it (a refusal counts everywhere), and handed over where
/// the event requires that. A manual admission by reference needs no handed-over badge: staff
/// have the person in front of them.
fn credential(p: &Programme, req: &ScanRequest, f: &Found, handed_over: bool) -> Option<Reason> {
    let vetting = f.vetting.unwrap_or(VettingStatus::Pending);
    if vetting == VettingStatus::Refused {
        return Some(Reason::VettingRefused);
    }
    if !vetting::lets_in(p.event.vetting_required, vetting) {
        return Some(Reason::NotVetted);
    }
    if p.event.issue_required && !req.manual && !handed_over {
        return Some(Reason::NotIssued);
    }
    None
}

#[cfg(test)]
pub(super) mod fixtures;
#[cfg(test)]
mod rule_table;
#[cfg(test)]
mod tests;
