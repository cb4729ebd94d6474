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

/// Reads the body: up to `text_limit` bytes of text fields, and a file of up to `file_limit`.
pub async fn read(
    req: &HttpRequest,
    mut payload: web::Payload,
    file_field: &str,
    file_limit: usize,
    text_limit: usize,
) -> Result<FormBody, AppError> {
    let multipart = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"));
    if !multipart {
        let mut fields = Vec::new();
        while let Some(chunk) = payload.next().await {
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
    while let Some(field) = parts.next().await {
        let mut field = field.map_err(|e| AppError::BadRequest(e.to_string()))?;
        let name = field.name().unwrap_or_default().to_owned();
        count += 1;
        text_len += name.len() + 64;
        if count > 200 || text_len > text_limit {
            return Err(AppError::TooLarge);
        }
        let is_file = !file_field.is_empty() && name == file_field;
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| AppError::BadRequest(e.to_string()))?;
            if is_file {
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
            if !bytes.is_empty() {
                file = Some(bytes);
            }
        } else {
            text.append_pair(&name, &String::from_utf8_lossy(&bytes));
        }
    }
    Ok(FormBody { fields: text.finish().into_bytes(), file, file_too_large })
}
