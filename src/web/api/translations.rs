//! `GET/PUT /api/v1/events/{slug}/translations`: the organiser's texts of an event (its name
//! and description, venues, sessions, categories) and their translations. A PUT gives
//! `{"texts": [{"id", "field", "translations": {"ar": "…"}}]}`; an empty text removes a
//! translation; nothing is saved unless every change is good.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use super::registrations::{invalid, parse_json};
use super::{Api, ApiError};
use crate::common::FieldError;
use crate::events::Programme;
use crate::events::translations::{self, Change1};
use crate::web::AppState;
use crate::web::extract::{ManageEvents, ViewRegistrations};

fn answer(p: &Programme) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "default_locale": p.event.default_locale, "texts": translations::texts(p) }))
}

pub async fn list(
    state: web::Data<AppState>,
    _caller: Api<ViewRegistrations>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let p = state.programme(&slug).await?;
    Ok(answer(&p))
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Body {
    texts: Vec<TextBody>,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct TextBody {
    id: String,
    field: String,
    translations: BTreeMap<String, String>,
}

pub async fn put(
    state: web::Data<AppState>,
    caller: Api<ManageEvents>,
    slug: web::Path<String>,
    body: super::Body,
) -> Result<HttpResponse, ApiError> {
    let body: Body = parse_json(&body)?;
    let p = state.programme(&slug).await?;
    let changes: Vec<Change1> = body
        .texts
        .iter()
        .flat_map(|t| {
            t.translations.iter().map(|(locale, value)| Change1 {
                id: t.id.clone(),
                field: t.field.clone(),
                locale: locale.clone(),
                value: value.clone(),
            })
        })
        .collect();
    let checked = translations::check(&p, &changes).map_err(|problem| {
        let message = crate::web::staff::translation_problem(&p, &problem);
        invalid(&caller, &[FieldError { field: "texts", message }])
    })?;
    let (programme, actor, now) = (p.clone(), caller.label(), state.now());
    state.db(move |conn| Ok(translations::save(conn, &programme, &checked, &actor, now)?)).await?;
    state.forget_all_programmes();
    let p = state.programme(&slug).await?;
    Ok(answer(&p))
}
