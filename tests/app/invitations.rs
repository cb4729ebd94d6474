//! Invitations: a link with a quota for an embassy, prefilled forms, the delegation page.

use std::time::Duration;

use diesel::prelude::*;
use lanyard::db::schema::events;
use lanyard::staff::Role;
use reqwest::StatusCode;

use crate::helpers::{Db, TestApp, eventually, extract, jordan_ambassador, registration_count, set, spawn_app};
use crate::staff::{browser_for, token};

crate::on_both_databases!(
    an_embassy_registers_three_delegates_and_a_fourth_is_refused_by_the_quota,
    racing_registrations_never_exceed_an_invitations_quota,
    invitations_from_a_file_are_checked_first_and_sent_once,
    an_invitation_opens_in_its_own_language,
);

/// Creates an invitation through the staff page and returns the code from the mail it sends.
/// Invites the Embassy of Romania; returns the two codes from the mail: (register, manage).
async fn invite(app: &TestApp, quota: &str) -> (String, String) {
    let client = browser_for(app, "reg@lanyard.example", Role::Registrar).await;
    let csrf = token(app, &client, "/staff/events/qianhai/invitations").await;
    let res = client
        .post(app.url("/staff/events/qianhai/invitations"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("organization", "Embassy of Romania"),
            ("country", "RO"),
            ("contact_name", "Ioana Popescu"),
            ("contact_email", "protocol@ro-embassy.example"),
            ("quota", quota),
            ("locale", "en"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let text = eventually(Duration::from_secs(20), "the invitation mail", || {
        app.mail_files().iter().find_map(|f| {
            let raw = std::fs::read(f).unwrap();
            let m = mail_parser::MessageParser::default().parse(&raw)?;
            m.subject()?.starts_with("Invitation:").then(|| m.body_text(0).unwrap().into_owned())
        })
    })
    .await;
    assert!(
        text.contains("Dear Ioana Popescu,") && text.contains("Embassy of Romania is invited to register up to 3"),
        "{text}"
    );
    let start = text.find("register?invitation=").expect("a registration link") + "register?invitation=".len();
    let code = text[start..start + 20].to_owned();
    let start = text.find("http://lanyard.test/invitations/").expect("a delegation link") + 32;
    let manage = text[start..start + 20].to_owned();
    assert_ne!(code, manage, "one code registers, another manages");
    (code, manage)
}

fn delegate(i: usize, code: &str) -> Vec<(String, String)> {
    let mut f = jordan_ambassador();
    set(&mut f, "given_name", &format!("Delegate{i}"));
    set(&mut f, "family_name", "Ionescu");
    set(&mut f, "native_name", "");
    set(&mut f, "email", &format!("delegate{i}@ro-embassy.example"));
    set(&mut f, "country", "RO");
    set(&mut f, "organization", "Embassy of Romania");
    set(&mut f, "category", "Delegate");
    set(&mut f, "invitation", code);
    f
}

async fn an_embassy_registers_three_delegates_and_a_fourth_is_refused_by_the_quota(db: Db) {
    let app = spawn_app(db).await;
    diesel::update(events::table).set(events::invitation_only.eq(true)).execute(&mut *app.conn()).unwrap();
    app.let_the_programme_cache_expire();
    let (code, manage) = invite(&app, "3").await;

    // Without the code the event is closed to the public.
    let html = app.get("/events/qianhai/register").await.text().await.unwrap();
    assert!(html.contains("is by invitation only") && !html.contains("<form"), "{html}");
    let token = app.csrf_token_for(&format!("/events/qianhai/register?invitation={code}")).await;
    let res = app.post_form("qianhai", &jordan_ambassador(), &token).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // The link fills in the embassy.
    let form =
        app.get(&format!("/events/qianhai/register?invitation={}", code.to_lowercase())).await.text().await.unwrap();
    assert!(form.contains("Invitation for Embassy of Romania: 3 of 3 places left."), "{form}");
    assert!(form.contains(r#"value="Embassy of Romania""#) && form.contains(r#"<option value="RO" selected>"#));
    assert!(form.contains(&format!(r#"name="invitation" value="{code}""#)));

    for i in 1..=3 {
        let res = app.post_form("qianhai", &delegate(i, &code), &token).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "delegate {i}");
    }
    let res = app.post_form("qianhai", &delegate(4, &code), &token).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let html = res.text().await.unwrap();
    assert!(html.contains("All places of this invitation are used."), "{html}");
    assert!(html.contains(r#"value="Delegate4""#), "the fourth's input is kept");
    assert_eq!(registration_count(&mut app.conn()), 3);

    // The registration code, passed around the delegation, does not open the delegation's page.
    assert_eq!(app.get(&format!("/invitations/{code}")).await.status(), StatusCode::NOT_FOUND);
    // The head of delegation sees the three and frees a place.
    let page = app.get(&format!("/invitations/{manage}")).await;
    assert_eq!(page.headers()["cache-control"], "no-store");
    let html = page.text().await.unwrap();
    assert!(html.contains("3 of 3 places used") && html.contains("Delegate2 Ionescu"), "{html}");
    assert!(!html.contains("Register a delegate"));
    let reference = {
        let at = html.find("Delegate2 Ionescu").unwrap();
        let before = &html[..at];
        let start = before.rfind("<td>RO-").or_else(|| before.rfind("<td>QH-")).unwrap() + 4;
        html[start..start + 9].to_owned()
    };
    let csrf = extract(&html, r#"name="csrf_token" value=""#).unwrap();
    let res = app
        .client
        .post(app.url(&format!("/invitations/{manage}/registrations/{reference}/cancel")))
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = app.get(&format!("/invitations/{manage}")).await.text().await.unwrap();
    assert!(html.contains("2 of 3 places used") && html.contains("Register a delegate"), "{html}");
    assert_eq!(app.post_form("qianhai", &delegate(4, &code), &token).await.status(), StatusCode::SEE_OTHER);

    // A wrong code, or another invitation's registration, gets nowhere.
    assert_eq!(
        app.get("/events/qianhai/register?invitation=NOTAREALCODE2345678").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get("/invitations/NOTAREALCODE2345678").await.status(), StatusCode::NOT_FOUND);
    let other = jordan_ambassador();
    let mut forged = other.clone();
    set(&mut forged, "invitation", "NOTAREALCODE2345678");
    assert_eq!(app.post_form("qianhai", &forged, &token).await.status(), StatusCode::NOT_FOUND);
}

async fn racing_registrations_never_exceed_an_invitations_quota(db: Db) {
    let app = spawn_app(db).await;
    let (code, _) = invite(&app, "3").await;
    let token = app.csrf_token_for(&format!("/events/qianhai/register?invitation={code}")).await;
    let mut tasks = Vec::new();
    for i in 0..8 {
        let mut body = delegate(i, &code);
        body.push(("csrf_token".into(), token.clone()));
        let (client, url) = (app.client.clone(), app.url("/events/qianhai/register"));
        tasks.push(tokio::spawn(async move { client.post(url).form(&body).send().await.unwrap().status() }));
    }
    let mut admitted = 0;
    for t in tasks {
        match t.await.unwrap() {
            StatusCode::SEE_OTHER => admitted += 1,
            StatusCode::CONFLICT => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(admitted, 3);
    assert_eq!(registration_count(&mut app.conn()), 3);
}

async fn invitations_from_a_file_are_checked_first_and_sent_once(db: Db) {
    let app = spawn_app(db).await;
    let client = browser_for(&app, "reg@lanyard.example", Role::Registrar).await;
    let upload = |content: String| {
        let client = client.clone();
        let app = &app;
        async move {
            let csrf = token(app, &client, "/staff/events/qianhai/invitations").await;
            let form = reqwest::multipart::Form::new().text("csrf_token", csrf).part(
                "file",
                reqwest::multipart::Part::text(content).file_name("invitations.csv").mime_str("text/csv").unwrap(),
            );
            let res =
                client.post(app.url("/staff/events/qianhai/invitations/import")).multipart(form).send().await.unwrap();
            (res.status(), res.text().await.unwrap())
        }
    };
    let good = "organization,country,contact_name,contact_email,quota,locale\n\
                Embassy of Mongolia,MN,Tuvshin Badral,protocol@mn-embassy.example,4,en\n\
                Embassy of Jordan,JO,,protocol@jo-embassy.example,3,zh\n";
    let (status, html) = upload(format!("{good}Embassy of Nowhere,XX,,not-an-email,0,en\n")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Line 4: country: Choose a country from the list."), "{html}");
    assert!(lanyard::invitations::for_event(&mut app.conn(), &event_id(&app)).unwrap().is_empty(), "nothing created");

    let (status, html) = upload(good.to_owned()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("2 invitations created and sent; 0 existed already."), "{html}");
    let (_, html) = upload(good.to_owned()).await;
    assert!(html.contains("0 invitations created and sent; 2 existed already."));
    let subjects = eventually(Duration::from_secs(20), "two invitation mails", || {
        let subjects: Vec<String> = app
            .mail_files()
            .iter()
            .filter_map(|f| {
                mail_parser::MessageParser::default()
                    .parse(&std::fs::read(f).unwrap())
                    .and_then(|m| m.subject().map(str::to_owned))
            })
            .collect();
        (subjects.len() == 2).then_some(subjects)
    })
    .await;
    assert!(subjects.iter().any(|s| s.starts_with("邀请：")), "the Jordanian embassy asked for Chinese: {subjects:?}");
}

fn event_id(app: &TestApp) -> lanyard::ids::EventId {
    lanyard::events::store::find_by_slug(&mut app.conn(), "qianhai").unwrap().unwrap().id
}

/// An invitation written in French opens the form and the delegation page in French, unless the
/// reader picked a language.
async fn an_invitation_opens_in_its_own_language(db: Db) {
    let app = spawn_app(db).await;
    let event = lanyard::events::store::find_by_slug(&mut app.conn(), "qianhai").unwrap().unwrap();
    let form = lanyard::invitations::InvitationForm {
        organization: "Ambassade de France".into(),
        country: "FR".into(),
        contact_email: "protocole@fr-embassy.example".into(),
        locale: "fr".into(),
        quota: "3".into(),
        ..Default::default()
    };
    let now = chrono::Utc::now().naive_utc();
    let keys = app.keys();
    let invitation = lanyard::invitations::create(&mut app.conn(), &keys, &event, &form, "test", now).unwrap().unwrap();
    let codes = invitation.codes(&keys).unwrap();
    let page = app.page_in(&format!("/events/qianhai/register?invitation={}", codes.register), "en-GB").await;
    assert!(page.contains(r#"<html lang="fr""#), "the invitation's language");
    let page = app.page_in(&format!("/invitations/{}", codes.manage), "en-GB").await;
    assert!(page.contains(r#"<html lang="fr""#));
    let chosen = app.get(&format!("/events/qianhai/register?invitation={}&lang=es", codes.register)).await;
    assert!(chosen.text().await.unwrap().contains(r#"<html lang="es""#), "the reader's choice wins");
}
