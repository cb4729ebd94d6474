//! Extractors that make the checks a handler must not forget part of its signature: a form
//! whose CSRF token is checked before the handler runs, and a permission a staff member must
//! hold (`Require<ManageEvents>`). A handler is its extractors plus one call.

use std::future::Future;
use std::marker::PhantomData;
use std::ops::Deref;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, web};
use serde::de::DeserializeOwned;

use super::context::Ctx;
use super::form_body;
use super::staff::Staff;
use super::{AppError, csrf};
use crate::staff::Permission;

/// The most text a form may carry unless its route sets a `FormLimit`.
const DEFAULT_LIMIT: usize = 256 * 1024;

/// A larger text limit for the forms of one route (batch forms with thousands of ids).
#[derive(Clone, Copy, Debug)]
pub struct FormLimit(pub usize);

/// A form body (urlencoded, or multipart with a file), read and parsed once.
struct Body<T> {
    form: T,
    file: Option<Vec<u8>>,
    file_too_large: bool,
    token_holds: bool,
}

/// The only place a form's CSRF token is checked.
fn token_holds(ctx: &Ctx, fields: &[u8]) -> bool {
    let submitted = url::form_urlencoded::parse(fields).find(|(k, _)| k == csrf::FIELD).map(|(_, v)| v.into_owned());
    submitted.is_some_and(|t| ctx.token_fits(&t))
}

fn read<T: DeserializeOwned + 'static>(
    req: &HttpRequest,
    payload: &mut actix_web::dev::Payload,
    file: Option<(&'static str, usize)>,
    strict: bool,
) -> Pin<Box<dyn Future<Output = Result<Body<T>, AppError>>>> {
    let req = req.clone();
    let payload = web::Payload::from_request(&req, payload).into_inner();
    Box::pin(async move {
        let payload = payload.map_err(|e| AppError::BadRequest(e.to_string()))?;
        read_body(&req, payload, file, strict).await
    })
}

async fn read_body<T: DeserializeOwned>(
    req: &HttpRequest,
    payload: web::Payload,
    file: Option<(&'static str, usize)>,
    strict: bool,
) -> Result<Body<T>, AppError> {
    let limit = req.app_data::<FormLimit>().map_or(DEFAULT_LIMIT, |l| l.0);
    let ctx = Ctx::extract(req).await.map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    let (field, file_limit) = file.unwrap_or(("", 0));
    let rule = form_body::FileRule { field, limit: file_limit, token_holds: &|t| ctx.token_fits(t), strict };
    let body = form_body::read(req, payload, rule, limit).await?;
    // No keyboard types a NUL, and PostgreSQL cannot store one: a staff form holding one is
    // refused whole (the public form reports it by field, keeping what was typed).
    if strict && url::form_urlencoded::parse(&body.fields).any(|(_, v)| v.contains('\0')) {
        return Err(AppError::BadRequest("a field holds a NUL character".into()));
    }
    let form = serde_html_form::from_bytes(&body.fields).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let token_holds = token_holds(&ctx, &body.fields);
    Ok(Body { form, file: body.file, file_too_large: body.file_too_large, token_holds })
}

/// Reads a form with its file inside a handler, after what must come first (a signed link
/// checked against the database): nothing of the body is read before this is called.
pub async fn read_upload<T: Upload>(req: &HttpRequest, payload: web::Payload) -> Result<CsrfUpload<T>, AppError> {
    let b = read_body::<T>(req, payload, Some((T::FILE_FIELD, T::FILE_LIMIT)), true).await?;
    if !b.token_holds {
        return Err(AppError::Csrf);
    }
    Ok(CsrfUpload { form: b.form, file: b.file, file_too_large: b.file_too_large })
}

/// A posted form whose CSRF token held; anything else is refused before the handler runs.
pub struct CsrfForm<T>(pub T);

impl<T> CsrfForm<T> {
    /// The form itself.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for CsrfForm<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<CsrfForm<T>, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let body = read::<T>(req, payload, None, true);
        Box::pin(async move {
            let body = body.await?;
            if body.token_holds { Ok(CsrfForm(body.form)) } else { Err(AppError::Csrf) }
        })
    }
}

/// A form that may carry one file: which field holds it and how large it may be.
pub trait Upload: DeserializeOwned + 'static {
    /// The name of the file field.
    const FILE_FIELD: &'static str;
    /// The largest file kept; a larger one is reported as too large, not kept.
    const FILE_LIMIT: usize;
}

/// A posted form with its file, whose CSRF token held.
pub struct CsrfUpload<T> {
    pub form: T,
    pub file: Option<Vec<u8>>,
    pub file_too_large: bool,
}

