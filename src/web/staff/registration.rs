//! One registration at the desk: detail with history and mails, edit, approve, reject, cancel.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::Staff;
use super::history::history_item;
use super::pages::{DetailPage, EditPage};
use super::registration_form::session_full;
use super::registration_form::{FormPlace, staff_form_page};
use super::registrations::{ActionForm, flash, see_other, status_label};
use crate::common::{FieldError, Message};
use crate::events::Programme;
use crate::ids::RegistrationId;
use crate::registrations::manage::{self, Decision, ManageOutcome};
use crate::registrations::{self, Registration, RegistrationForm, Source, Status};
use crate::staff::Permission;
use crate::web::context::Ctx;
use crate::web::extract::{CsrfForm, ManageRegistrations, Require, ViewRegistrations};
use crate::web::pages::render;
use crate::web::{AppError, AppState};

/// A registration with its event's programme.
pub(super) async fn load(state: &AppState, id: &RegistrationId) -> Result<(Registration, Arc<Programme>), AppError> {
    let key = id.to_owned();
    let (registration, slug) = state
        .db(move |conn| {
            let r = registrations::store::find(conn, &key)?.ok_or(AppError::NotFound)?;
            let e = crate::events::store::find(conn, &r.event_id)?.ok_or(AppError::NotFound)?;
            Ok((r, e.slug))
        })
        .await?;
    let p = state.programme(&slug).await?;
    Ok((registration, p))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DoneQuery {
    done: Option<String>,
    refs: String,
    handover: String,
}

pub async fn show_registration(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ViewRegistrations>,
    id: web::Path<RegistrationId>,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let (r, p) = load(&state, &id).await?;
    let rid = r.id.clone();
    let event_id = r.event_id.clone();
    let (chosen, mails, history, badge, has_photo, precedence, scans, (vetting, custody, consent, watchers)) = state
        .db(move |conn| {
            let chosen = registrations::store::session_ids(conn, &rid)?;
            let mails = crate::mail::outbox::for_registration(conn, &rid)?;
            let history = crate::audit::for_entity(conn, "registration", rid.as_str())?;
            let badge = crate::badges::store::current(conn, &rid)?;
            let has_photo = (
                crate::badges::print::has_photo(conn, rid.as_str())?,
                crate::badges::photo_review::pending_since(conn, &rid)?,
            );
            let precedence = crate::badges::store::precedence(conn, &rid)?;
            let scans = crate::checkin::report::for_registration(conn, &rid)?;
            let credential = (
                crate::vetting::of(conn, &rid)?,
                crate::badges::custody::history(conn, &rid)?,
                crate::privacy::consent_of(conn, &rid)?,
                super::watch::candidates(conn, &event_id, &rid)?,
            );
            Ok((chosen, mails, history, badge, has_photo, precedence, scans, credential))
        })
        .await?;
    let e = &p.event;
    let category =
        p.categories.iter().find(|c| c.id == r.category_id).map(|c| p.category_name(lang, c)).unwrap_or_default();
    let mut details = vec![
        (lang.t("list-col-reference"), r.reference.clone()),
        (lang.t("field-honorific"), r.honorific.clone()),
        (lang.t("field-given_name"), r.given_name.clone()),
        (lang.t("field-family_name"), r.family_name.clone()),
        (lang.t("field-native_name"), r.native_name.clone()),
        (lang.t("field-badge_name"), r.badge_name.clone()),
        (lang.t("field-email"), r.email.clone()),
        (lang.t("field-phone"), r.phone.clone()),
        (lang.t("field-country"), lang.country(&r.country)),
        (lang.t("field-organization"), r.organization.clone()),
        (lang.t("field-position"), r.position.clone()),
        (lang.t("field-category"), category),
        (
            lang.t("field-zones"),
            p.zones_of(&r).iter().map(|z| format!("{} ({})", z.code, z.name)).collect::<Vec<_>>().join(" · "),
        ),
        (
            lang.t("field-precedence_class"),
            r.precedence_class.map(|c| lang.t(&format!("precedence-class-{}", c.as_str()))).unwrap_or_default(),
        ),
        (
            lang.t("field-credentials_presented_at"),
            r.credentials_presented_at.map(crate::registrations::precedence::format_credentials).unwrap_or_default(),
        ),
        (lang.t("field-dietary"), r.dietary.clone()),
        (lang.t("field-accessibility"), r.accessibility.clone()),
        (lang.t("field-locale"), r.locale.clone()),
        (lang.t("detail-source"), lang.t(&format!("source-{}", r.source.as_str()))),
        (lang.t("detail-created"), lang.datetime(e.local(r.created_at))),
    ];
    // Printers see who the badge is for, not how to reach them or their needs.
    let contact =
        [lang.t("field-email"), lang.t("field-phone"), lang.t("field-dietary"), lang.t("field-accessibility")];
    let sees_contact = staff.user.can(Permission::ManageRegistrations);
    details.retain(|(label, v)| !v.is_empty() && (sees_contact || !contact.contains(label)));
    let sessions = p
        .sessions
        .iter()
        .filter(|s| chosen.contains(&s.id))
        .map(|s| format!("{} {}", lang.time(e.local(s.starts_at)), p.session_title(lang, s)))
        .collect();
    let notice = super::mails::refused_notice(lang, &r, &mails);
    let mails = mails.iter().map(|m| super::mails::mail_row(lang, e, m, Some(&r.reference))).collect();
    let history = history
        .iter()
        .map(|h| {
            let mut item = history_item(lang, &p, h);
            let hidden = ["email", "phone", "dietary", "accessibility"];
            item.changes.retain(|(field, _, _)| sees_contact || !hidden.contains(&field.as_str()));
            item
        })
        .collect();
    let (stations, print_jobs) = super::stations::desk(&state, lang, &p, &r).await?;
    let printed_with = badge
        .as_ref()
        .and_then(|b| Some((b.layout_id.clone()?, b.layout_version?)))
        .map(|(layout, version)| {
            lang.t_args("badge-printed-with", &[("layout", &layout), ("version", &version.to_string())])
        })
        .unwrap_or_default();
    let status = r.status;
    let mut chrome =
        ctx.chrome(lang.t_args("detail-title", &[("name", &r.display_name()), ("reference", &r.reference)]));
    chrome.staff = Some(staff.nav(&ctx));
    let page = DetailPage {
        chrome,
        id: r.id.to_string(),
        slug: e.slug.clone(),
        csrf_token: ctx.csrf_token(),
        flash: match flash(lang, query.done.as_deref(), None) {
            f if f.is_empty() => match super::mails::resend_flash(lang, query.done.as_deref().unwrap_or("")) {
                f if f.is_empty() => {
                    super::handover::handover_flash(lang, query.done.as_deref().unwrap_or(""), &query.refs)
                }
                f => f,
            },
            f => f,
        },
        receipt: match query.handover.as_str() {
            "" => String::new(),
            h => format!("/staff/events/{}/handovers/{h}/receipt.pdf", e.slug),
        },
        vetting: super::vetting::vetting_line(lang, e, vetting.as_ref()),
        custody: custody.iter().map(|c| super::handover::custody_line(lang, e, c)).collect(),
        can_hand_over: staff.user.can(Permission::PrintBadges)
            && custody.first().is_some_and(|c| c.state == crate::badges::custody::BadgeState::Printed),
        desk: staff.user.label(),
        status: r.status.as_str().to_owned(),
        status_label: status_label(lang, r.status),
        reason: r.status_reason.clone(),
        details,
        sessions,
        mails,
        mail_notice: notice,
        unprintable: match r.unprintable() {
            chars if chars.is_empty() => String::new(),
            chars => lang.t1("unprintable-desk", "chars", &chars),
        },
        back: format!("/staff/registrations/{}#mails", r.id),
        history,
        can_manage: staff.user.can(Permission::ManageRegistrations),
        can_erase: staff.user.can(Permission::ManageEvents),
        reference: r.reference.clone(),
        basis: basis_line(lang, e, consent.as_ref()),
        can_approve: status != Status::Approved,
        can_reject: matches!(status, Status::Pending | Status::Approved),
        can_cancel: matches!(status, Status::Pending | Status::Approved),
        can_print: staff.user.can(Permission::PrintBadges) && status == Status::Approved,
        badge: badge.map(|b| {
            let printed = match (&b.last_printed_at, &b.last_printed_by) {
                (Some(at), Some(by)) => lang.t_args(
                    "badge-printed",
                    &[("count", &b.print_count.to_string()), ("when", &lang.datetime(e.local(*at))), ("who", by)],
                ),
                _ => lang.t("badge-not-printed"),
            };
            let code = b.code(&state.keys).unwrap_or_default();
            (b.version, crate::qr::svg(&code, 132).unwrap_or_default(), printed)
        }),
        has_photo: has_photo.0,
        photo_pending: has_photo.1.map(|at| lang.datetime(e.local(at))).unwrap_or_default(),
        attendance: scans.into_iter().map(|s| super::attendance::log_line(&p, lang, s)).collect(),
        precedence: precedence.map(|n| n.to_string()).unwrap_or_default(),
        door_note: r.door_note.clone(),
        zone_choices: {
            let own = crate::events::zones::own(&r);
            p.zones
                .iter()
                .map(|z| {
                    (
                        z.code.clone(),
                        z.name.clone(),
                        own.contains(&z.code.as_str()),
                        z.categories.contains(&r.category_id),
                    )
                })
                .collect()
        },
        watchers,
        layouts: super::setup_views::paper_options(lang),
        has_printer: stations.iter().any(|s| s.2),
        stations,
        print_jobs,
        printed_with,
    };
    Ok(render(StatusCode::OK, &page))
}

/// "Held on: consent to notice version 2, 7 Dec 2026 09:12", or the basis staff recorded.
fn basis_line(lang: crate::i18n::Lang, e: &crate::events::Event, consent: Option<&crate::privacy::Consent>) -> String {
    let Some(c) = consent else { return String::new() };
    let basis = lang.t(&format!("basis-{}", c.basis.replace('_', "-")));
    match (c.notice_version, c.consented_at) {
        (Some(v), Some(at)) => lang.t_args(
            "detail-basis-consent",
            &[("basis", &basis), ("version", &v.to_string()), ("when", &lang.datetime(e.local(at)))],
        ),
        _ => lang.t1("detail-basis", "basis", &basis),
    }
}

fn form_of(r: &Registration, p: &Programme, chosen: Vec<String>) -> RegistrationForm {
    RegistrationForm {
        honorific: r.honorific.clone(),
        given_name: r.given_name.clone(),
        family_name: r.family_name.clone(),
        native_name: r.native_name.clone(),
        badge_name: r.badge_name.clone(),
        email: r.email.clone(),
        phone: r.phone.clone(),
        country: r.country.clone(),
        organization: r.organization.clone(),
        position: r.position.clone(),
        category: p.categories.iter().find(|c| c.id == r.category_id).map(|c| c.name.clone()).unwrap_or_default(),
        sessions: chosen,
        dietary: r.dietary.clone(),
        accessibility: r.accessibility.clone(),
        locale: r.locale.clone(),
        precedence_class: r.precedence_class.map(|c| c.as_str().to_owned()).unwrap_or_default(),
        credentials_presented_at: r
            .credentials_presented_at
            .map(crate::registrations::precedence::format_credentials)
            .unwrap_or_default(),
        ..RegistrationForm::default()
    }
}

fn edit_page(
    ctx: &Ctx,
    staff: &Staff,
    r: &Registration,
    p: &Programme,
    form: &RegistrationForm,
    errors: &[FieldError],
) -> EditPage {
    let place = FormPlace {
        title: ctx.lang.t1("edit-title", "name", &r.display_name()),
        action: format!("/staff/registrations/{}/edit", r.id),
        back: format!("/staff/registrations/{}", r.id),
        submit: ctx.lang.t("edit-submit"),
    };
    staff_form_page(ctx, staff, p, form, errors, place)
}

pub async fn edit_registration(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageRegistrations>,
    id: web::Path<RegistrationId>,
) -> Result<HttpResponse, AppError> {
    let (r, p) = load(&state, &id).await?;
    let rid = r.id.clone();
    let chosen = state.db(move |conn| Ok(registrations::store::session_ids(conn, &rid)?)).await?;
    let form = form_of(&r, &p, chosen);
    Ok(render(StatusCode::OK, &edit_page(&ctx, &staff, &r, &p, &form, &[])))
}

pub async fn update_registration(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageRegistrations>,
    id: web::Path<RegistrationId>,
    form: CsrfForm<RegistrationForm>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let form = form.0;
    let (r, p) = load(&state, &id).await?;
    let new = match registrations::validate(&form, &p, ctx.lang, Source::Staff) {
        Ok(new) => new,
        Err(errors) => {
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &edit_page(&ctx, &staff, &r, &p, &form, &errors)));
        }
    };
    let (rid, actor) = (r.id.clone(), staff.user.label());
    let outcome = state.db(move |conn| Ok(manage::update(conn, &rid, &new, &actor, now)?)).await?;
    let conflict = |field: &'static str, message: Message| {
        let errors = [FieldError { field, message }];
        Ok(render(StatusCode::CONFLICT, &edit_page(&ctx, &staff, &r, &p, &form, &errors)))
    };
    match outcome {
        ManageOutcome::Done => {
            state.forget_programme(&p.event.slug);
            Ok(see_other(format!("/staff/registrations/{}?done=updated", r.id)))
        }
        ManageOutcome::NotFound => Err(AppError::NotFound),
        ManageOutcome::EmailTaken => conflict("email", Message { key: "error-email-taken", args: vec![] }),
        ManageOutcome::SessionFull { session_id } => conflict("sessions", session_full(&p, ctx.lang, &session_id)),
        ManageOutcome::NotAllowed { .. } | ManageOutcome::QuotaReached | ManageOutcome::ReasonRequired => {
            Ok(see_other(format!("/staff/registrations/{}?done=not-allowed", r.id)))
        }
    }
}

