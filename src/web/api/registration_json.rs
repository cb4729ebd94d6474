//! A registration as the API returns it: the form's field names, its state, and its
//! credential (security's decision and the current badge's custody).

use diesel::QueryResult;
use serde::Serialize;

use super::ApiError;
use super::registrations::rfc3339;
use crate::badges::custody::{self, BadgeState, Custody};
use crate::db::DbConn;
use crate::events::Programme;
use crate::ids::RegistrationId;
use crate::registrations::{self, Registration, Source};
use crate::vetting::{self, Vetting, VettingStatus};
use crate::web::AppState;

#[derive(Serialize)]
struct SessionRef {
    id: String,
    title: String,
}

/// A registration as the API returns it: the form's field names, plus its state.
#[derive(Serialize)]
pub struct RegistrationJson {
    id: RegistrationId,
    reference: String,
    status: registrations::Status,
    status_reason: String,
    honorific: String,
    given_name: String,
    family_name: String,
    native_name: String,
    badge_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<String>,
    country: String,
    organization: String,
    position: String,
    /// A head of mission's class, or null.
    precedence_class: Option<registrations::precedence::PrecedenceClass>,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]`, the event's local time, or null.
    credentials_presented_at: Option<String>,
    category: String,
    sessions: Vec<SessionRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dietary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    accessibility: Option<String>,
    locale: String,
    source: Source,
    created_at: String,
    updated_at: String,
    vetting: VettingJson,
    /// The current badge, once one was issued.
    badge: Option<BadgeJson>,
    /// Characters of the printed fields no badge font has (they would print as empty boxes);
    /// empty when the badge prints every one.
    unprintable: String,
    /// The zones its badge carries (its category's and its own), by code.
    zones: Vec<String>,
    /// The zones given to this registration itself.
    own_zones: Vec<String>,
}

/// Where a registration stands with security: `{status, at, by}` (the note stays with security).
#[derive(Serialize)]
pub(super) struct VettingJson {
    status: VettingStatus,
    at: Option<String>,
    by: Option<String>,
}

/// The current badge: its version, its state (not printed, printed, issued), and its custody.
#[derive(Serialize)]
struct BadgeJson {
    version: i32,
    state: BadgeState,
    printed_at: Option<String>,
    issued_at: Option<String>,
    collected_by: Option<String>,
    on_behalf: Option<bool>,
}

/// What the credential of a registration is: security's decision and the current badge.
#[derive(Default)]
pub(super) struct Credentials {
    pub vetting: Option<Vetting>,
    pub custody: Option<Custody>,
}

impl Credentials {
    /// The credentials of one registration.
    pub fn of(conn: &mut DbConn, id: &RegistrationId) -> QueryResult<Credentials> {
        let vetting = vetting::of(conn, id)?;
        let custody = custody::history(conn, id)?.into_iter().find(|c| c.badge.is_current());
        Ok(Credentials { vetting, custody })
    }
}

pub(super) fn vetting_json(v: Option<&Vetting>) -> VettingJson {
    VettingJson {
        status: vetting::status_of(v),
        at: v.map(|v| rfc3339(v.vetted_at)),
        by: v.map(|v| v.vetted_by.clone()),
    }
}

fn badge_json(c: &Custody) -> BadgeJson {
    let handover = c.handover.as_ref();
    BadgeJson {
        version: c.badge.version,
        state: c.state,
        printed_at: c.badge.last_printed_at.map(rfc3339),
        issued_at: handover.map(|h| rfc3339(h.handed_over_at)),
        collected_by: handover.map(|h| h.collected_by.clone()),
        on_behalf: handover.map(|h| h.on_behalf),
    }
}

impl RegistrationJson {
    /// Without contact details, dietary and accessibility notes: what a token that cannot
    /// manage registrations (a printer's) is shown.
    pub(super) fn for_caller(self, caller: &super::Caller) -> RegistrationJson {
        if caller.token.role.can(crate::staff::Permission::ManageRegistrations) {
            return self;
        }
        RegistrationJson { email: None, phone: None, dietary: None, accessibility: None, ..self }
    }
}

pub(super) fn json_of(p: &Programme, r: Registration, chosen: &[String], creds: &Credentials) -> RegistrationJson {
    RegistrationJson {
        vetting: vetting_json(creds.vetting.as_ref()),
        badge: creds.custody.as_ref().map(badge_json),
        category: p.categories.iter().find(|c| c.id == r.category_id).map(|c| c.name.clone()).unwrap_or_default(),
        sessions: p
            .sessions
            .iter()
            .filter(|s| chosen.contains(&s.id))
            .map(|s| SessionRef { id: s.id.clone(), title: s.title.clone() })
            .collect(),
        created_at: rfc3339(r.created_at),
        updated_at: rfc3339(r.updated_at),
        unprintable: r.unprintable(),
        zones: p.zones_of(&r).iter().map(|z| z.code.clone()).collect(),
        own_zones: crate::events::zones::own(&r).into_iter().map(str::to_owned).collect(),
        id: r.id,
        reference: r.reference,
        status: r.status,
        status_reason: r.status_reason,
        honorific: r.honorific,
        given_name: r.given_name,
        family_name: r.family_name,
        native_name: r.native_name,
        badge_name: r.badge_name,
        email: Some(r.email),
        phone: Some(r.phone),
        country: r.country,
        organization: r.organization,
        position: r.position,
        precedence_class: r.precedence_class,
        credentials_presented_at: r.credentials_presented_at.map(registrations::precedence::format_credentials),
        dietary: Some(r.dietary),
        accessibility: Some(r.accessibility),
        locale: r.locale,
        source: r.source,
    }
}

/// A registration as the API answers it, its credential read now.
pub(super) async fn shown(
    state: &AppState,
    p: &Programme,
    r: Registration,
    chosen: &[String],
) -> Result<RegistrationJson, ApiError> {
    let id = r.id.clone();
    let creds = state.db(move |conn| Ok(Credentials::of(conn, &id)?)).await?;
    Ok(json_of(p, r, chosen, &creds))
}
