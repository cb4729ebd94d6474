//! The OpenAPI paths of messages to segments and of the mail log.

use serde_json::{Value, json};

use super::{error_response, path_params};

/// The filters a list and a message share, as query parameters (yes/no filters take `true`).
pub(super) fn filter_params() -> Value {
    json!([
        { "name": "invitation", "in": "query", "schema": { "type": "string" }, "description": "Invitation id" },
        { "name": "not_arrived", "in": "query", "schema": { "type": "boolean" }, "description": "Approved and not admitted yet (to the session, if one is given)" },
        { "name": "watched", "in": "query", "schema": { "type": "boolean" }, "description": "On someone's watch list" },
        { "name": "heads_of_delegation", "in": "query", "schema": { "type": "boolean" }, "description": "The first approved member of each delegation in the order of precedence" }
    ])
}

fn with_id() -> Value {
    let mut params = path_params(false);
    if let Value::Array(list) = &mut params {
        list.push(json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }));
    }
    params
}

fn texts(max: u32) -> Value {
    json!({ "oneOf": [
        { "type": "string", "minLength": 1, "maxLength": max, "description": "In the event's default language" },
        { "type": "object", "description": "Language code (en, zh, fr, es, ru, ar) → text; readers of other languages get the event's default, else the first",
          "additionalProperties": { "type": "string", "maxLength": max } }
    ] })
}

/// `POST /events/{slug}/messages`, `GET …/messages/{id}`, `GET …/mails`, `POST …/mails/{id}/resend`.
pub(super) fn paths() -> Value {
    let statuses = json!(["queued", "sending", "sent", "retry", "failed"]);
    json!({
        "/events/{slug}/messages": { "post": {
            "summary": "Sends a message to the registrations a filter chooses (the list's filters), each once, in their language; the same key again sends nothing new",
            "parameters": [
                { "name": "slug", "in": "path", "required": true, "schema": { "type": "string" } },
                { "name": "Idempotency-Key", "in": "header", "schema": { "type": "string", "maxLength": 100 } }
            ],
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["subject", "body"], "additionalProperties": false, "properties": {
                "subject": texts(200), "body": texts(20000),
                "filter": { "type": "object", "additionalProperties": false, "properties": {
                    "q": { "type": "string" }, "status": { "type": "string", "enum": ["pending", "approved", "rejected", "cancelled"] },
                    "category": { "type": "string" }, "country": { "type": "string" }, "session": { "type": "string" },
                    "invitation": { "type": "string" }, "not_arrived": { "type": "boolean" }, "watched": { "type": "boolean" },
                    "heads_of_delegation": { "type": "boolean" } } },
                "key": { "type": "string", "maxLength": 100, "description": "Sending twice with one key sends once" } } } } } },
            "responses": {
                "201": { "description": "Queued", "content": { "application/json": { "schema": { "type": "object", "properties": {
                    "id": { "type": "string" }, "recipients": { "type": "integer" } } } } } },
                "200": { "description": "This key was sent before; nothing new was queued", "content": { "application/json": { "schema": { "type": "object", "properties": {
                    "id": { "type": "string" }, "recipients": { "type": "integer" }, "repeated": { "type": "boolean" } } } } } },
                "400": error_response("The body is not JSON of this shape."),
                "401": error_response("No valid bearer token."),
                "403": error_response("The token's role may not manage registrations."),
                "404": error_response("No such event."),
                "413": error_response("The body is too large."),
                "422": error_response("A text is missing, too long or in an unknown language; a filter names nothing; or no one matches.")
            }
        } },
        "/events/{slug}/messages/{id}": { "get": {
            "summary": "A message: its texts, filter, recipients, and its mails by status (a resent mail counts as its newest attempt)",
            "parameters": with_id(),
            "responses": {
                "200": { "description": "The message", "content": { "application/json": { "schema": { "type": "object", "properties": {
                    "id": { "type": "string" }, "subject": { "type": "object" }, "body": { "type": "object" }, "filter": { "type": "object" },
                    "recipients": { "type": "integer" }, "created_at": { "type": "string", "format": "date-time" }, "created_by": { "type": "string" },
                    "mails": { "type": "object", "additionalProperties": { "type": "integer" } } } } } } },
                "401": error_response("No valid bearer token."),
                "403": error_response("The token's role may not see registrations."),
                "404": error_response("No such event or message.")
            }
        } },
        "/events/{slug}/mails": { "get": {
            "summary": "The event's mail log, newest first (at most 500): kind, language, status, attempts, last error without addresses",
            "parameters": [
                { "name": "slug", "in": "path", "required": true, "schema": { "type": "string" } },
                { "name": "status", "in": "query", "schema": { "type": "string", "enum": statuses } }
            ],
            "responses": {
                "200": { "description": "The mails", "content": { "application/json": { "schema": { "type": "object", "properties": {
                    "mails": { "type": "array", "items": { "type": "object", "properties": {
                        "id": { "type": "string" }, "kind": { "type": "string" }, "locale": { "type": "string" },
                        "status": { "type": "string", "enum": statuses }, "attempts": { "type": "integer" },
                        "last_error": { "type": ["string", "null"] }, "refused": { "type": "boolean" },
                        "reference": { "type": ["string", "null"] }, "message": { "type": ["string", "null"] },
                        "created_at": { "type": "string", "format": "date-time" }, "sent_at": { "type": ["string", "null"], "format": "date-time" } } } } } } } } },
                "401": error_response("No valid bearer token."),
                "403": error_response("The token's role may not see registrations."),
                "404": error_response("No such event."),
                "422": error_response("status is not a mail status.")
            }
        } },
        "/events/{slug}/mails/{id}/resend": { "post": {
            "summary": "Sends a sent or failed mail again, to the address and in the language as they are now; audited",
            "parameters": with_id(),
            "responses": {
                "202": { "description": "Queued as a new mail", "content": { "application/json": { "schema": { "type": "object", "properties": {
                    "id": { "type": "string" }, "status": { "type": "string" } } } } } },
                "401": error_response("No valid bearer token."),
                "403": error_response("The token's role may not manage registrations."),
                "404": error_response("No such mail in this event, or its person was erased."),
                "409": error_response("Resent already (already_resent), or still being sent (mail_not_finished).")
            }
        } }
    })
}

