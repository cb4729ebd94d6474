//! What the doors see, in their language: a decision as JSON for the API and the scan page
//! (only what is needed to admit someone — never their email or phone), and the picture a
//! device decides from while offline. The domain (`checkin`) decides; this puts it into words.

use base64::Engine;
use chrono::NaiveDateTime;
use diesel::QueryResult;
use serde_json::{Value, json};

use crate::checkin::offline::{self, BadgeRecord};
use crate::checkin::{DOORS_OPEN_MINUTES, Decision, Outcome, Reason, reason_code};
use crate::db::DbConn;
use crate::events::Programme;
use crate::i18n::Lang;
use crate::registrations::Registration;

/// The decision as JSON, texts in `lang`, times in the event's zone.
pub fn decision_json(p: &Programme, lang: Lang, d: &Decision) -> Value {
    let e = &p.event;
    let registration = d.registration.as_ref().map(|r| registration_json(p, lang, r));
    let previous = d.previous.as_ref().map(|prev| {
        json!({
            "at": prev.at.and_utc().to_rfc3339(),
            "local_time": lang.time(e.local(prev.at)),
            "venue": p.venue(&prev.venue_id).map(|v| p.venue_name(lang, v)).unwrap_or_default(),
            "staff": prev.staff,
            "device": prev.device,
        })
    });
    let message = match d.outcome {
        Outcome::Admitted => lang.t("door-admit"),
        Outcome::AlreadyAdmitted => lang.t("door-already"),
        Outcome::Refused => lang.t("door-refused"),
        Outcome::Exited => lang.t("door-exited"),
    };
    let detail = match (d.outcome, &d.reason) {
        (Outcome::AlreadyAdmitted, _) => d
            .previous
            .as_ref()
            .map(|prev| {
                let venue = p.venue(&prev.venue_id).map(|v| p.venue_name(lang, v)).unwrap_or_default();
                lang.t_args("door-already-detail", &[("time", &lang.time(e.local(prev.at))), ("venue", &venue)])
            })
            .unwrap_or_default(),
        (_, Some(Reason::OldBadge { version, current })) => lang.t_args(
            "door-reason-old_badge",
            &[
                ("version", &version.unwrap_or(0).to_string()),
                ("current", &current.map_or_else(|| "–".to_owned(), |v| v.to_string())),
            ],
        ),
        (_, Some(Reason::DelegationFull { inside, quota })) => lang.t_args(
            "door-reason-delegation_full",
            &[("inside", &inside.unwrap_or(0).to_string()), ("quota", &quota.unwrap_or(0).to_string())],
        ),
        (_, None) => String::new(),
        (_, Some(reason)) => lang.t(&format!("door-reason-{}", reason.code())),
    };
    let seats = match &d.reason {
        Some(Reason::DelegationFull { inside, quota }) => json!({ "inside": inside, "quota": quota }),
        _ => Value::Null,
    };
    json!({
        "outcome": d.outcome.as_str(),
        "delegation_seats": seats,
        "rehearsal": p.event.rehearsal,
        // A note for the door, to be read and acknowledged (`…/scans/ack` with the scan's nonce).
        "door_note": d.registration.as_ref().map(|r| r.door_note.as_str()).filter(|n| !n.is_empty()),
        "reason": reason_code(d.reason.as_ref()),
        "message": message,
        "detail": detail,
        "registration": registration,
        "badge_version": d.badge_version,
        "current_version": d.current_version,
        "previous": previous,
        "admitted_count": d.admitted_count,
        "scan_id": d.scan_id,
        "clash": d.clash,
        "photo_note": d.photo_changed_at.map(|t| lang.t1("door-photo-changed", "when", &lang.datetime(e.local(t)))),
    })
}

/// Who the badge belongs to, as the door shows it.
pub fn registration_json(p: &Programme, lang: Lang, r: &Registration) -> Value {
    let category = p.categories.iter().find(|c| c.id == r.category_id);
    json!({
        "reference": r.reference,
        "name": r.display_name(),
        "native_name": r.native_name,
        "organization": r.organization,
        "country": r.country,
        "country_name": if r.country.is_empty() { String::new() } else { lang.country(&r.country) },
        "category": category.map(|c| p.category_name(lang, c)).unwrap_or_default(),
        "category_colour": category.map(|c| c.badge_colour.clone()).unwrap_or_default(),
        "status": r.status,
    })
}

