//! Public pages: the event list, an event's programme, and registration.

pub(super) mod delegation;
pub(super) mod privacy;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::badges::photo::PhotoError;
use crate::common::{FieldError, Message};
use crate::events::Window;
use crate::invitations::{self, Invitation};
use crate::links::Purpose;
use crate::registrations::{self, RegisterOutcome, RegistrationForm, Source};
use crate::web::context::Ctx;
use crate::web::extract::{KeptUpload, Upload};
use crate::web::limits::{Limited, Register};
use crate::web::pages::{ChosenSession, ClosedPage, EventItem, IndexPage, RegisterPage, RegisteredPage, render};
use crate::web::{AppError, AppState, views};

pub async fn list_events(state: web::Data<AppState>, ctx: Ctx) -> Result<HttpResponse, AppError> {
    let at = state.now();
    let events = state.db(move |conn| Ok(crate::events::store::upcoming(conn, at)?)).await?;
    let lang = ctx.lang;
    let ids: Vec<crate::ids::EventId> = events.iter().map(|e| e.id.clone()).collect();
    // Event names in the reader's language come with each programme; one small query per event.
    let mut items = Vec::with_capacity(ids.len());
    for e in events {
        let p = state.programme(&e.slug).await?;
        items.push(EventItem {
            slug: e.slug.clone(),
            name: p.event_name(lang).to_owned(),
            when: lang.datetime(e.local(e.starts_at)),
        });
    }
    let page = IndexPage { chrome: ctx.chrome(lang.t("events-title")), events: items };
    Ok(render(StatusCode::OK, &page))
}

pub async fn health(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    state
        .db(|conn| {
            use diesel::connection::SimpleConnection;
            conn.batch_execute("SELECT 1").map_err(AppError::from)
        })
        .await?;
    Ok(HttpResponse::Ok().content_type("text/plain").body("ok"))
}

/// `GET /readyz`: whether this instance can serve: the database answers, its migrations are
/// current, and the mail worker runs. 200 when all three hold, else 503, saying which not.
pub async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let database = state
        .db(|conn| {
            use diesel::connection::SimpleConnection;
            conn.batch_execute("SELECT 1").map_err(AppError::from)?;
            crate::db::migrations_pending(conn).map_err(AppError::Internal)
        })
        .await;
    let (database, migrations) = match database {
        Ok(pending) => ("ok", if pending { "pending" } else { "current" }),
        Err(_) => ("unreachable", "unknown"),
    };
    let mail_worker = if state.mailer.is_alive() { "alive" } else { "stopped" };
    let ready = database == "ok" && migrations == "current" && mail_worker == "alive";
    let mut res = if ready { HttpResponse::Ok() } else { HttpResponse::ServiceUnavailable() };
    res.insert_header((actix_web::http::header::CACHE_CONTROL, "no-store")).json(serde_json::json!({
        "ready": ready, "database": database, "migrations": migrations, "mail_worker": mail_worker,
    }))
}

pub async fn show_event(
    state: web::Data<AppState>,
    ctx: Ctx,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&slug).await?;
    Ok(render(StatusCode::OK, &views::event_page(&p, &ctx, state.now())))
}

fn registration_possible(
    p: &crate::events::Programme,
    invitation: Option<&Invitation>,
    at: chrono::NaiveDateTime,
) -> bool {
    p.event.window(at) == Window::Open && (!p.event.invitation_only || invitation.is_some())
}

/// The invitation behind a code, if it is live and belongs to this event.
async fn invitation_for(
    state: &AppState,
    p: &crate::events::Programme,
    code: &str,
) -> Result<Option<Invitation>, AppError> {
    if code.trim().is_empty() {
        return Ok(None);
    }
    let (key, event_id) = (code.to_owned(), p.event.id.clone());
    let keys = state.keys.clone();
    state.db(move |conn| Ok(invitations::find_by_code(conn, &keys, &key)?.filter(|i| i.event_id == event_id))).await
}

/// The registration form, under an invitation when there is one.
fn form_page(
    p: &crate::events::Programme,
    ctx: &Ctx,
    form: &RegistrationForm,
    errors: &[FieldError],
    invitation: Option<&Invitation>,
) -> RegisterPage {
    let mut page = views::register_page(p, ctx, form, errors);
    if let Some(i) = invitation {
        page.invitation = form.invitation.clone();
        page.invitation_note = ctx.lang.t_args(
            "invitation-banner",
            &[("organization", &i.organization), ("left", &i.left().to_string()), ("quota", &i.quota.to_string())],
        );
    }
    page
}

