//! The OpenAPI paths of the credential: vetting, handing badges over, custody receipts.

use serde_json::{Value, json};

use super::{error_response, path_params};

/// The credential: security's vetting and the handing over of badges against a record.
pub(super) fn paths() -> Value {
    let issued = json!({ "description": "The handover, with where its custody receipt is", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Handover" } } } });
    let refused = "Nothing was handed over; `error.references` names the registrations concerned. Codes: not_approved, not_printed, not_vetted, vetting_refused, already_issued.";
    json!({
        "/events/{slug}/registrations/{reference}/vetting": { "post": {
            "summary": "Security's decision on a registration (security or admin); a refusal stops the badge at every door at once",
            "parameters": path_params(true),
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["outcome"], "properties": {
                "outcome": { "enum": ["cleared", "refused", "more_info"] },
                "note": { "type": "string", "maxLength": 1000, "description": "Kept for security only; never shown to doors or other staff" } } } } } },
            "responses": {
                "200": { "description": "The decision", "content": { "application/json": { "schema": { "type": "object", "properties": {
                    "reference": { "type": "string" }, "vetting": { "$ref": "#/components/schemas/Vetting" } } } } } },
                "401": error_response("No valid bearer token."),
                "403": error_response("The token's role may not vet (security or admin)."),
                "404": error_response("No such event or reference."),
                "422": error_response("The outcome is not one of the three (bad_outcome), or the note is too long (note_too_long).")
            }
        } },
        "/events/{slug}/registrations/{reference}/badge/issue": { "post": {
            "summary": "Records that the current badge was handed over: who collected it, on whose behalf, at which desk",
            "parameters": path_params(true),
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["collected_by"], "properties": {
                "collected_by": { "type": "string", "maxLength": 200 }, "on_behalf": { "type": "boolean" }, "desk": { "type": "string", "maxLength": 200 } } } } } },
            "responses": {
                "201": issued.clone(),
                "401": error_response("No valid bearer token."),
                "403": error_response("The token's role may not hand badges over (printer or admin)."),
                "404": error_response("No such event or reference."),
                "409": error_response(refused),
                "422": error_response("Who collected is missing (collected_by_required).")
            }
        } },
        "/events/{slug}/badges/issue": { "post": {
            "summary": "Hands a delegation's badges to one collector (a liaison officer), all or none, on one receipt",
            "parameters": path_params(false),
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["references", "collected_by"], "properties": {
                "references": { "type": "array", "items": { "type": "string" }, "minItems": 1, "maxItems": 500 },
                "collected_by": { "type": "string", "maxLength": 200 }, "on_behalf": { "type": "boolean" }, "desk": { "type": "string", "maxLength": 200 } } } } } },
            "responses": {
                "201": issued,
                "401": error_response("No valid bearer token."),
                "403": error_response("The token's role may not hand badges over (printer or admin)."),
                "404": error_response("No such event, or a reference of none of its registrations (code not_found, with references)."),
                "409": error_response(refused),
                "422": error_response("Who collected is missing (collected_by_required), or no or too many references (bad_references).")
            }
        } },
        "/events/{slug}/handovers/{id}/receipt.pdf": { "get": {
            "summary": "The custody receipt of a handover, to sign: every name in its own script, references, badge versions",
            "parameters": [
                { "name": "slug", "in": "path", "required": true, "schema": { "type": "string" } },
                { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }
            ],
            "responses": {
                "200": { "description": "The receipt", "content": { "application/pdf": {} } },
                "401": error_response("No valid bearer token."),
                "403": error_response("The token's role may not hand badges over (printer or admin)."),
                "404": error_response("No such event or handover.")
            }
        } }
    })
}

/// The schemas the credential's answers use.
pub(super) fn schemas() -> Value {
    json!({
                "Vetting": { "type": "object", "properties": {
                    "status": { "enum": ["pending", "cleared", "refused", "more_info"] },
                    "at": { "type": ["string", "null"], "format": "date-time" }, "by": { "type": ["string", "null"] } } },
                "Handover": { "type": "object", "properties": {
                    "id": { "type": "string" }, "collected_by": { "type": "string" }, "on_behalf": { "type": "boolean" },
                    "desk": { "type": "string" }, "issued_by": { "type": "string" }, "issued_at": { "type": "string", "format": "date-time" },
                    "receipt": { "type": "string" },
                    "badges": { "type": "array", "items": { "type": "object", "properties": { "reference": { "type": "string" }, "version": { "type": "integer" } } } } } }
    })
}

/// What a registration says of its credential.
pub(super) fn registration_properties() -> Value {
    json!({
        "vetting": { "$ref": "#/components/schemas/Vetting" },
        "zones": { "type": "array", "items": { "type": "string" }, "description": "Zone codes the badge carries: its category's and its own" },
        "own_zones": { "type": "array", "items": { "type": "string" }, "description": "Zone codes given to this registration itself" },
        "badge": { "type": ["object", "null"], "description": "The current badge", "properties": {
            "version": { "type": "integer" }, "state": { "enum": ["not_printed", "printed", "issued"] },
            "printed_at": { "type": ["string", "null"] }, "issued_at": { "type": ["string", "null"] },
            "collected_by": { "type": ["string", "null"] }, "on_behalf": { "type": ["boolean", "null"] } } }
    })
}