/// One badge's record as a device reads it once its badge is scanned.
fn record_json(p: &Programme, lang: Lang, r: &BadgeRecord) -> Value {
    let mut who = registration_json(p, lang, &r.registration);
    who["id"] = json!(r.registration.id);
    who["category_id"] = json!(r.registration.category_id);
    let admitted: Vec<Value> = r
        .admitted
        .iter()
        .map(|a| json!({ "scope": a.scope.to_string(), "at": a.at.and_utc().to_rfc3339(), "venue_id": a.venue_id }))
        .collect();
    json!({
        "registration": who,
        "version": r.version,
        "current_version": r.current_version,
        "revoked": r.revoked,
        "issued": r.issued,
        "vetting": r.vetting,
        "photo": r.photo.as_ref().map(|jpeg| format!("data:image/jpeg;base64,{}", base64::engine::general_purpose::STANDARD.encode(jpeg))),
        "sessions": r.sessions,
        "admitted": admitted,
        "delegation": r.delegation,
        "door_note": r.registration.door_note,
        "inside_session": r.inside_session,
        "zones": p.zones_of(&r.registration).iter().map(|z| z.code.as_str()).collect::<Vec<_>>(),
    })
}

/// The device's whole picture of the event: programme, rules, texts in `lang`, and a sealed
/// record per badge (current and revoked). `venues` limits the sessions to a device's venues
/// (`None`: every venue); a device given no venue gets no sessions and no records.
pub fn snapshot(
    conn: &mut DbConn,
    p: &Programme,
    lang: Lang,
    venues: Option<&[String]>,
    now: NaiveDateTime,
    keys: &crate::secrets::Keys,
) -> QueryResult<Value> {
    let salt = p.event.id.as_str();
    let nowhere = venues.is_some_and(<[String]>::is_empty);
    let all = if nowhere { Vec::new() } else { offline::records(conn, keys, p)? };
    let records: Vec<Value> = all
        .iter()
        .map(|r| {
            let sealed = offline::seal(salt, &r.code, record_json(p, lang, r).to_string().as_bytes());
            json!({ "id": offline::record_id(salt, &r.code), "data": sealed })
        })
        .collect();
    let in_scope = |venue_id: &str| venues.is_none_or(|mine| mine.iter().any(|v| v == venue_id));
    // For sessions with delegation seats: how many of each delegation are inside as of now.
    let mut seats = std::collections::HashMap::new();
    for s in p.sessions.iter().filter(|s| s.delegation_quota.is_some() && in_scope(&s.venue_id)) {
        seats.insert(s.id.clone(), crate::checkin::seats::inside_by_delegation(conn, &s.id, p.event.rehearsal)?);
    }
    let sessions: Vec<Value> = p
        .sessions
        .iter()
        .filter(|s| in_scope(&s.venue_id))
        .map(|s| {
            json!({
                "id": s.id, "title": p.session_title(lang, s), "venue_id": s.venue_id,
                "starts_at": s.starts_at.and_utc().to_rfc3339(), "ends_at": s.ends_at.and_utc().to_rfc3339(),
                "single_entry": s.single_entry, "registered_only": s.registered_only,
                "doors_open_minutes": s.doors_open_minutes, "categories": p.allowed.get(&s.id),
                "exit_scanning": s.exit_scanning, "delegation_quota": s.delegation_quota,
                "delegations_inside": seats.get(&s.id), "required_zone": s.required_zone,
            })
        })
        .collect();
    let venues: Vec<Value> = p
        .venues
        .iter()
        .filter(|v| in_scope(&v.id))
        .map(|v| json!({ "id": v.id, "name": p.venue_name(lang, v) }))
        .collect();
    let reasons: serde_json::Map<String, Value> = Reason::PLAIN
        .iter()
        .map(|r| (r.code().to_owned(), json!(lang.t(&format!("door-reason-{}", r.code())))))
        .collect();
    Ok(json!({
        "generated_at": now.and_utc().to_rfc3339(),
        "event": { "id": p.event.id, "slug": p.event.slug, "name": p.event_name(lang), "time_zone": p.event.time_zone,
                   "vetting_required": p.event.vetting_required, "issue_required": p.event.issue_required,
                   "rehearsal": p.event.rehearsal },
        "salt": salt,
        "doors_open_minutes": DOORS_OPEN_MINUTES,
        "venues": venues,
        "sessions": sessions,
        "messages": {
            "admitted": lang.t("door-admit"),
            "already_admitted": lang.t("door-already"),
            "refused": lang.t("door-refused"),
            "exited": lang.t("door-exited"),
            "rehearsal": lang.t("door-rehearsal"),
            "note_title": lang.t("door-note-title"),
            "note_ack": lang.t("door-note-ack"),
            "note_acked": lang.t("door-note-acked"),
            // Placeholders the device fills in.
            "already_detail": lang.t_args("door-already-detail", &[("time", "{time}"), ("venue", "{venue}")]),
            "old_badge": lang.t_args("door-reason-old_badge", &[("version", "{version}"), ("current", "{current}")]),
            "delegation_full": lang.t_args("door-reason-delegation_full", &[("inside", "{inside}"), ("quota", "{quota}")]),
            "reasons": reasons,
        },
        "badges": records,
    }))
}
