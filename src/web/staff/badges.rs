//! Badges at the desk: preview, print one (recorded), reissue, photo, precedence.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::registrations::see_other;
use super::{Staff, now};
use crate::badges::export::{self, ExportError, Job, Selection};
use crate::badges::print::{self, PaperChoice};
use crate::badges::store::{self, Reissued};
use crate::badges::{Paper, photo};
use crate::ids::RegistrationId;
use crate::registrations::{self, Registration};
use crate::web::context::Ctx;
use crate::web::extract::{CsrfForm, CsrfUpload, ManageRegistrations, PrintBadges, Require, Upload, ViewRegistrations};
use crate::web::{AppError, AppState};

/// An export's failure as the web answers it; `nothing` is the conflict key for an empty one.
pub fn export_error(e: ExportError, nothing: &'static str) -> AppError {
    match e {
        ExportError::Nothing => AppError::Conflict(nothing),
        ExportError::Db(e) => e.into(),
        ExportError::Render(e) => AppError::Internal(anyhow::anyhow!(e)),
        ExportError::Io(e) => AppError::Internal(e.into()),
    }
}

/// A PDF answer, shown in the browser (where the print dialog is one click away).
pub fn pdf_response(pdf: Vec<u8>, filename: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((header::CONTENT_DISPOSITION, format!("inline; filename=\"{filename}\"")))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(pdf)
}

async fn registration(state: &AppState, id: &RegistrationId) -> Result<Registration, AppError> {
    let key = id.to_owned();
    state.db(move |conn| registrations::store::find(conn, &key)?.ok_or(AppError::NotFound)).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LayoutQuery {
    layout: String,
    /// A print station: its paper (unless `layout` says another) and its calibration.
    station: String,
    reason: String,
    precedence: String,
}

/// Renders the current badge of one registration (issuing it if needed) and, when `channel` is
/// given, records the print.
pub(super) async fn one_badge(
    state: &AppState,
    staff: &Staff,
    id: &RegistrationId,
    (layout, station): (&str, &str),
    channel: Option<&'static str>,
) -> Result<HttpResponse, AppError> {
    let reg = registration(state, id).await?;
    let slug = {
        let event_id = reg.event_id.clone();
        state.db(move |conn| Ok(crate::events::store::find(conn, &event_id)?.ok_or(AppError::NotFound)?.slug)).await?
    };
    let p = state.programme(&slug).await?;
    let (actor, now, keys) = (staff.user.label(), state.now(), state.keys.clone());
    let filename = format!("{}.pdf", reg.reference);
    let (layout, station) = (layout.to_owned(), station.to_owned());
    let exported = state
        .db(move |conn| {
            let station = match station.as_str() {
                "" => None,
                id => Some(crate::badges::stations::find(conn, &p.event.id, id)?.ok_or(AppError::NotFound)?),
            };
            let paper = match (Paper::parse(&layout), &station) {
                (Some(paper), _) => PaperChoice::On(paper),
                (None, Some(s)) => s.paper_choice(),
                (None, None) => PaperChoice::Own,
            };
            let calibration = station.map(|s| s.calibration()).unwrap_or_default();
            let job =
                Job { paper, title: &reg.reference, actor: &actor, record: channel, now, keys: &keys, calibration };
            export::export(conn, &p, Selection::Given(std::slice::from_ref(&reg)), &job)
                .map_err(|e| export_error(e, "badge-not-approved"))
        })
        .await?;
    Ok(pdf_response(exported.pdf, &filename))
}

/// The badge as it will print; nothing is recorded.
pub async fn preview_badge(
    state: web::Data<AppState>,
    staff: Require<PrintBadges>,
    id: web::Path<RegistrationId>,
    query: web::Query<LayoutQuery>,
) -> Result<HttpResponse, AppError> {
    one_badge(&state, &staff, &id, (&query.layout, &query.station), None).await
}

/// Prints one badge at the desk: the PDF, and a record of who printed it when.
pub async fn print_badge(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<PrintBadges>,
    id: web::Path<RegistrationId>,
    form: CsrfForm<LayoutQuery>,
) -> Result<HttpResponse, AppError> {
    one_badge(&state, &staff, &id, (&form.layout, &form.station), Some("desk")).await
}

/// A lost or wrong badge: the old code stops working and a new version is issued.
pub async fn reissue_badge(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<PrintBadges>,
    id: web::Path<RegistrationId>,
    form: CsrfForm<LayoutQuery>,
) -> Result<HttpResponse, AppError> {
    let reg = registration(&state, &id).await?;
    let reason: &'static str = match form.reason.as_str() {
        "lost" => "lost",
        "damaged" => "damaged",
        "name-corrected" => "name-corrected",
        "stolen" => "stolen",
        _ => "other",
    };
    let (actor, keys) = (staff.user.label(), state.keys.clone());
    let reg_id = reg.id.clone();
    let done = state.db(move |conn| Ok(store::reissue(conn, &keys, &reg, reason, &actor, now())?)).await?;
    let key = match done {
        Reissued::Done { .. } => "reissued",
        Reissued::NotApproved => "badge-not-approved",
    };
    Ok(see_other(format!("/staff/registrations/{reg_id}?done={key}#badge")))
}

/// A photo upload form (staff and the delegate's own page).
#[derive(Deserialize, Default)]
pub struct PhotoUpload {}

