//! Zones and privileges end to end: an organiser defines them through the API (one for a whole
//! category, one given to a single registration), a session requires one, and the door refuses
//! a badge without it (`zone_required`) and admits it once the zone is given; the badge prints
//! the zones the layout places.

use lanyard::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Db, TestApp, api_token, spawn_app};

crate::on_both_databases!(
    a_session_that_requires_a_zone_admits_only_badges_that_carry_it,
    an_admin_defines_zones_on_a_page_and_the_desk_gives_one_to_a_delegate,
);

async fn call(app: &TestApp, token: &str, method: reqwest::Method, path: &str, body: &Value) -> (StatusCode, Value) {
    let res = app
        .client
        .request(method, app.url(&format!("/api/v1/events/qianhai{path}")))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn a_session_that_requires_a_zone_admits_only_badges_that_carry_it(db: Db) {
    let app = spawn_app(db).await;
    crate::helpers::doors_live(&app.db.url);
    crate::doors::programme_is_today(&app);
    let admin = api_token(&app, Role::Admin);
    let put = reqwest::Method::PUT;

    // Heads of mission carry VIP; ROOF is given one by one. A bad list is refused whole.
    let bad = json!({ "zones": [{ "code": "vip lounge!", "name": "" }, { "code": "ROOF", "name": "Rooftop", "categories": ["Nobody"] }] });
    let (status, refused) = call(&app, &admin, put.clone(), "/zones", &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        refused["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["zones[0].code", "zones[0].name", "zones[1].categories"], "{refused}");
    let zones = json!({ "zones": [
        { "code": "VIP", "name": "VIP lounge", "colour": "#8e24aa", "categories": ["Head of Mission"] },
        { "code": "roof", "name": "Rooftop", "colour": "#2e7d32" }
    ] });
    let (status, listed) = call(&app, &admin, put.clone(), "/zones", &zones).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(listed["zones"][1]["code"], "ROOF");

    // The skyline show, on the rooftop, requires ROOF.
    let session = app.session_id("qianhai", "The Skyline");
    let (status, _) =
        call(&app, &admin, put.clone(), &format!("/sessions/{session}"), &json!({ "required_zone": "ROOF" })).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = call(&app, &admin, put.clone(), "/zones", &json!({ "zones": [] })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a zone a session requires stays");

    // An ambassador: VIP from the category, no ROOF yet.
    let door = crate::doors::token(&app, Role::Door, "roof-door");
    let (reference, code) =
        crate::doors::register(&app, &admin, "h.alhusseini@jo-embassy.example", "Head of Mission").await;
    let shown = call(&app, &admin, reqwest::Method::GET, &format!("/registrations/{reference}"), &Value::Null).await.1;
    assert_eq!(shown["zones"], json!(["VIP"]), "{shown}");
    let scan = |nonce: &'static str| json!({ "code": code.clone(), "session": session.clone(), "nonce": nonce });
    let answer = crate::doors::scan(&app, &door, scan("zone-1")).await;
    assert_eq!(
        (answer["outcome"].as_str(), answer["reason"].as_str()),
        (Some("refused"), Some("zone_required")),
        "{answer}"
    );

    // Given ROOF at the desk's API: admitted.
    let (status, given) =
        call(&app, &admin, put, &format!("/registrations/{reference}/zones"), &json!({ "zones": ["roof"] })).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((given["zones"].clone(), given["own_zones"].clone()), (json!(["VIP", "ROOF"]), json!(["ROOF"])));
    let answer = crate::doors::scan(&app, &door, scan("zone-2")).await;
    assert_eq!(answer["outcome"], "admitted", "{answer}");

    // The built-in layout has no zones; a layout with a zones field prints them.
    let mut layout =
        call(&app, &admin, reqwest::Method::GET, "/badge-layouts/default", &Value::Null).await.1["layout"].clone();
    layout["front"].as_array_mut().unwrap().push(json!({ "type": "text", "field": "zones", "x": 6, "y": 56, "width": 60, "height": 5, "max_size": 9, "min_size": 6 }));
    layout["front"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "type": "zones", "x": 70, "y": 56, "width": 29, "height": 5 }));
    let (status, saved) = call(&app, &admin, reqwest::Method::PUT, "/badge-layouts/default", &layout).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let url = format!("/api/v1/events/qianhai/registrations/{reference}/badge.pdf");
    let pdf = app.client.get(app.url(&url)).bearer_auth(&admin).send().await.unwrap().bytes().await.unwrap();
    let file = app.db.dir.path().join("zones.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let text = crate::badges::text_of(&file);
    assert!(text.contains("VIP · ROOF"), "{text}");
}

async fn an_admin_defines_zones_on_a_page_and_the_desk_gives_one_to_a_delegate(db: Db) {
    use crate::staff::{logged_in, post, registration_id_by_reference};
    let app = spawn_app(db).await;
    let token = api_token(&app, Role::Admin);
    let admin = logged_in(&app, "admin@zones.example", Role::Admin).await;
    let page = "/staff/events/qianhai/zones";
    let html = admin.get(app.url(page)).send().await.unwrap().text().await.unwrap();
    let at = html.find("Head of Mission").expect("the categories are offered");
    let category = html[..at].rsplit_once("value=\"1:").unwrap().1.split('"').next().unwrap().to_owned();
    let ticked = format!("1:{category}");

    // Three rows; the third is wrong twice: the page says so by row, and keeps what was typed.
    let mut rows = vec![
        ("code", "VIP"),
        ("name", "VIP lounge"),
        ("colour", "#8e24aa"),
        ("category", ticked.as_str()),
        ("code", "roof"),
        ("name", "Rooftop"),
        ("colour", ""),
        ("code", "no way!"),
        ("name", ""),
        ("colour", "purple"),
    ];
    let res = post(&app, &admin, page, page, &rows).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert_eq!(html.matches("Zone 3: ").count(), 3, "code, name and colour of row 3: {html}");
    assert!(html.contains("value=\"VIP lounge\"") && !html.contains("Zone 1: "), "{html}");
    assert!(call(&app, &token, reqwest::Method::GET, "/zones", &Value::Null).await.1["zones"] == json!([]));

    // Without the third row, saved: the list the API gives, with the ticked category.
    rows.truncate(7);
    let res = post(&app, &admin, page, page, &rows).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let listed = call(&app, &token, reqwest::Method::GET, "/zones", &Value::Null).await.1;
    assert_eq!(listed["zones"][0]["categories"], json!([category]), "{listed}");
    assert_eq!(listed["zones"][1]["code"], "ROOF", "{listed}");

    // At the desk a registrar gives one delegate the rooftop; a code the event lacks changes nothing.
    let (reference, _) =
        crate::doors::register(&app, &token, "h.alhusseini@jo-embassy.example", "Head of Mission").await;
    let id = registration_id_by_reference(&app, &reference);
    let desk = logged_in(&app, "registrar@zones.example", Role::Registrar).await;
    let registration = format!("/staff/registrations/{id}");
    let action = format!("{registration}/zones");
    let res = post(&app, &desk, &registration, &action, &[("zone", "GARDEN")]).await;
    assert!(res.headers()["location"].to_str().unwrap().contains("done=zones-unknown"));
    let res = post(&app, &desk, &registration, &action, &[("zone", "ROOF")]).await;
    assert!(res.headers()["location"].to_str().unwrap().contains("done=zones#zones"));
    let shown = call(&app, &token, reqwest::Method::GET, &format!("/registrations/{reference}"), &Value::Null).await.1;
    assert_eq!((shown["zones"].clone(), shown["own_zones"].clone()), (json!(["VIP", "ROOF"]), json!(["ROOF"])));
    let html = desk.get(app.url(&registration)).send().await.unwrap().text().await.unwrap();
    assert!(
        html.contains("value=\"ROOF\" checked") && html.contains("VIP · VIP lounge</bdi> (from the category)"),
        "{html}"
    );

    // Emptying a row removes its zone.
    let res = post(&app, &admin, page, page, &rows[..4]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let listed = call(&app, &token, reqwest::Method::GET, "/zones", &Value::Null).await.1;
    assert_eq!(listed["zones"].as_array().unwrap().len(), 1, "{listed}");
}
