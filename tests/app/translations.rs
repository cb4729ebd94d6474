//! Organiser translations: a session title set in Arabic on the setup pages appears on the
//! Arabic event page (isolated from the text around it) and in an Arabic delegate's mail; a
//! category name set in French through the API appears on the French form.

use lanyard::staff::Role;
use mail_parser::MessageParser;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::doors::{session_id, token};
use crate::helpers::{Db, eventually, jordan_ambassador, set, spawn_app};
use crate::staff::{logged_in, post};

crate::on_both_databases!(organiser_texts_are_read_in_the_readers_language);

const FILM_AR: &str = "فيلم: خطة تطوير تشيانهاي";

async fn organiser_texts_are_read_in_the_readers_language(db: Db) {
    let app = spawn_app(db).await;
    let film = session_id(&app, "Film");
    let admin = logged_in(&app, "setup@example.org", Role::Admin).await;
    let page = "/staff/events/qianhai/translations";
    let form = admin.get(app.url(page)).send().await.unwrap().text().await.unwrap();
    assert!(form.contains(&format!(r#"name="{film}|title|ar""#)), "a field per language: {form}");
    assert!(form.contains("前海"), "the demo's Chinese translations are shown to edit");
    let field = format!("{film}|title|ar");
    let res = post(&app, &admin, page, page, &[(field.as_str(), FILM_AR)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // The event's own language is the original: no translation into it.
    let english = format!("{film}|title|en");
    let res = post(&app, &admin, page, page, &[(english.as_str(), "Film")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let arabic = app.page_in("/events/qianhai", "ar").await;
    assert!(arabic.contains(&format!("<bdi>{FILM_AR}</bdi>")), "{arabic}");
    let english = app.page_in("/events/qianhai", "en").await;
    assert!(english.contains("<bdi>Film: the Qianhai development plan</bdi>") && !english.contains(FILM_AR));

    // Through the API: a category name in French, on the French form.
    let api_token = token(&app, Role::Admin, "translator");
    let texts: Value = app
        .client
        .get(app.url("/api/v1/events/qianhai/translations"))
        .bearer_auth(&api_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let head = texts["texts"].as_array().unwrap().iter().find(|t| t["original"] == "Head of Mission").unwrap().clone();
    assert_eq!(
        texts["texts"].as_array().unwrap().iter().find(|t| t["id"] == film.as_str()).unwrap()["translations"]["ar"],
        FILM_AR
    );
    let body = json!({ "texts": [{ "id": head["id"], "field": "name", "translations": { "fr": "Chef de mission" } }] });
    let put = |token: String, body: Value| {
        let req = app.client.put(app.url("/api/v1/events/qianhai/translations")).bearer_auth(token).json(&body);
        async move { req.send().await.unwrap() }
    };
    assert_eq!(put(api_token.clone(), body.clone()).await.status(), StatusCode::OK);
    let registrar = token(&app, Role::Registrar, "registrar");
    assert_eq!(put(registrar, body).await.status(), StatusCode::FORBIDDEN);
    let unknown = json!({ "texts": [{ "id": "nope", "field": "name", "translations": { "fr": "x" } }] });
    let res = put(api_token, unknown).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["fields"][0]["code"], "translation_unknown");
    assert!(app.page_in("/events/qianhai/register", "fr").await.contains("Chef de mission"));

    // An Arabic delegate's confirmation lists the session under its Arabic title.
    let mut fields = jordan_ambassador();
    set(&mut fields, "locale", "ar");
    fields.push(("sessions".into(), film.clone()));
    assert_eq!(app.register("qianhai", &fields).await.status(), StatusCode::OK);
    let raw = eventually(std::time::Duration::from_secs(20), "the confirmation", || {
        app.mail_files()
            .into_iter()
            .find(|f| f.extension().is_some_and(|e| e == "eml"))
            .map(|f| std::fs::read(f).unwrap())
    })
    .await;
    let text = MessageParser::default().parse(&raw).unwrap().body_text(0).unwrap().into_owned();
    assert!(text.contains(FILM_AR), "{text}");
}
