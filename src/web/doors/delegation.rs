//! Admitting a whole delegation in one action: a liaison officer at the door names the
//! delegation, and each approved member is admitted as a manual admission by reference, with
//! who did it, through the same rules as any scan (a delegation's seats still count).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};

use super::api::{place, problem};
use super::station::{ResultView, StationQuery};
use super::view as door_view;
use crate::checkin::{Decision, Outcome, ScanRequest, seats};
use crate::events::Programme;
use crate::i18n::Lang;
use crate::registrations::Registration;
use crate::web::api::registrations::parse_json;
use crate::web::api::{Api, ApiError};
use crate::web::context::Ctx;
use crate::web::extract::{CsrfForm, Require, Scan};
use crate::web::{AppError, AppState};

/// Where and by whom: everything of a manual admission but the person.
struct Door {
    venue_id: String,
    session_id: Option<String>,
    nonce: String,
    staff: String,
    device: String,
}

/// Admits each approved member of `delegation`, in the order of precedence; answers each with
/// their decision.
async fn admit_all(
    state: &AppState,
    p: &std::sync::Arc<Programme>,
    delegation: &str,
    door: &Door,
) -> Result<Vec<(Registration, Decision)>, AppError> {
    let (event_id, key) = (p.event.id.clone(), delegation.to_owned());
    let members = state.db(move |conn| Ok(seats::members(conn, &event_id, &key)?)).await?;
    let mut out = Vec::with_capacity(members.len());
    for r in members {
        let req = ScanRequest {
            code: r.reference.clone(),
            code_tag: state.keys.tag(&r.reference),
            code_hash: state.keys.lookup(&r.reference),
            venue_id: door.venue_id.clone(),
            session_id: door.session_id.clone(),
            // One nonce per member: the whole action sent again admits nobody twice.
            nonce: format!("{}:{}", door.nonce, r.reference),
            device_at: None,
            staff: door.staff.clone(),
            device: door.device.clone(),
            manual: true,
            exit: false,
            offline_outcome: None,
            rehearsal: p.event.rehearsal,
        };
        let d = state.decide_scan(p.clone(), req, state.now()).await?;
        out.push((r, d));
    }
    Ok(out)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DelegationBody {
    /// The delegation: a country code (the invitation's, else the registration's).
    delegation: String,
    session: Option<String>,
    venue: Option<String>,
    /// Chosen by the client; the same action sent again sends the same one.
    nonce: String,
}

/// `POST /api/v1/events/{slug}/scans/delegation`: admits every approved member of a delegation
/// (staff tokens only: a paired device may not read the delegate list).
pub async fn admit_api(
    state: web::Data<AppState>,
    caller: Api<Scan>,
    slug: web::Path<String>,
    body: crate::web::api::Body,
) -> Result<HttpResponse, ApiError> {
    let b: DelegationBody = parse_json(&body)?;
    if caller.token.event_id.is_some() {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", caller.lang.t("api-device-scope")));
    }
    let p = state.programme(&slug).await?;
    if b.delegation.trim().is_empty() || b.delegation.len() > 20 {
        return Err(problem("delegation", "A delegation (its country code) is required."));
    }
    if b.nonce.trim().is_empty() || b.nonce.len() > 60 {
        return Err(problem("nonce", "A nonce of 1 to 60 characters, unique per action, is required."));
    }
    let (session, venue_id) = place(&p, b.session.as_deref(), b.venue.as_deref())?;
    caller.require_venue(&p, &venue_id)?;
    let door = Door {
        venue_id,
        session_id: session.map(|s| s.id.clone()),
        nonce: format!("{}:{}", caller.token.id, b.nonce.trim()),
        staff: caller.label(),
        device: caller.token.name.clone(),
    };
    let admitted = admit_all(&state, &p, &b.delegation, &door).await?;
    let list: Vec<Value> = admitted
        .iter()
        .map(|(r, d)| {
            let mut v = door_view::decision_json(&p, caller.lang, d);
            v["reference"] = json!(r.reference);
            v
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({ "delegation": b.delegation.trim().to_ascii_uppercase(), "admissions": list })))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DelegationForm {
    event: String,
    venue: String,
    session: String,
    delegation: String,
    nonce: String,
}

/// `POST /staff/door/delegation`: the same from the staff station; the station again, with
/// each member's answer.
pub async fn admit_station(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<Scan>,
    form: CsrfForm<DelegationForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.0;
    let p = state.programme(&f.event).await?;
    super::station::check_place(&state, &staff, &p, &f.venue, &f.session).await?;
    let nonce = match f.nonce.trim() {
        "" => crate::db::new_id(),
        n => n.chars().take(60).collect(),
    };
    let door = Door {
        venue_id: f.venue.clone(),
        session_id: Some(f.session.clone()).filter(|s| !s.is_empty()),
        nonce: format!("{}:{nonce}", staff.user.id),
        staff: staff.user.label(),
        device: "station".into(),
    };
    let admitted = admit_all(&state, &p, &f.delegation, &door).await?;
    let result = summary(ctx.lang, &f.delegation, &admitted);
    let q = StationQuery::at(&f.event, &f.venue, &f.session);
    super::station::station_page(&state, &ctx, &staff, &q, Some(result)).await
}

/// The station's answer: how many were admitted, and each member with theirs.
fn summary(lang: Lang, delegation: &str, admitted: &[(Registration, Decision)]) -> ResultView {
    let ok = admitted.iter().filter(|(_, d)| d.outcome == Outcome::Admitted).count();
    let each: Vec<String> = admitted
        .iter()
        .map(|(r, d)| {
            let said = match d.outcome {
                Outcome::Admitted => lang.t("door-admit"),
                Outcome::AlreadyAdmitted => lang.t("door-already"),
                _ => lang.t("door-refused"),
            };
            format!("{} ({said})", r.display_name())
        })
        .collect();
    ResultView {
        class: if ok == admitted.len() && ok > 0 { "admitted" } else { "refused" },
        message: lang
            .t_args("door-delegation-done", &[("admitted", &ok.to_string()), ("count", &admitted.len().to_string())]),
        name: lang.country(delegation.trim()),
        detail: each.join(" · "),
        organization: String::new(),
        category: String::new(),
        photo: String::new(),
        door_note: String::new(),
        nonce: String::new(),
    }
}