async fn act(
    state: &AppState,
    staff: &Staff,
    id: &RegistrationId,
    reason: &str,
    action: Decision,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let done_key = match action {
        Decision::Approve => "approved",
        Decision::Reject => "rejected",
        Decision::Cancel => "cancelled",
    };
    let (rid, actor, reason, keys) = (id.to_owned(), staff.user.label(), reason.to_owned(), state.keys.clone());
    let outcome = state.db(move |conn| Ok(manage::decide(conn, &keys, &rid, action, &reason, &actor, now)?)).await?;
    let done = match outcome {
        ManageOutcome::Done => {
            state.mailer.wake();
            state.forget_all_programmes();
            done_key
        }
        ManageOutcome::NotFound => return Err(AppError::NotFound),
        ManageOutcome::NotAllowed { .. } | ManageOutcome::EmailTaken => "not-allowed",
        ManageOutcome::SessionFull { .. } => "full",
        ManageOutcome::QuotaReached => "quota",
        ManageOutcome::ReasonRequired => "reason-required",
    };
    Ok(see_other(format!("/staff/registrations/{id}?done={done}")))
}

/// The decision handlers: each is its guards plus the one call.
type Guarded = (web::Data<AppState>, Require<ManageRegistrations>, web::Path<RegistrationId>, CsrfForm<ActionForm>);

pub async fn approve_registration((state, staff, id, f): Guarded) -> Result<HttpResponse, AppError> {
    act(&state, &staff, &id, &f.reason, Decision::Approve).await
}

pub async fn reject_registration((state, staff, id, f): Guarded) -> Result<HttpResponse, AppError> {
    act(&state, &staff, &id, &f.reason, Decision::Reject).await
}

pub async fn cancel_registration((state, staff, id, f): Guarded) -> Result<HttpResponse, AppError> {
    act(&state, &staff, &id, &f.reason, Decision::Cancel).await
}
