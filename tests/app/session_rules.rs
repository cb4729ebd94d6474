//! Door rules set through the API (`PUT /api/v1/events/{slug}/sessions/{id}`) change what the
//! door answers: re-entry, when the doors open, registered only, which categories.

use diesel::prelude::*;
use lanyard::db::schema::sessions;
use lanyard::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::doors::{Day, door_day, put_session, register, scan, session_id, token};
use crate::helpers::Db;

crate::on_both_databases!(door_rules_set_through_the_api_change_what_the_door_answers);

async fn door_rules_set_through_the_api_change_what_the_door_answers(db: Db) {
    let Day { app, admin, door, code, film, .. } = door_day(db).await;
    let outcome = |v: &Value| {
        format!(
            "{}{}",
            v["outcome"].as_str().unwrap(),
            v["reason"].as_str().filter(|r| !r.is_empty()).map(|r| format!(" {r}")).unwrap_or_default()
        )
    };
    let at = |session: &str, code: &str, nonce: &str| json!({ "code": code, "session": session, "nonce": nonce });

    // Single entry (the default), then re-entry.
    assert_eq!(outcome(&scan(&app, &door, at(&film, &code, "a1")).await), "admitted");
    assert_eq!(outcome(&scan(&app, &door, at(&film, &code, "a2")).await), "already_admitted");
    let (status, session) = put_session(&app, &admin, &film, json!({ "single_entry": false })).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    assert_eq!((session["single_entry"].as_bool(), session["doors_open_minutes"].as_i64()), (Some(false), Some(60)));
    let again = scan(&app, &door, at(&film, &code, "a3")).await;
    assert_eq!(outcome(&again), "admitted", "back in after leaving");
    assert_eq!(again["admitted_count"], 1, "a re-entry is not a second person");

    // When the doors open: a session starting in 30 minutes admits at 60, not at 15.
    let model = session_id(&app, "The 300");
    let starts = chrono::Utc::now().naive_utc() + chrono::Duration::minutes(30);
    diesel::update(sessions::table.find(&model))
        .set((sessions::starts_at.eq(starts), sessions::ends_at.eq(starts + chrono::Duration::hours(1))))
        .execute(&mut app.conn())
        .unwrap();
    app.let_the_programme_cache_expire();
    let (_, deputy) = register(&app, &admin, "deputy@jo-embassy.example", "Delegate").await;
    assert_eq!(put_session(&app, &admin, &model, json!({ "doors_open_minutes": 15 })).await.0, StatusCode::OK);
    assert_eq!(outcome(&scan(&app, &door, at(&model, &deputy, "b1")).await), "refused outside_session_time");
    assert_eq!(put_session(&app, &admin, &model, json!({ "doors_open_minutes": 45 })).await.0, StatusCode::OK);
    assert_eq!(outcome(&scan(&app, &door, at(&model, &deputy, "b2")).await), "admitted");

    // Registered only: nobody chose the tour.
    let tour = session_id(&app, "Visit of the Qianhai");
    assert_eq!(put_session(&app, &admin, &tour, json!({ "registered_only": true })).await.0, StatusCode::OK);
    assert_eq!(outcome(&scan(&app, &door, at(&tour, &code, "c1")).await), "refused not_allowed_in_session");
    assert_eq!(put_session(&app, &admin, &tour, json!({ "registered_only": false })).await.0, StatusCode::OK);
    assert_eq!(outcome(&scan(&app, &door, at(&tour, &code, "c2")).await), "admitted");

    // Which categories: the skyline for delegates only, then for everyone again.
    let skyline = session_id(&app, "The Skyline");
    let (status, session) = put_session(&app, &admin, &skyline, json!({ "categories": ["Delegate"] })).await;
    assert_eq!((status, session["categories"].clone()), (StatusCode::OK, json!(["Delegate"])));
    assert_eq!(outcome(&scan(&app, &door, at(&skyline, &code, "d1")).await), "refused not_allowed_in_session");
    assert_eq!(outcome(&scan(&app, &door, at(&skyline, &deputy, "d2")).await), "admitted");
    assert_eq!(put_session(&app, &admin, &skyline, json!({ "categories": [] })).await.0, StatusCode::OK);
    assert_eq!(outcome(&scan(&app, &door, at(&skyline, &code, "d3")).await), "admitted");

    // The list shows the rules as set; fields not given stayed as they were.
    let list: Value = app
        .client
        .get(app.url("/api/v1/events/qianhai/sessions"))
        .bearer_auth(&door)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let shown = list["sessions"].as_array().unwrap().iter().find(|s| s["id"] == film.as_str()).unwrap().clone();
    assert_eq!((shown["single_entry"].as_bool(), shown["registered_only"].as_bool()), (Some(false), Some(false)));
    let shown = list["sessions"].as_array().unwrap().iter().find(|s| s["id"] == model.as_str()).unwrap().clone();
    assert_eq!((shown["doors_open_minutes"].as_i64(), shown["single_entry"].as_bool()), (Some(45), Some(true)));

    // Refused: out of range, an unknown category, an unknown field, another session, a registrar.
    let (status, error) = put_session(&app, &admin, &film, json!({ "doors_open_minutes": 5000 })).await;
    assert_eq!(
        (status, error["error"]["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("doors_open_minutes"))
    );
    let (status, error) = put_session(&app, &admin, &film, json!({ "categories": ["Astronauts"] })).await;
    assert_eq!(
        (status, error["error"]["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("categories"))
    );
    assert_eq!(put_session(&app, &admin, &film, json!({ "capacity_typo": 3 })).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(
        put_session(&app, &admin, "no-such-session", json!({ "single_entry": true })).await.0,
        StatusCode::NOT_FOUND
    );
    let registrar = token(&app, Role::Registrar, "registrar");
    assert_eq!(put_session(&app, &registrar, &film, json!({ "single_entry": true })).await.0, StatusCode::FORBIDDEN);
}
