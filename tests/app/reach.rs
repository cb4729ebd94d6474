//! Authorisation by event: registrars and printers work on the events they are given. A
//! registrar of one event can neither read nor change another's, whatever URL it types.

use lanyard::staff::{Role, auth, tokens};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{Db, TestApp, jordan_ambassador, qianhai, spawn_app};
use crate::staff::{PASSWORD, browser_for, logged_in, login, post, registration_id};

crate::on_both_databases!(
    a_registrar_of_one_event_cannot_read_or_change_another_events_registrations,
    tokens_work_on_their_event_printers_see_no_contact_data_and_a_device_without_venues_gets_nothing,
);

/// A registrar given exactly one event, logged in.
async fn registrar_of(app: &TestApp, email: &str, slug: &str) -> reqwest::Client {
    let now = chrono::Utc::now().naive_utc();
    let user = auth::create(&mut app.conn(), email, "", Role::Registrar, PASSWORD, now).unwrap();
    let event = lanyard::events::store::find_by_slug(&mut app.conn(), slug).unwrap().unwrap();
    lanyard::staff::events::set_events(&mut app.conn(), &user.id, &[event.id], "test", now).unwrap();
    let (client, res) = login(app, email, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    client
}

async fn a_registrar_of_one_event_cannot_read_or_change_another_events_registrations(db: Db) {
    let app = spawn_app(db).await;
    let admin = browser_for(&app, "admin@lanyard.example", Role::Admin).await;
    let day = (chrono::Utc::now() + chrono::Duration::days(20)).format("%Y-%m-%d").to_string();
    let (starts, ends) = (format!("{day}T09:00"), format!("{day}T17:00"));
    let opens = (chrono::Utc::now() - chrono::Duration::days(1)).format("%Y-%m-%dT%H:%M").to_string();
    let forum = [
        ("name", "Greater Bay Area Forum"),
        ("slug", "gba-forum"),
        ("ref_prefix", "GB"),
        ("time_zone", "Asia/Hong_Kong"),
        ("starts_at", starts.as_str()),
        ("ends_at", ends.as_str()),
        ("registration_opens_at", opens.as_str()),
        ("registration_closes_at", starts.as_str()),
        ("contact_email", "forum@gba.example"),
        ("badge_layout", "a6"),
    ];
    assert_eq!(post(&app, &admin, "/staff/events/new", "/staff/events", &forum).await.status(), StatusCode::SEE_OTHER);

    let mut hussam = jordan_ambassador();
    hussam.push(("sessions".into(), app.session_id("qianhai", "Film")));
    assert_eq!(app.register("qianhai", &hussam).await.status(), StatusCode::OK);
    let id = registration_id(&app, "h.alhusseini@jo-embassy.example");

    let mine = registrar_of(&app, "li.na@lanyard.example", "qianhai").await;
    let other = registrar_of(&app, "chen.jie@lanyard.example", "gba-forum").await;
    let status = |client: &reqwest::Client, path: String| {
        let request = client.get(app.url(&path)).send();
        async move { request.await.unwrap().status() }
    };
    assert_eq!(status(&mine, "/staff/events/qianhai/registrations".into()).await, StatusCode::OK);
    assert_eq!(status(&mine, format!("/staff/registrations/{id}")).await, StatusCode::OK);
    assert_eq!(status(&mine, "/staff/events/gba-forum/registrations".into()).await, StatusCode::FORBIDDEN);

    for path in [
        "/staff/events/qianhai/registrations".to_owned(),
        "/staff/events/qianhai/registrations.csv".to_owned(),
        "/staff/events/qianhai/audit".to_owned(),
        format!("/staff/registrations/{id}"),
        format!("/staff/registrations/{id}/edit"),
        format!("/staff/registrations/{id}/export.json"),
    ] {
        assert_eq!(status(&other, path.clone()).await, StatusCode::FORBIDDEN, "{path}");
    }
    // Nor can it change one: a form posted with its own valid token is refused.
    let approve = format!("/staff/registrations/{id}/approve");
    let res = post(&app, &other, "/staff/events/gba-forum/registrations", &approve, &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let bulk = "/staff/events/qianhai/registrations/approve";
    let res = post(&app, &other, "/staff/events/gba-forum/registrations", bulk, &[("ids", id.as_str())]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let status_now: String = {
        use diesel::prelude::*;
        use lanyard::db::schema::registrations;
        registrations::table.find(&id).select(registrations::status).first(&mut *app.conn()).unwrap()
    };
    assert_eq!(status_now, "approved", "the demo approves by itself; the other registrar changed nothing");

    // Each desk lists only its own event.
    let home = other.get(app.url("/staff")).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("Greater Bay Area Forum") && !home.contains("Diplomats Explore China"), "{home}");
    let home = mine.get(app.url("/staff")).send().await.unwrap().text().await.unwrap();
    assert!(!home.contains("Greater Bay Area Forum") && home.contains("Diplomats Explore China"), "{home}");
}

async fn tokens_work_on_their_event_printers_see_no_contact_data_and_a_device_without_venues_gets_nothing(db: Db) {
    let app = spawn_app(db).await;
    let mut hussam = jordan_ambassador();
    hussam.push(("sessions".into(), app.session_id("qianhai", "Film")));
    hussam.push(("dietary".into(), "Halal".into()));
    assert_eq!(app.register("qianhai", &hussam).await.status(), StatusCode::OK);
    let id = registration_id(&app, "h.alhusseini@jo-embassy.example");
    let reference: String = {
        use diesel::prelude::*;
        use lanyard::db::schema::registrations;
        registrations::table.find(&id).select(registrations::reference).first(&mut *app.conn()).unwrap()
    };
    let now = chrono::Utc::now().naive_utc();
    let event = qianhai(&app);
    let token = |role: Role, event: Option<&lanyard::ids::EventId>| {
        tokens::create(&mut app.conn(), &format!("{} portal", role.as_str()), role, event, "test", now).unwrap().1
    };
    let get = async |secret: &str, path: &str| {
        let res = app.client.get(app.url(&format!("/api/v1{path}"))).bearer_auth(secret).send().await.unwrap();
        (res.status(), res.json::<Value>().await.unwrap())
    };

    // A registrar token of the demo event: the demo only.
    let registrar = token(Role::Registrar, Some(&event));
    let (status, body) = get(&registrar, "/events").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["events"].as_array().unwrap().len(), 1);
    let shown = format!("/events/qianhai/registrations/{reference}");
    let (status, body) = get(&registrar, &shown).await;
    assert_eq!((status, body["email"].as_str()), (StatusCode::OK, Some("h.alhusseini@jo-embassy.example")));
    // A registrar token of no event (made before tokens had events) reaches nothing.
    let stray = token(Role::Registrar, None);
    let (status, body) = get(&stray, &shown).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
    assert_eq!(get(&stray, "/events").await.1["events"], serde_json::json!([]));

    // A printer's token and page: who the badge is for, not how to reach them or their needs.
    let printer = token(Role::Printer, Some(&event));
    let (status, body) = get(&printer, &shown).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["given_name"], "Hussam");
    for hidden in ["email", "phone", "dietary", "accessibility"] {
        assert!(body.get(hidden).is_none(), "{hidden} in {body}");
    }
    let desk = logged_in(&app, "print@lanyard.example", Role::Printer).await;
    let page = desk.get(app.url(&format!("/staff/registrations/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Hussam") && page.contains("Ambassador"), "{page}");
    assert!(!page.contains("jo-embassy.example") && !page.contains("6532") && !page.contains("Halal"), "{page}");

    // A device paired with no venue gets no sessions and no records, not all of them.
    let until = now + chrono::Duration::days(60);
    let (_, device) = tokens::create_device(&mut app.conn(), &event, until, "spare tablet", &[], "test", now).unwrap();
    let (status, body) = get(&device, "/events/qianhai/sync").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (body["venues"].clone(), body["sessions"].clone(), body["badges"].clone()),
        (serde_json::json!([]), serde_json::json!([]), serde_json::json!([]))
    );
    let admin = token(Role::Admin, None);
    let (_, body) = get(&admin, "/events/qianhai/sync").await;
    assert!(!body["badges"].as_array().unwrap().is_empty(), "a token for any venue gets the records: {body}");
}
