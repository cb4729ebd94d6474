//! A person's right of access: everything Lanyard holds about one registration, as one JSON
//! document (the registration, its basis, sessions, vetting, badges and prints, photo, scans,
//! mails and the audit entries about it).

use base64::Engine;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{Value, json};

use crate::db::DbConn;
use crate::db::schema::{
    audit_log, badge_prints, badges, outbox, photo_proposals, photos, registration_sessions, scans, vettings,
};
use crate::registrations::Registration;

fn at(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The document for `r` (already found in its event, not erased).
pub fn export(conn: &mut DbConn, slug: &str, r: &Registration) -> QueryResult<Value> {
    let id = &r.id;
    let sessions: Vec<String> = registration_sessions::table
        .filter(registration_sessions::registration_id.eq(id))
        .select(registration_sessions::session_id)
        .load(conn)?;
    let basis = super::consent_of(conn, id)?.map(
        |c| json!({ "basis": c.basis, "notice_version": c.notice_version, "consented_at": c.consented_at.map(at) }),
    );
    let vetting: Option<(String, String, NaiveDateTime, String)> = vettings::table
        .find(id)
        .select((vettings::status, vettings::note, vettings::vetted_at, vettings::vetted_by))
        .first(conn)
        .optional()?;
    let badge_rows: Vec<(String, i32, String, NaiveDateTime, Option<NaiveDateTime>)> = badges::table
        .filter(badges::registration_id.eq(id))
        .order(badges::version.asc())
        .select((badges::id, badges::version, badges::status, badges::issued_at, badges::revoked_at))
        .load(conn)?;
    let mut badge_list = Vec::new();
    for (badge_id, version, status, issued_at, revoked_at) in badge_rows {
        let prints: Vec<(NaiveDateTime, String, String)> = badge_prints::table
            .filter(badge_prints::badge_id.eq(&badge_id))
            .order(badge_prints::printed_at.asc())
            .select((badge_prints::printed_at, badge_prints::printed_by, badge_prints::channel))
            .load(conn)?;
        badge_list.push(json!({
            "version": version, "status": status, "issued_at": at(issued_at), "revoked_at": revoked_at.map(at),
            "prints": prints.into_iter().map(|(t, by, channel)| json!({ "at": at(t), "by": by, "channel": channel })).collect::<Vec<_>>(),
        }));
    }
    let b64 = base64::engine::general_purpose::STANDARD;
    let photo: Option<(Vec<u8>, NaiveDateTime)> =
        photos::table.find(id).select((photos::jpeg, photos::updated_at)).first(conn).optional()?;
    let proposal: Option<(Vec<u8>, NaiveDateTime)> = photo_proposals::table
        .find(id)
        .select((photo_proposals::jpeg, photo_proposals::uploaded_at))
        .first(conn)
        .optional()?;
    let scan_rows: Vec<(NaiveDateTime, String, Option<String>, String, String, String)> = scans::table
        .filter(scans::registration_id.eq(id))
        .order(scans::scanned_at.asc())
        .select((
            scans::scanned_at,
            scans::venue_id,
            scans::session_id,
            scans::outcome,
            scans::reason,
            scans::direction,
        ))
        .load(conn)?;
    let mails: Vec<(String, String, String, NaiveDateTime, Option<NaiveDateTime>)> = outbox::table
        .filter(outbox::registration_id.eq(id))
        .order(outbox::created_at.asc())
        .select((outbox::kind, outbox::recipient, outbox::status, outbox::created_at, outbox::sent_at))
        .load(conn)?;
    let audit: Vec<(NaiveDateTime, String, String)> = audit_log::table
        .filter(audit_log::entity_id.eq(id.as_str()))
        .order(audit_log::at.asc())
        .select((audit_log::at, audit_log::actor, audit_log::action))
        .load(conn)?;
    Ok(json!({
        "event": slug,
        "reference": r.reference,
        "registration": {
            "honorific": r.honorific, "given_name": r.given_name, "family_name": r.family_name,
            "native_name": r.native_name, "badge_name": r.badge_name, "email": r.email, "phone": r.phone,
            "country": r.country, "organization": r.organization, "position": r.position,
            "category": r.category_id, "dietary": r.dietary, "accessibility": r.accessibility,
            "precedence_class": r.precedence_class,
            "credentials_presented_at": r.credentials_presented_at.map(crate::registrations::precedence::format_credentials),
            "door_note": r.door_note,
            "locale": r.locale, "status": r.status, "status_reason": r.status_reason, "source": r.source,
            "created_at": at(r.created_at), "updated_at": at(r.updated_at),
        },
        "lawful_basis": basis,
        "sessions": sessions,
        "vetting": vetting.map(|(status, note, t, by)| json!({ "status": status, "note": note, "at": at(t), "by": by })),
        "badges": badge_list,
        "photo": photo.map(|(jpeg, t)| json!({ "jpeg_base64": b64.encode(jpeg), "updated_at": at(t) })),
        "photo_waiting": proposal.map(|(jpeg, t)| json!({ "jpeg_base64": b64.encode(jpeg), "uploaded_at": at(t) })),
        "scans": scan_rows.into_iter().map(|(t, venue, session, outcome, reason, direction)| json!({
            "at": at(t), "venue": venue, "session": session, "outcome": outcome, "reason": reason, "direction": direction,
        })).collect::<Vec<_>>(),
        "mails": mails.into_iter().map(|(kind, to, status, created, sent)| json!({
            "kind": kind, "to": to, "status": status, "created_at": at(created), "sent_at": sent.map(at),
        })).collect::<Vec<_>>(),
        "history": audit.into_iter().map(|(t, actor, action)| json!({ "at": at(t), "by": actor, "action": action })).collect::<Vec<_>>(),
    }))
}