impl<T: Upload> FromRequest for CsrfUpload<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<CsrfUpload<T>, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let body = read::<T>(req, payload, Some((T::FILE_FIELD, T::FILE_LIMIT)), true);
        Box::pin(async move {
            let b = body.await?;
            if !b.token_holds {
                return Err(AppError::Csrf);
            }
            Ok(CsrfUpload { form: b.form, file: b.file, file_too_large: b.file_too_large })
        })
    }
}

/// A public form that must not lose what was typed when its token expired (a phone that
/// dropped the cookie while the tab slept): the handler gets the input and `expired`, and
/// shows the form again, filled, instead of saving.
pub struct KeptUpload<T> {
    pub form: T,
    pub file: Option<Vec<u8>>,
    pub file_too_large: bool,
    pub expired: bool,
}

impl<T: Upload> FromRequest for KeptUpload<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<KeptUpload<T>, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let body = read::<T>(req, payload, Some((T::FILE_FIELD, T::FILE_LIMIT)), false);
        Box::pin(async move {
            let b = body.await?;
            Ok(KeptUpload { form: b.form, file: b.file, file_too_large: b.file_too_large, expired: !b.token_holds })
        })
    }
}

/// A permission as a type, for `Require<P>`.
pub trait Grant {
    /// The permission the route needs.
    const PERMISSION: Permission;
}

/// Reading registrations and their history.
pub struct ViewRegistrations;

impl Grant for ViewRegistrations {
    const PERMISSION: Permission = Permission::ViewRegistrations;
}

/// Changing, approving, rejecting and cancelling registrations.
pub struct ManageRegistrations;

impl Grant for ManageRegistrations {
    const PERMISSION: Permission = Permission::ManageRegistrations;
}

/// Printing and reissuing badges, photos, precedence.
pub struct PrintBadges;

impl Grant for PrintBadges {
    const PERMISSION: Permission = Permission::PrintBadges;
}

/// Scanning at the doors.
pub struct Scan;

impl Grant for Scan {
    const PERMISSION: Permission = Permission::Scan;
}

/// Staff accounts, tokens and devices.
pub struct ManageStaff;

impl Grant for ManageStaff {
    const PERMISSION: Permission = Permission::ManageStaff;
}

/// Event setup.
pub struct ManageEvents;

impl Grant for ManageEvents {
    const PERMISSION: Permission = Permission::ManageEvents;
}

/// Security vetting (an event's registrations, if the account is given the event).
pub struct Vet;

impl Grant for Vet {
    const PERMISSION: Permission = Permission::Vet;
}

/// A logged-in staff member whose role grants `P`; anyone else is sent to log in or refused
/// before the handler runs.
pub struct Require<P> {
    pub staff: Staff,
    grant: PhantomData<P>,
}

impl<P> Deref for Require<P> {
    type Target = Staff;

    fn deref(&self) -> &Staff {
        &self.staff
    }
}

impl<P: Grant + 'static> FromRequest for Require<P> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Require<P>, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let staff = Staff::from_request(req, payload);
        let scope = scope_of(req);
        let state = req.app_data::<web::Data<super::AppState>>().cloned();
        Box::pin(async move {
            let staff = staff.await?;
            if !staff.user.can(P::PERMISSION) {
                return Err(AppError::Forbidden);
            }
            // The role allows it; now, is it this account's event?
            if let (Some(scope), Some(state)) = (scope, state) {
                let user = staff.user.clone();
                let reach = state.db(move |conn| Ok(crate::staff::events::may_reach(conn, &user, &scope)?)).await?;
                if !reach {
                    return Err(AppError::Forbidden);
                }
            }
            Ok(Require { staff, grant: PhantomData })
        })
    }
}

/// The event (or the registration or invitation of one) a staff route is about, from its
/// pattern: every route under `/staff/events/{slug}`, `/staff/registrations/{id}` and
/// `/staff/invitations/{id}` is checked against the events the account is given.
fn scope_of(req: &HttpRequest) -> Option<crate::staff::events::Scope> {
    use crate::staff::events::Scope;
    let pattern = req.match_pattern()?;
    let param = |name: &str| req.match_info().get(name).map(str::to_owned);
    if pattern.starts_with("/staff/events/{slug}") {
        Some(Scope::Event { slug: param("slug")? })
    } else if pattern.starts_with("/staff/registrations/{id}") {
        Some(Scope::Registration { id: param("id")? })
    } else if pattern.starts_with("/staff/invitations/{id}") {
        Some(Scope::Invitation { id: param("id")? })
    } else {
        None
    }
}
