//! API handlers: events, and registrations with the same fields, rules and messages as the form,
//! under staff rules (tokens are staff's): any category, as at the desk and in CSV imports.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use chrono::{NaiveDateTime, Utc};
use serde::Deserialize;

use super::registration_json::{Credentials, RegistrationJson, json_of, shown};
use super::{Api, ApiError, Caller, FieldProblem};
use crate::common::FieldError;
use crate::events::Programme;
use crate::registrations::manage::{self, Decision, ManageOutcome};
use crate::registrations::search::{self, Filter, Sort};
use crate::registrations::{self, RegisterOutcome, Registration, RegistrationForm, Source};
use crate::web::AppState;
use crate::web::extract::{ManageRegistrations, ViewRegistrations};

pub(super) fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

pub(in crate::web) fn rfc3339(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListParams {
    #[serde(flatten)]
    filter: search::FilterParams,
    sort: String,
    /// Text, not numbers: numbers do not survive `flatten` from a query string.
    page: String,
    per_page: String,
}

pub async fn list_registrations(
    state: web::Data<AppState>,
    caller: Api<ViewRegistrations>,
    slug: web::Path<String>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let p = state.programme(&slug).await?;
    let filter = Filter::from_params(&p, &params.filter);
    let sort = Sort::parse(&params.sort);
    let number = |text: &str, default: i64| match text.trim() {
        "" => Ok(default),
        t => t.parse::<i64>().map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!("page and per_page are whole numbers, not {t:?}."),
            )
        }),
    };
    let page = number(&params.page, 1)?.clamp(1, search::MAX_PAGE);
    let per_page = number(&params.per_page, 50)?.clamp(1, 500);
    let event_id = p.event.id.clone();
    let (rows, total) = state
        .db(move |conn| {
            let (rows, total) = search::search(conn, &event_id, &filter, sort, page, per_page)?;
            let mut vettings = crate::vetting::of_event(conn, &event_id)?;
            let mut custody = crate::badges::custody::current_of_event(conn, &event_id)?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                let chosen = registrations::store::session_ids(conn, &r.id)?;
                let creds = Credentials { vetting: vettings.remove(&r.id), custody: custody.remove(&r.id) };
                out.push((r, chosen, creds));
            }
            Ok((out, total))
        })
        .await?;
    let items: Vec<RegistrationJson> =
        rows.into_iter().map(|(r, c, creds)| json_of(&p, r, &c, &creds).for_caller(&caller)).collect();
    Ok(HttpResponse::Ok()
        .json(serde_json::json!({ "total": total, "page": page, "per_page": per_page, "items": items })))
}

/// A registration of this event by reference, with its sessions.
pub(super) async fn find(
    state: &AppState,
    p: &Programme,
    reference: &str,
) -> Result<(Registration, Vec<String>), ApiError> {
    let (event_id, key) = (p.event.id.clone(), reference.trim().to_ascii_uppercase());
    let found = state
        .db(move |conn| {
            let Some(r) = registrations::store::find_by_reference(conn, &key)?.filter(|r| r.event_id == event_id)
            else {
                return Ok(None);
            };
            let chosen = registrations::store::session_ids(conn, &r.id)?;
            Ok(Some((r, chosen)))
        })
        .await?;
    found.ok_or_else(|| {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", "No registration has this reference in this event.")
    })
}

pub async fn show_registration(
    state: web::Data<AppState>,
    caller: Api<ViewRegistrations>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (slug, reference) = path.into_inner();
    let p = state.programme(&slug).await?;
    let (r, chosen) = find(&state, &p, &reference).await?;
    Ok(HttpResponse::Ok().json(shown(&state, &p, r, &chosen).await?.for_caller(&caller)))
}

pub(super) fn invalid(caller: &Caller, errors: &[FieldError]) -> ApiError {
    let lang = caller.lang;
    ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code: "invalid",
        message: lang.t_num("register-errors-summary", "count", errors.len() as i64),
        fields: errors
            .iter()
            .map(|e| FieldProblem {
                field: e.field.to_owned(),
                code: e.message.key.trim_start_matches("error-").replace('-', "_"),
                message: e.message.render(lang),
            })
            .collect(),
        references: Vec::new(),
        retry_after: None,
    }
}

pub(in crate::web) fn parse_json<T: serde::de::DeserializeOwned + Default>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_json", format!("The body is not the expected JSON: {e}"))
    })
}

