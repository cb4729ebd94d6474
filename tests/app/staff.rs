//! The staff desk: login, roles, search, edit, approve, reject, cancel, audit.

use diesel::prelude::*;
use lanyard::db::schema::{events, registrations, sessions};
use lanyard::staff::{Role, auth};
use reqwest::StatusCode;

use crate::helpers::{Db, TestApp, eventually, extract, jordan_ambassador, set, spawn_app};

crate::on_both_databases!(
    staff_pages_need_a_login_and_logging_out_ends_the_session,
    five_wrong_passwords_lock_the_account_for_a_while,
    parallel_guesses_cannot_slip_past_the_lock,
    a_registrar_finds_delegates_by_part_of_a_name_in_any_script,
    a_registrar_fixes_the_badge_name_and_approves_and_the_delegate_is_mailed,
    rejecting_needs_a_reason_and_cancelling_frees_the_place,
    each_role_reaches_only_its_own_pages,
    staff_forms_refuse_a_missing_csrf_token,
    changing_the_password_logs_out_other_sessions,
    every_staff_route_answers_each_role_as_its_permissions_say,
    an_admin_creates_accounts_and_tokens_in_the_ui_and_can_take_them_back,
    a_door_account_scans_only_at_the_venues_it_is_given,
);

pub(crate) const PASSWORD: &str = "correct horse battery staple";

pub(crate) fn add_staff(app: &TestApp, email: &str, role: Role) {
    let now = chrono::Utc::now().naive_utc();
    auth::create(&mut app.conn(), email, "", role, PASSWORD, now).unwrap();
}

pub fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

