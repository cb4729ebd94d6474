//! The OpenAPI document for /api/v1. A test walks every path and method listed here
//! against the running server, and every API route against this list.

mod credentials;
mod layouts;
mod messages;
mod precedence;
mod privacy;
mod sessions;

use actix_web::HttpResponse;
use serde_json::{Value, json};

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

fn registration_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Registration" } } } })
}

fn path_params(with_reference: bool) -> Value {
    let mut params = vec![json!({ "name": "slug", "in": "path", "required": true, "schema": { "type": "string" } })];
    if with_reference {
        params.push(json!({ "name": "reference", "in": "path", "required": true, "schema": { "type": "string", "example": "QH-7K3M9P" } }));
    }
    Value::Array(params)
}

fn action(summary: &str, reason: &str) -> Value {
    json!({
        "post": {
            "summary": summary,
            "parameters": path_params(true),
            "requestBody": { "required": false, "content": { "application/json": { "schema": {
                "type": "object", "properties": { "reason": { "type": "string", "maxLength": 500, "description": reason } } } } } },
            "responses": {
                "200": registration_response("The registration after the change; the delegate is mailed."),
                "401": error_response("No valid bearer token."),
                "403": error_response("The token's role may not change registrations."),
                "404": error_response("No such event or reference."),
                "409": error_response("The change does not apply in the registration's current status (code not_allowed) or a session is full (session_full)."),
                "422": error_response("A reason is required (reject).")
            }
        }
    })
}

/// The paths a scanning device uses besides scans and sessions (kept apart: one `json!` of
/// the whole document would pass the macro's recursion limit).
fn device_paths() -> Value {
    json!({
            "/events/{slug}/sync": { "get": {
                "summary": "What a device needs to decide offline: programme, door rules, texts, and one sealed record per badge",
                "description": "Each record's id is HKDF-SHA256(ikm = badge code, salt = `salt`, info = \"lanyard offline record id\"), 16 bytes in hex; its data is base64 of a 12-byte nonce and AES-256-GCM ciphertext under HKDF(..., info = \"lanyard offline record key\"), 32 bytes. A record opens only with the code of its badge.",
                "parameters": path_params(false),
                "responses": {
                    "200": { "description": "The snapshot", "content": { "application/json": { "schema": { "type": "object", "properties": {
                        "generated_at": { "type": "string", "format": "date-time" }, "salt": { "type": "string" },
                        "doors_open_minutes": { "type": "integer" }, "venues": { "type": "array" }, "sessions": { "type": "array" },
                        "messages": { "type": "object" },
                        "badges": { "type": "array", "items": { "type": "object", "properties": { "id": { "type": "string" }, "data": { "type": "string" } } } } } } } } },
                    "401": error_response("No valid bearer token."),
                    "403": error_response("The token may not scan, or is a device of another event."),
                    "404": error_response("No such event.")
                }
            } },
            "/device": { "get": {
                "summary": "Who this token is: a paired device learns its name, event and venues",
                "responses": {
                    "200": { "description": "The device", "content": { "application/json": { "schema": { "type": "object", "properties": {
                        "name": { "type": "string" }, "event": { "type": ["object", "null"] }, "venues": { "type": "array", "items": { "type": "string" } } } } } } },
                    "401": error_response("No valid bearer token."),
                    "403": error_response("The token's role may not scan.")
                }
            } }
    })
}

