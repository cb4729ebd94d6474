//! Public pages: programme, languages, errors, headers.

use reqwest::StatusCode;

use crate::helpers::{Db, spawn_app};

crate::on_both_databases!(
    the_event_page_shows_the_programme_by_venue_in_local_time,
    pages_follow_the_browser_language_and_remember_a_choice,
    an_unknown_event_gets_a_clear_404_page,
    every_page_carries_the_security_headers,
);

async fn the_event_page_shows_the_programme_by_venue_in_local_time(db: Db) {
    let app = spawn_app(db).await;
    let index = app.get("/").await.text().await.unwrap();
    assert!(index.contains(r#"href="/events/qianhai""#));
    let res = app.get("/events/qianhai").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    let hall = html.find("Qianhai Exhibition Hall").unwrap();
    let hub = html.find("Qianhai International Talent Hub").unwrap();
    let roof = html.find("Shenzhen Bay Intelligence Center").unwrap();
    assert!(hall < hub && hub < roof, "venues in programme order");
    assert!(html.contains("14:00–14:30") && html.contains("Film: the Qianhai development plan"));
    assert!(html.contains("17:45–18:30") && html.contains("Xiangyunsha fashion show"));
    assert!(html.contains("All times are local time in Asia/Shanghai."));
    assert!(html.contains("Registration is open until"));
    assert!(html.contains("80 places left"));
    assert!(html.contains("Open to: Head of Mission, Delegate, Organizer"));
}

async fn pages_follow_the_browser_language_and_remember_a_choice(db: Db) {
    let app = spawn_app(db).await;
    let zh = app.page_in("/events/qianhai/register", "zh-CN,zh;q=0.9,en;q=0.5").await;
    assert!(zh.contains(r#"<html lang="zh-Hans""#));
    assert!(zh.contains("报名参加“外交官看中国·走进广东”——深圳前海站"), "event name in Chinese");
    assert!(
        zh.contains("使团团长") && zh.contains("香云纱时装秀") && zh.contains("约旦"),
        "categories, sessions, countries in Chinese"
    );
    // Choosing English on the switcher wins over the header, and is remembered.
    let en =
        app.client.get(app.url("/events/qianhai?lang=en")).header("Accept-Language", "zh-CN").send().await.unwrap();
    assert!(en.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("lanyard_lang=en")));
    let html = en.text().await.unwrap();
    assert!(html.contains(r#"<html lang="en""#));
    let later = app.client.get(app.url("/events/qianhai")).header("Accept-Language", "zh-CN").send().await.unwrap();
    assert!(later.text().await.unwrap().contains("Programme"), "the cookie outranks Accept-Language");
}

async fn an_unknown_event_gets_a_clear_404_page(db: Db) {
    let app = spawn_app(db).await;
    for path in ["/events/no-such-event", "/events/no-such-event/register", "/no/such/page"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        let html = res.text().await.unwrap();
        assert!(html.contains("Page not found") && html.contains("list of events"), "{path}: {html}");
    }
    let res = app.client.get(app.url("/events/nope?lang=zh")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.text().await.unwrap().contains("页面不存在"));
    let token = app.csrf_token("qianhai").await;
    let res = app.post_form("no-such-event", &crate::helpers::jordan_ambassador(), &token).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

async fn every_page_carries_the_security_headers(db: Db) {
    let app = spawn_app(db).await;
    for path in ["/", "/events/qianhai", "/events/qianhai/register", "/nope"] {
        let res = app.get(path).await;
        let h = res.headers();
        let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), "{path}");
        assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
        assert_eq!(h.get("referrer-policy").unwrap(), "same-origin");
    }
    let fresh = reqwest::Client::new();
    let res = fresh.get(app.url("/events/qianhai/register")).send().await.unwrap();
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
}