fn invalid_invitation(ctx: &Ctx, p: &crate::events::Programme) -> HttpResponse {
    let page = ClosedPage {
        chrome: ctx.chrome(ctx.lang.t("invitation-invalid-title")),
        slug: p.event.slug.clone(),
        message: ctx.lang.t("invitation-invalid"),
        contact: String::new(),
    };
    render(StatusCode::NOT_FOUND, &page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InvitationQuery {
    invitation: String,
}

pub async fn new_registration(
    state: web::Data<AppState>,
    ctx: Ctx,
    slug: web::Path<String>,
    query: web::Query<InvitationQuery>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&slug).await?;
    let invitation = invitation_for(&state, &p, &query.invitation).await?;
    if !query.invitation.trim().is_empty() && invitation.is_none() {
        return Ok(invalid_invitation(&ctx, &p));
    }
    // An embassy's invitation opens the form in the language it was written in.
    let ctx = match &invitation {
        Some(i) => ctx.with_default_lang(&i.locale),
        None => ctx,
    };
    let at = state.now();
    if !registration_possible(&p, invitation.as_ref(), at) {
        return Ok(render(StatusCode::OK, &views::closed_page(&p, &ctx, at)));
    }
    // An invitation fills in what the embassy shares, and the language it was written in.
    let form = match &invitation {
        Some(i) => RegistrationForm {
            organization: i.organization.clone(),
            country: i.country.clone(),
            locale: i.locale.clone(),
            invitation: invitations::normal(&query.invitation),
            ..RegistrationForm::default()
        },
        None => RegistrationForm { locale: ctx.lang.code().to_owned(), ..RegistrationForm::default() },
    };
    Ok(render(StatusCode::OK, &form_page(&p, &ctx, &form, &[], invitation.as_ref())))
}

/// The registration form may bring the photo for the badge.
impl Upload for RegistrationForm {
    const FILE_FIELD: &'static str = "photo";
    const FILE_LIMIT: usize = crate::badges::photo::MAX_BYTES;
}

pub async fn create_registration(
    _limit: Limited<Register>,
    state: web::Data<AppState>,
    ctx: Ctx,
    slug: web::Path<String>,
    body: KeptUpload<RegistrationForm>,
) -> Result<HttpResponse, AppError> {
    // The form is multipart when a photo for the badge comes with it.
    let (form, photo_upload, photo_too_large) = (body.form, body.file, body.file_too_large);
    let p = state.programme(&slug).await?;
    let invitation = invitation_for(&state, &p, &form.invitation).await?;
    if !form.invitation.trim().is_empty() && invitation.is_none() {
        return Ok(invalid_invitation(&ctx, &p));
    }
    if body.expired {
        // Nothing is saved, but nothing typed is lost either: the form comes back filled,
        // with a fresh token (a phone may have dropped the cookie while the tab slept).
        let mut page = form_page(&p, &ctx, &form, &[], invitation.as_ref());
        page.notice = ctx.lang.t("register-expired");
        return Ok(render(StatusCode::FORBIDDEN, &page));
    }
    let at = state.now();
    if !registration_possible(&p, invitation.as_ref(), at) {
        return Ok(render(StatusCode::FORBIDDEN, &views::closed_page(&p, &ctx, at)));
    }
    // The photo is checked with the other fields, so every problem shows at once.
    let photo = match (photo_upload, photo_too_large) {
        (_, true) => Err(PhotoError::TooLarge),
        (Some(bytes), false) => crate::web::staff::badges::decode_photo(bytes).await?.map(Some),
        (None, false) => Ok(None),
    };
    let validated = registrations::validate(&form, &p, ctx.lang, Source::Web);
    let new = match (validated, &photo) {
        (Ok(new), Ok(_)) => new,
        (validated, photo) => {
            let mut errors = validated.err().unwrap_or_default();
            if let Err(e) = photo {
                errors.push(FieldError { field: "photo", message: Message { key: e.key(), args: vec![] } });
            }
            let page = form_page(&p, &ctx, &form, &errors, invitation.as_ref());
            // Busy decoding photos: the form comes back filled, and says to send it again.
            let status = if matches!(photo, Err(PhotoError::Busy)) {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            return Ok(render(status, &page));
        }
    };
    let photo = photo.ok().flatten();
    let (programme, registration, under, keys) = (p.clone(), new.clone(), invitation.clone(), state.keys.clone());
    let outcome = state
        .db(move |conn| {
            // The photo is stored in the registration's own transaction: both or neither.
            let mut save_photo = |conn: &mut crate::db::DbConn, reg: &registrations::Registration| match &photo {
                Some(photo) => crate::badges::photo_review::save_photo_in(conn, reg, photo, "delegate", at),
                None => Ok(()),
            };
            let (source, under) = (Source::Web, under.as_ref());
            Ok(registrations::register_with(
                conn,
                &keys,
                &programme,
                &registration,
                source,
                under,
                at,
                &mut save_photo,
            )?)
        })
        .await?;
    let lang = ctx.lang;
    let conflict = |field: &'static str, message: Message| {
        let errors = [FieldError { field, message }];
        render(StatusCode::CONFLICT, &form_page(&p, &ctx, &form, &errors, invitation.as_ref()))
    };
    match outcome {
        RegisterOutcome::Registered { reference, .. } => {
            state.mailer.wake();
            // Post/redirect/get: a refresh or a double tap shows the confirmation again
            // rather than re-submitting into "already registered".
            let link = crate::links::confirmation_path(&state.csrf_key, &p.event.slug, &reference);
            Ok(HttpResponse::SeeOther().insert_header((actix_web::http::header::LOCATION, link)).finish())
        }
        RegisterOutcome::AlreadyRegistered => {
            Ok(conflict("email", Message { key: "error-already-registered", args: vec![] }))
        }
        RegisterOutcome::SessionFull { session_id } => {
            let title =
                p.sessions.iter().find(|s| s.id == session_id).map(|s| p.session_title(lang, s)).unwrap_or_default();
            Ok(conflict("sessions", Message { key: "error-session-full", args: vec![("session", title)] }))
        }
        RegisterOutcome::QuotaReached => {
            let mut page = form_page(&p, &ctx, &form, &[], invitation.as_ref());
            page.notice = lang.t("error-quota-reached");
            Ok(render(StatusCode::CONFLICT, &page))
        }
        RegisterOutcome::Closed(_) | RegisterOutcome::InvitationOnly => {
            Ok(render(StatusCode::FORBIDDEN, &views::closed_page(&p, &ctx, at)))
        }
    }
}

#[derive(Deserialize)]
pub struct Signature {
    #[serde(default)]
    t: String,
}

pub async fn show_confirmation(
    state: web::Data<AppState>,
    ctx: Ctx,
    path: web::Path<(String, String)>,
    sig: web::Query<Signature>,
) -> Result<HttpResponse, AppError> {
    let (slug, reference) = path.into_inner();
    if !crate::links::verify(&state.csrf_key, Purpose::Confirmation, &reference, &sig.t) {
        return Err(AppError::NotFound);
    }
    let p = state.programme(&slug).await?;
    let (event_id, key) = (p.event.id.clone(), reference.clone());
    let (registration, chosen) = state
        .db(move |conn| {
            let r = registrations::store::find_by_reference(conn, &key)?
                .filter(|r| r.event_id == event_id)
                .ok_or(AppError::NotFound)?;
            let chosen = registrations::store::session_ids(conn, &r.id)?;
            Ok((r, chosen))
        })
        .await?;
    // The language the delegate registered in, remembered with the registration.
    let ctx = ctx.with_default_lang(&registration.locale);
    let lang = ctx.lang;
    let e = &p.event;
    let status = registration.status;
    let (title, message) = match status {
        registrations::Status::Pending => ("registered-title", "registered-pending"),
        registrations::Status::Approved => ("registered-title-confirmed", "registered-confirmed"),
        registrations::Status::Rejected | registrations::Status::Cancelled => {
            ("registered-title-ended", "registered-ended")
        }
    };
    let sessions = p
        .sessions
        .iter()
        .filter(|s| chosen.contains(&s.id))
        .map(|s| ChosenSession {
            title: p.session_title(lang, s),
            venue: p.venue(&s.venue_id).map(|v| p.venue_name(lang, v)).unwrap_or_default(),
            when: format!("{}–{}", lang.datetime(e.local(s.starts_at)), lang.time(e.local(s.ends_at))),
        })
        .collect();
    let page = RegisteredPage {
        chrome: ctx.chrome(lang.t(title)),
        message: lang.t1(message, "event", p.event_name(lang)),
        reference: registration.reference.clone(),
        email_sent: lang.t1("registered-email-sent", "email", &registration.email),
        sessions,
        local_times: lang.t1("event-local-times", "zone", &e.time_zone),
        unprintable: match registration.unprintable() {
            chars if chars.is_empty() => String::new(),
            chars => lang.t1("unprintable-delegate", "chars", &chars),
        },
    };
    let mut response = render(StatusCode::OK, &page);
    // The page shows personal data behind a secret link: keep it out of shared caches.
    response
        .headers_mut()
        .insert(actix_web::http::header::CACHE_CONTROL, actix_web::http::header::HeaderValue::from_static("no-store"));
    Ok(response)
}
