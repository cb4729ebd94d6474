//! Zones for tools: `GET/PUT /api/v1/events/{slug}/zones` (`{"zones": [{"code", "name",
//! "colour", "categories"}]}`; a PUT replaces them all, checked whole) and
//! `PUT …/registrations/{reference}/zones` (`{"zones": ["VIP"]}`: the registration's own).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use super::registrations::{find, parse_json};
use super::{Api, ApiError, FieldProblem};
use crate::events::Programme;
use crate::events::zones::{self, ZoneInput};
use crate::web::AppState;
use crate::web::extract::{ManageEvents, ManageRegistrations, ViewRegistrations};

fn answer(p: &Programme) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "zones": p.zones }))
}

pub async fn list_zones(
    state: web::Data<AppState>,
    _caller: Api<ViewRegistrations>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let p = state.programme(&slug).await?;
    Ok(answer(&p))
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ZonesBody {
    zones: Vec<ZoneInput>,
}

pub async fn put_zones(
    state: web::Data<AppState>,
    caller: Api<ManageEvents>,
    slug: web::Path<String>,
    body: super::Body,
) -> Result<HttpResponse, ApiError> {
    let body: ZonesBody = parse_json(&body)?;
    let p = state.programme(&slug).await?;
    let lang = caller.lang;
    let list = zones::check(&p, &body.zones).map_err(|problems| ApiError {
        fields: problems
            .iter()
            .map(|(field, m)| FieldProblem {
                field: field.clone(),
                code: m.key.trim_start_matches("error-").replace('-', "_"),
                message: m.render(lang),
            })
            .collect(),
        ..ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            lang.t_num("register-errors-summary", "count", problems.len() as i64),
        )
    })?;
    let (event, actor, now) = (p.event.id.clone(), caller.label(), state.now());
    state.db(move |conn| Ok(zones::replace(conn, &event, &list, &actor, now)?)).await?;
    state.forget_all_programmes();
    let p = state.programme(&slug).await?;
    Ok(answer(&p))
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct OwnBody {
    zones: Vec<String>,
}

pub async fn put_registration_zones(
    state: web::Data<AppState>,
    caller: Api<ManageRegistrations>,
    path: web::Path<(String, String)>,
    body: super::Body,
) -> Result<HttpResponse, ApiError> {
    let body: OwnBody = parse_json(&body)?;
    let (slug, reference) = path.into_inner();
    let p = state.programme(&slug).await?;
    let (reg, _) = find(&state, &p, &reference).await?;
    let (p2, actor, now, codes, r) = (p.clone(), caller.label(), state.now(), body.zones, reg.clone());
    let stored = state.db(move |conn| Ok(zones::set_own(conn, &p2, &r, &codes, &actor, now)?)).await?;
    let lang = caller.lang;
    let own = stored.map_err(|code| ApiError {
        fields: vec![FieldProblem {
            field: "zones".into(),
            code: "zone_unknown".into(),
            message: format!("{} ({code})", lang.t("error-zone-unknown")),
        }],
        ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", lang.t("error-zone-unknown"))
    })?;
    let updated = crate::registrations::Registration { zones: own, ..reg };
    let effective: Vec<&str> = p.zones_of(&updated).iter().map(|z| z.code.as_str()).collect();
    Ok(HttpResponse::Ok().json(json!({
        "reference": updated.reference,
        "zones": effective,
        "own_zones": zones::own(&updated),
    })))
}
