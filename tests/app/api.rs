//! The JSON API: tokens and roles, the form's rules and messages, and an OpenAPI document
//! that matches the server.

use diesel::prelude::*;
use lanyard::db::schema::events;
use lanyard::staff::{Role, tokens};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Db, TestApp, spawn_app};

crate::on_both_databases!(
    the_api_wants_a_live_token_with_the_right_role,
    registering_through_the_api_follows_the_form_rules_and_messages,
    an_admin_token_can_register_a_delegate_in_the_staff_and_organizer_categories,
    everything_a_registrar_does_in_the_ui_works_through_the_api,
    the_openapi_document_matches_the_server,
);

pub(crate) fn token(app: &TestApp, role: Role) -> String {
    crate::helpers::api_token(app, role)
}

fn api(app: &TestApp, method: reqwest::Method, path: &str, token: &str) -> reqwest::RequestBuilder {
    app.client.request(method, app.url(&format!("/api/v1{path}"))).bearer_auth(token)
}

fn hussam() -> Value {
    json!({
        "honorific": "H.E. Mr.", "given_name": "Hussam", "family_name": "Al Husseini", "native_name": "حسام الحسيني",
        "email": "h.alhusseini@jo-embassy.example", "country": "JO", "organization": "Embassy of the Hashemite Kingdom of Jordan",
        "position": "Ambassador", "category": "Head of Mission", "sessions": ["The Skyline of Shenzhen"], "locale": "ar"
    })
}

async fn the_api_wants_a_live_token_with_the_right_role(db: Db) {
    let app = spawn_app(db).await;
    let res = app.client.get(app.url("/api/v1/events")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    assert!(res.headers().get("set-cookie").is_none(), "no cookies from the API");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
    assert_eq!(
        api(&app, reqwest::Method::GET, "/events", "lny_forged").send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );

    let door = token(&app, Role::Door);
    let res = api(&app, reqwest::Method::GET, "/events", &door).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["events"][0]["slug"], "qianhai");
    for (method, path) in [
        (reqwest::Method::GET, "/events/qianhai/registrations"),
        (reqwest::Method::POST, "/events/qianhai/registrations"),
    ] {
        let res = api(&app, method.clone(), path, &door).json(&hussam()).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{method} {path}");
        assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "forbidden");
    }
    let printer = token(&app, Role::Printer);
    assert_eq!(
        api(&app, reqwest::Method::GET, "/events/qianhai/registrations", &printer).send().await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        api(&app, reqwest::Method::POST, "/events/qianhai/registrations", &printer)
            .json(&hussam())
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );

    let now = chrono::Utc::now().naive_utc();
    assert_eq!(tokens::revoke(&mut app.conn(), "printer client", now).unwrap(), 1);
    assert_eq!(
        api(&app, reqwest::Method::GET, "/events", &printer).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let res = api(&app, reqwest::Method::GET, "/nowhere", &door).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "not_found");
}

async fn registering_through_the_api_follows_the_form_rules_and_messages(db: Db) {
    let app = spawn_app(db).await;
    let t = token(&app, Role::Registrar);
    let res =
        api(&app, reqwest::Method::POST, "/events/qianhai/registrations", &t).json(&hussam()).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let body: Value = res.json().await.unwrap();
    let reference = body["reference"].as_str().unwrap().to_owned();
    assert!(location.ends_with(&reference));
    assert_eq!(body["native_name"], "حسام الحسيني");
    assert_eq!(body["sessions"][0]["title"], "The Skyline of Shenzhen");
    assert_eq!(body["source"], "api");
    assert_eq!(body["locale"], "ar", "the delegate's language is kept for their mail");

    let res =
        api(&app, reqwest::Method::POST, "/events/qianhai/registrations", &t).json(&hussam()).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "already_registered");

    let bad = json!({ "given_name": "", "email": "not-an-email", "country": "XX", "category": "Head of Mission" });
    let res = api(&app, reqwest::Method::POST, "/events/qianhai/registrations", &t).json(&bad).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    let fields = body["error"]["fields"].as_array().unwrap();
    let find = |f: &str| fields.iter().find(|x| x["field"] == f).unwrap_or_else(|| panic!("{f} in {body}")).clone();
    assert_eq!(find("given_name")["message"], "This field is required.");
    assert_eq!(find("given_name")["code"], "required");
    assert_eq!(find("email")["message"], "Enter an email address such as name@example.org.");
    assert_eq!(find("country")["code"], "country_unknown");

    let res = api(&app, reqwest::Method::POST, "/events/qianhai/registrations", &t)
        .header("Accept-Language", "zh-CN")
        .json(&bad)
        .send()
        .await
        .unwrap();
    let body: Value = res.json().await.unwrap();
    assert!(body.to_string().contains("此项为必填项。"), "messages in the caller's language: {body}");

    let res =
        api(&app, reqwest::Method::POST, "/events/qianhai/registrations", &t).body("{not json").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "bad_json");
}

async fn an_admin_token_can_register_a_delegate_in_the_staff_and_organizer_categories(db: Db) {
    let app = spawn_app(db).await;
    let admin = token(&app, Role::Admin);
    for (i, category) in ["Staff", "Organizer"].into_iter().enumerate() {
        let mut body = hussam();
        body["email"] = json!(format!("protocol{i}@jo-embassy.example"));
        body["category"] = json!(category);
        body["sessions"] = json!([]);
        let res =
            api(&app, reqwest::Method::POST, "/events/qianhai/registrations", &admin).json(&body).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED, "{category}: {}", res.text().await.unwrap());
        let created: Value = res.json().await.unwrap();
        assert_eq!(created["category"], category, "staff rules, as in a CSV import");
    }
}

