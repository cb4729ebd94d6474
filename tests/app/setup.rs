//! Event setup by an admin: an event, its window, venues, categories and sessions.

use lanyard::staff::Role;
use reqwest::StatusCode;

use crate::helpers::{Db, TestApp, extract, jordan_ambassador, set, spawn_app};
use crate::staff::{browser_for, token};

crate::on_both_databases!(
    an_admin_sets_up_an_event_that_delegates_can_register_for,
    a_session_outside_the_events_days_is_refused_by_its_field_with_what_was_typed,
    changing_an_events_paper_is_saved,
);

async fn changing_an_events_paper_is_saved(db: Db) {
    let app = spawn_app(db).await;
    let admin = browser_for(&app, "admin@lanyard.example", Role::Admin).await;
    let now = chrono::Utc::now();
    let day = (now + chrono::Duration::days(20)).format("%Y-%m-%d").to_string();
    let opens = (now - chrono::Duration::days(1)).format("%Y-%m-%dT%H:%M").to_string();
    let closes = (now + chrono::Duration::days(15)).format("%Y-%m-%dT%H:%M").to_string();
    let (starts, ends) = (format!("{day}T09:00"), format!("{day}T17:00"));
    let mut event = vec![
        ("name", "Greater Bay Area Forum"),
        ("slug", "gba-forum"),
        ("ref_prefix", "GB"),
        ("time_zone", "Asia/Hong_Kong"),
        ("starts_at", starts.as_str()),
        ("ends_at", ends.as_str()),
        ("registration_opens_at", opens.as_str()),
        ("registration_closes_at", closes.as_str()),
        ("contact_email", "forum@gba.example"),
        ("badge_layout", "a6"),
    ];
    let res = post(&app, &admin, "/staff/events/new", "/staff/events", &event).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let paper = |app: &TestApp| -> String {
        use diesel::prelude::*;
        use lanyard::db::schema::events;
        events::table.filter(events::slug.eq("gba-forum")).select(events::badge_layout).first(&mut app.conn()).unwrap()
    };
    assert_eq!(paper(&app), "a6");

    event[9] = ("badge_layout", "cr80");
    let setup = "/staff/events/gba-forum/setup";
    assert_eq!(post(&app, &admin, setup, setup, &event).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(paper(&app), "cr80", "the card paper chosen on the setup page is kept");
    let page = admin.get(app.url(setup)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"<option value="cr80" selected>"#), "{page}");
}

async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let csrf = token(app, client, page).await;
    let mut body = vec![("csrf_token", csrf.as_str())];
    body.extend_from_slice(fields);
    client.post(app.url(action)).form(&body).send().await.unwrap()
}

async fn an_admin_sets_up_an_event_that_delegates_can_register_for(db: Db) {
    let app = spawn_app(db).await;
    let admin = browser_for(&app, "admin@lanyard.example", Role::Admin).await;
    let registrar = browser_for(&app, "reg@lanyard.example", Role::Registrar).await;
    assert_eq!(registrar.get(app.url("/staff/events/new")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(
        registrar.get(app.url("/staff/events/qianhai/setup")).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );

    let now = chrono::Utc::now();
    let day = (now + chrono::Duration::days(20)).format("%Y-%m-%d").to_string();
    let opens = (now - chrono::Duration::days(1)).format("%Y-%m-%dT%H:%M").to_string();
    let closes = (now + chrono::Duration::days(15)).format("%Y-%m-%dT%H:%M").to_string();
    let (starts, ends) = (format!("{day}T09:00"), format!("{day}T17:00"));
    let mut event = vec![
        ("name", "Greater Bay Area Forum"),
        ("slug", "GBA forum!"),
        ("ref_prefix", "GB"),
        ("time_zone", "Asia/Hong_Kong"),
        ("starts_at", starts.as_str()),
        ("ends_at", ends.as_str()),
        ("registration_opens_at", opens.as_str()),
        ("registration_closes_at", closes.as_str()),
        ("contact_email", "forum@gba.example"),
    ];
    let res = post(&app, &admin, "/staff/events/new", "/staff/events", &event).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Use 2 to 40 lower-case letters, digits or hyphens."));
    event[1] = ("slug", "gba-forum");
    let res = post(&app, &admin, "/staff/events/new", "/staff/events", &event).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post(&app, &admin, "/staff/events/new", "/staff/events", &event).await;
    assert!(res.text().await.unwrap().contains("Another event already uses this short name."));

    let setup = "/staff/events/gba-forum/setup";
    assert_eq!(
        post(&app, &admin, setup, "/staff/events/gba-forum/venues", &[("name", "Qianhai Exhibition Hall")])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let res = post(
        &app,
        &admin,
        setup,
        "/staff/events/gba-forum/categories",
        &[("name", "Delegate"), ("badge_colour", "blue")],
    )
    .await;
    assert!(res.text().await.unwrap().contains("Enter a colour such as #1F4E8C."));
    post(
        &app,
        &admin,
        setup,
        "/staff/events/gba-forum/categories",
        &[("name", "Delegate"), ("badge_colour", "#1f4e8c"), ("self_register", "on")],
    )
    .await;
    post(
        &app,
        &admin,
        setup,
        "/staff/events/gba-forum/categories",
        &[("name", "Press"), ("badge_colour", "#B35C00"), ("self_register", "on")],
    )
    .await;

    let page = admin.get(app.url(setup)).send().await.unwrap().text().await.unwrap();
    let venue_select = &page[page.find(r#"name="venue""#).unwrap()..];
    let venue = extract(venue_select, r#"<option value=""#).unwrap();
    let delegate = {
        let at = page.find(">Delegate</label>").unwrap();
        let before = &page[..at];
        let start = before.rfind(r#"value=""#).unwrap() + 7;
        before[start..start + before[start..].find('"').unwrap()].to_owned()
    };
    let (s_start, s_end) = (format!("{day}T10:00"), format!("{day}T11:30"));
    let session = [
        ("id", ""),
        ("title", "Opening plenary"),
        ("venue", venue.as_str()),
        ("starts_at", s_start.as_str()),
        ("ends_at", s_end.as_str()),
        ("capacity", "2"),
        ("categories", delegate.as_str()),
    ];
    assert_eq!(
        post(&app, &admin, setup, "/staff/events/gba-forum/sessions", &session).await.status(),
        StatusCode::SEE_OTHER
    );

    let html = app.get("/events/gba-forum").await.text().await.unwrap();
    assert!(
        html.contains("10:00–11:30") && html.contains("Opening plenary") && html.contains("2 places left"),
        "{html}"
    );
    assert!(html.contains("All times are local time in Asia/Hong_Kong."));
    assert!(html.contains("Open to: Delegate"));

    let session_id =
        extract(&app.get("/events/gba-forum/register").await.text().await.unwrap(), r#"name="sessions" value=""#)
            .unwrap();
    for (i, email) in ["a@gba.example", "b@gba.example"].iter().enumerate() {
        let mut f = jordan_ambassador();
        set(&mut f, "email", email);
        set(&mut f, "category", "Delegate");
        f.push(("sessions".into(), session_id.clone()));
        let res = app.register("gba-forum", &f).await;
        assert_eq!(res.status(), StatusCode::OK, "delegate {i}");
        assert!(res.text().await.unwrap().contains("<strong>GB-"), "the event's own prefix");
    }
    // Lowering the capacity below the places taken is refused, with the count.
    let mut change = session.to_vec();
    change[0] = ("id", session_id.as_str());
    change[5] = ("capacity", "1");
    let res = post(&app, &admin, setup, "/staff/events/gba-forum/sessions", &change).await;
    assert!(res.text().await.unwrap().contains("2 places are already taken; the capacity cannot be lower."));
    change[5] = ("capacity", "");
    change.truncate(6); // no category ticked: open to all
    assert_eq!(
        post(&app, &admin, setup, "/staff/events/gba-forum/sessions", &change).await.status(),
        StatusCode::SEE_OTHER
    );
    let html = app.get("/events/gba-forum").await.text().await.unwrap();
    assert!(!html.contains("places left") && !html.contains("Open to:"), "no limit, open to all now");

    // Venues and categories can be corrected.
    let res = post(
        &app,
        &admin,
        setup,
        &format!("/staff/events/gba-forum/venues/{venue}"),
        &[("name", "Qianhai Exhibition Hall, 2nd floor"), ("address", "Nanshan")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post(
        &app,
        &admin,
        setup,
        &format!("/staff/events/gba-forum/categories/{delegate}"),
        &[("name", "Press"), ("badge_colour", "#123456")],
    )
    .await;
    assert!(res.text().await.unwrap().contains("This event already has a category of that name."));
    let res = post(
        &app,
        &admin,
        setup,
        &format!("/staff/events/gba-forum/categories/{delegate}"),
        &[("name", "Delegates"), ("badge_colour", "#123456"), ("self_register", "on")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = app.get("/events/gba-forum").await.text().await.unwrap();
    assert!(html.contains("Qianhai Exhibition Hall, 2nd floor"), "{html}");

    // Closing the window from the setup page closes the form.
    let mut closed = event.clone();
    let past = (now - chrono::Duration::hours(2)).format("%Y-%m-%dT%H:%M").to_string();
    let earlier = (now - chrono::Duration::days(2)).format("%Y-%m-%dT%H:%M").to_string();
    closed[6] = ("registration_opens_at", earlier.as_str());
    closed[7] = ("registration_closes_at", past.as_str());
    assert_eq!(post(&app, &admin, setup, setup, &closed).await.status(), StatusCode::SEE_OTHER);
    assert!(app.get("/events/gba-forum/register").await.text().await.unwrap().contains("Registration is closed"));
}

async fn a_session_outside_the_events_days_is_refused_by_its_field_with_what_was_typed(db: Db) {
    let app = spawn_app(db).await;
    let admin = browser_for(&app, "admin@lanyard.example", Role::Admin).await;
    let setup = "/staff/events/qianhai/setup";
    let page = admin.get(app.url(setup)).send().await.unwrap().text().await.unwrap();
    let venue = extract(&page[page.find(r#"name="venue""#).unwrap()..], r#"<option value=""#).unwrap();
    let event = lanyard::events::store::find_by_slug(&mut app.conn(), "qianhai").unwrap().unwrap();
    // The demo event has one day, in Shanghai.
    let first = event.local(event.starts_at).date();
    assert_eq!(first, event.local(event.ends_at).date());
    let (eve, after) = (first.pred_opt().unwrap(), first.succ_opt().unwrap());
    let before = app.sessions("qianhai");

    let (starts, ends) = (format!("{eve}T18:00"), format!("{eve}T20:00"));
    let early = [
        ("id", ""),
        ("title", "Welcome dinner"),
        ("venue", venue.as_str()),
        ("starts_at", starts.as_str()),
        ("ends_at", ends.as_str()),
    ];
    let res = post(&app, &admin, setup, "/staff/events/qianhai/sessions", &early).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    let message = format!("The event begins on {first}; a session cannot start before that day.");
    assert!(html.contains(&format!(r#"<p class="error" id="starts-error-">{message}</p>"#)), "{html}");
    assert!(html.contains(r#"value="Welcome dinner""#) && html.contains(&format!(r#"value="{starts}""#)), "kept");

    // Moving a saved session past the last day is refused in that session's own form.
    let (id, title) = before[0].clone();
    let (starts, ends) = (format!("{first}T20:00"), format!("{after}T01:00"));
    let late = [
        ("id", id.as_str()),
        ("title", title.as_str()),
        ("venue", venue.as_str()),
        ("starts_at", starts.as_str()),
        ("ends_at", ends.as_str()),
    ];
    let csrf = token(&app, &admin, setup).await;
    let mut body = vec![("csrf_token", csrf.as_str())];
    body.extend_from_slice(&late);
    let res = admin
        .post(app.url("/staff/events/qianhai/sessions"))
        .header("Accept-Language", "fr")
        .form(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    let message = format!("L’événement se termine le {first}\u{a0}; une séance ne peut pas se terminer après ce jour.");
    assert!(html.contains(&format!(r#"<p class="error" id="ends-error-{id}">{message}</p>"#)), "{html}");
    assert!(html.contains(&format!(r#"id="ends-{id}" name="ends_at" type="datetime-local" value="{ends}""#)));
    assert_eq!(app.sessions("qianhai"), before, "nothing saved");

    // Late in the evening of the last day is still the event's day.
    let (starts, ends) = (format!("{first}T21:00"), format!("{first}T23:00"));
    let evening = [
        ("id", ""),
        ("title", "Reception"),
        ("venue", venue.as_str()),
        ("starts_at", starts.as_str()),
        ("ends_at", ends.as_str()),
    ];
    let res = post(&app, &admin, setup, "/staff/events/qianhai/sessions", &evening).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}
