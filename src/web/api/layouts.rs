//! Badge layouts and images, for tools and the designer:
//! `GET /api/v1/events/{slug}/badge-layouts` (`{"layouts": [{"id", "version", …}]}`; the
//! built-in `default` while none is saved), `GET …/badge-layouts/{id}[?version=N]`
//! (`{"id", "version", "layout": {…}}`), `PUT …/badge-layouts/{id}` with the layout document
//! (a new version; `422` naming each element that is off the paper, too small or too crammed),
//! `GET …/badge-images` and `PUT …/badge-images/{name}` with a PNG body.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};

use super::registrations::rfc3339;
use super::{Api, ApiError, Caller, FieldProblem};
use crate::badges::design::check::Problem;
use crate::badges::design::store::{self, DEFAULT, ImageProblem, Layouts, Saved};
use crate::badges::design::{Design, publish};
use crate::web::AppState;
use crate::web::extract::{ManageEvents, PrintBadges};

fn summary(id: &str, version: i32, design: &Design, saved: Option<&Saved>) -> Value {
    json!({
        "id": id,
        "version": version,
        "name": design.name,
        "paper": design.paper.key(),
        "categories": design.categories,
        "two_sided": !design.back.is_empty(),
        "builtin": saved.is_none(),
        "created_at": saved.map(|s| rfc3339(s.created_at)),
        "created_by": saved.map(|s| s.created_by.clone()),
    })
}

pub async fn list_layouts(
    state: web::Data<AppState>,
    _caller: Api<PrintBadges>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let p = state.programme(&slug).await?;
    let layouts = state.db(move |conn| Ok(Layouts::load(conn, &p)?)).await?;
    let mut out: Vec<Value> = Vec::new();
    if let Some(design) = layouts.builtin_default() {
        out.push(summary(DEFAULT, 0, &design, None));
    }
    out.extend(layouts.saved.iter().map(|s| summary(&s.id, s.version, &s.design, Some(s))));
    Ok(HttpResponse::Ok().json(json!({ "layouts": out })))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VersionQuery {
    version: Option<i32>,
}

pub async fn show_layout(
    state: web::Data<AppState>,
    _caller: Api<PrintBadges>,
    path: web::Path<(String, String)>,
    query: web::Query<VersionQuery>,
) -> Result<HttpResponse, ApiError> {
    let (slug, id) = path.into_inner();
    let p = state.programme(&slug).await?;
    let (event, key, version) = (p.event.id.clone(), id.clone(), query.version);
    let (found, layouts) =
        state.db(move |conn| Ok((store::find(conn, &event, &key, version)?, Layouts::load(conn, &p)?))).await?;
    let (version, design, saved) = match (&found, layouts.builtin_default()) {
        (Some(s), _) => (s.version, s.design.clone(), Some(s)),
        (None, Some(design)) if id == DEFAULT && query.version.is_none_or(|v| v == 0) => (0, design, None),
        _ => return Err(ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such layout (or version).")),
    };
    let mut answer = summary(&id, version, &design, saved);
    answer["layout"] = serde_json::to_value(&design).unwrap_or_default();
    Ok(HttpResponse::Ok().json(answer))
}

fn refused(caller: &Caller, problems: &[Problem]) -> ApiError {
    let lang = caller.lang;
    ApiError {
        fields: problems
            .iter()
            .map(|p| FieldProblem { field: p.at.clone(), code: p.code(), message: p.message.render(lang) })
            .collect(),
        ..ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            lang.t_num("register-errors-summary", "count", problems.len() as i64),
        )
    }
}

pub async fn put_layout(
    state: web::Data<AppState>,
    caller: Api<ManageEvents>,
    path: web::Path<(String, String)>,
    body: super::Body,
) -> Result<HttpResponse, ApiError> {
    let (slug, id) = path.into_inner();
    let lang = caller.lang;
    if !store::valid_id(&id) {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "bad_layout_id", lang.t("error-layout-id")));
    }
    let design: Design = serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_json", lang.t1("error-layout-json", "detail", &e.to_string()))
    })?;
    let p = state.programme(&slug).await?;
    let design = publish::normalise(&p, design);
    let (actor, now, key, doc) = (caller.label(), state.now(), id.clone(), design.clone());
    let outcome = state.db(move |conn| Ok(publish::publish(conn, &p, &key, &doc, &actor, now)?)).await?;
    let version = outcome.map_err(|problems| refused(&caller, &problems))?;
    let mut answer = summary(&id, version, &design, None);
    answer["builtin"] = json!(false);
    answer["layout"] = serde_json::to_value(&design).unwrap_or_default();
    Ok(HttpResponse::Ok().json(answer))
}

pub async fn list_images(
    state: web::Data<AppState>,
    _caller: Api<PrintBadges>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let p = state.programme(&slug).await?;
    let event = p.event.id.clone();
    let images = state.db(move |conn| Ok(store::images(conn, &event)?)).await?;
    let images: Vec<Value> = images
        .into_iter()
        .map(
            |(name, width, height, sha256)| json!({ "name": name, "width": width, "height": height, "sha256": sha256 }),
        )
        .collect();
    Ok(HttpResponse::Ok().json(json!({ "images": images })))
}

pub async fn put_image(
    state: web::Data<AppState>,
    caller: Api<ManageEvents>,
    path: web::Path<(String, String)>,
    body: super::Body,
) -> Result<HttpResponse, ApiError> {
    let (slug, name) = path.into_inner();
    let lang = caller.lang;
    if !store::valid_id(&name) {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "bad_image_name", lang.t("error-layout-id")));
    }
    let p = state.programme(&slug).await?;
    let (event, actor, now, key) = (p.event.id.clone(), caller.label(), state.now(), name.clone());
    let saved = state.db(move |conn| Ok(store::save_image(conn, &event, &key, &body, &actor, now)?)).await?;
    match saved {
        Ok((width, height)) => Ok(HttpResponse::Ok().json(json!({ "name": name, "width": width, "height": height }))),
        Err(ImageProblem::TooLarge) => {
            Err(ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "image_too_large", lang.t("error-image-too-large")))
        }
        Err(ImageProblem::Unreadable(detail)) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "image_unreadable",
            format!("{} ({detail})", lang.t("error-image-unreadable")),
        )),
        Err(ImageProblem::SvgText) => {
            Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "image_svg_text", lang.t("error-image-svg-text")))
        }
    }
}
