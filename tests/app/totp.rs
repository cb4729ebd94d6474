//! Two-factor login with TOTP, and the admin's requirement of it for everyone.

use lanyard::staff::{Role, totp};
use reqwest::StatusCode;

use crate::helpers::{Db, TestApp, extract, spawn_app};
use crate::staff::{browser_for, token};

crate::on_both_databases!(
    with_two_factor_on_a_password_alone_opens_nothing,
    when_an_admin_requires_two_factor_every_account_must_set_it_up_first,
);

pub(crate) fn code(secret: &str, email: &str) -> String {
    let now = chrono::Utc::now().timestamp() as u64;
    totp::code_at(secret, email, now).unwrap()
}

/// Sets up TOTP for the logged-in browser; returns the secret the "phone" holds.
pub(crate) async fn set_up(app: &TestApp, client: &reqwest::Client, email: &str) -> String {
    let html = client.get(app.url("/staff/totp")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("data:image/svg+xml;base64,"), "a QR code to scan");
    let secret = extract(&html, r#"name="secret" value=""#).unwrap();
    let csrf = extract(&html, r#"name="csrf_token" value=""#).unwrap();
    let wrong = client
        .post(app.url("/staff/totp"))
        .form(&[("csrf_token", csrf.as_str()), ("secret", secret.as_str()), ("code", "000000")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY, "a wrong code saves nothing");
    let res = client
        .post(app.url("/staff/totp"))
        .form(&[("csrf_token", csrf.as_str()), ("secret", secret.as_str()), ("code", code(&secret, email).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    secret
}

pub(crate) async fn password_step(app: &TestApp, email: &str) -> (reqwest::Client, String) {
    let client =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let csrf = token(app, &client, "/staff/login").await;
    let res = client
        .post(app.url("/staff/login"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("email", email),
            ("password", "correct horse battery staple"),
            ("next", "/staff"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "the code step, not a session");
    (client, res.text().await.unwrap())
}

pub(crate) async fn code_step(app: &TestApp, client: &reqwest::Client, page: &str, code: &str) -> reqwest::Response {
    let csrf = extract(page, r#"name="csrf_token" value=""#).unwrap();
    let pending = extract(page, r#"name="pending" value=""#).unwrap();
    client
        .post(app.url("/staff/login/code"))
        .form(&[("csrf_token", csrf.as_str()), ("pending", pending.as_str()), ("code", code), ("next", "/staff")])
        .send()
        .await
        .unwrap()
}

async fn with_two_factor_on_a_password_alone_opens_nothing(db: Db) {
    let app = spawn_app(db).await;
    let email = "reg@lanyard.example";
    let first = browser_for(&app, email, Role::Registrar).await;
    let secret = set_up(&app, &first, email).await;

    let (client, page) = password_step(&app, email).await;
    assert!(page.contains("6-digit code"));
    assert_eq!(client.get(app.url("/staff")).send().await.unwrap().status(), StatusCode::SEE_OTHER, "no session yet");
    let res = code_step(&app, &client, &page, "123456").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.text().await.unwrap().contains("This code is not correct."));
    let res = code_step(&app, &client, &page, &code(&secret, email)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(client.get(app.url("/staff")).send().await.unwrap().status(), StatusCode::OK);

    // The same code never opens a second session, even with a fresh password step.
    let used = code(&secret, email);
    let (again, page2) = password_step(&app, email).await;
    let res = code_step(&app, &again, &page2, &used).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "a code is accepted once");
    // Setting up a new phone needs the current factor off first.
    let html = client.get(app.url("/staff/totp")).send().await.unwrap().text().await.unwrap();
    let csrf = extract(&html, r#"name="csrf_token" value=""#).unwrap();
    let other = totp::new_secret();
    let res = client
        .post(app.url("/staff/totp"))
        .form(&[("csrf_token", csrf.as_str()), ("secret", other.as_str()), ("code", code(&other, email).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);

    // A tampered proof of the password step starts over.
    let forged = page.replace("|", "|0");
    let res = code_step(&app, &client, &forged, &code(&secret, email)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.text().await.unwrap().contains("The login took too long."));
}

async fn when_an_admin_requires_two_factor_every_account_must_set_it_up_first(db: Db) {
    let app = spawn_app(db).await;
    let admin = browser_for(&app, "admin@lanyard.example", Role::Admin).await;
    let registrar = browser_for(&app, "reg@lanyard.example", Role::Registrar).await;
    assert_eq!(registrar.get(app.url("/staff/security")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let csrf = token(&app, &registrar, "/staff/password").await;
    let res = registrar
        .post(app.url("/staff/security"))
        .form(&[("csrf_token", csrf.as_str()), ("require_totp", "true")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "only admins change security settings");

    let csrf = token(&app, &admin, "/staff/security").await;
    let res = admin
        .post(app.url("/staff/security"))
        .form(&[("csrf_token", csrf.as_str()), ("require_totp", "true")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    let res = registrar.get(app.url("/staff/events/qianhai/registrations")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/staff/totp");
    let html = registrar.get(app.url("/staff/totp")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("An administrator requires two-factor login."));
    set_up(&app, &registrar, "reg@lanyard.example").await;
    assert_eq!(
        registrar.get(app.url("/staff/events/qianhai/registrations")).send().await.unwrap().status(),
        StatusCode::OK
    );
    let history = lanyard::audit::for_entity(&mut app.conn(), "settings", "require_totp").unwrap();
    assert_eq!(history[0].actor, "admin@lanyard.example");
}
