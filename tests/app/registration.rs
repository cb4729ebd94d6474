//! Registering on the public form.

use diesel::prelude::*;
use lanyard::db::schema::{registration_sessions, registrations, sessions};
use reqwest::StatusCode;

use crate::helpers::{Db, Fields, extract, jordan_ambassador, registration_count, set, spawn_app};

crate::on_both_databases!(
    a_delegate_registers_and_sees_a_short_reference,
    every_bad_field_gets_its_own_message_and_the_input_is_kept,
    every_delegate_in_the_file_can_register_with_names_stored_exactly,
    a_person_with_a_single_name_can_register,
    the_same_email_submitted_at_once_gives_one_registration,
    a_form_without_a_valid_csrf_token_is_refused_and_nothing_is_stored,
    registration_outside_its_window_shows_a_clear_page,
    a_full_session_refuses_the_next_delegate_clearly,
    html_typed_into_a_field_is_shown_as_text,
    the_confirmation_page_survives_a_refresh_and_needs_its_signature,
    line_breaks_in_needs_are_kept,
    racing_for_the_last_place_admits_exactly_one,
);

fn reference_in(html: &str) -> Option<String> {
    let start = html.find("<strong>QH-")? + "<strong>".len();
    Some(html[start..start + 9].to_owned())
}

async fn a_delegate_registers_and_sees_a_short_reference(db: Db) {
    let app = spawn_app(db).await;
    let mut fields = jordan_ambassador();
    let film = app.session_id("qianhai", "Film");
    let show = app.session_id("qianhai", "Xiangyunsha");
    fields.push(("sessions".into(), film.clone()));
    fields.push(("sessions".into(), show.clone()));

    let res = app.register("qianhai", &fields).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    let reference = reference_in(&html).expect("a reference on the confirmation page");
    assert!(reference[3..].chars().all(|c| "23456789ABCDEFGHJKMNPQRSTWXYZ".contains(c)), "{reference}");
    assert!(html.contains("Film: the Qianhai development plan"), "chosen sessions are listed");

    let mut conn = app.conn();
    let (ref_db, status, given, native): (String, String, String, String) = registrations::table
        .select((
            registrations::reference,
            registrations::status,
            registrations::given_name,
            registrations::native_name,
        ))
        .first(&mut *conn)
        .unwrap();
    assert_eq!(ref_db, reference);
    assert_eq!(status, "approved", "the demo event needs no approval");
    assert_eq!((given.as_str(), native.as_str()), ("Hussam", "حسام الحسيني"));
    let chosen: i64 = registration_sessions::table.count().get_result(&mut *conn).unwrap();
    assert_eq!(chosen, 2);
    let taken: i32 = sessions::table.find(&film).select(sessions::seats_taken).first(&mut *conn).unwrap();
    assert_eq!(taken, 1, "a place in the capped film session is taken");
}

