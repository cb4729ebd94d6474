//! The event's privacy notice on a page of its own (linked from the form and the mails).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use crate::web::context::Ctx;
use crate::web::pages::{PrivacyPage, render};
use crate::web::{AppError, AppState};

/// `GET /events/{slug}/privacy`.
pub async fn show_privacy(
    state: web::Data<AppState>,
    ctx: Ctx,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let p = state.programme(&slug).await?;
    let lang = ctx.lang;
    let page = PrivacyPage {
        chrome: ctx.chrome(format!("{} – {}", lang.t("privacy-title"), p.event_name(lang))),
        slug: p.event.slug.clone(),
        event_name: p.event_name(lang).to_owned(),
        privacy: crate::privacy::notice::notice(&p, lang),
    };
    Ok(render(StatusCode::OK, &page))
}
