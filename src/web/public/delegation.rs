//! The head of delegation's page: the registrations made under an invitation, places left,
//! a link to register another delegate, and cancelling one (which frees the place).

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::events::Window;
use crate::invitations::{self, Invitation};
use crate::registrations::manage::{self, ManageOutcome};
use crate::web::context::Ctx;
use crate::web::extract::CsrfForm;
use crate::web::pages::{DelegatePage, DelegateRow, render};
use crate::web::{AppError, AppState};

async fn load(state: &AppState, code: &str) -> Result<Invitation, AppError> {
    let key = code.to_owned();
    let keys = state.keys.clone();
    state.db(move |conn| invitations::find_by_manage_code(conn, &keys, &key)?.ok_or(AppError::NotFound)).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Done {
    done: String,
}

pub async fn show_delegation(
    state: web::Data<AppState>,
    ctx: Ctx,
    code: web::Path<String>,
    query: web::Query<Done>,
) -> Result<HttpResponse, AppError> {
    let invitation = load(&state, &code).await?;
    let ctx = ctx.with_default_lang(&invitation.locale);
    let event_slug = {
        let id = invitation.event_id.clone();
        state.db(move |conn| crate::events::store::find(conn, &id)?.map(|e| e.slug).ok_or(AppError::NotFound)).await?
    };
    let p = state.programme(&event_slug).await?;
    let id = invitation.id.clone();
    let registrations = state.db(move |conn| Ok(invitations::registrations_of(conn, &id)?)).await?;
    let lang = ctx.lang;
    let rows = registrations
        .iter()
        .map(|r| DelegateRow {
            reference: r.reference.clone(),
            name: r.display_name(),
            category: p
                .categories
                .iter()
                .find(|c| c.id == r.category_id)
                .map(|c| p.category_name(lang, c))
                .unwrap_or_default(),
            status: r.status.as_str().to_owned(),
            status_label: lang.t(&format!("status-{}", r.status.as_str())),
            can_cancel: matches!(r.status.as_str(), "pending" | "approved"),
        })
        .collect();
    let open = p.event.window(state.now()) == Window::Open;
    let page = DelegatePage {
        chrome: ctx.chrome(lang.t1("delegation-title", "organization", &invitation.organization)),
        code: invitation.codes(&state.keys).map(|c| c.register).unwrap_or_default(),
        manage_code: invitations::normal(&code),
        slug: p.event.slug.clone(),
        csrf_token: ctx.csrf_token(),
        intro: lang.t_args(
            "delegation-intro",
            &[
                ("event", p.event_name(lang)),
                ("used", &invitation.used.to_string()),
                ("quota", &invitation.quota.to_string()),
            ],
        ),
        flash: if query.done == "cancelled" { lang.t("done-cancelled") } else { String::new() },
        can_register: open && invitation.left() > 0,
        full: invitation.left() == 0,
        rows,
    };
    let mut response = render(StatusCode::OK, &page);
    response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    Ok(response)
}

#[derive(Deserialize)]
pub struct CancelForm {}

pub async fn cancel_delegate(
    state: web::Data<AppState>,
    _ctx: Ctx,
    path: web::Path<(String, String)>,
    _form: CsrfForm<CancelForm>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let (code, reference) = path.into_inner();
    let invitation = load(&state, &code).await?;
    let (id, actor) = (invitation.id.clone(), format!("delegation:{}", invitation.organization));
    let outcome = state
        .db(move |conn| {
            // Only registrations made under this invitation can be touched from its page.
            let r = crate::registrations::store::find_by_reference(conn, &reference)?
                .filter(|r| r.invitation_id.as_deref() == Some(id.as_str()))
                .ok_or(AppError::NotFound)?;
            Ok(manage::cancel(conn, &r.id, "", &actor, now)?)
        })
        .await?;
    if outcome == ManageOutcome::Done {
        state.mailer.wake();
        state.forget_all_programmes();
    }
    let to = format!("/invitations/{}?done=cancelled", invitations::normal(&code));
    Ok(HttpResponse::SeeOther().insert_header((header::LOCATION, to)).finish())
}
