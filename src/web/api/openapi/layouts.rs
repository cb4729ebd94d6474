//! The OpenAPI paths of badge layouts and badge images.

use serde_json::{Value, json};

use super::error_response;

fn params(last: &str) -> Value {
    let mut list = vec![json!({ "name": "slug", "in": "path", "required": true, "schema": { "type": "string" } })];
    if !last.is_empty() {
        list.push(json!({ "name": last, "in": "path", "required": true,
            "schema": { "type": "string", "pattern": "^[a-z0-9-]{1,40}$", "example": "default" } }));
    }
    Value::Array(list)
}

fn summary_schema() -> Value {
    json!({ "type": "object", "properties": {
        "id": { "type": "string" }, "version": { "type": "integer", "description": "0: the built-in layout" },
        "name": { "type": "string" }, "paper": { "type": "string" },
        "categories": { "type": "array", "items": { "type": "string" } },
        "two_sided": { "type": "boolean" }, "builtin": { "type": "boolean" },
        "created_at": { "type": ["string", "null"] }, "created_by": { "type": ["string", "null"] },
        "layout": { "type": "object" } } })
}

/// The layout document, described; the server checks it whole (paper, boxes, sizes, fit).
fn document() -> Value {
    let papers = json!(["a6", "cr80", "a4-2up", "a4-4up", "a4-8up", "avery-5395"]);
    let element = json!({ "type": "object", "required": ["type"],
        "description": "Millimetres from the badge's top-left. type: text (field, text, max_size, min_size, bold, align, valign, colour), stack (items), photo, qr (size ≥ 20), image (image), rect (colour), zones; each may have when: photo | no_photo",
        "properties": { "type": { "type": "string", "enum": ["text", "stack", "photo", "qr", "image", "rect", "zones"] } } });
    json!({ "type": "object", "required": ["paper", "front"], "properties": {
        "name": { "type": "string" }, "paper": { "type": "string", "enum": papers },
        "categories": { "type": "array", "items": { "type": "string" }, "description": "Category ids (or names) that print with this layout" },
        "front": { "type": "array", "items": element.clone() },
        "back": { "type": "array", "items": element, "description": "CR80 only" } } })
}

/// `GET /events/{slug}/badge-layouts`, `GET/PUT …/badge-layouts/{id}`, `GET …/badge-images`,
/// `PUT …/badge-images/{name}`.
pub(super) fn paths() -> Value {
    let common = |what: &str| {
        json!({
            "401": error_response("No valid bearer token."),
            "403": error_response(what),
            "404": error_response("No such event (or layout).")
        })
    };
    let with = |mut base: Value, more: Value| {
        if let (Value::Object(b), Value::Object(m)) = (&mut base, more) {
            b.extend(m);
        }
        base
    };
    let mut get_params = params("id");
    if let Value::Array(list) = &mut get_params {
        list.push(json!({ "name": "version", "in": "query", "schema": { "type": "integer", "minimum": 0 } }));
    }
    let one = json!({ "description": "The layout", "content": { "application/json": { "schema": summary_schema() } } });
    json!({
        "/events/{slug}/badge-layouts": { "get": {
            "summary": "The event's layouts, newest version of each (the built-in default while none is saved)",
            "parameters": params(""),
            "responses": with(common("The token's role may not print badges."), json!({
                "200": { "description": "The layouts", "content": { "application/json": { "schema": { "type": "object",
                    "properties": { "layouts": { "type": "array", "items": summary_schema() } } } } } } }))
        } },
        "/events/{slug}/badge-layouts/{id}": {
            "get": {
                "summary": "One layout, with its document (the newest version, or ?version=N)",
                "parameters": get_params,
                "responses": with(common("The token's role may not print badges."), json!({
                    "200": one.clone(), "400": error_response("A version that is not a number.") }))
            },
            "put": {
                "summary": "Saves the layout document as the layout's next version; badges printed before keep theirs; admins",
                "parameters": params("id"),
                "requestBody": { "required": true, "content": { "application/json": { "schema": document() } } },
                "responses": with(common("The token's role may not change events."), json!({
                    "200": one,
                    "400": error_response("Not a layout document (the message says where), or a bad id."),
                    "413": error_response("The body is too large."),
                    "422": error_response("An element off the paper, a QR code under 20 mm, a text that does not fit for a sample delegate, an unknown image or category: one problem per element (field: front[3])") }))
            }
        },
        "/events/{slug}/badge-images": { "get": {
            "summary": "The images layouts may draw (logos, emblems)",
            "parameters": params(""),
            "responses": with(common("The token's role may not print badges."), json!({
                "200": { "description": "The images", "content": { "application/json": { "schema": { "type": "object",
                    "properties": { "images": { "type": "array", "items": { "type": "object" } } } } } } } }))
        } },
        "/events/{slug}/badge-images/{name}": { "put": {
            "summary": "Uploads (or replaces) an image under a name: a PNG up to 2 MB and 4000 px a side, or an SVG up to 2 MB (drawn as vector art; text must be converted to outlines); admins",
            "parameters": params("name"),
            "requestBody": { "required": true, "content": {
                "image/png": { "schema": { "type": "string", "format": "binary" } },
                "image/svg+xml": { "schema": { "type": "string", "format": "binary" } } } },
            "responses": with(common("The token's role may not change events."), json!({
                "200": { "description": "Stored", "content": { "application/json": { "schema": { "type": "object" } } } },
                "400": error_response("A bad name."),
                "413": error_response("Larger than 2 MB or 4000 px a side."),
                "422": error_response("Neither a readable PNG nor SVG (`image_unreadable`), or an SVG with text (`image_svg_text`).") }))
        } }
    })
}