pub async fn token(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    let html = client.get(app.url(path)).send().await.unwrap().text().await.unwrap();
    extract(&html, r#"name="csrf_token" value=""#).unwrap_or_else(|| panic!("no form at {path}: {html}"))
}

/// Logs in and returns the browser holding the session.
async fn login(app: &TestApp, email: &str, password: &str) -> (reqwest::Client, reqwest::Response) {
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

async fn post(
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
    assert!(user.failed_logins <= 16 && user.locked_until.is_some(), "locked: {user:?}");
    assert_eq!(login(&app, "reg@lanyard.example", PASSWORD).await.1.status(), StatusCode::TOO_MANY_REQUESTS);
}

async fn register_file_delegates(app: &TestApp) {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/delegates.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let token = app.csrf_token("qianhai").await;
    for line in lines.filter(|l| !l.is_empty()) {
        let values = crate::registration::split_csv(line);
        let mut fields: Vec<(String, String)> = header
            .iter()
            .zip(values)
            .map(|(k, v)| (if *k == "name_native" { "native_name".to_owned() } else { k.to_string() }, v))
            .collect();
        if fields.iter().any(|(k, v)| k == "category" && (v == "Staff" || v == "Organizer")) {
            set(&mut fields, "category", "Delegate");
        }
        assert_eq!(app.post_form("qianhai", &fields, &token).await.status(), StatusCode::SEE_OTHER);
    }
}

async fn a_registrar_finds_delegates_by_part_of_a_name_in_any_script(db: Db) {
    let app = spawn_app(db).await;
    register_file_delegates(&app).await;
    let client = logged_in(&app, "reg@lanyard.example", Role::Registrar).await;
    let list = |q: &str| {
        let url = app.url(&format!("/staff/events/qianhai/registrations?q={}", url_escape(q)));
        let client = client.clone();
        async move {
            let res = client.get(url).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            res.text().await.unwrap()
        }
    };
    let all = list("").await;
    assert!(
        all.contains("46 registrations match."),
        "{}",
        all.lines().filter(|l| l.contains("match")).collect::<String>()
    );
    // Arabic, by part of the native name; Mongolian Cyrillic; Latin without case.
    let html = list("الحسيني").await;
    assert!(html.contains("One registration matches.") && html.contains("Hussam"), "Arabic search");
    let html = list("Бадрал").await;
    assert!(html.contains("One registration matches.") && html.contains("Tuvshin"), "Cyrillic search");
    let html = list("fernández-VILLAVERDE").await;
    assert!(html.contains("One registration matches."), "case-insensitive beyond ASCII");
    let html = list("no such person").await;
    assert!(html.contains("No registration matches."));
    let html = list("100%").await;
    assert!(html.contains("No registration matches."), "% is literal");
    // By reference, exactly as printed.
    let reference: String = registrations::table.select(registrations::reference).first(&mut *app.conn()).unwrap();
    assert!(list(&reference.to_lowercase()).await.contains("One registration matches."));
    // Filters and sort by precedence: heads of mission first.
    let res = client
        .get(app.url("/staff/events/qianhai/registrations?country=JO&category=Head+of+Mission&sort=precedence"))
        .send()
        .await
        .unwrap();
    assert!(res.text().await.unwrap().contains("One registration matches."));
    let html = list("").await;
    assert!(html.contains("Page 1 of 1"));
}

fn url_escape(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

async fn a_registrar_fixes_the_badge_name_and_approves_and_the_delegate_is_mailed(db: Db) {
    let app = spawn_app(db).await;
    diesel::update(events::table).set(events::approval_required.eq(true)).execute(&mut *app.conn()).unwrap();
    app.let_the_programme_cache_expire();
    let res = app.register("qianhai", &jordan_ambassador()).await;
    assert!(res.text().await.unwrap().contains("will review it"), "pending confirmation page");
    let id = registration_id(&app, "h.alhusseini@jo-embassy.example");
    let client = logged_in(&app, "reg@lanyard.example", Role::Registrar).await;

    let edit = format!("/staff/registrations/{id}/edit");
    let form = client.get(app.url(&edit)).send().await.unwrap().text().await.unwrap();
    assert!(form.contains(r#"value="Hussam""#) && form.contains("Organizer"), "staff may pick any category");
    let mut fields = jordan_ambassador();
    set(&mut fields, "badge_name", "H.E. Hussam Al-Husseini");
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = post(&app, &client, &edit, &edit, &refs).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    let res =
        post(&app, &client, &format!("/staff/registrations/{id}"), &format!("/staff/registrations/{id}/approve"), &[])
            .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let detail = client
        .get(app.url(&format!("/staff/registrations/{id}?done=approved")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(detail.contains("Approved. The delegate will receive an email."));
    assert!(
        detail.contains("badge_name: <bdi></bdi> → <bdi>H.E. Hussam Al-Husseini</bdi>"),
        "history shows before and after"
    );
    assert!(detail.contains("<bdi>reg@lanyard.example</bdi> · approved"), "who approved");
    let status: String = registrations::table.find(&id).select(registrations::status).first(&mut *app.conn()).unwrap();
    assert_eq!(status, "approved");
    let subjects = eventually(std::time::Duration::from_secs(20), "two mails", || {
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
    assert!(subjects.iter().any(|s| s.starts_with("Registration received:")), "{subjects:?}");
    assert!(subjects.iter().any(|s| s.starts_with("Registration approved:")), "{subjects:?}");

    let audit = client.get(app.url("/staff/events/qianhai/audit")).send().await.unwrap().text().await.unwrap();
    let approved_at =
        audit.find(&format!(r#"<a href="/staff/registrations/{id}">approved</a>"#)).expect("approval in the event log");
    let edited_at =
        audit.find(&format!(r#"<a href="/staff/registrations/{id}">edited</a>"#)).expect("edit in the event log");
    assert!(approved_at < edited_at, "newest first");

    // Approving again changes nothing and says so.
    let res =
        post(&app, &client, &format!("/staff/registrations/{id}"), &format!("/staff/registrations/{id}/approve"), &[])
            .await;
    assert!(res.headers()["location"].to_str().unwrap().ends_with("done=not-allowed"));
}

async fn rejecting_needs_a_reason_and_cancelling_frees_the_place(db: Db) {
    let app = spawn_app(db).await;
    let film = app.session_id("qianhai", "Film");
    let mut fields = jordan_ambassador();
    fields.push(("sessions".into(), film.clone()));
    app.register("qianhai", &fields).await;
    let id = registration_id(&app, "h.alhusseini@jo-embassy.example");
    let seats =
        || -> i32 { sessions::table.find(&film).select(sessions::seats_taken).first(&mut *app.conn()).unwrap() };
    assert_eq!(seats(), 1);
    let client = logged_in(&app, "reg@lanyard.example", Role::Registrar).await;
    let page = format!("/staff/registrations/{id}");

    let res = post(&app, &client, &page, &format!("{page}/reject"), &[("reason", "  ")]).await;
    assert!(res.headers()["location"].to_str().unwrap().ends_with("done=reason-required"));
    let res =
        post(&app, &client, &page, &format!("{page}/reject"), &[("reason", "The delegation list is full.")]).await;
    assert!(res.headers()["location"].to_str().unwrap().ends_with("done=rejected"));
    assert_eq!(seats(), 0, "a rejected registration frees its place");

    // Reinstating takes the place again; cancelling frees it.
    post(&app, &client, &page, &format!("{page}/approve"), &[]).await;
    assert_eq!(seats(), 1);
    let res = post(&app, &client, &page, &format!("{page}/cancel"), &[("reason", "")]).await;
    assert!(res.headers()["location"].to_str().unwrap().ends_with("done=cancelled"));
    assert_eq!(seats(), 0);
    let texts = eventually(std::time::Duration::from_secs(20), "four mails", || {
        let texts: Vec<String> = app
            .mail_files()
            .iter()
            .filter_map(|f| {
                let raw = std::fs::read(f).unwrap();
                let m = mail_parser::MessageParser::default().parse(&raw)?;
                Some(format!("{} | {}", m.subject()?, m.body_text(0)?))
            })
            .collect();
        (texts.len() == 4).then_some(texts)
    })
    .await;
    let rejection = texts.iter().find(|t| t.starts_with("Registration not accepted")).expect("a rejection mail");
    assert!(rejection.contains("Reason given by the organisers: The delegation list is full."), "{rejection}");
    assert!(!rejection.contains("programme.ics"));
}

async fn each_role_reaches_only_its_own_pages(db: Db) {
    let app = spawn_app(db).await;
    app.register("qianhai", &jordan_ambassador()).await;
    let id = registration_id(&app, "h.alhusseini@jo-embassy.example");
    let pages = [
        "/staff".to_owned(),
        "/staff/password".to_owned(),
        "/staff/events/qianhai/registrations".to_owned(),
        format!("/staff/registrations/{id}"),
        format!("/staff/registrations/{id}/edit"),
        "/staff/events/qianhai/audit".to_owned(),
    ];
    // (role, expected status per page above)
    let matrix = [
        (Role::Admin, [200, 200, 200, 200, 200, 200]),
        (Role::Registrar, [200, 200, 200, 200, 200, 200]),
        (Role::Printer, [200, 200, 200, 200, 403, 403]),
        (Role::Door, [200, 200, 403, 403, 403, 403]),
    ];
    let anon = browser();
    for page in &pages {
        let res = anon.get(app.url(page)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "anonymous {page}");
        assert!(res.headers()["location"].to_str().unwrap().starts_with("/staff/login?next="));
    }
    for (role, expected) in matrix {
        let client = logged_in(&app, &format!("{}@lanyard.example", role.as_str()), role).await;
        for (page, status) in pages.iter().zip(expected) {
            let res = client.get(app.url(page)).send().await.unwrap();
            assert_eq!(res.status().as_u16(), status, "{role:?} GET {page}");
        }
        // Changes: only admins and registrars.
        let csrf = token(&app, &client, "/staff/password").await;
        for action in ["approve", "reject", "cancel", "edit"] {
            let res = client
                .post(app.url(&format!("/staff/registrations/{id}/{action}")))
                .form(&[("csrf_token", csrf.as_str()), ("reason", "x")])
                .send()
                .await
                .unwrap();
            let allowed = matches!(role, Role::Admin | Role::Registrar);
            assert_eq!(res.status() == StatusCode::FORBIDDEN, !allowed, "{role:?} POST {action}: {}", res.status());
        }
        // Put the registration back for the next role.
        diesel::update(registrations::table.find(&id))
            .set(registrations::status.eq("pending"))
            .execute(&mut *app.conn())
            .unwrap();
    }
    let forbidden = logged_in(&app, "door2@lanyard.example", Role::Door).await;
    let html =
        forbidden.get(app.url("/staff/events/qianhai/registrations")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Your role does not allow this."));
}

async fn staff_forms_refuse_a_missing_csrf_token(db: Db) {
    let app = spawn_app(db).await;
    app.register("qianhai", &jordan_ambassador()).await;
    let id = registration_id(&app, "h.alhusseini@jo-embassy.example");
    let client = logged_in(&app, "reg@lanyard.example", Role::Registrar).await;
    for action in ["approve", "reject", "cancel", "edit"] {
        let res = client
            .post(app.url(&format!("/staff/registrations/{id}/{action}")))
            .form(&[("reason", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{action}");
    }
    let res = client
        .post(app.url("/staff/events/qianhai/registrations/approve"))
        .form(&[("ids", id.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = browser()
        .post(app.url("/staff/login"))
        .form(&[("email", "reg@lanyard.example"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "login CSRF");
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

/// Who may use a route.
#[derive(Clone, Copy)]
enum Who {
    Everyone,
    Readers,
    Registrars,
    Printers,
    Scanners,
    Admins,
}

fn allowed(who: Who, role: Role) -> bool {
    match who {
        Who::Everyone => true,
        Who::Readers => !matches!(role, Role::Door),
        Who::Registrars => matches!(role, Role::Admin | Role::Registrar),
        Who::Printers => matches!(role, Role::Admin | Role::Printer),
        Who::Scanners => matches!(role, Role::Admin | Role::Door),
        Who::Admins => matches!(role, Role::Admin),
    }
}

async fn every_staff_route_answers_each_role_as_its_permissions_say(db: Db) {
    let app = spawn_app(db).await;
    app.register("qianhai", &jordan_ambassador()).await;
    let id = registration_id(&app, "h.alhusseini@jo-embassy.example");
    let now = chrono::Utc::now().naive_utc();
    let event = lanyard::events::store::find_by_slug(&mut app.conn(), "qianhai").unwrap().unwrap();
    let form = lanyard::invitations::InvitationForm {
        organization: "Embassy of Chile".into(),
        contact_email: "protocolo@cl-embassy.example".into(),
        quota: "2".into(),
        ..Default::default()
    };
    let invitation = lanyard::invitations::create(&mut app.conn(), &event, &form, "test", now).unwrap().unwrap();
    let gets: Vec<(String, Who)> = vec![
        ("/staff".into(), Who::Everyone),
        ("/staff/password".into(), Who::Everyone),
        ("/staff/totp".into(), Who::Everyone),
        ("/staff/security".into(), Who::Admins),
        ("/staff/accounts".into(), Who::Admins),
        ("/staff/events/new".into(), Who::Admins),
        ("/staff/events/qianhai/setup".into(), Who::Admins),
        ("/staff/events/qianhai/registrations".into(), Who::Readers),
        (format!("/staff/registrations/{id}"), Who::Readers),
        (format!("/staff/registrations/{id}/edit"), Who::Registrars),
        ("/staff/events/qianhai/registrations.csv".into(), Who::Registrars),
        ("/staff/events/qianhai/import".into(), Who::Registrars),
        ("/staff/events/qianhai/audit".into(), Who::Registrars),
        ("/staff/events/qianhai/invitations".into(), Who::Registrars),
        ("/staff/events/qianhai/badges".into(), Who::Printers),
        (format!("/staff/registrations/{id}/badge.pdf"), Who::Printers),
        ("/staff/events/qianhai/attendance".into(), Who::Readers),
        ("/staff/events/qianhai/scans.csv".into(), Who::Readers),
        ("/staff/events/qianhai/scans.xlsx".into(), Who::Readers),
        ("/staff/events/qianhai/devices".into(), Who::Admins),
        ("/staff/door".into(), Who::Scanners),
        ("/staff/door?event=qianhai".into(), Who::Scanners),
    ];
    let posts: Vec<(String, Who)> = vec![
        ("/staff/events/qianhai/registrations/approve".into(), Who::Registrars),
        (format!("/staff/registrations/{id}/edit"), Who::Registrars),
        (format!("/staff/registrations/{id}/approve"), Who::Registrars),
        (format!("/staff/registrations/{id}/reject"), Who::Registrars),
        (format!("/staff/registrations/{id}/cancel"), Who::Registrars),
        ("/staff/events/qianhai/import/confirm".into(), Who::Registrars),
        ("/staff/events/qianhai/invitations".into(), Who::Registrars),
        (format!("/staff/invitations/{}/revoke", invitation.id), Who::Registrars),
        ("/staff/events".into(), Who::Admins),
        ("/staff/events/qianhai/setup".into(), Who::Admins),
        ("/staff/events/qianhai/venues".into(), Who::Admins),
        ("/staff/events/qianhai/categories".into(), Who::Admins),
        ("/staff/events/qianhai/sessions".into(), Who::Admins),
        ("/staff/security".into(), Who::Admins),
        ("/staff/accounts".into(), Who::Admins),
        ("/staff/tokens".into(), Who::Admins),
        ("/staff/tokens/no-such-token/revoke".into(), Who::Admins),
        ("/staff/accounts/no-such-account/venues".into(), Who::Admins),
        (format!("/staff/registrations/{id}/badge/print"), Who::Printers),
        (format!("/staff/registrations/{id}/badge/reissue"), Who::Printers),
        (format!("/staff/registrations/{id}/precedence"), Who::Registrars),
        ("/staff/events/qianhai/badges.pdf".into(), Who::Printers),
        ("/staff/events/qianhai/badges/printed".into(), Who::Printers),
        ("/staff/door/scan".into(), Who::Scanners),
        ("/staff/events/qianhai/devices".into(), Who::Admins),
        ("/staff/events/qianhai/devices/no-such-device/revoke".into(), Who::Admins),
    ];
    let anon = browser();
    let anon_token = token(&app, &anon, "/staff/login").await;
    for (path, _) in &gets {
        assert_eq!(
            anon.get(app.url(path)).send().await.unwrap().status(),
            StatusCode::SEE_OTHER,
            "anonymous GET {path}"
        );
    }
    for (path, _) in &posts {
        let res = anon.post(app.url(path)).form(&[("csrf_token", anon_token.as_str())]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "anonymous POST {path}");
    }
    for role in Role::ALL {
        // The previous role cancelled it: approved again, so it has a badge to print.
        diesel::update(registrations::table.find(&id))
            .set(registrations::status.eq("approved"))
            .execute(&mut *app.conn())
            .unwrap();
        let client = logged_in(&app, &format!("matrix-{}@lanyard.example", role.as_str()), role).await;
        let csrf = token(&app, &client, "/staff/password").await;
        for (path, who) in &gets {
            let status = client.get(app.url(path)).send().await.unwrap().status();
            let expected = if allowed(*who, role) { StatusCode::OK } else { StatusCode::FORBIDDEN };
            assert_eq!(status, expected, "{role:?} GET {path}");
        }
        for (path, who) in &posts {
            // Valid CSRF token, otherwise empty or harmless bodies: only the permission is under test.
            let res = client
                .post(app.url(path))
                .form(&[("csrf_token", csrf.as_str()), ("reason", "matrix")])
                .send()
                .await
                .unwrap();
            assert_eq!(
                res.status() == StatusCode::FORBIDDEN,
                !allowed(*who, role),
                "{role:?} POST {path}: {}",
                res.status()
            );
        }
    }
}

async fn an_admin_creates_accounts_and_tokens_in_the_ui_and_can_take_them_back(db: Db) {
    let app = spawn_app(db).await;
    let admin = logged_in(&app, "admin@lanyard.example", Role::Admin).await;
    let res = post(
        &app,
        &admin,
        "/staff/accounts",
        "/staff/accounts",
        &[("email", "li.na@lanyard.example"), ("name", "李娜"), ("role", "registrar")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    let marker = "Its password, shown only now: ";
    let start = html.find(marker).expect("the new password, once") + marker.len();
    let password = html[start..start + 18].to_owned();
    let (li, res) = login(&app, "li.na@lanyard.example", &password).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(li.get(app.url("/staff/events/qianhai/registrations")).send().await.unwrap().status(), StatusCode::OK);
    let again = post(
        &app,
        &admin,
        "/staff/accounts",
        "/staff/accounts",
        &[("email", "LI.NA@lanyard.example"), ("role", "door")],
    )
    .await;
    assert!(again.text().await.unwrap().contains("A staff account with this email exists already."));

    let id = lanyard::staff::store::find_by_email(&mut app.conn(), "li.na@lanyard.example").unwrap().unwrap().id;
    let res =
        post(&app, &admin, "/staff/accounts", &format!("/staff/accounts/{id}/active"), &[("active", "false")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(li.get(app.url("/staff")).send().await.unwrap().status(), StatusCode::SEE_OTHER, "the session ended");
    assert_eq!(login(&app, "li.na@lanyard.example", &password).await.1.status(), StatusCode::UNAUTHORIZED);

    let res =
        post(&app, &admin, "/staff/accounts", "/staff/tokens", &[("name", "embassy portal"), ("role", "registrar")])
            .await;
    let html = res.text().await.unwrap();
    let start = html.find("lny_").expect("the token, once");
    let token_text = html[start..].split('<').next().unwrap().to_owned();
    let api = |t: &str| app.client.get(app.url("/api/v1/events/qianhai/registrations")).bearer_auth(t).send();
    assert_eq!(api(&token_text).await.unwrap().status(), StatusCode::OK);
    let token_id: String = {
        use lanyard::db::schema::api_tokens;
        api_tokens::table.select(api_tokens::id).first(&mut *app.conn()).unwrap()
    };
    post(&app, &admin, "/staff/accounts", &format!("/staff/tokens/{token_id}/revoke"), &[]).await;
    assert_eq!(api(&token_text).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let page = admin.get(app.url("/staff/accounts")).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains(&token_text), "a token is never shown again");
}

async fn a_door_account_scans_only_at_the_venues_it_is_given(db: Db) {
    use lanyard::db::schema::venues;
    use lanyard::staff::doors;
    let app = spawn_app(db).await;
    let admin = logged_in(&app, "admin@lanyard.example", Role::Admin).await;
    add_staff(&app, "door@lanyard.example", Role::Door);
    add_staff(&app, "reg@lanyard.example", Role::Registrar);
    let venue = |name: &str| -> String {
        venues::table.filter(venues::name.like(format!("{name}%"))).select(venues::id).first(&mut *app.conn()).unwrap()
    };
    let (hall, hub) = (venue("Qianhai Exhibition Hall"), venue("Qianhai International Talent Hub"));
    let page = admin.get(app.url("/staff/accounts")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Venues this door account may scan at") && page.contains("Qianhai Exhibition Hall"));
    let find = |email: &str| lanyard::staff::store::find_by_email(&mut app.conn(), email).unwrap().unwrap();
    let door = find("door@lanyard.example");
    let res = post(
        &app,
        &admin,
        "/staff/accounts",
        &format!("/staff/accounts/{}/venues", door.id),
        &[("venues", hall.as_str())],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let mut conn = app.conn();
    assert!(doors::may_scan(&mut conn, &door, &hall).unwrap());
    assert!(!doors::may_scan(&mut conn, &door, &hub).unwrap(), "only the venues given");
    assert!(doors::may_scan(&mut conn, &find("admin@lanyard.example"), &hub).unwrap(), "admins anywhere");
    assert!(!doors::may_scan(&mut conn, &find("reg@lanyard.example"), &hall).unwrap(), "registrars do not scan");
    let history = lanyard::audit::for_entity(&mut conn, "staff", &door.id).unwrap();
    assert_eq!(history.last().unwrap().action, "staff.venues");
}