/// `GET/PUT /events/{slug}/translations`.
pub(super) fn translation_paths() -> Value {
    let text = json!({ "type": "object", "properties": {
        "owner": { "type": "string", "enum": ["event", "venue", "session", "category"] }, "id": { "type": "string" },
        "field": { "type": "string", "enum": ["name", "description", "title"] }, "original": { "type": "string" },
        "translations": { "type": "object", "additionalProperties": { "type": "string" } } } });
    let answer = json!({ "description": "The texts and their translations", "content": { "application/json": { "schema": { "type": "object", "properties": {
        "default_locale": { "type": "string" }, "texts": { "type": "array", "items": text } } } } } });
    json!({ "/events/{slug}/translations": {
        "get": {
            "summary": "Every text the organiser wrote for the event (name, description, venues, sessions, categories) with its translations",
            "parameters": path_params(false),
            "responses": {
                "200": answer.clone(),
                "401": error_response("No valid bearer token."),
                "403": error_response("The token's role may not see registrations."),
                "404": error_response("No such event.")
            }
        },
        "put": {
            "summary": "Sets translations (language code → text; empty removes one); nothing is saved unless every change is good; admins",
            "parameters": path_params(false),
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "additionalProperties": false, "properties": {
                "texts": { "type": "array", "items": { "type": "object", "additionalProperties": false, "properties": {
                    "id": { "type": "string" }, "field": { "type": "string" },
                    "translations": { "type": "object", "additionalProperties": { "type": "string", "maxLength": 5000 } } } } } } } } } },
            "responses": {
                "200": answer,
                "400": error_response("The body is not JSON of this shape."),
                "401": error_response("No valid bearer token."),
                "403": error_response("The token's role may not change events."),
                "404": error_response("No such event."),
                "413": error_response("The body is too large."),
                "422": error_response("A text that is not the event's, a language that is not one of the six (or the event's own), or too long.")
            }
        }
    } })
}
