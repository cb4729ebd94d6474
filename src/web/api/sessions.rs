//! `PUT /api/v1/events/{slug}/sessions/{id}`: a session's door rules, changed on their own
//! (admins). Fields not given stay as they are; the answer is the session as `GET …/sessions`
//! shows it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::registrations::{invalid, parse_json};
use super::{Api, ApiError};
use crate::common::FieldError;
use crate::events::setup::rules::{RulesChange, RulesOutcome, set_rules};
use crate::web::AppState;
use crate::web::extract::ManageEvents;

pub async fn update_session(
    state: web::Data<AppState>,
    caller: Api<ManageEvents>,
    path: web::Path<(String, String)>,
    body: super::Body,
) -> Result<HttpResponse, ApiError> {
    let (slug, id) = path.into_inner();
    let change: RulesChange = parse_json(&body)?;
    let p = state.programme(&slug).await?;
    let (event, actor, now, session) = (p.event.clone(), caller.label(), state.now(), id.clone());
    let outcome = state.db(move |conn| Ok(set_rules(conn, &event, &session, &change, &actor, now)?)).await?;
    match outcome {
        Ok(RulesOutcome::Done) => {
            state.forget_all_programmes();
            let p = state.programme(&slug).await?;
            let s = p.sessions.iter().find(|s| s.id == id).ok_or_else(not_found)?;
            Ok(HttpResponse::Ok().json(crate::web::doors::api::session_json(&p, caller.lang, s)))
        }
        Ok(RulesOutcome::NotFound) => Err(not_found()),
        Err(problems) => {
            let errors: Vec<FieldError> =
                problems.into_iter().map(|(field, message)| FieldError { field, message }).collect();
            Err(invalid(&caller, &errors))
        }
    }
}

fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such session in this event.")
}