/// The document itself.
pub fn spec() -> Value {
    let mut doc = base_spec();
    // The paths each feature documents in its own module.
    let features = [
        device_paths(),
        credentials::paths(),
        privacy::paths(),
        sessions::paths(),
        messages::paths(),
        messages::translation_paths(),
        layouts::paths(),
        layouts::zone_paths(),
    ];
    for more in features {
        if let (Some(paths), Value::Object(more)) = (doc["paths"].as_object_mut(), more) {
            paths.extend(more);
        }
    }
    // A queued offline scan names its badge by record and proof instead of its code.
    let scan =
        &mut doc["paths"]["/events/{slug}/scans"]["post"]["requestBody"]["content"]["application/json"]["schema"];
    scan["required"] = json!(["nonce"]);
    if let Some(props) = scan["properties"].as_object_mut() {
        props.insert("record".into(), json!({ "type": "string", "description": "Instead of code, for a scan queued offline: the badge's record id from /sync" }));
        props.insert("proof".into(), json!({ "type": "string", "description": "With record: hex of HKDF-SHA256(ikm = code, salt = the sync's salt, info = \"lanyard offline proof \" + nonce), 16 bytes" }));
    }
    if let (Some(list), Value::Array(more)) =
        (doc["paths"]["/events/{slug}/registrations"]["get"]["parameters"].as_array_mut(), messages::filter_params())
    {
        list.extend(more);
    }
    doc["paths"]["/events/{slug}/registrations/{reference}"]["delete"] = privacy::erase();
    sessions::scan_answer(&mut doc);
    if let (Some(schemas), Value::Object(more)) = (doc["components"]["schemas"].as_object_mut(), credentials::schemas())
    {
        schemas.extend(more);
    }
    if let (Some(props), Value::Object(more)) = (
        doc["components"]["schemas"]["Registration"]["properties"].as_object_mut(),
        credentials::registration_properties(),
    ) {
        props.extend(more);
    }
    precedence::properties(&mut doc);
    answers_every_operation_may_give(&mut doc);
    doc
}

/// The answers any operation may give, whatever it does: a request that cannot be read (400),
/// a token over its rate limit (429, with Retry-After) and a server too busy (503, with
/// Retry-After); and, but for the document itself, no valid token (401).
fn answers_every_operation_may_give(doc: &mut Value) {
    let Some(paths) = doc["paths"].as_object_mut() else { return };
    for (path, operations) in paths.iter_mut() {
        let Some(operations) = operations.as_object_mut() else { continue };
        for operation in operations.values_mut() {
            let Some(responses) = operation["responses"].as_object_mut() else { continue };
            let mut add = |code: &str, text: &str| {
                responses.entry(code.to_owned()).or_insert_with(|| error_response(text));
            };
            add("400", "The request could not be read (malformed JSON, query or path).");
            add("429", "Too many requests from this token; see Retry-After.");
            add("503", "Too busy at the moment; see Retry-After.");
            if path != "/openapi.json" {
                add("401", "No valid bearer token.");
            }
        }
    }
}

