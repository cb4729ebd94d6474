//! The order of precedence in the registration schemas.

use serde_json::{Value, json};

/// The order of precedence in a registration, written and read.
pub(super) fn properties(doc: &mut Value) {
    let classes = ["ambassador", "envoy", "charge_d_affaires", "charge_d_affaires_ai"];
    let input = &mut doc["components"]["schemas"]["RegistrationInput"]["properties"];
    let typed: Vec<Value> = [""].iter().chain(&classes).map(|c| json!(c)).chain([Value::Null]).collect();
    input["precedence_class"] = json!({ "enum": typed,
        "description": "A head of mission's class in the order of precedence (Vienna Convention, art. 14); empty, null or absent for none" });
    input["credentials_presented_at"] = json!({ "type": ["string", "null"], "description": "When credentials were presented, in the \
        event's local time: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]; heads of mission of one class rank by it, earliest first" });
    let output = &mut doc["components"]["schemas"]["Registration"]["properties"];
    let stored: Vec<Value> = classes.iter().map(|c| json!(c)).chain([Value::Null]).collect();
    output["precedence_class"] = json!({ "enum": stored });
    output["credentials_presented_at"] = json!({ "type": ["string", "null"] });
}