/// `GET/PUT /events/{slug}/zones`, `PUT …/registrations/{reference}/zones`.
pub(super) fn zone_paths() -> Value {
    let zone = json!({ "type": "object", "properties": {
        "code": { "type": "string", "pattern": "^[A-Za-z0-9-]{1,12}$" }, "name": { "type": "string", "maxLength": 60 },
        "colour": { "type": "string", "description": "#RRGGBB, or empty" },
        "categories": { "type": "array", "items": { "type": "string" }, "description": "Category ids (or names, in a PUT) whose badges carry it" } } });
    let list = json!({ "description": "The zones", "content": { "application/json": { "schema": { "type": "object",
        "properties": { "zones": { "type": "array", "items": zone.clone() } } } } } });
    let mut reg_params = params("");
    if let Value::Array(p) = &mut reg_params {
        p.push(json!({ "name": "reference", "in": "path", "required": true, "schema": { "type": "string" } }));
    }
    json!({
        "/events/{slug}/zones": {
            "get": {
                "summary": "The event's zones and privileges, in their order",
                "parameters": params(""),
                "responses": { "200": list.clone(), "401": error_response("No valid bearer token."),
                    "403": error_response("The token's role may not see registrations."), "404": error_response("No such event.") }
            },
            "put": {
                "summary": "Replaces the event's zones (admins); nothing is saved unless all are good, and a zone a session requires stays",
                "parameters": params(""),
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "additionalProperties": false,
                    "properties": { "zones": { "type": "array", "items": zone } } } } } },
                "responses": { "200": list, "400": error_response("The body is not JSON of this shape."),
                    "401": error_response("No valid bearer token."), "403": error_response("Only admins change zones."),
                    "404": error_response("No such event."), "413": error_response("The body is too large."),
                    "422": error_response("A bad or repeated code, a name, a colour, an unknown category, or a zone a session requires left out: per field (zones[2].code)") }
            }
        },
        "/events/{slug}/registrations/{reference}/zones": { "put": {
            "summary": "Gives a registration zones of its own (codes); its category's come on top",
            "parameters": reg_params,
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "additionalProperties": false,
                "properties": { "zones": { "type": "array", "items": { "type": "string" } } } } } } },
            "responses": {
                "200": { "description": "The zones it now carries", "content": { "application/json": { "schema": { "type": "object", "properties": {
                    "reference": { "type": "string" }, "zones": { "type": "array", "items": { "type": "string" } },
                    "own_zones": { "type": "array", "items": { "type": "string" } } } } } } },
                "400": error_response("The body is not JSON of this shape."), "401": error_response("No valid bearer token."),
                "403": error_response("The token's role may not change registrations."), "404": error_response("No such event or registration."),
                "413": error_response("The body is too large."), "422": error_response("A code the event has no zone for.") }
        } }
    })
}
