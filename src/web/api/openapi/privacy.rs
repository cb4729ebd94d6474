//! The OpenAPI paths of a person's rights and the retention period.

use serde_json::{Value, json};

use super::{error_response, path_params};

/// Export and erasure of one registration, and what an event holds.
pub(super) fn paths() -> Value {
    json!({
        "/events/{slug}/registrations/{reference}/export": { "get": {
            "summary": "Everything held about one registration (right of access), as one JSON document: fields, lawful basis, sessions, vetting, badges and prints, photo (base64), scans, mails, history (admin)",
            "parameters": path_params(true),
            "responses": {
                "200": { "description": "The document", "content": { "application/json": { "schema": { "type": "object" } } } },
                "401": error_response("No valid bearer token."),
                "403": error_response("Only admins export a person's data."),
                "404": error_response("No such event or reference (an erased registration answers 404).")
            }
        } },
        "/events/{slug}/privacy": { "get": {
            "summary": "The personal data the event holds, its retention period and when it is purged (admin)",
            "parameters": path_params(false),
            "responses": {
                "200": { "description": "Held counts and dates", "content": { "application/json": { "schema": { "type": "object", "properties": {
                    "notice_version": { "type": "integer" }, "retention_days": { "type": "integer" },
                    "purge_due_at": { "type": "string", "format": "date-time" },
                    "purged_at": { "type": ["string", "null"], "format": "date-time" },
                    "held": { "type": "object", "properties": {
                        "registrations": { "type": "integer" }, "photos": { "type": "integer" },
                        "mails": { "type": "integer" }, "invitations": { "type": "integer" } } } } } } } },
                "401": error_response("No valid bearer token."),
                "403": error_response("Only admins see the retention report."),
                "404": error_response("No such event.")
            }
        } },
    })
}

/// `DELETE` on a registration: erasure.
pub(super) fn erase() -> Value {
    json!({
        "summary": "Erase the person (admin): personal fields, photo, badges, mails and personal values in the history go at once; attendance counts stay. Then the reference answers 404",
        "parameters": path_params(true),
        "responses": {
            "204": { "description": "Erased" },
            "401": error_response("No valid bearer token."),
            "403": error_response("Only admins erase."),
            "404": error_response("No such event or reference, or already erased.")
        }
    })
}
