//! Per-request context: the reader's language, the CSRF seed, and the cookies that keep
//! them; also turns error responses into pages in that language.

use std::future::{Ready, ready};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, web};

use super::AppState;
use super::csrf;
use super::pages::{Chrome, ErrorPage, render};
use crate::i18n::Lang;

const LANG_COOKIE: &str = "lanyard_lang";

/// What every page needs to know about the request.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub lang: Lang,
    /// The reader chose the language (`?lang=` or the switcher's cookie), rather than it being
    /// guessed from the browser.
    pub chosen: bool,
    csrf_seed: String,
    csrf_key: std::sync::Arc<[u8]>,
}

impl Ctx {
    /// This context in the language of an invitation (`locale`), unless the reader chose one.
    pub fn with_default_lang(mut self, locale: &str) -> Ctx {
        if !self.chosen
            && let Some(lang) = Lang::parse(locale)
        {
            self.lang = lang;
        }
        self
    }

    /// The token to put in forms.
    pub fn csrf_token(&self) -> String {
        csrf::token(&self.csrf_key, &self.csrf_seed)
    }

    /// Whether a submitted form token is valid for this browser (see `extract`, the one caller).
    pub(super) fn token_fits(&self, submitted: &str) -> bool {
        csrf::verify(&self.csrf_key, &self.csrf_seed, submitted)
    }

    /// The page frame: language, switcher links.
    pub fn chrome(&self, title: impl Into<String>) -> Chrome {
        Chrome::new(self.lang, title.into())
    }
}

struct NewCookies {
    lang: Option<Lang>,
    csrf: Option<String>,
}

/// The language, whether it was chosen in this request (and is to be remembered), and whether
/// the reader chose it at all (now or earlier).
fn choose_lang(req: &ServiceRequest) -> (Lang, bool, bool) {
    let from_query = url::form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Lang::parse(&v));
    if let Some(lang) = from_query {
        return (lang, true, true);
    }
    let from_cookie = req.cookie(LANG_COOKIE).and_then(|c| Lang::parse(c.value()));
    let from_header = || {
        req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::from_accept_language)
    };
    match from_cookie {
        Some(lang) => (lang, false, true),
        None => (from_header().unwrap_or(Lang::En), false, false),
    }
}

/// The middleware: sets up `Ctx`, then sets cookies and renders error pages on the way out.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let (lang, chosen, explicit) = choose_lang(&req);
    let existing = req.cookie(csrf::COOKIE).map(|c| c.value().to_owned()).filter(|v| csrf::is_seed(v));
    // The API takes no forms and sets no cookies: no CSRF seed to make for it.
    let api = req.path().starts_with("/api/");
    let (seed, new_seed) = match existing {
        Some(seed) => (seed, None),
        None if api => (String::new(), None),
        None => {
            let seed = csrf::new_seed();
            (seed.clone(), Some(seed))
        }
    };
    let secure = state.as_ref().is_some_and(|s| s.settings.secure_cookies());
    if let Some(state) = &state {
        req.extensions_mut().insert(Ctx { lang, chosen: explicit, csrf_seed: seed, csrf_key: state.csrf_key.clone() });
    }
    req.extensions_mut().insert(NewCookies { lang: chosen.then_some(lang), csrf: new_seed });

    let res = next.call(req).await?.map_into_boxed_body();
    if let Some(state) = &state {
        super::observe::note_for_security(state, &res);
    }
    // The API answers in JSON and authenticates by bearer token: no pages, no cookies.
    if res.request().path().starts_with("/api/") {
        return Ok(res);
    }
    let res =
        if res.response().error().is_some() && res.status().as_u16() >= 400 { error_page(res, lang) } else { res };
    Ok(set_cookies(res, secure))
}

fn set_cookies(mut res: ServiceResponse<BoxBody>, secure: bool) -> ServiceResponse<BoxBody> {
    let Some(new) = res.request().extensions_mut().remove::<NewCookies>() else {
        return res;
    };
    if let Some(lang) = new.lang {
        let cookie = Cookie::build(LANG_COOKIE, lang.code())
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Lax)
            .max_age(CookieDuration::days(365))
            .finish();
        let _ = res.response_mut().add_cookie(&cookie);
    }
    if let Some(seed) = new.csrf {
        let cookie = Cookie::build(csrf::COOKIE, seed)
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Lax)
            .max_age(CookieDuration::days(30))
            .finish();
        let _ = res.response_mut().add_cookie(&cookie);
    }
    res
}

fn error_page(res: ServiceResponse<BoxBody>, lang: Lang) -> ServiceResponse<BoxBody> {
    let status = res.status();
    let from_app = res.response().error().and_then(|e| e.as_error::<super::AppError>()).map(super::AppError::page);
    let code = from_app.map(str::to_owned).unwrap_or_else(|| {
        match status.as_u16() {
            c @ (400 | 403 | 404 | 413 | 429 | 503) => c,
            c if c >= 500 => 500,
            _ => 400,
        }
        .to_string()
    });
    let title = lang.t(&format!("error-title-{code}"));
    let page =
        ErrorPage { chrome: Chrome::new(lang, title.clone()), title, text: lang.t(&format!("error-text-{code}")) };
    let retry_after = res.headers().get(actix_web::http::header::RETRY_AFTER).cloned();
    let (req, _) = res.into_parts();
    let mut response = render(status, &page);
    if let Some(value) = retry_after {
        response.headers_mut().insert(actix_web::http::header::RETRY_AFTER, value);
    }
    ServiceResponse::new(req, response)
}

impl FromRequest for Ctx {
    type Error = actix_web::Error;
    type Future = Ready<Result<Ctx, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<Ctx>()
                .cloned()
                .ok_or_else(|| actix_web::error::ErrorInternalServerError("context middleware missing")),
        )
    }
}

/// A plain response for cases where a page cannot be rendered.
pub fn fallback(status: actix_web::http::StatusCode) -> HttpResponse {
    HttpResponse::build(status).content_type("text/plain; charset=utf-8").body(status.to_string())
}