fn base_spec() -> Value {
    let text = |max: u32| json!({ "type": "string", "maxLength": max });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Lanyard API",
            "version": "1.0.0",
            "description": "Registrations for events. Field names are those of the registration form and of CSV files. Error messages follow Accept-Language (en, zh)."
        },
        "servers": [{ "url": "/api/v1" }],
        "security": [{ "bearer": [] }],
        "paths": {
            "/events": { "get": {
                "summary": "Events not yet long past",
                "responses": {
                    "200": { "description": "Events", "content": { "application/json": { "schema": {
                        "type": "object", "properties": { "events": { "type": "array", "items": { "$ref": "#/components/schemas/Event" } } } } } } },
                    "401": error_response("No valid bearer token.")
                }
            } },
            "/events/{slug}/registrations": {
                "get": {
                    "summary": "Registrations, filtered like the staff list",
                    "parameters": [
                        path_params(false)[0].clone(),
                        { "name": "q", "in": "query", "schema": { "type": "string" }, "description": "Words found in names (any script), email, reference or organization" },
                        { "name": "status", "in": "query", "schema": { "enum": ["pending", "approved", "rejected", "cancelled"] } },
                        { "name": "category", "in": "query", "schema": { "type": "string" }, "description": "Category name or id" },
                        { "name": "country", "in": "query", "schema": { "type": "string" }, "description": "ISO 3166-1 alpha-2" },
                        { "name": "session", "in": "query", "schema": { "type": "string" }, "description": "Session id or title" },
                        { "name": "sort", "in": "query", "schema": { "enum": ["newest", "oldest", "name", "country", "precedence"] } },
                        { "name": "page", "in": "query", "schema": { "type": "integer", "minimum": 1 } },
                        { "name": "per_page", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 500 } }
                    ],
                    "responses": {
                        "200": { "description": "A page of registrations", "content": { "application/json": { "schema": {
                            "type": "object",
                            "properties": {
                                "total": { "type": "integer" }, "page": { "type": "integer" }, "per_page": { "type": "integer" },
                                "items": { "type": "array", "items": { "$ref": "#/components/schemas/Registration" } }
                            } } } } },
                        "401": error_response("No valid bearer token."),
                        "403": error_response("The token's role may not see registrations."),
                        "404": error_response("No such event.")
                    }
                },
                "post": {
                    "summary": "Register someone (same rules and messages as the form)",
                    "parameters": path_params(false),
                    "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/RegistrationInput" } } } },
                    "responses": {
                        "201": registration_response("Registered; Location names the new registration."),
                        "400": error_response("The body is not JSON of the expected shape."),
                        "401": error_response("No valid bearer token."),
                        "403": error_response("The token's role may not register people."),
                        "404": error_response("No such event."),
                        "409": error_response("already_registered, session_full, registration_closed or invitation_only."),
                        "422": error_response("Field problems, in `fields`, with the form's messages.")
                    }
                }
            },
            "/events/{slug}/registrations/{reference}": {
                "get": {
                    "summary": "One registration",
                    "parameters": path_params(true),
                    "responses": {
                        "200": registration_response("The registration"),
                        "401": error_response("No valid bearer token."),
                        "403": error_response("The token's role may not see registrations."),
                        "404": error_response("No such event or reference.")
                    }
                },
                "put": {
                    "summary": "Replace every field (staff fixing names); any category may be chosen",
                    "parameters": path_params(true),
                    "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/RegistrationInput" } } } },
                    "responses": {
                        "200": registration_response("The registration after the change"),
                        "400": error_response("The body is not JSON of the expected shape."),
                        "401": error_response("No valid bearer token."),
                        "403": error_response("The token's role may not change registrations."),
                        "404": error_response("No such event or reference."),
                        "409": error_response("email_taken or session_full."),
                        "422": error_response("Field problems, in `fields`.")
                    }
                }
            },
            "/events/{slug}/invitations": {
                "get": {
                    "summary": "The event's invitations, with their links and places used",
                    "parameters": path_params(false),
                    "responses": {
                        "200": { "description": "Invitations", "content": { "application/json": { "schema": {
                            "type": "object", "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/Invitation" } } } } } } },
                        "401": error_response("No valid bearer token."),
                        "403": error_response("The token's role may not manage invitations."),
                        "404": error_response("No such event.")
                    }
                },
                "post": {
                    "summary": "Create an invitation and mail its links to the contact",
                    "parameters": path_params(false),
                    "requestBody": { "required": true, "content": { "application/json": { "schema": {
                        "type": "object", "required": ["organization", "contact_email", "quota"],
                        "properties": {
                            "organization": { "type": "string" }, "country": { "type": "string" }, "contact_name": { "type": "string" },
                            "contact_email": { "type": "string" }, "locale": { "type": "string" },
                            "quota": { "type": "integer", "minimum": 1, "maximum": 500 } } } } } },
                    "responses": {
                        "201": { "description": "The invitation", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Invitation" } } } },
                        "400": error_response("The body is not JSON of the expected shape."),
                        "401": error_response("No valid bearer token."),
                        "403": error_response("The token's role may not manage invitations."),
                        "404": error_response("No such event."),
                        "422": error_response("Field problems, in `fields`.")
                    }
                }
            },
            "/events/{slug}/registrations/{reference}/approve": action("Approve (or reinstate)", "Not used"),
            "/events/{slug}/registrations/{reference}/reject": action("Reject, with a reason the delegate reads", "Required"),
            "/events/{slug}/registrations/{reference}/cancel": action("Cancel; frees the delegate's places", "Optional"),
            "/events/{slug}/scans": { "post": {
                "summary": "Decide and record one scan at a door",
                "parameters": path_params(false),
                "requestBody": { "required": true, "content": { "application/json": { "schema": {
                    "type": "object", "required": ["code", "nonce"],
                    "properties": {
                        "code": { "type": "string", "description": "Exactly the text the QR code holds (for a manual admission, the reference)" },
                        "session": { "type": "string", "description": "A session id from /sessions" },
                        "venue": { "type": "string", "description": "Without a session: the venue as a whole" },
                        "nonce": { "type": "string", "maxLength": 100, "description": "Unique per scan; a retry sends the same and is counted once" },
                        "scanned_at": { "type": "string", "format": "date-time", "description": "The device's time of the scan; for an offline scan, the time it is judged at (if within 36 hours)" },
                        "manual": { "type": "boolean" },
                        "direction": { "enum": ["in", "out"], "description": "out: an exit scan, which ends the stay at the venue (and frees a delegation seat); refused exit_not_scanned at a session that does not scan exits" },
                        "offline_outcome": { "enum": ["admitted", "already_admitted", "refused", "exited"], "description": "For a scan decided while offline and uploaded later: what the device showed; an offline admission the server does not confirm is reported as a clash" } } } } } },
                "responses": {
                    "200": { "description": "The decision", "content": { "application/json": { "schema": { "type": "object", "properties": {
                        "outcome": { "enum": ["admitted", "already_admitted", "refused", "exited"] },
                        "clash": { "type": "boolean", "description": "An offline admission the server did not confirm" },
                        "reason": { "enum": ["", "unknown_code", "old_badge", "not_approved", "cancelled", "not_allowed_in_session", "outside_session_time", "session_at_another_venue", "not_vetted", "vetting_refused", "not_issued", "delegation_full", "exit_not_scanned", "zone_required"] },
                                                "message": { "type": "string" }, "detail": { "type": "string" },
                        "registration": { "type": ["object", "null"] }, "previous": { "type": ["object", "null"] },
                        "badge_version": { "type": ["integer", "null"] }, "current_version": { "type": ["integer", "null"] },
                        "admitted_count": { "type": "integer" }, "scan_id": { "type": "string" } } } } } },
                    "401": error_response("No valid bearer token."),
                    "403": error_response("The token's role may not scan (door or admin), or a device scans outside its event or venues."),
                    "404": error_response("No such event."),
                    "422": error_response("A field is missing or wrong (code, nonce, session or venue, scanned_at).")
                }
            } },
            "/events/{slug}/sessions": { "get": {
                "summary": "Sessions and venues to scan for",
                "parameters": path_params(false),
                "responses": {
                    "200": { "description": "Sessions with ids, venues, times and door rules", "content": { "application/json": { "schema": { "type": "object" } } } },
                    "401": error_response("No valid bearer token."),
                    "403": error_response("The token's role may not scan."),
                    "404": error_response("No such event.")
                }
            } },
            "/events/{slug}/attendance": { "get": {
                "summary": "Admitted, expected and inside now per session; admitted and inside now per venue",
                "parameters": path_params(false),
                "responses": {
                    "200": { "description": "The figures of the dashboard, with the offline clashes", "content": { "application/json": { "schema": { "type": "object" } } } },
                    "401": error_response("No valid bearer token."),
                    "403": error_response("The token's role may not see registrations."),
                    "404": error_response("No such event.")
                }
            } },
            "/events/{slug}/registrations/{reference}/badge.pdf": { "get": {
                "summary": "The current badge as PDF (issued if missing); recorded as printed by this token",
                "parameters": [
                    { "name": "slug", "in": "path", "required": true, "schema": { "type": "string" } },
                    { "name": "reference", "in": "path", "required": true, "schema": { "type": "string", "example": "QH-7K3M9P" } },
                    { "name": "layout", "in": "query", "schema": { "enum": ["a6", "cr80", "a4-2up", "a4-4up", "a4-8up", "avery-5395"] }, "description": "Default: the badge's own layout; another paper prints it there (the built-in layout where the badge size differs)" }
                ],
                "responses": {
                    "200": { "description": "The badge", "content": { "application/pdf": { "schema": { "type": "string", "format": "binary" } } } },
                    "400": error_response("Unknown layout (code bad_layout)."),
                    "401": error_response("No valid bearer token."),
                    "403": error_response("The token's role may not print badges (printer or admin)."),
                    "404": error_response("No such event or reference."),
                    "409": error_response("The registration is not approved (code badge-not-approved).")
                }
            } },
            "/events/{slug}/registrations/{reference}/badge/reissue": { "post": {
                "summary": "Revokes the current badge and issues the next version (lost, damaged, name corrected)",
                "parameters": path_params(true),
                "requestBody": { "required": false, "content": { "application/json": { "schema": {
                    "type": "object", "properties": { "reason": { "type": "string", "maxLength": 100, "example": "lost" } } } } } },
                "responses": {
                    "200": { "description": "The new badge", "content": { "application/json": { "schema": { "type": "object", "properties": {
                        "reference": { "type": "string" }, "version": { "type": "integer" }, "code": { "type": "string", "description": "Exactly the text of the new QR code" },
                        "revoked_version": { "type": ["integer", "null"] } } } } } },
                    "401": error_response("No valid bearer token."),
                    "403": error_response("The token's role may not print badges (printer or admin)."),
                    "404": error_response("No such event or reference."),
                    "409": error_response("The registration is not approved (code badge-not-approved).")
                }
            } }
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer", "description": "A token from `lanyard token add`" } },
            "schemas": {
                "Error": { "type": "object", "required": ["error"], "properties": { "error": {
                    "type": "object", "required": ["code", "message"],
                    "properties": {
                        "code": { "type": "string" }, "message": { "type": "string" },
                        "fields": { "type": "array", "items": { "type": "object", "properties": {
                            "field": { "type": "string" }, "code": { "type": "string" }, "message": { "type": "string" } } } },
                        "references": { "type": "array", "items": { "type": "string" } }
                    } } } },
                "Event": { "type": "object", "properties": {
                    "slug": { "type": "string" }, "name": { "type": "string" }, "time_zone": { "type": "string" },
                    "starts_at": { "type": "string", "format": "date-time" }, "ends_at": { "type": "string", "format": "date-time" },
                    "registration_opens_at": { "type": "string", "format": "date-time" },
                    "registration_closes_at": { "type": "string", "format": "date-time" },
                    "registration_open": { "type": "boolean" }, "approval_required": { "type": "boolean" }, "invitation_only": { "type": "boolean" } } },
                "RegistrationInput": { "type": "object", "required": ["given_name", "email", "country", "category"], "properties": {
                    "honorific": text(40), "given_name": text(100), "family_name": text(100), "native_name": text(100),
                    "badge_name": text(60), "email": text(254), "phone": text(32),
                    "country": { "type": "string", "description": "ISO 3166-1 alpha-2" },
                    "organization": text(200), "position": text(200),
                    "category": { "type": "string", "description": "Category name (as on the form) or id" },
                    "sessions": { "type": "array", "items": { "type": "string" }, "description": "Session ids or titles" },
                    "dietary": text(500), "accessibility": text(500),
                    "locale": { "enum": ["en", "zh", "fr", "es", "ru", "ar"] },
                    "lawful_basis": { "enum": ["consent", "contract", "legal_obligation", "public_task", "legitimate_interests"],
                        "description": "Why the organiser holds the data; legitimate_interests when absent (recorded when the registration is made)" } } },
                "Invitation": { "type": "object", "properties": {
                    "id": { "type": "string" }, "code": { "type": "string" }, "organization": { "type": "string" },
                    "country": { "type": "string" }, "contact_name": { "type": "string" }, "contact_email": { "type": "string" },
                    "locale": { "type": "string" }, "quota": { "type": "integer" }, "used": { "type": "integer" },
                    "registration_link": { "type": "string" }, "delegation_link": { "type": "string" }, "revoked": { "type": "boolean" } } },
                "Registration": { "type": "object", "properties": {
                    "id": { "type": "string" }, "reference": { "type": "string" },
                    "status": { "enum": ["pending", "approved", "rejected", "cancelled"] }, "status_reason": { "type": "string" },
                    "honorific": { "type": "string" }, "given_name": { "type": "string" }, "family_name": { "type": "string" },
                    "native_name": { "type": "string" }, "badge_name": { "type": "string" },
                    "email": { "type": "string", "description": "Absent for tokens that cannot manage registrations (printers), as are phone, dietary and accessibility." },
                    "phone": { "type": "string" }, "country": { "type": "string" }, "organization": { "type": "string" },
                    "position": { "type": "string" }, "category": { "type": "string" },
                    "sessions": { "type": "array", "items": { "type": "object", "properties": { "id": { "type": "string" }, "title": { "type": "string" } } } },
                    "dietary": { "type": "string" }, "accessibility": { "type": "string" }, "locale": { "type": "string" },
                    "source": { "enum": ["web", "api", "import", "staff"] },
                    "created_at": { "type": "string", "format": "date-time" }, "updated_at": { "type": "string", "format": "date-time" } } }
            }
        }
    })
}

pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(spec())
}
