//! Entry points for the fuzz targets in `fuzz/` (cargo-fuzz): each feeds arbitrary bytes to
//! one parser a client can reach, exactly as a request would. A panic, or a crash, is a bug;
//! any `Err` is a fine answer. Not part of the application's own interface.

use actix_web::{FromRequest, web};

use super::form_body::{self, FileRule};
use crate::registrations::{RegistrationForm, csv_io};

/// A CSV import file.
pub fn csv_import(bytes: &[u8]) {
    let _ = csv_io::parse(bytes);
}

/// A posted form (the public registration form).
pub fn urlencoded_form(bytes: &[u8]) {
    let _ = serde_html_form::from_bytes::<RegistrationForm>(bytes);
}

/// A door scan's JSON body.
pub fn scan_body(bytes: &[u8]) {
    let _ = super::doors::api::parse_scan_body(bytes);
}

/// A delegate's photo.
pub fn photo(bytes: &[u8]) {
    let _ = crate::badges::photo::prepare(bytes);
}

/// A multipart form with a file, read as the registration form reads it: the first line of
/// `bytes` is the boundary, the rest the body.
pub fn multipart_form(bytes: &[u8]) {
    let (boundary, body) = match bytes.iter().position(|b| *b == b'\n') {
        Some(i) => (&bytes[..i], &bytes[i + 1..]),
        None => (&b"x"[..], bytes),
    };
    let Ok(boundary) = std::str::from_utf8(boundary) else { return };
    // A header a client could not have sent is not a request.
    let Ok(content_type) =
        actix_web::http::header::HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}"))
    else {
        return;
    };
    let (req, mut payload) = actix_web::test::TestRequest::post()
        .insert_header((actix_web::http::header::CONTENT_TYPE, content_type))
        .set_payload(body.to_vec())
        .to_http_parts();
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_time().build() else { return };
    runtime.block_on(async {
        let Ok(payload) = web::Payload::from_request(&req, &mut payload).await else { return };
        let rule = FileRule { field: "photo", limit: 64 * 1024, token_holds: &|t| t == "token", strict: false };
        let _ = form_body::read(&req, payload, rule, 16 * 1024).await;
    });
}
