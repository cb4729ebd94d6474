//! CSV export of any filtered list, and CSV import with a line-by-line report before writing.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;

use super::Staff;
use super::pages::{ImportPage, ImportRow};
use super::registrations::{ListQuery, filter_of};
use crate::audit::{self, Change};
use crate::registrations::csv_io::{self, ImportError, RowOutcome};
use crate::registrations::search::{self, Sort};
use crate::web::context::Ctx;
use crate::web::extract::{CsrfForm, CsrfUpload, ManageRegistrations, Require, Upload};
use crate::web::pages::render;
use crate::web::{AppError, AppState};

/// The largest file accepted (about 10,000 rows).
const MAX_FILE: usize = 4 * 1024 * 1024;

/// The largest confirmation accepted: the checked file comes back base64-encoded (4 characters
/// for 3 bytes), each of which a browser may percent-encode into 3 (`+`, `/`, `=`), so the
/// largest file the check step takes always fits, with room for the token and field names.
pub(super) const CONFIRM_BODY: usize = 3 * 4 * MAX_FILE.div_ceil(3) + 4096;

pub async fn export_registrations(
    state: web::Data<AppState>,
    _staff: Require<ManageRegistrations>,
    slug: web::Path<String>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let p = state.programme(&slug).await?;
    let filter = filter_of(&p, &query);
    let sort = Sort::parse(query.sort());
    let programme = p.clone();
    let body = state
        .db(move |conn| {
            let (rows, _) = search::search(conn, &programme.event.id, &filter, sort, 1, 100_000)?;
            let vettings = crate::vetting::of_event(conn, &programme.event.id)?;
            let mut custody = crate::badges::custody::current_of_event(conn, &programme.event.id)?;
            let ids: Vec<_> = rows.iter().map(|r| r.id.clone()).collect();
            let mut lost = crate::badges::custody::lost_versions(conn, &ids)?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                let sessions = crate::registrations::store::session_ids(conn, &r.id)?;
                out.push(csv_io::ExportRow {
                    sessions,
                    vetting: crate::vetting::status_of(vettings.get(&r.id)),
                    badge: custody.remove(&r.id).map(|c| (c.badge.version, c.state)),
                    lost: lost.remove(&r.id).unwrap_or_default(),
                    registration: r,
                });
            }
            csv_io::export(&programme, &out).map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    let name = format!("{}-registrations-{}.csv", p.event.slug, now.format("%Y%m%d-%H%M"));
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}

fn page(ctx: &Ctx, staff: &Staff, slug: &str, event: &str) -> ImportPage {
    let lang = ctx.lang;
    let mut chrome = ctx.chrome(lang.t1("import-title", "event", event));
    chrome.staff = Some(staff.nav(ctx));
    ImportPage {
        chrome,
        slug: slug.to_owned(),
        csrf_token: ctx.csrf_token(),
        columns: csv_io::COLUMNS[2..17].join(", "),
        error: String::new(),
        rows: Vec::new(),
        summary: String::new(),
        content: String::new(),
        creatable: 0,
    }
}

pub async fn import_page(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageRegistrations>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&slug).await?;
    Ok(render(StatusCode::OK, &page(&ctx, &staff, &p.event.slug, p.event_name(ctx.lang))))
}

/// The CSV file to check.
#[derive(Deserialize, Default)]
pub struct ImportFile {}

impl Upload for ImportFile {
    const FILE_FIELD: &'static str = "file";
    const FILE_LIMIT: usize = MAX_FILE;
}

/// Checks an uploaded file and shows what an import would do; writes nothing.
pub async fn check_import(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageRegistrations>,
    slug: web::Path<String>,
    upload: CsrfUpload<ImportFile>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&slug).await?;
    if upload.file_too_large {
        let mut out = page(&ctx, &staff, &p.event.slug, p.event_name(ctx.lang));
        out.error = ctx.lang.t("import-too-large");
        return Ok(render(StatusCode::PAYLOAD_TOO_LARGE, &out));
    }
    report(&state, &ctx, &staff, p, upload.file.unwrap_or_default()).await
}

