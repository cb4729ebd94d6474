//! The security log: logins and failures, locks, CSRF rejections, 403s, token use and exports,
//! each with the account or token and the client address, readable by admins only.

use lanyard::security_log::{self, Entry};
use lanyard::staff::{Role, tokens};
use reqwest::StatusCode;

use crate::helpers::{Db, TestApp, TestDb, eventually, qianhai, spawn_app_on};
use crate::staff::{PASSWORD, add_staff, browser, token};

crate::on_both_databases!(logins_refusals_token_use_and_exports_reach_the_security_log_with_their_address);

async fn login_from(app: &TestApp, client: &reqwest::Client, email: &str, password: &str, from: &str) -> StatusCode {
    let csrf = token(app, client, "/staff/login").await;
    let form = [("csrf_token", csrf.as_str()), ("email", email), ("password", password), ("next", "/staff")];
    let res = client.post(app.url("/staff/login")).header("X-Forwarded-For", from).form(&form).send().await;
    res.unwrap().status()
}

fn entries(app: &TestApp) -> Vec<Entry> {
    security_log::recent(&mut app.conn(), None, 100).unwrap()
}

fn has(entries: &[Entry], kind: &str, actor: &str, address: &str) -> bool {
    entries.iter().any(|e| e.kind == kind && e.actor.contains(actor) && e.address == address)
}

async fn logins_refusals_token_use_and_exports_reach_the_security_log_with_their_address(db: Db) {
    let app = spawn_app_on(TestDb::new(db), |raw| raw.trusted_proxies = Some("127.0.0.1".into())).await;
    add_staff(&app, "reg@lanyard.example", Role::Registrar);
    add_staff(&app, "ada@lanyard.example", Role::Admin);
    let (guesser, desk, office) = ("203.0.113.66", "198.51.100.20", "198.51.100.30");

    for _ in 0..5 {
        login_from(&app, &browser(), "reg@lanyard.example", "hunter2", guesser).await;
    }
    let registrar = browser();
    assert_eq!(login_from(&app, &registrar, "reg@lanyard.example", PASSWORD, desk).await, StatusCode::SEE_OTHER);
    let admin = browser();
    assert_eq!(login_from(&app, &admin, "ada@lanyard.example", PASSWORD, office).await, StatusCode::SEE_OTHER);

    // A registrar asks for an admin page; then sends a form whose token is not its own.
    let res = registrar.get(app.url("/staff/accounts")).header("X-Forwarded-For", desk).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let forged = [("csrf_token", "not-a-token"), ("ids", "x")];
    let res = registrar
        .post(app.url("/staff/events/qianhai/registrations/approve"))
        .header("X-Forwarded-For", desk)
        .form(&forged)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // A token is used; the admin exports the registrations.
    let now = chrono::Utc::now().naive_utc();
    let (_, secret) =
        tokens::create(&mut app.conn(), "embassy portal", Role::Registrar, Some(&qianhai(&app)), "test", now).unwrap();
    let api = app.client.get(app.url("/api/v1/events/qianhai/registrations")).bearer_auth(&secret);
    assert_eq!(api.header("X-Forwarded-For", office).send().await.unwrap().status(), StatusCode::OK);
    let csv = admin.get(app.url("/staff/events/qianhai/registrations.csv")).header("X-Forwarded-For", office);
    assert_eq!(csv.send().await.unwrap().status(), StatusCode::OK);

    let log = eventually(std::time::Duration::from_secs(5), "the security log", || {
        let log = entries(&app);
        has(&log, "export", "ada@lanyard.example", office).then_some(log)
    })
    .await;
    assert!(has(&log, "login_failed", "reg@lanyard.example", guesser), "{log:#?}");
    assert!(has(&log, "login_locked", "reg@lanyard.example", guesser), "{log:#?}");
    assert!(has(&log, "login_succeeded", "reg@lanyard.example", desk), "{log:#?}");
    assert!(has(&log, "forbidden", "reg@lanyard.example", desk), "{log:#?}");
    assert!(has(&log, "csrf_rejected", "", desk), "{log:#?}");
    assert!(has(&log, "token_used", "token:embassy portal", office), "{log:#?}");

    // Admins read it; others are refused (and that refusal is logged too).
    let page = admin.get(app.url("/staff/security-log?kind=login_failed")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("failed login") && html.contains(guesser) && !html.contains(office), "{html}");
    assert_eq!(registrar.get(app.url("/staff/security-log")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
}
