//! Staff pages for invitations: list with places used, create (and mail), withdraw.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::Done;
use super::Staff;
use super::pages::{InvitationRow, InvitationsPage};
use crate::i18n::{self, Lang};
use crate::invitations::{self, InvitationForm};
use crate::web::context::Ctx;
use crate::web::extract::{CsrfForm, CsrfUpload, ManageRegistrations, Require, Upload};
use crate::web::pages::{FieldView, SelectView, render};
use crate::web::{AppError, AppState};

fn field(
    lang: Lang,
    name: &'static str,
    label: &str,
    value: &str,
    error: String,
    required: bool,
    input_type: &'static str,
) -> FieldView {
    FieldView {
        name,
        label: lang.t(label),
        hint: String::new(),
        value: value.to_owned(),
        error,
        required,
        input_type,
        autocomplete: "off",
        maxlength: 200,
        multiline: false,
    }
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    slug: &str,
    form: &InvitationForm,
    errors: &[(&'static str, crate::common::Message)],
    flash: String,
) -> Result<InvitationsPage, AppError> {
    let lang = ctx.lang;
    let p = state.programme(slug).await?;
    let event_id = p.event.id.clone();
    let list = state.db(move |conn| Ok(invitations::for_event(conn, &event_id)?)).await?;
    let error = |name: &str| errors.iter().find(|(f, _)| *f == name).map(|(_, m)| m.render(lang)).unwrap_or_default();
    let base = state.settings.base_url.clone();
    let rows = list
        .iter()
        .map(|i| InvitationRow {
            id: i.id.clone(),
            organization: i.organization.clone(),
            contact: if i.contact_name.is_empty() {
                i.contact_email.clone()
            } else {
                format!("{} <{}>", i.contact_name, i.contact_email)
            },
            used: lang.t_args("invitation-used", &[("used", &i.used.to_string()), ("quota", &i.quota.to_string())]),
            link: i
                .codes(&state.keys)
                .and_then(|c| base.join(&format!("invitations/{}", c.manage)).ok())
                .map(|u| u.to_string())
                .unwrap_or_default(),
            revoked: i.revoked_at.is_some(),
        })
        .collect();
    let chosen_country = form.country.trim().to_ascii_uppercase();
    let mut chrome = ctx.chrome(lang.t1("invitations-title", "event", p.event_name(lang)));
    chrome.staff = Some(staff.nav(ctx));
    Ok(InvitationsPage {
        chrome,
        slug: p.event.slug.clone(),
        csrf_token: ctx.csrf_token(),
        flash,
        fields: vec![
            field(
                lang,
                "organization",
                "invitation-organization",
                &form.organization,
                error("organization"),
                true,
                "text",
            ),
            field(
                lang,
                "contact_name",
                "invitation-contact-name",
                &form.contact_name,
                error("contact_name"),
                false,
                "text",
            ),
            field(
                lang,
                "contact_email",
                "invitation-contact-email",
                &form.contact_email,
                error("contact_email"),
                true,
                "email",
            ),
            field(lang, "quota", "invitation-quota", &form.quota, error("quota"), true, "number"),
        ],
        country: SelectView {
            name: "country",
            label: lang.t("invitation-country"),
            error: error("country"),
            required: false,
            autocomplete: "",
            placeholder: lang.t("field-country-choose"),
            options: i18n::countries(lang)
                .iter()
                .map(|(c, n)| (c.to_string(), n.clone(), *c == chosen_country))
                .collect(),
        },
        locale: SelectView {
            name: "locale",
            label: lang.t("invitation-locale"),
            error: String::new(),
            required: false,
            autocomplete: "",
            placeholder: String::new(),
            options: Lang::ALL
                .iter()
                .map(|l| (l.code().to_owned(), l.native_name().to_owned(), l.code() == form.locale))
                .collect(),
        },
        rows,
        file_errors: Vec::new(),
    })
}

pub async fn list_invitations(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageRegistrations>,
    slug: web::Path<String>,
    query: web::Query<Done>,
) -> Result<HttpResponse, AppError> {
    let flash = match query.done.as_str() {
        "invited" | "revoked" => ctx.lang.t(&format!("done-{}", query.done)),
        _ => String::new(),
    };
    let form = InvitationForm { quota: "3".into(), locale: ctx.lang.code().into(), ..Default::default() };
    Ok(render(StatusCode::OK, &page(&state, &ctx, &staff, &slug, &form, &[], flash).await?))
}

#[derive(Deserialize)]
pub struct CreateForm {
    #[serde(flatten)]
    invitation: InvitationForm,
}

pub async fn create_invitation(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageRegistrations>,
    slug: web::Path<String>,
    form: CsrfForm<CreateForm>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let p = state.programme(&slug).await?;
    let (event, input, actor, keys) =
        (p.event.clone(), form.invitation.clone(), staff.user.label(), state.keys.clone());
    let created = state.db(move |conn| Ok(invitations::create(conn, &keys, &event, &input, &actor, now)?)).await?;
    match created {
        Ok(_) => {
            state.mailer.wake();
            let to = format!("/staff/events/{}/invitations?done=invited", p.event.slug);
            Ok(HttpResponse::SeeOther().insert_header((header::LOCATION, to)).finish())
        }
        Err(errors) => {
            let page = page(&state, &ctx, &staff, &slug, &form.invitation, &errors, String::new()).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

#[derive(Deserialize)]
pub struct RevokeForm {}

pub async fn revoke_invitation(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<ManageRegistrations>,
    id: web::Path<String>,
    _form: CsrfForm<RevokeForm>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let (key, actor) = (id.into_inner(), staff.user.label());
    let slug = state
        .db(move |conn| {
            let i = invitations::find(conn, &key)?.ok_or(AppError::NotFound)?;
            invitations::revoke(conn, &i.id, &actor, now)?;
            Ok(crate::events::store::find(conn, &i.event_id)?.map(|e| e.slug).unwrap_or_default())
        })
        .await?;
    let to = format!("/staff/events/{slug}/invitations?done=revoked");
    Ok(HttpResponse::SeeOther().insert_header((header::LOCATION, to)).finish())
}

/// A CSV file of invitations.
#[derive(Deserialize, Default)]
pub struct InvitationFile {}

impl Upload for InvitationFile {
    const FILE_FIELD: &'static str = "file";
    const FILE_LIMIT: usize = 1024 * 1024;
}

/// Creates invitations from a CSV file and mails them.
pub async fn import_invitations(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageRegistrations>,
    slug: web::Path<String>,
    upload: CsrfUpload<InvitationFile>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    if upload.file_too_large {
        return Err(AppError::TooLarge);
    }
    let p = state.programme(&slug).await?;
    let (event, bytes, actor, keys) =
        (p.event.clone(), upload.file.unwrap_or_default(), staff.user.label(), state.keys.clone());
    let outcome = state.db(move |conn| Ok(invitations::import_csv(conn, &keys, &event, &bytes, &actor, now)?)).await?;
    let lang = ctx.lang;
    let form = InvitationForm { quota: "3".into(), locale: lang.code().into(), ..Default::default() };
    match outcome {
        invitations::CsvOutcome::Done { created, skipped } => {
            state.mailer.wake();
            let flash = lang.t_args(
                "invitations-imported",
                &[("created", &created.to_string()), ("skipped", &skipped.to_string())],
            );
            Ok(render(StatusCode::OK, &page(&state, &ctx, &staff, &slug, &form, &[], flash).await?))
        }
        invitations::CsvOutcome::Invalid(lines) => {
            let text: Vec<String> = lines
                .iter()
                .map(|(line, problems)| {
                    let what: Vec<String> = problems.iter().map(|(f, m)| format!("{f}: {}", m.render(lang))).collect();
                    lang.t_args("invitations-bad-line", &[("line", &line.to_string()), ("problems", &what.join("; "))])
                })
                .collect();
            let mut out = page(&state, &ctx, &staff, &slug, &form, &[], String::new()).await?;
            out.file_errors = text;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &out))
        }
        invitations::CsvOutcome::Unreadable(reason) => {
            let mut out = page(&state, &ctx, &staff, &slug, &form, &[], String::new()).await?;
            out.file_errors = vec![lang.t1("import-unreadable", "reason", &reason)];
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &out))
        }
    }
}