async fn everything_a_registrar_does_in_the_ui_works_through_the_api(db: Db) {
    let app = spawn_app(db).await;
    diesel::update(events::table).set(events::approval_required.eq(true)).execute(&mut *app.conn()).unwrap();
    app.let_the_programme_cache_expire();
    let t = token(&app, Role::Registrar);
    let post = |path: String, body: Value| api(&app, reqwest::Method::POST, &path, &t).json(&body).send();
    let created: Value = post("/events/qianhai/registrations".into(), hussam()).await.unwrap().json().await.unwrap();
    assert_eq!(created["status"], "pending");
    let mut zhang = hussam();
    zhang["email"] = json!("zhang.wei@cn-mfa.example");
    zhang["given_name"] = json!("Wei");
    zhang["family_name"] = json!("Zhang");
    zhang["native_name"] = json!("张伟");
    zhang["country"] = json!("CN");
    let zhang: Value = post("/events/qianhai/registrations".into(), zhang).await.unwrap().json().await.unwrap();
    let reference = zhang["reference"].as_str().unwrap().to_owned();

    let list: Value = api(&app, reqwest::Method::GET, "/events/qianhai/registrations?q=%E5%BC%A0", &t)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1, "search in Chinese: {list}");
    assert_eq!(list["items"][0]["reference"], reference.as_str());
    let list: Value = api(&app, reqwest::Method::GET, "/events/qianhai/registrations?status=pending&sort=name", &t)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 2);
    let one: Value =
        api(&app, reqwest::Method::GET, &format!("/events/qianhai/registrations/{}", reference.to_lowercase()), &t)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    assert_eq!(one["native_name"], "张伟");

    let base = format!("/events/qianhai/registrations/{reference}");
    // Fixing the name on the badge, as the UI's edit page does.
    let mut fixed = zhang.clone();
    fixed["badge_name"] = json!("Zhang Wei (张伟)");
    for k in ["id", "reference", "status", "status_reason", "source", "created_at", "updated_at"] {
        fixed.as_object_mut().unwrap().remove(k);
    }
    fixed["sessions"] = json!(["The Skyline of Shenzhen"]);
    let res = api(&app, reqwest::Method::PUT, &base, &t).json(&fixed).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["badge_name"], "Zhang Wei (张伟)");

    // Invitations, as on the invitations page.
    let inv = json!({ "organization": "Embassy of Romania", "country": "RO", "contact_email": "protocol@ro-embassy.example", "quota": 3 });
    let res = post("/events/qianhai/invitations".into(), inv).await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let inv: Value = res.json().await.unwrap();
    assert!(
        inv["registration_link"]
            .as_str()
            .unwrap()
            .ends_with(&format!("register?invitation={}", inv["code"].as_str().unwrap()))
    );
    let res = post("/events/qianhai/invitations".into(), json!({ "organization": "", "quota": 0 })).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let list: Value =
        api(&app, reqwest::Method::GET, "/events/qianhai/invitations", &t).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let res = post(format!("{base}/approve"), json!({})).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "approved");
    let res = post(format!("{base}/approve"), json!({})).await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "not_allowed");
    let res = post(format!("{base}/reject"), json!({ "reason": " " })).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = post(format!("{base}/reject"), json!({ "reason": "Duplicate of the delegation list" })).await.unwrap();
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        (body["status"].as_str(), body["status_reason"].as_str()),
        (Some("rejected"), Some("Duplicate of the delegation list"))
    );
    let res = post(format!("{base}/cancel"), json!({})).await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT, "a rejected registration cannot be cancelled");
    let other = created["reference"].as_str().unwrap();
    let res = post(format!("/events/qianhai/registrations/{other}/cancel"), json!({})).await.unwrap();
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "cancelled");
    let history = lanyard::audit::for_entity(&mut app.conn(), "registration", zhang["id"].as_str().unwrap()).unwrap();
    assert_eq!(
        history.iter().map(|h| h.action.as_str()).collect::<Vec<_>>(),
        ["registration.update", "registration.approve", "registration.reject"]
    );
    assert_eq!(history[0].actor, "api:registrar client");
}

async fn the_openapi_document_matches_the_server(db: Db) {
    let app = spawn_app(db).await;
    let admin = token(&app, Role::Admin);
    let doc: Value = app.client.get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let created: Value = api(&app, reqwest::Method::POST, "/events/qianhai/registrations", &admin)
        .json(&hussam())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let reference = created["reference"].as_str().unwrap();
    let paths = doc["paths"].as_object().unwrap();
    assert_eq!(paths.len(), 35);
    for (path, ops) in paths {
        let concrete = path.replace("{slug}", "qianhai").replace("{reference}", reference);
        for (method, op) in ops.as_object().unwrap() {
            let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let mut req = api(&app, m.clone(), &concrete, &admin);
            if m == reqwest::Method::POST || m == reqwest::Method::PUT {
                let mut body = hussam();
                body["email"] = json!(format!("{}@probe.example", method));
                body["reason"] = json!("probe");
                req = req.json(&body);
            }
            let res = req.send().await.unwrap();
            let status = res.status().as_u16().to_string();
            let documented = op["responses"].as_object().unwrap();
            assert!(
                documented.contains_key(&status),
                "{method} {path} answered {status}, documented {:?}",
                documented.keys()
            );
            // Without a token every operation must answer 401, as documented.
            let anon = app.client.request(m, app.url(&format!("/api/v1{concrete}"))).send().await.unwrap();
            assert_eq!(anon.status(), StatusCode::UNAUTHORIZED, "{method} {path}");
            assert!(documented.contains_key("401"));
        }
    }
}
