//! A decision as the door sees it (JSON for the API and the scan page): only what is needed to
//! admit someone — never their email or phone.

use serde_json::{Value, json};

use super::{Decision, Outcome};
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
    let detail = match (d.outcome, d.reason.as_str()) {
        (Outcome::AlreadyAdmitted, _) => d
            .previous
            .as_ref()
            .map(|prev| {
                let venue = p.venue(&prev.venue_id).map(|v| p.venue_name(lang, v)).unwrap_or_default();
                lang.t_args("door-already-detail", &[("time", &lang.time(e.local(prev.at))), ("venue", &venue)])
            })
            .unwrap_or_default(),
        (_, super::reason::OLD_BADGE) => lang.t_args(
            "door-reason-old_badge",
            &[
                ("version", &d.badge_version.unwrap_or(0).to_string()),
                ("current", &d.current_version.map_or_else(|| "–".to_owned(), |v| v.to_string())),
            ],
        ),
        (_, "") => String::new(),
        (_, code) => lang.t(&format!("door-reason-{code}")),
    };
    json!({
        "outcome": d.outcome.as_str(),
        "reason": d.reason,
        "message": message,
        "detail": detail,
        "registration": registration,
        "badge_version": d.badge_version,
        "current_version": d.current_version,
        "previous": previous,
        "admitted_count": d.admitted_count,
        "scan_id": d.scan_id,
        "clash": d.clash,
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
