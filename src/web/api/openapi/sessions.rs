//! The OpenAPI paths of a session's door rules and of acknowledging a door note.

use serde_json::{Value, json};

use super::{error_response, path_params};

/// `PUT /events/{slug}/sessions/{id}` (the fields given change, the others stay) and
/// `POST /events/{slug}/scans/ack`.
pub(super) fn paths() -> Value {
    let mut params = path_params(false);
    if let Value::Array(list) = &mut params {
        list.push(json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }));
    }
    json!({
        "/events/{slug}/alerts": { "get": {
            "summary": "Arrival alerts: admissions of watched delegates after `since` (exclusive; default the last 24 hours), oldest first, at most 200; ask again from next_since",
            "parameters": [
                { "name": "slug", "in": "path", "required": true, "schema": { "type": "string" } },
                { "name": "since", "in": "query", "schema": { "type": "string", "format": "date-time" } }
            ],
            "responses": {
                "200": { "description": "The alerts", "content": { "application/json": { "schema": { "type": "object", "properties": {
                    "alerts": { "type": "array", "items": { "type": "object", "properties": {
                        "id": { "type": "string" }, "at": { "type": "string", "format": "date-time" }, "local_time": { "type": "string" },
                        "delegate": { "type": "object" }, "venue": { "type": "object" }, "session": { "type": ["object", "null"] },
                        "door": { "type": "object" }, "rehearsal": { "type": "boolean" }, "message": { "type": "string" } } } },
                    "next_since": { "type": "string", "format": "date-time" } } } } } },
                "400": error_response("since is not an RFC 3339 time (code bad_since)."),
                "401": error_response("No valid bearer token."),
                "403": error_response("The token's role may not see registrations."),
                "404": error_response("No such event.")
            }
        } },
        "/events/{slug}/scans/delegation": { "post": {
            "summary": "Admits every approved member of a delegation (a liaison officer's one action): each a manual admission by reference, by the rules of a scan, in order of precedence; staff tokens only",
            "parameters": path_params(false),
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["delegation", "nonce"], "properties": {
                "delegation": { "type": "string", "minLength": 1, "maxLength": 20, "description": "The delegation's country code (the invitation's, else the registration's)" },
                "session": { "type": "string" }, "venue": { "type": "string" },
                "nonce": { "type": "string", "minLength": 1, "maxLength": 60, "description": "The same action sent again sends the same nonce: nobody is admitted twice" } } } } } },
            "responses": {
                "200": { "description": "Each member's decision", "content": { "application/json": { "schema": { "type": "object", "properties": {
                    "delegation": { "type": "string" }, "admissions": { "type": "array", "items": { "type": "object" } } } } } } },
                "400": error_response("The body is not JSON of this shape."),
                "401": error_response("No valid bearer token."),
                "403": error_response("The token may not scan, is a paired device, or may not scan at that venue."),
                "404": error_response("No such event."),
                "422": error_response("A field is missing or names no session or venue.")
            }
        } },
        "/events/{slug}/scans/ack": { "post": {
            "summary": "Acknowledges the door note shown with a scan, named by the nonce the scan was sent with; the first acknowledgement stands",
            "parameters": path_params(false),
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["nonce"], "properties": {
                "nonce": { "type": "string", "minLength": 1, "maxLength": 100 } } } } } },
            "responses": {
                "200": { "description": "Stored with the scan", "content": { "application/json": { "schema": { "type": "object", "properties": { "acknowledged": { "type": "boolean" } } } } } },
                "400": error_response("The body is not JSON of this shape."),
                "401": error_response("No valid bearer token."),
                "403": error_response("The token's role may not scan."),
                "404": error_response("No such event, or no scan of someone with a door note has this nonce (yet: an offline scan still queued)."),
                "422": error_response("The nonce is missing or too long.")
            }
        } },
        "/events/{slug}/sessions/{id}": { "put": {
            "summary": "Changes a session's door rules (admin); fields not given stay as they are",
            "parameters": params,
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
                "type": "object", "additionalProperties": false, "properties": {
                    "single_entry": { "type": "boolean", "description": "A second scan is already_admitted; false lets people leave and come back" },
                    "registered_only": { "type": "boolean", "description": "Only registrations that chose the session may enter" },
                    "doors_open_minutes": { "type": "integer", "minimum": 0, "maximum": 1440, "description": "How long before the start the doors admit" },
                    "exit_scanning": { "type": "boolean", "description": "The session's door scans people out (an exit frees a delegation seat); false refuses exit scans there (exit_not_scanned)" },
                    "delegation_quota": { "type": ["integer", "null"], "minimum": 1, "maximum": 10000, "description": "How many of one delegation may be inside at once; the next is refused delegation_full. null lifts the limit" },
                    "categories": { "type": "array", "items": { "type": "string" }, "description": "Category names or ids allowed; empty: every category" },
                    "required_zone": { "type": "string", "description": "A zone code (GET/PUT …/zones) a badge must carry to enter, else zone_required; empty lifts it" } } } } } },
            "responses": {
                "200": { "description": "The session as GET …/sessions lists it", "content": { "application/json": { "schema": { "type": "object", "properties": {
                    "id": { "type": "string" }, "single_entry": { "type": "boolean" }, "registered_only": { "type": "boolean" },
                    "doors_open_minutes": { "type": "integer" }, "exit_scanning": { "type": "boolean" },
                    "delegation_quota": { "type": ["integer", "null"] }, "required_zone": { "type": "string" },
                    "categories": { "type": ["array", "null"], "items": { "type": "string" } } } } } } },
                "400": error_response("The body is not JSON of this shape."),
                "401": error_response("No valid bearer token."),
                "403": error_response("Only admins change door rules."),
                "404": error_response("No such event or session."),
                "422": error_response("A value out of range or an unknown category, by field.")
            }
        } }
    })
}

/// What a scan's answer says of the protocol office's rules: the door note, rehearsal, and a
/// delegation's seats.
pub(super) fn scan_answer(doc: &mut Value) {
    let answer = &mut doc["paths"]["/events/{slug}/scans"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
        ["properties"];
    if let Value::Object(properties) = answer {
        properties.insert(
            "door_note".into(),
            json!({ "type": ["string", "null"], "description": "A note for the door, to be read and acknowledged (POST …/scans/ack)" }),
        );
        properties.insert(
            "rehearsal".into(),
            json!({ "type": "boolean", "description": "The event's doors are in rehearsal: this scan counts nowhere" }),
        );
        properties.insert(
            "delegation_seats".into(),
            json!({ "type": ["object", "null"], "description": "For delegation_full: how many of the delegation are inside, and the session's quota",
                    "properties": { "inside": { "type": "integer" }, "quota": { "type": "integer" } } }),
        );
    }
}