async fn report(
    state: &AppState,
    ctx: &Ctx,
    staff: &Staff,
    p: std::sync::Arc<crate::events::Programme>,
    bytes: Vec<u8>,
) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let mut out = page(ctx, staff, &p.event.slug, p.event_name(lang));
    if bytes.len() > MAX_FILE {
        out.error = lang.t("import-too-large");
        return Ok(render(StatusCode::PAYLOAD_TOO_LARGE, &out));
    }
    let (programme, content) = (p.clone(), bytes.clone());
    let checked = state.db(move |conn| Ok(csv_io::check(conn, &programme, &content, lang))).await?;
    let reports = match checked {
        Ok(r) => r,
        Err(ImportError::Db(e)) => return Err(e.into()),
        Err(e) => {
            out.error = lang.t1("import-unreadable", "reason", &e.to_string());
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &out));
        }
    };
    let count = |f: fn(&RowOutcome) -> bool| reports.iter().filter(|r| f(&r.outcome)).count() as i64;
    out.creatable = count(|o| matches!(o, RowOutcome::Create));
    let existing = count(|o| matches!(o, RowOutcome::AlreadyRegistered));
    let invalid = count(|o| matches!(o, RowOutcome::Invalid(_) | RowOutcome::DuplicateInFile { .. }));
    out.summary = lang.t_args(
        "import-summary",
        &[("new", &out.creatable.to_string()), ("existing", &existing.to_string()), ("invalid", &invalid.to_string())],
    );
    out.rows = reports
        .iter()
        .map(|r| ImportRow {
            line: r.line,
            name: r.name.clone(),
            email: r.email.clone(),
            outcome: r.outcome.describe(lang),
            warning: if r.unprintable.is_empty() {
                String::new()
            } else {
                lang.t1("unprintable-warning", "chars", &r.unprintable)
            },
            ok: !matches!(r.outcome, RowOutcome::Invalid(_) | RowOutcome::DuplicateInFile { .. }),
        })
        .collect();
    // The file travels back with the confirmation, so nothing is kept on the server between
    // the two steps (any instance can take the second).
    out.content = STANDARD.encode(&bytes);
    Ok(render(StatusCode::OK, &out))
}

#[derive(Deserialize)]
pub struct Confirm {
    #[serde(default)]
    content: String,
}

/// Imports the new, valid lines of a checked file.
pub async fn run_import(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageRegistrations>,
    slug: web::Path<String>,
    form: CsrfForm<Confirm>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let bytes = STANDARD.decode(form.content.trim()).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let p = state.programme(&slug).await?;
    let (programme, lang, actor, keys) = (p.clone(), ctx.lang, staff.user.label(), state.keys.clone());
    let created = state
        .db(move |conn| {
            let reports = match csv_io::check(conn, &programme, &bytes, lang) {
                Ok(r) => r,
                Err(ImportError::Db(e)) => return Err(e.into()),
                Err(e) => return Err(AppError::BadRequest(e.to_string())),
            };
            let at = now;
            let created = csv_io::apply(conn, &keys, &programme, &reports, lang, at)?;
            let change = Change {
                actor: &actor,
                action: "registrations.import",
                entity: "event",
                entity_id: programme.event.id.as_str(),
                event_id: Some(&programme.event.id),
                before: None,
                after: Some(serde_json::json!({ "rows": reports.len(), "created": created })),
            };
            audit::record(conn, change, at)?;
            Ok(created)
        })
        .await?;
    state.mailer.wake();
    state.forget_programme(&p.event.slug);
    let to = format!("/staff/events/{}/registrations?done=imported&n={created}", p.event.slug);
    Ok(HttpResponse::SeeOther().insert_header((header::LOCATION, to)).finish())
}
