//! A form body that may come as `application/x-www-form-urlencoded` or, when it carries a file,
//! `multipart/form-data`: text fields become one urlencoded body (parsed as before), the file
//! comes apart.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, web};
use futures_util::StreamExt;

use super::AppError;

/// What the browser sent.
pub struct FormBody {
    /// The text fields, urlencoded.
    pub fields: Vec<u8>,
    /// The file of the field named `file_field`, when one was chosen.
    pub file: Option<Vec<u8>>,
    /// The file was larger than allowed (and was not kept).
    pub file_too_large: bool,
}

/// What a form's file may be, and who may send one.
pub struct FileRule<'a> {
    /// The name of the file field ("" for none).
    pub field: &'a str,
    /// The largest file kept.
    pub limit: usize,
    /// Whether a CSRF token (the form's text field of that name) is good. The token comes
    /// before the file in the form, so a file without a good token before it is never read
    /// into memory: `strict` refuses the request there, otherwise the file is skipped (the
    /// form comes back filled, without it).
    pub token_holds: &'a dyn Fn(&str) -> bool,
    pub strict: bool,
}

/// Reads the body: up to `text_limit` bytes of text fields, and a file by `rule`. A client
/// that stops sending for `IDLE` is cut off.
pub async fn read(
    req: &HttpRequest,
    payload: web::Payload,
    rule: FileRule<'_>,
    text_limit: usize,
) -> Result<FormBody, AppError> {
    let timeout = tokio::time::timeout(TOTAL, read_all(req, payload, rule, text_limit));
    timeout.await.map_err(|_| AppError::BadRequest("the form took too long to arrive".into()))?
}

/// The longest a client may pause while sending a form, and the longest a form may take.
const IDLE: std::time::Duration = std::time::Duration::from_secs(20);
const TOTAL: std::time::Duration = std::time::Duration::from_secs(120);

/// The next piece of a stream, or an error when the client went quiet for `IDLE`.
async fn next_within<S: futures_util::Stream + Unpin>(stream: &mut S) -> Result<Option<S::Item>, AppError> {
    tokio::time::timeout(IDLE, stream.next())
        .await
        .map_err(|_| AppError::BadRequest("the client stopped sending".into()))
}

async fn read_all(
    req: &HttpRequest,
    mut payload: web::Payload,
    rule: FileRule<'_>,
    text_limit: usize,
) -> Result<FormBody, AppError> {
    let (file_field, file_limit) = (rule.field, rule.limit);
    let multipart = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"));
    if !multipart {
        let mut fields = Vec::new();
        while let Some(chunk) = next_within(&mut payload).await? {
            let chunk = chunk.map_err(|e| AppError::BadRequest(e.to_string()))?;
            if fields.len() + chunk.len() > text_limit {
                return Err(AppError::TooLarge);
            }
            fields.extend_from_slice(&chunk);
        }
        return Ok(FormBody { fields, file: None, file_too_large: false });
    }
    let mut parts = Multipart::new(req.headers(), payload);
    let mut text = url::form_urlencoded::Serializer::new(String::new());
    let mut text_len = 0;
    let (mut file, mut file_too_large, mut skipped) = (None, false, 0usize);
    let mut count = 0;
    let mut token_seen = false;
    while let Some(field) = next_within(&mut parts).await? {
        let mut field = field.map_err(|e| AppError::BadRequest(e.to_string()))?;
        let name = field.name().unwrap_or_default().to_owned();
        count += 1;
        text_len += name.len() + 64;
        if count > 200 || text_len > text_limit {
            return Err(AppError::TooLarge);
        }
        let is_file = !file_field.is_empty() && name == file_field;
        // No good token before the file: its bytes are not kept (or not read at all).
        let unwanted = is_file && !token_seen;
        if unwanted && rule.strict {
            return Err(AppError::Csrf);
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = next_within(&mut field).await? {
            let chunk = chunk.map_err(|e| AppError::BadRequest(e.to_string()))?;
            if unwanted {
                skipped += chunk.len();
                if skipped > 4 * file_limit {
                    return Err(AppError::TooLarge);
                }
            } else if is_file {
                // Keep reading to the end of the part, but keep nothing past the limit.
                if bytes.len() + chunk.len() > file_limit || file_too_large {
                    // Read on to the end of the part (so the answer can say why), but not forever.
                    file_too_large = true;
                    bytes = Vec::new();
                    skipped += chunk.len();
                    if skipped > 4 * file_limit {
                        return Err(AppError::TooLarge);
                    }
                } else {
                    bytes.extend_from_slice(&chunk);
                }
            } else {
                text_len += chunk.len();
                if text_len > text_limit {
                    return Err(AppError::TooLarge);
                }
                bytes.extend_from_slice(&chunk);
            }
        }
        if is_file {
            if !bytes.is_empty() && !unwanted {
                file = Some(bytes);
            }
        } else {
            let value = String::from_utf8_lossy(&bytes);
            if name == super::csrf::FIELD && (rule.token_holds)(&value) {
                token_seen = true;
            }
            text.append_pair(&name, &value);
        }
    }
    Ok(FormBody { fields: text.finish().into_bytes(), file, file_too_large })
}
