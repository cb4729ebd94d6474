//! `/staff/security-log`: the newest security events, for admins (see `crate::security_log`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::security_log::{self, Kind};
use crate::web::context::Ctx;
use crate::web::extract::{ManageStaff, Require};
use crate::web::pages::{Chrome, render};
use crate::web::{AppError, AppState};

/// How many entries the page shows.
const SHOWN: i64 = 300;

#[derive(Template)]
#[template(path = "staff/security_log.html")]
pub struct SecurityLogPage {
    pub chrome: Chrome,
    /// (value, label, selected) of the kind filter; "" for every kind.
    pub kinds: Vec<(String, String, bool)>,
    /// (time, kind, account or token, address, detail)
    pub rows: Vec<(String, String, String, String, String)>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct KindQuery {
    kind: String,
}

pub async fn show_security_log(
    state: web::Data<AppState>,
    ctx: Ctx,
    staff: Require<ManageStaff>,
    query: web::Query<KindQuery>,
) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let kind = Kind::parse(&query.kind);
    let entries = state.db(move |conn| Ok(security_log::recent(conn, kind, SHOWN)?)).await?;
    let label = |k: &str| lang.t(&format!("security-kind-{k}"));
    let mut kinds = vec![(String::new(), lang.t("security-log-every-kind"), kind.is_none())];
    kinds.extend(Kind::ALL.iter().map(|k| (k.as_str().to_owned(), label(k.as_str()), Some(*k) == kind)));
    let rows = entries
        .into_iter()
        .map(|e| (e.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(), label(&e.kind), e.actor, e.address, e.detail))
        .collect();
    let mut chrome = ctx.chrome(lang.t("security-log-title"));
    chrome.staff = Some(staff.nav(&ctx));
    Ok(render(StatusCode::OK, &SecurityLogPage { chrome, kinds, rows }))
}