impl Upload for PhotoUpload {
    const FILE_FIELD: &'static str = "photo";
    const FILE_LIMIT: usize = photo::MAX_BYTES;
}

/// The uploaded photo, prepared for print, or why it cannot be (`503` when too many photos
/// are being decoded at once).
pub async fn prepared_photo(
    upload: CsrfUpload<PhotoUpload>,
) -> Result<Result<photo::Prepared, photo::PhotoError>, AppError> {
    match (upload.file, upload.file_too_large) {
        (_, true) => Ok(Err(photo::PhotoError::TooLarge)),
        (None, false) => Ok(Err(photo::PhotoError::Empty)),
        (Some(bytes), false) => match decode_photo(bytes).await? {
            Err(photo::PhotoError::Busy) => Err(AppError::Busy),
            other => Ok(other),
        },
    }
}

/// How many photos are decoded at once: a large one holds up to ~64 MB while it is, so this
/// bounds what uploads can cost together. Others wait `DECODE_WAIT`, then are told to retry.
const DECODING_AT_ONCE: usize = 2;
const DECODE_WAIT: std::time::Duration = std::time::Duration::from_secs(3);
static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(DECODING_AT_ONCE);

/// Decodes and prepares a photo on the blocking pool, a few at a time.
pub async fn decode_photo(bytes: Vec<u8>) -> Result<Result<photo::Prepared, photo::PhotoError>, AppError> {
    let Ok(Ok(permit)) = tokio::time::timeout(DECODE_WAIT, DECODING.acquire()).await else {
        crate::metrics::METRICS.busy.with_label_values(&["photo"]).inc();
        tracing::warn!("photo refused: {DECODING_AT_ONCE} photos are being decoded");
        return Ok(Err(photo::PhotoError::Busy));
    };
    let prepared = web::block(move || photo::prepare(&bytes)).await?;
    drop(permit);
    Ok(prepared)
}

/// Staff upload or replace a delegate's photo.
pub async fn upload_photo(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<ManageRegistrations>,
    id: web::Path<RegistrationId>,
    upload: CsrfUpload<PhotoUpload>,
) -> Result<HttpResponse, AppError> {
    let reg = registration(&state, &id).await?;
    let reg_id = reg.id.clone();
    let prepared = match prepared_photo(upload).await? {
        Ok(p) => p,
        Err(e) => return Ok(see_other(format!("/staff/registrations/{reg_id}?done={}#badge", e.key()))),
    };
    let actor = staff.user.label();
    state.db(move |conn| Ok(crate::badges::photo_review::save_photo(conn, &reg, &prepared, &actor, now())?)).await?;
    Ok(see_other(format!("/staff/registrations/{reg_id}?done=photo#badge")))
}

/// The stored photo (staff only; the delegate sees theirs on their own page).
pub async fn show_photo(
    state: web::Data<AppState>,
    _staff: Require<ViewRegistrations>,
    id: web::Path<RegistrationId>,
) -> Result<HttpResponse, AppError> {
    photo_response(&state, id.into_inner()).await
}

/// A registration's stored photo as a private, uncached answer.
pub(super) async fn photo_response(state: &AppState, key: RegistrationId) -> Result<HttpResponse, AppError> {
    let photo = state.db(move |conn| Ok(print::photo(conn, key.as_str())?)).await?.ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type("image/jpeg")
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(photo.bytes.as_ref().clone()))
}

/// Sets a head of mission's rank in the order of precedence.
pub async fn set_precedence(
    state: web::Data<AppState>,
    _ctx: Ctx,
    staff: Require<ManageRegistrations>,
    id: web::Path<RegistrationId>,
    form: CsrfForm<LayoutQuery>,
) -> Result<HttpResponse, AppError> {
    let text = form.precedence.trim();
    let rank = match text {
        "" => None,
        t => match t.parse::<i32>() {
            Ok(n) if (1..=9999).contains(&n) => Some(n),
            _ => return Ok(see_other(format!("/staff/registrations/{id}?done=precedence-invalid#badge"))),
        },
    };
    let reg = registration(&state, &id).await?;
    let (reg_id, actor) = (reg.id.clone(), staff.user.label());
    state.db(move |conn| Ok(store::set_precedence(conn, &reg, rank, &actor, now())?)).await?;
    Ok(see_other(format!("/staff/registrations/{reg_id}?done=precedence#badge")))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct DoorNoteForm {
    door_note: String,
}

/// Sets the note every door shows with this delegate's answer (registrars), audited.
pub async fn set_door_note(
    state: web::Data<AppState>,
    staff: Require<ManageRegistrations>,
    id: web::Path<RegistrationId>,
    form: CsrfForm<DoorNoteForm>,
) -> Result<HttpResponse, AppError> {
    let Ok(note) = crate::checkin::notes::parse(&form.door_note) else {
        return Ok(see_other(format!("/staff/registrations/{id}?done=door-note-invalid#door-note")));
    };
    let reg = registration(&state, &id).await?;
    let (reg_id, event_id, actor) = (reg.id.clone(), reg.event_id.clone(), staff.user.label());
    let at = state.now();
    state.db(move |conn| Ok(crate::checkin::notes::set(conn, &event_id, &reg.id, &note, &actor, at)?)).await?;
    Ok(see_other(format!("/staff/registrations/{reg_id}?done=door-note#door-note")))
}