async fn every_bad_field_gets_its_own_message_and_the_input_is_kept(db: Db) {
    let app = spawn_app(db).await;
    let photo = app.session_id("qianhai", "Group photo");
    let long = "x".repeat(101);
    // (field to change, bad value, field that must show the error, words of the message)
    let cases: Vec<(&str, String, &str, &str)> = vec![
        ("given_name", "".into(), "given_name", "This field is required."),
        ("given_name", long.clone(), "given_name", "at most 100 characters"),
        ("given_name", "Hus\u{7}sam".into(), "given_name", "control characters"),
        ("family_name", "\u{202e}ieseuH lA".into(), "family_name", "control characters"),
        ("family_name", long.clone(), "family_name", "at most 100 characters"),
        ("honorific", "x".repeat(41), "honorific", "at most 40 characters"),
        ("badge_name", "x".repeat(61), "badge_name", "at most 60 characters"),
        ("email", "".into(), "email", "This field is required."),
        ("email", "hussam.embassy.example".into(), "email", "email address such as"),
        ("email", "hussam@localhost".into(), "email", "email address such as"),
        ("phone", "call me".into(), "phone", "6 to 20 digits"),
        ("country", "".into(), "country", "This field is required."),
        ("country", "XX".into(), "country", "Choose a country"),
        ("category", "".into(), "category", "This field is required."),
        ("category", "Minister".into(), "category", "Choose a category"),
        ("category", "Organizer".into(), "category", "Choose a category"),
        ("sessions", "no-such-session".into(), "sessions", "no longer exists"),
        ("dietary", "x".repeat(501), "dietary", "at most 500 characters"),
        ("locale", "xx".into(), "locale", "Choose a language"),
    ];
    for (field, value, shown_at, words) in cases {
        let mut fields = jordan_ambassador();
        set(&mut fields, field, &value);
        let res = app.register("qianhai", &fields).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}={value:?}");
        let html = res.text().await.unwrap();
        let message = extract(&html, &format!(r#"id="{shown_at}-error">"#))
            .map(|m| m.split('<').next().unwrap_or_default().to_owned())
            .unwrap_or_else(|| panic!("no error next to {shown_at} for {field}={value:?}"));
        assert!(message.contains(words), "{field}={value:?}: {message:?} lacks {words:?}");
        if shown_at != "sessions" {
            assert!(html.contains(r#"aria-invalid="true""#), "{field}");
        }
        assert!(html.contains(r##"<a href="#"##), "an error summary links to the field");
        if field != "given_name" {
            assert!(html.contains(r#"value="Hussam""#), "input is kept for {field}");
        }
    }
    // A category-bound session: Accompanying persons are not in the diplomats' group photo.
    let mut fields = jordan_ambassador();
    set(&mut fields, "category", "Accompanying");
    fields.push(("sessions".into(), photo));
    let html = app.register("qianhai", &fields).await.text().await.unwrap();
    assert!(html.contains("“Group photo of the diplomats” is not open to the category you chose."), "{html}");
    assert_eq!(registration_count(&mut app.conn()), 0, "nothing invalid was stored");
}

/// Reads ../tests/data/delegates.csv (46 delegates, names in many scripts).
fn delegates() -> Vec<Fields> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/delegates.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let values = split_csv(line);
            header
                .iter()
                .zip(values)
                .map(|(k, v)| {
                    let key = if *k == "name_native" { "native_name" } else { k };
                    (key.to_string(), v)
                })
                .collect()
        })
        .collect()
}

pub fn split_csv(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out
}

async fn every_delegate_in_the_file_can_register_with_names_stored_exactly(db: Db) {
    let app = spawn_app(db).await;
    let people = delegates();
    assert!(people.len() >= 46);
    for person in &people {
        let mut fields = person.clone();
        let category = fields.iter().find(|(k, _)| k == "category").unwrap().1.clone();
        if matches!(category.as_str(), "Staff" | "Organizer") {
            // Not offered on the public form; staff register them (issue 3).
            set(&mut fields, "category", "Delegate");
        }
        set(&mut fields, "consent", "on");
        let res = app.register("qianhai", &fields).await;
        let status = res.status();
        let html = res.text().await.unwrap();
        assert_eq!(
            status,
            StatusCode::OK,
            "{person:?}: {}",
            html.lines().filter(|l| l.contains("error")).collect::<Vec<_>>().join("\n")
        );
    }
    let mut conn = app.conn();
    let stored: Vec<(String, String, String, String)> = registrations::table
        .select((
            registrations::email,
            registrations::given_name,
            registrations::family_name,
            registrations::native_name,
        ))
        .load(&mut *conn)
        .unwrap();
    assert_eq!(stored.len(), people.len());
    for person in &people {
        let get = |k: &str| person.iter().find(|(f, _)| f == k).map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
        let row = stored.iter().find(|r| r.0 == get("email")).unwrap();
        use unicode_normalization::UnicodeNormalization;
        let nfc = |s: String| s.nfc().collect::<String>();
        assert_eq!(
            (&row.1, &row.2, &row.3),
            (&nfc(get("given_name")), &nfc(get("family_name")), &nfc(get("native_name")))
        );
    }
}

async fn a_person_with_a_single_name_can_register(db: Db) {
    let app = spawn_app(db).await;
    let mut fields = jordan_ambassador();
    set(&mut fields, "given_name", "Sukarni");
    set(&mut fields, "family_name", "");
    set(&mut fields, "email", "sukarni@id-embassy.example");
    // Decomposed "é" (e + combining acute) is stored composed (NFC).
    set(&mut fields, "native_name", "Se\u{301}bastien");
    let res = app.register("qianhai", &fields).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (family, native): (String, String) = registrations::table
        .select((registrations::family_name, registrations::native_name))
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(family, "");
    assert_eq!(native, "S\u{e9}bastien");
}

async fn the_same_email_submitted_at_once_gives_one_registration(db: Db) {
    let app = spawn_app(db).await;
    let token = app.csrf_token("qianhai").await;
    let mut tasks = Vec::new();
    for i in 0..12 {
        let mut fields = jordan_ambassador();
        // Case differs between submissions: still the same mailbox.
        let email = if i % 2 == 0 { "h.alhusseini@jo-embassy.example" } else { "H.AlHusseini@JO-embassy.example" };
        set(&mut fields, "email", email);
        let client = app.client.clone();
        let url = app.url("/events/qianhai/register");
        let mut body = fields.clone();
        body.push(("csrf_token".into(), token.clone()));
        tasks.push(tokio::spawn(async move {
            let res = client.post(url).form(&body).send().await.unwrap();
            (res.status(), res.text().await.unwrap())
        }));
    }
    let mut ok = 0;
    let mut already = 0;
    for t in tasks {
        let (status, html) = t.await.unwrap();
        match status {
            StatusCode::SEE_OTHER => ok += 1,
            StatusCode::CONFLICT => {
                assert!(html.contains("already registered for this event"), "{html}");
                already += 1;
            }
            other => panic!("unexpected {other}: {html}"),
        }
    }
    assert_eq!((ok, already), (1, 11));
    assert_eq!(registration_count(&mut app.conn()), 1);
}

async fn a_form_without_a_valid_csrf_token_is_refused_and_nothing_is_stored(db: Db) {
    let app = spawn_app(db).await;
    let fields = jordan_ambassador();
    let _ = app.csrf_token("qianhai").await;
    for token in ["", "forged-token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"] {
        let res = app.post_form("qianhai", &fields, token).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "token {token:?}");
        let html = res.text().await.unwrap();
        assert!(html.contains("this form had expired"), "{html}");
        assert!(html.contains(r#"value="Hussam""#), "what was typed comes back");
    }
    // A token minted for another browser (another cookie) does not fit this one.
    let other = crate::helpers::spawn_app_on(app.db.clone(), |_| {}).await;
    let foreign = other.csrf_token("qianhai").await;
    let res = app.post_form("qianhai", &fields, &foreign).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(registration_count(&mut app.conn()), 0);
}

async fn registration_outside_its_window_shows_a_clear_page(db: Db) {
    let app = spawn_app(db).await;
    let token = app.csrf_token("qianhai").await;
    let event = lanyard::events::store::find_by_slug(&mut app.conn(), "qianhai").unwrap().unwrap();
    app.clock.set(event.registration_closes_at + chrono::Duration::days(1));
    let page = app.get("/events/qianhai/register").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Registration is closed") && html.contains("closed on"), "{html}");
    assert!(!html.contains("<form"), "no form when closed");
    let res = app.post_form("qianhai", &jordan_ambassador(), &token).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("closed on"));

    app.clock.set(event.registration_opens_at - chrono::Duration::days(1));
    let html = app.get("/events/qianhai/register").await.text().await.unwrap();
    assert!(html.contains("opens on"), "{html}");
    assert_eq!(registration_count(&mut app.conn()), 0);
}

async fn a_full_session_refuses_the_next_delegate_clearly(db: Db) {
    let app = spawn_app(db).await;
    let film = app.session_id("qianhai", "Film");
    diesel::update(sessions::table.find(&film)).set(sessions::capacity.eq(Some(1))).execute(&mut *app.conn()).unwrap();
    let mut first = jordan_ambassador();
    first.push(("sessions".into(), film.clone()));
    assert_eq!(app.register("qianhai", &first).await.status(), StatusCode::OK);
    let mut second = first.clone();
    set(&mut second, "email", "dan-horia.maxim@ro-embassy.example");
    let res = app.register("qianhai", &second).await;
    assert!(matches!(res.status(), StatusCode::CONFLICT | StatusCode::UNPROCESSABLE_ENTITY), "{}", res.status());
    let html = res.text().await.unwrap();
    assert!(html.contains("“Film: the Qianhai development plan” is full."), "{html}");
    assert_eq!(registration_count(&mut app.conn()), 1);
}

async fn html_typed_into_a_field_is_shown_as_text(db: Db) {
    let app = spawn_app(db).await;
    let mut fields = jordan_ambassador();
    set(&mut fields, "organization", "<script>alert(1)</script>");
    set(&mut fields, "email", "");
    let html = app.register("qianhai", &fields).await.text().await.unwrap();
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"), "shown escaped, as typed");
}

async fn the_confirmation_page_survives_a_refresh_and_needs_its_signature(db: Db) {
    let app = spawn_app(db).await;
    let token = app.csrf_token("qianhai").await;
    let res = app.post_form("qianhai", &jordan_ambassador(), &token).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/events/qianhai/registered/QH-"), "{location}");
    for _ in 0..2 {
        let page = app.get(&location).await;
        assert_eq!(page.status(), StatusCode::OK);
        assert_eq!(page.headers()["cache-control"], "no-store");
        let html = page.text().await.unwrap();
        assert!(html.contains("You are registered for") && reference_in(&html).is_some());
    }
    let (path, sig) = location.split_once("?t=").unwrap();
    let mut forged: Vec<char> = sig.chars().collect();
    forged[0] = if forged[0] == 'A' { 'B' } else { 'A' };
    let forged: String = forged.into_iter().collect();
    assert_eq!(app.get(&format!("{path}?t={forged}")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get(path).await.status(), StatusCode::NOT_FOUND);
    let other = path.replace("QH-", "QH-X");
    assert_eq!(app.get(&format!("{other}?t={sig}")).await.status(), StatusCode::NOT_FOUND);
}

async fn line_breaks_in_needs_are_kept(db: Db) {
    let app = spawn_app(db).await;
    let mut fields = jordan_ambassador();
    set(&mut fields, "dietary", "Halal\r\nNo shellfish");
    set(&mut fields, "accessibility", "Step-free access\r\n\tplease");
    assert_eq!(app.register("qianhai", &fields).await.status(), StatusCode::OK);
    let (dietary, access): (String, String) = registrations::table
        .select((registrations::dietary, registrations::accessibility))
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(dietary, "Halal\nNo shellfish");
    assert_eq!(access, "Step-free access\n\tplease");
}

async fn racing_for_the_last_place_admits_exactly_one(db: Db) {
    let app = spawn_app(db).await;
    let film = app.session_id("qianhai", "Film");
    diesel::update(sessions::table.find(&film)).set(sessions::capacity.eq(Some(1))).execute(&mut *app.conn()).unwrap();
    app.let_the_programme_cache_expire();
    let token = app.csrf_token("qianhai").await;
    let mut tasks = Vec::new();
    for i in 0..10 {
        let mut body = jordan_ambassador();
        set(&mut body, "email", &format!("delegate{i}@embassy.example"));
        body.push(("sessions".into(), film.clone()));
        body.push(("csrf_token".into(), token.clone()));
        let (client, url) = (app.client.clone(), app.url("/events/qianhai/register"));
        tasks.push(tokio::spawn(async move { client.post(url).form(&body).send().await.unwrap().status() }));
    }
    let mut admitted = 0;
    for t in tasks {
        match t.await.unwrap() {
            StatusCode::SEE_OTHER => admitted += 1,
            StatusCode::CONFLICT | StatusCode::UNPROCESSABLE_ENTITY => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(admitted, 1);
    let taken: i32 = sessions::table.find(&film).select(sessions::seats_taken).first(&mut *app.conn()).unwrap();
    assert_eq!(taken, 1);
    assert_eq!(registration_count(&mut app.conn()), 1, "the others were not stored without their session");
}
