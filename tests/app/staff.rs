//! The staff desk's doors: login, lockout, sessions, passwords; and the helpers every staff test uses.

use diesel::prelude::*;
use lanyard::db::schema::registrations;
use lanyard::staff::{Role, auth};
use reqwest::StatusCode;

use crate::helpers::{Db, TestApp, extract, spawn_app};

crate::on_both_databases!(
    staff_pages_need_a_login_and_logging_out_ends_the_session,
    five_wrong_passwords_lock_the_account_for_a_while,
    parallel_guesses_cannot_slip_past_the_lock,
    changing_the_password_logs_out_other_sessions,
);

pub(crate) const PASSWORD: &str = "correct horse battery staple";

/// A new account; registrars and printers are given every event (security accounts none:
/// their tests give them events).
pub(crate) fn add_staff(app: &TestApp, email: &str, role: Role) {
    let now = chrono::Utc::now().naive_utc();
    let user = auth::create(&mut app.conn(), email, "", role, PASSWORD, now).unwrap();
    if matches!(role, Role::Registrar | Role::Printer) {
        let all: Vec<lanyard::ids::EventId> =
            lanyard::db::schema::events::table.select(lanyard::db::schema::events::id).load(&mut *app.conn()).unwrap();
        lanyard::staff::events::set_events(&mut app.conn(), &user.id, &all, "test", now).unwrap();
    }
}

pub fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

pub async fn token(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    let html = client.get(app.url(path)).send().await.unwrap().text().await.unwrap();
    extract(&html, r#"name="csrf_token" value=""#).unwrap_or_else(|| panic!("no form at {path}: {html}"))
}

/// Logs in and returns the browser holding the session.
pub(crate) async fn login(app: &TestApp, email: &str, password: &str) -> (reqwest::Client, reqwest::Response) {
    let client = browser();
    let csrf = token(app, &client, "/staff/login").await;
    let res = client
        .post(app.url("/staff/login"))
        .form(&[("csrf_token", csrf.as_str()), ("email", email), ("password", password), ("next", "/staff")])
        .send()
        .await
        .unwrap();
    (client, res)
}

/// A browser logged in as a new account with this role.
pub async fn browser_for(app: &TestApp, email: &str, role: Role) -> reqwest::Client {
    logged_in(app, email, role).await
}

pub async fn logged_in(app: &TestApp, email: &str, role: Role) -> reqwest::Client {
    add_staff(app, email, role);
    let (client, res) = login(app, email, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    client
}

pub(crate) async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    form_page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let csrf = token(app, client, form_page).await;
    let mut body: Vec<(&str, &str)> = vec![("csrf_token", csrf.as_str())];
    body.extend_from_slice(fields);
    client.post(app.url(action)).form(&body).send().await.unwrap()
}

/// A registration's id by its reference.
pub fn registration_id_by_reference(app: &TestApp, reference: &str) -> String {
    registrations::table
        .filter(registrations::reference.eq(reference))
        .select(registrations::id)
        .first(&mut *app.conn())
        .unwrap()
}

pub fn registration_id(app: &TestApp, email: &str) -> String {
    registrations::table
        .filter(registrations::email_lower.eq(email.to_lowercase()))
        .select(registrations::id)
        .first(&mut *app.conn())
        .unwrap()
}

async fn staff_pages_need_a_login_and_logging_out_ends_the_session(db: Db) {
    let app = spawn_app(db).await;
    add_staff(&app, "ada@lanyard.example", Role::Admin);
    let anon = browser();
    let res = anon.get(app.url("/staff")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/staff/login?next=%2Fstaff");

    let (_, res) = login(&app, "ada@lanyard.example", "wrong password here").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.text().await.unwrap().contains("The email or password is not correct."));
    let (_, res) = login(&app, "nobody@lanyard.example", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "unknown emails get the same answer");

    let (client, res) = login(&app, "ADA@lanyard.example", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    let home = client.get(app.url("/staff")).send().await.unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    assert!(home.text().await.unwrap().contains("Diplomats Explore China"));

    let res = post(&app, &client, "/staff", "/staff/logout", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(client.get(app.url("/staff")).send().await.unwrap().status(), StatusCode::SEE_OTHER);
}

async fn five_wrong_passwords_lock_the_account_for_a_while(db: Db) {
    let app = spawn_app(db).await;
    add_staff(&app, "reg@lanyard.example", Role::Registrar);
    for _ in 0..4 {
        assert_eq!(login(&app, "reg@lanyard.example", "not the password").await.1.status(), StatusCode::UNAUTHORIZED);
    }
    let res = login(&app, "reg@lanyard.example", "not the password").await.1;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let res = login(&app, "reg@lanyard.example", PASSWORD).await.1;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    assert!(res.text().await.unwrap().contains("Too many failed attempts"));
}

async fn parallel_guesses_cannot_slip_past_the_lock(db: Db) {
    let app = spawn_app(db).await;
    add_staff(&app, "reg@lanyard.example", Role::Registrar);
    let client = browser();
    let csrf = token(&app, &client, "/staff/login").await;
    let mut tasks = Vec::new();
    for i in 0..16 {
        let (client, url, csrf) = (client.clone(), app.url("/staff/login"), csrf.clone());
        tasks.push(tokio::spawn(async move {
            let guess = format!("wrong guess number {i}");
            let form = [("csrf_token", csrf.as_str()), ("email", "reg@lanyard.example"), ("password", guess.as_str())];
            client.post(url).form(&form).send().await.unwrap().status()
        }));
    }
    for t in tasks {
        let status = t.await.unwrap();
        assert!(matches!(status, StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS), "{status}");
    }
    let user = lanyard::staff::store::find_by_email(&mut app.conn(), "reg@lanyard.example").unwrap().unwrap();
    let (failed, locked_until) = lanyard::staff::store::throttle(&mut app.conn(), &user.id, "127.0.0.1").unwrap();
    assert!(failed <= 16 && locked_until.is_some(), "locked for this address: {failed} {locked_until:?}");
    assert_eq!(login(&app, "reg@lanyard.example", PASSWORD).await.1.status(), StatusCode::TOO_MANY_REQUESTS);
}

async fn changing_the_password_logs_out_other_sessions(db: Db) {
    let app = spawn_app(db).await;
    let laptop = logged_in(&app, "reg@lanyard.example", Role::Registrar).await;
    let (phone, _) = login(&app, "reg@lanyard.example", PASSWORD).await;
    assert_eq!(phone.get(app.url("/staff")).send().await.unwrap().status(), StatusCode::OK);
    let new = "a brand new passphrase";
    let res = post(
        &app,
        &laptop,
        "/staff/password",
        "/staff/password",
        &[("current", "wrong"), ("new", new), ("repeat", new)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = post(
        &app,
        &laptop,
        "/staff/password",
        "/staff/password",
        &[("current", PASSWORD), ("new", "short"), ("repeat", "short")],
    )
    .await;
    assert!(res.text().await.unwrap().contains("Use at least 12 characters."));
    let res = post(
        &app,
        &laptop,
        "/staff/password",
        "/staff/password",
        &[("current", PASSWORD), ("new", new), ("repeat", new)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(laptop.get(app.url("/staff")).send().await.unwrap().status(), StatusCode::OK, "this session stays");
    assert_eq!(phone.get(app.url("/staff")).send().await.unwrap().status(), StatusCode::SEE_OTHER, "others end");
    assert_eq!(login(&app, "reg@lanyard.example", new).await.1.status(), StatusCode::SEE_OTHER);
}
