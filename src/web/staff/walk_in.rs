//! The walk-in desk: a person who arrives unregistered is registered, approved and their badge
//! printed in one step (`/staff/events/{slug}/walk-in`), with a photo from the desk's camera
//! if wanted.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::Staff;
use super::pages::EditPage;
use super::registration_form::{FormPlace, session_full, staff_form_page};
use super::registrations::see_other;
use crate::common::{FieldError, Message};
use crate::events::Programme;
use crate::registrations::walk_in::walk_in;
use crate::registrations::{self, RegisterOutcome, RegistrationForm, Source, Status};
use crate::staff::Permission;
use crate::web::context::Ctx;
use crate::web::extract::{CsrfUpload, ManageRegistrations, Require};
use crate::web::pages::render;
use crate::web::{AppError, AppState};

fn page(ctx: &Ctx, staff: &Staff, p: &Programme, form: &RegistrationForm, errors: &[FieldError]) -> EditPage {
    let lang = ctx.lang;
    let prints = staff.user.can(Permission::PrintBadges);
    let place = FormPlace {
        title: lang.t1("walk-in-title", "event", p.event_name(lang)),
        action: format!("/staff/events/{}/walk-in", p.event.slug),
        back: format!("/staff/events/{}/registrations", p.event.slug),
        submit: lang.t(if prints { "walk-in-submit" } else { "walk-in-submit-no-print" }),
    };
    let mut page = staff_form_page(ctx, staff, p, form, errors, place);
    page.intro = lang.t("walk-in-intro");
    page.upload = true;
    page.photo_error = errors.iter().find(|e| e.field == "photo").map(|e| e.message.render(lang)).unwrap_or_default();
    page
}

/// `GET /staff/events/{slug}/walk-in`: the desk's form.
pub async fn new_walk_in(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageRegistrations>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&slug).await?;
    let form = RegistrationForm { locale: ctx.lang.code().to_owned(), ..RegistrationForm::default() };
    Ok(render(StatusCode::OK, &page(&ctx, &staff, &p, &form, &[])))
}

/// `POST /staff/events/{slug}/walk-in`: registered and approved; the answer is the badge to
/// print (recorded as printed at the desk) for those who print, else the registration.
pub async fn create_walk_in(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageRegistrations>,
    slug: web::Path<String>,
    body: CsrfUpload<RegistrationForm>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&slug).await?;
    let (form, upload, too_large) = (body.form, body.file, body.file_too_large);
    let photo = match (upload, too_large) {
        (_, true) => Err(crate::badges::photo::PhotoError::TooLarge),
        (Some(bytes), false) => super::badges::decode_photo(bytes).await?.map(Some),
        (None, false) => Ok(None),
    };
    let validated = registrations::validate(&form, &p, ctx.lang, Source::Staff);
    let (new, photo) = match (validated, photo) {
        (Ok(new), Ok(photo)) => (new, photo),
        (validated, photo) => {
            let mut errors = validated.err().unwrap_or_default();
            if let Err(e) = photo {
                errors.push(FieldError { field: "photo", message: Message { key: e.key(), args: vec![] } });
            }
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page(&ctx, &staff, &p, &form, &errors)));
        }
    };
    let (programme, keys, actor, at) = (p.clone(), state.keys.clone(), staff.user.label(), state.now());
    let outcome = state.db(move |conn| Ok(walk_in(conn, &keys, &programme, &new, photo.as_ref(), &actor, at)?)).await?;
    let refused = |field: &'static str, message: Message| {
        let errors = [FieldError { field, message }];
        render(StatusCode::CONFLICT, &page(&ctx, &staff, &p, &form, &errors))
    };
    match outcome {
        RegisterOutcome::Registered { id, status, .. } => {
            state.mailer.wake();
            if status == Status::Approved && staff.user.can(Permission::PrintBadges) {
                return super::badges::one_badge(&state, &staff, &id, ("", ""), Some("desk")).await;
            }
            Ok(see_other(format!("/staff/registrations/{id}?done=approved")))
        }
        RegisterOutcome::AlreadyRegistered => {
            Ok(refused("email", Message { key: "error-already-registered", args: vec![] }))
        }
        RegisterOutcome::SessionFull { session_id } => Ok(refused("sessions", session_full(&p, ctx.lang, &session_id))),
        // Staff register whatever the window says, and a walk-in comes under no invitation.
        other @ (RegisterOutcome::Closed(_) | RegisterOutcome::InvitationOnly | RegisterOutcome::QuotaReached) => {
            Err(AppError::Internal(anyhow::anyhow!("a walk-in was refused as the public would be: {other:?}")))
        }
    }
}