pub async fn create_registration(
    state: web::Data<AppState>,
    caller: Api<ManageRegistrations>,
    slug: web::Path<String>,
    body: super::Body,
) -> Result<HttpResponse, ApiError> {
    let form: RegistrationForm = parse_json(&body)?;
    let p = state.programme(&slug).await?;
    let new =
        registrations::validate(&form, &p, caller.lang, Source::Api).map_err(|errors| invalid(&caller, &errors))?;
    let (programme, registration) = (p.clone(), new.clone());
    let (at, keys) = (state.now(), state.keys.clone());
    let outcome = state
        .db(move |conn| Ok(registrations::register(conn, &keys, &programme, &registration, Source::Api, None, at)?))
        .await?;
    let lang = caller.lang;
    match outcome {
        RegisterOutcome::Registered { reference, .. } => {
            state.mailer.wake();
            let (r, chosen) = find(&state, &p, &reference).await?;
            let location = format!("/api/v1/events/{}/registrations/{reference}", p.event.slug);
            Ok(HttpResponse::Created()
                .insert_header((header::LOCATION, location))
                .json(shown(&state, &p, r, &chosen).await?))
        }
        RegisterOutcome::AlreadyRegistered => {
            Err(ApiError::new(StatusCode::CONFLICT, "already_registered", lang.t("error-already-registered")))
        }
        RegisterOutcome::SessionFull { session_id } => {
            let title =
                p.sessions.iter().find(|s| s.id == session_id).map(|s| p.session_title(lang, s)).unwrap_or_default();
            Err(ApiError::new(StatusCode::CONFLICT, "session_full", lang.t1("error-session-full", "session", &title)))
        }
        RegisterOutcome::Closed(_) => {
            Err(ApiError::new(StatusCode::CONFLICT, "registration_closed", lang.t("closed-title")))
        }
        RegisterOutcome::QuotaReached => {
            Err(ApiError::new(StatusCode::CONFLICT, "quota_reached", lang.t("error-quota-reached")))
        }
        RegisterOutcome::InvitationOnly => Err(ApiError::new(
            StatusCode::CONFLICT,
            "invitation_only",
            lang.t1("closed-invitation", "event", p.event_name(lang)),
        )),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReasonBody {
    reason: String,
}

async fn act(
    state: web::Data<AppState>,
    caller: Api<ManageRegistrations>,
    slug: String,
    reference: String,
    body: super::Body,
    action: Decision,
) -> Result<HttpResponse, ApiError> {
    let now = state.now();
    let ReasonBody { reason } = parse_json(&body)?;
    let p = state.programme(&slug).await?;
    let (r, _) = find(&state, &p, &reference).await?;
    let (id, actor, keys) = (r.id.clone(), caller.label(), state.keys.clone());
    let outcome = state.db(move |conn| Ok(manage::decide(conn, &keys, &id, action, &reason, &actor, now)?)).await?;
    let lang = caller.lang;
    match outcome {
        ManageOutcome::Done => {
            state.mailer.wake();
            state.forget_all_programmes();
            let (r, chosen) = find(&state, &p, &reference).await?;
            Ok(HttpResponse::Ok().json(shown(&state, &p, r, &chosen).await?))
        }
        ManageOutcome::NotFound => Err(ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such registration.")),
        ManageOutcome::NotAllowed { status } => Err(ApiError::new(
            StatusCode::CONFLICT,
            "not_allowed",
            format!("{} ({})", lang.t("done-not-allowed"), status.as_str()),
        )),
        ManageOutcome::SessionFull { .. } => {
            Err(ApiError::new(StatusCode::CONFLICT, "session_full", lang.t("done-full")))
        }
        ManageOutcome::EmailTaken => {
            Err(ApiError::new(StatusCode::CONFLICT, "email_taken", lang.t("error-email-taken")))
        }
        ManageOutcome::QuotaReached => Err(ApiError::new(StatusCode::CONFLICT, "quota_reached", lang.t("done-quota"))),
        ManageOutcome::ReasonRequired => {
            let error =
                FieldError { field: "reason", message: crate::common::Message { key: "error-required", args: vec![] } };
            Err(invalid(&caller, &[error]))
        }
    }
}

/// The decision endpoints: each is its guards plus the one call.
type Decided = (web::Data<AppState>, Api<ManageRegistrations>, web::Path<(String, String)>, super::Body);

pub async fn approve_registration((state, caller, path, body): Decided) -> Result<HttpResponse, ApiError> {
    let (slug, reference) = path.into_inner();
    act(state, caller, slug, reference, body, Decision::Approve).await
}

pub async fn reject_registration((state, caller, path, body): Decided) -> Result<HttpResponse, ApiError> {
    let (slug, reference) = path.into_inner();
    act(state, caller, slug, reference, body, Decision::Reject).await
}

pub async fn cancel_registration((state, caller, path, body): Decided) -> Result<HttpResponse, ApiError> {
    let (slug, reference) = path.into_inner();
    act(state, caller, slug, reference, body, Decision::Cancel).await
}

/// Replaces a registration's fields (staff fixing names before printing): the same fields and
/// rules as the form, with staff's freedom to choose any category.
pub async fn update_registration(
    state: web::Data<AppState>,
    caller: Api<ManageRegistrations>,
    path: web::Path<(String, String)>,
    body: super::Body,
) -> Result<HttpResponse, ApiError> {
    let now = state.now();
    let (slug, reference) = path.into_inner();
    let form: RegistrationForm = parse_json(&body)?;
    let p = state.programme(&slug).await?;
    let (r, _) = find(&state, &p, &reference).await?;
    let new =
        registrations::validate(&form, &p, caller.lang, Source::Staff).map_err(|errors| invalid(&caller, &errors))?;
    let (id, actor) = (r.id.clone(), caller.label());
    let outcome = state.db(move |conn| Ok(manage::update(conn, &id, &new, &actor, now)?)).await?;
    let lang = caller.lang;
    match outcome {
        ManageOutcome::Done => {
            state.forget_all_programmes();
            let (r, chosen) = find(&state, &p, &reference).await?;
            Ok(HttpResponse::Ok().json(shown(&state, &p, r, &chosen).await?))
        }
        ManageOutcome::EmailTaken => {
            Err(ApiError::new(StatusCode::CONFLICT, "email_taken", lang.t("error-email-taken")))
        }
        ManageOutcome::SessionFull { .. } => {
            Err(ApiError::new(StatusCode::CONFLICT, "session_full", lang.t("done-full")))
        }
        ManageOutcome::NotFound => Err(ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such registration.")),
        ManageOutcome::NotAllowed { .. } | ManageOutcome::QuotaReached | ManageOutcome::ReasonRequired => {
            Err(ApiError::new(StatusCode::CONFLICT, "not_allowed", lang.t("done-not-allowed")))
        }
    }
}
