//! The whole flow in a real browser, in Arabic and by keyboard alone, with axe-core (from npm,
//! injected locally) checking every page for WCAG 2.1 A and AA violations: a delegate whose
//! browser prefers Arabic registers on a phone-size window, a registrar approves, the delegate
//! opens the badge page from the mail, and a door station admits the badge from the wedge field.

use std::time::Duration;

use diesel::prelude::*;
use fantoccini::Locator;
use lanyard::db::schema::{events, registrations};
use lanyard::staff::Role;
use serde_json::Value;

use crate::browser::Browser;
use crate::doors::programme_is_today;
use crate::helpers::{Db, TestApp, eventually, spawn_app};
use crate::staff::{PASSWORD, add_staff};

crate::on_both_databases!(an_arabic_speaker_registers_by_keyboard_and_every_page_passes_axe);

/// axe-core's browser build: installed by `.ci/run` from npm (`LANYARD_AXE_JS` to point elsewhere).
pub(crate) fn axe_source() -> String {
    let path = std::env::var("LANYARD_AXE_JS").unwrap_or_else(|_| {
        let home = std::env::var("HOME").unwrap_or_default();
        format!("{home}/.cache/lanyard-npm/node_modules/axe-core/axe.min.js")
    });
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("axe-core at {path} ({e}): run .ci/run once"))
}

/// The A/AA violations axe finds on the page as it stands.
pub(crate) async fn violations(b: &Browser, axe_js: &str) -> Value {
    b.client.execute(&format!("{axe_js}\n;return true;"), vec![]).await.unwrap();
    let script = r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
          .then((r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }))))
          .catch((e) => done([{ id: "axe-error", help: String(e) }]));
    "#;
    b.client.execute_async(script, vec![]).await.unwrap()
}

/// Runs axe on the page; fails with every A/AA violation and where it is. Then checks reflow
/// (WCAG 1.4.10, what 200 % and 400 % zoom come to): at 320 CSS pixels wide nothing may need
/// scrolling sideways.
async fn axe(b: &Browser, axe_js: &str, page: &str) {
    assert_eq!(violations(b, axe_js).await, Value::Array(vec![]), "axe on {page}");
    let (w, h) = b.client.get_window_size().await.unwrap();
    b.client.set_window_size(320, 800).await.unwrap();
    let script = r#"
        const width = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll("body *")]
          .filter((e) => { const r = e.getBoundingClientRect(); return r.right > width + 1 || r.left < -1; })
          .slice(0, 5).map((e) => e.tagName + "." + e.className + " " + (e.textContent || "").slice(0, 30));
        return [document.documentElement.scrollWidth - width, wide];
    "#;
    let overflow = b.client.execute(script, vec![]).await.unwrap();
    b.client.set_window_size(w as u32, h as u32).await.unwrap();
    assert!(overflow[0].as_i64().unwrap_or(1) <= 0, "{page} scrolls sideways at 320 px wide: {overflow}");
    b.screenshot(&format!("access-{}", page.replace(' ', "-"))).await;
}

/// Presses keys on whatever has the focus, as a keyboard would (WebDriver key actions, which
/// go where the focus is, unlike typing into an element).
async fn press(b: &Browser, keys: &str) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let mut actions = KeyActions::new("keyboard".into());
    for c in keys.chars() {
        actions = actions.then(KeyAction::Down { value: c }).then(KeyAction::Up { value: c });
    }
    b.client.perform_actions(actions).await.unwrap();
}

async fn focused(b: &Browser) -> (String, String, String, String) {
    let v = b
        .client
        .execute(
            "const e = document.activeElement; return [e.id || '', e.tagName, e.type || '', e.value || ''];",
            vec![],
        )
        .await
        .unwrap();
    let s = |i: usize| v[i].as_str().unwrap_or_default().to_owned();
    (s(0), s(1), s(2), s(3))
}

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const DOWN: &str = "\u{E015}";

/// Fills the registration form with Tab, typing and arrow keys only, then submits with Enter
/// on the submit button; fields not in `text` or `choose` are passed over.
async fn fill_by_keyboard(b: &Browser, text: &[(&str, &str)], choose: &[(&str, &str)]) {
    let mut typed: Vec<&str> = Vec::new();
    for _ in 0..120 {
        press(b, TAB).await;
        let (id, tag, kind, value) = focused(b).await;
        if let Some((_, v)) = text.iter().find(|(f, _)| *f == id)
            && !typed.contains(&id.as_str())
        {
            // A box is ticked with the space bar; a field is typed into.
            press(b, if kind == "checkbox" { " " } else { v }).await;
            typed.push(text.iter().find(|(f, _)| *f == id).unwrap().0);
        } else if tag == "SELECT"
            && let Some((_, want)) = choose.iter().find(|(f, _)| *f == id)
        {
            let mut current = value;
            for _ in 0..300 {
                if current == *want {
                    break;
                }
                press(b, DOWN).await;
                current = focused(b).await.3;
            }
            assert_eq!(current, *want, "{id} reached by the arrow keys");
        } else if tag == "BUTTON" && kind == "submit" {
            let missing: Vec<_> = text.iter().filter(|(f, _)| !typed.contains(f)).collect();
            assert!(missing.is_empty(), "Tab never reached {missing:?}");
            press(b, ENTER).await;
            return;
        }
    }
    panic!("the submit button is not reachable with Tab");
}

fn mail_link(app: &TestApp, reference: &str) -> String {
    let marker = format!("/events/qianhai/badge/{reference}?t=");
    let mail = app.mail_files().into_iter().map(|p| std::fs::read_to_string(p).unwrap()).find(|m| {
        let unfolded = m.replace("=\r\n", "").replace("=3D", "=");
        unfolded.contains(&marker)
    });
    let unfolded = mail.expect("the approval mail with the badge link").replace("=\r\n", "").replace("=3D", "=");
    let start = unfolded.find(&marker).unwrap();
    unfolded[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || "/?=-_".contains(*c)).collect()
}

async fn an_arabic_speaker_registers_by_keyboard_and_every_page_passes_axe(db: Db) {
    let axe_js = axe_source();
    let app = spawn_app(db).await;
    programme_is_today(&app);
    diesel::update(events::table).set(events::approval_required.eq(true)).execute(&mut app.conn()).unwrap();
    let phone = Browser::start_in(None, "ar").await;

    // The public pages, in Arabic, right to left.
    phone.client.goto(&app.url("/")).await.unwrap();
    // axe does find what it should: an image planted without a text alternative.
    phone.client.execute("document.body.append(document.createElement('img'))", vec![]).await.unwrap();
    let planted = violations(&phone, &axe_js).await;
    assert_eq!(planted[0]["id"], "image-alt", "{planted}");
    phone.client.refresh().await.unwrap();
    let dir = phone.client.find(Locator::Css("html")).await.unwrap().attr("dir").await.unwrap();
    assert_eq!(dir.as_deref(), Some("rtl"));
    axe(&phone, &axe_js, "events").await;
    phone.client.goto(&app.url("/events/qianhai")).await.unwrap();
    axe(&phone, &axe_js, "event").await;
    phone.client.goto(&app.url("/events/no-such-event")).await.unwrap();
    axe(&phone, &axe_js, "not-found").await;
    // An embassy's invitation page, in the invitation's Arabic.
    let event = lanyard::events::store::find_by_slug(&mut app.conn(), "qianhai").unwrap().unwrap();
    let form = lanyard::invitations::InvitationForm {
        organization: "Embassy of the Hashemite Kingdom of Jordan".into(),
        contact_email: "protocol@jo-embassy.example".into(),
        quota: "3".into(),
        locale: "ar".into(),
        ..Default::default()
    };
    let now = chrono::Utc::now().naive_utc();
    let keys = app.keys();
    let invitation = lanyard::invitations::create(&mut app.conn(), &keys, &event, &form, "test", now).unwrap().unwrap();
    let codes = invitation.codes(&keys).unwrap();
    phone.client.goto(&app.url(&format!("/invitations/{}", codes.manage))).await.unwrap();
    axe(&phone, &axe_js, "delegation").await;
    phone.client.goto(&app.url("/events/qianhai/register")).await.unwrap();
    let lang = phone.client.find(Locator::Css("html")).await.unwrap().attr("lang").await.unwrap();
    assert_eq!(lang.as_deref(), Some("ar"));
    axe(&phone, &axe_js, "register").await;

    // Sent empty by keyboard: every problem named, in Arabic, tied to its field.
    fill_by_keyboard(&phone, &[], &[]).await;
    phone.wait_visible("#error-summary").await;
    let summary = phone.client.find(Locator::Css("#error-summary")).await.unwrap().text().await.unwrap();
    assert!(summary.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)), "an Arabic summary: {summary}");
    let described =
        phone.client.find(Locator::Css("#given_name")).await.unwrap().attr("aria-describedby").await.unwrap();
    assert!(described.unwrap_or_default().contains("given_name-error"));
    axe(&phone, &axe_js, "register-errors").await;

    // Filled by keyboard alone.
    phone.client.goto(&app.url("/events/qianhai/register")).await.unwrap();
    let text = [
        ("given_name", "Hussam"),
        ("family_name", "Al Husseini"),
        ("native_name", "حسام الحسيني"),
        ("email", "h.alhusseini@jo-embassy.example"),
        ("organization", "Embassy of the Hashemite Kingdom of Jordan"),
        ("position", "Ambassador"),
        ("consent", "on"),
    ];
    fill_by_keyboard(&phone, &text, &[("country", "JO"), ("category", "Head of Mission")]).await;
    phone.wait_text("h1", "").await;
    let reference: String = eventually(Duration::from_secs(10), "the registration", || {
        registrations::table
            .filter(registrations::email_lower.eq("h.alhusseini@jo-embassy.example"))
            .select((registrations::reference, registrations::locale))
            .first::<(String, String)>(&mut app.conn())
            .ok()
            .map(|(r, locale)| {
                assert_eq!(locale, "ar", "the mail goes in the language the page was read in");
                r
            })
    })
    .await;
    let page = phone.client.source().await.unwrap();
    assert!(page.contains(&reference) && page.contains(r#"dir="rtl""#));
    axe(&phone, &axe_js, "registered").await;

    // A registrar approves, in the staff pages.
    let desk = Browser::start_in(None, "en").await;
    add_staff(&app, "registrar@lanyard.example", Role::Registrar);
    add_staff(&app, "door@lanyard.example", Role::Admin);
    for (who, browser) in [("registrar@lanyard.example", &desk)] {
        browser.client.goto(&app.url("/staff/login")).await.unwrap();
        axe(browser, &axe_js, "staff-login").await;
        browser.client.find(Locator::Css("#email")).await.unwrap().send_keys(who).await.unwrap();
        browser.wedge("#password", PASSWORD).await;
        browser.wait_visible(".staffbar").await;
    }
    let id: String = registrations::table
        .filter(registrations::reference.eq(&reference))
        .select(registrations::id)
        .first(&mut app.conn())
        .unwrap();
    desk.client.goto(&app.url(&format!("/staff/registrations/{id}"))).await.unwrap();
    axe(&desk, &axe_js, "staff-registration").await;
    let approve = format!("form[action='/staff/registrations/{id}/approve'] button");
    desk.client.find(Locator::Css(&approve)).await.unwrap().click().await.unwrap();
    eventually(Duration::from_secs(10), "the approval", || {
        let status: String =
            registrations::table.find(&id).select(registrations::status).first(&mut app.conn()).ok()?;
        (status == "approved").then_some(())
    })
    .await;
    desk.wait_visible(".staffbar").await;
    axe(&desk, &axe_js, "staff-approved").await;
    // Writing to the delegates: the form, then its preview with the count.
    desk.client.goto(&app.url("/staff/events/qianhai/messages?country=JO")).await.unwrap();
    axe(&desk, &axe_js, "staff-messages").await;
    desk.client.find(Locator::Css("#subject-en")).await.unwrap().send_keys("Bus at 8").await.unwrap();
    desk.client.find(Locator::Css("#body-en")).await.unwrap().send_keys("The bus leaves at 8.").await.unwrap();
    desk.client.find(Locator::Css("button[value=preview]")).await.unwrap().click().await.unwrap();
    desk.wait_visible("#recipient-count").await;
    axe(&desk, &axe_js, "staff-messages-preview").await;
    desk.client.goto(&app.url("/staff/events/qianhai/mails")).await.unwrap();
    axe(&desk, &axe_js, "staff-mails").await;
    desk.close().await;

    // The delegate opens the badge page from the approval mail: Arabic again, remembered from
    // the registration even in a browser that asks for English.
    let link = eventually(Duration::from_secs(20), "the approval mail", || {
        let unfolded: Vec<String> = app
            .mail_files()
            .into_iter()
            .map(|p| std::fs::read_to_string(p).unwrap().replace("=\r\n", "").replace("=3D", "="))
            .collect();
        let marker = format!("/events/qianhai/badge/{reference}?t=");
        unfolded.iter().any(|m| m.contains(&marker)).then(|| mail_link(&app, &reference))
    })
    .await;
    phone.client.goto(&app.url(&link)).await.unwrap();
    phone.wait_visible("svg").await;
    axe(&phone, &axe_js, "badge").await;
    let elsewhere = Browser::start_in(None, "en").await;
    elsewhere.client.goto(&app.url(&link)).await.unwrap();
    let lang = elsewhere.client.find(Locator::Css("html")).await.unwrap().attr("lang").await.unwrap();
    assert_eq!(lang.as_deref(), Some("ar"), "the badge page keeps the delegate's language");
    elsewhere.close().await;
    let code = lanyard::badges::store::current(&mut app.conn(), &id.as_str().into())
        .unwrap()
        .unwrap()
        .code(&app.keys())
        .unwrap();
    phone.close().await;

    // The door: the station page, a badge through the wedge field, ADMIT.
    let door = Browser::start_in(None, "en").await;
    door.client.goto(&app.url("/staff/login")).await.unwrap();
    door.client.find(Locator::Css("#email")).await.unwrap().send_keys("door@lanyard.example").await.unwrap();
    door.wedge("#password", PASSWORD).await;
    door.wait_visible(".staffbar").await;
    let film = app.session_id("qianhai", "Film");
    let venue: String = lanyard::db::schema::sessions::table
        .find(&film)
        .select(lanyard::db::schema::sessions::venue_id)
        .first(&mut app.conn())
        .unwrap();
    door.client.goto(&app.url(&format!("/staff/door?event=qianhai&venue={venue}&session={film}"))).await.unwrap();
    axe(&door, &axe_js, "door").await;
    door.wedge("#code", &code).await;
    let answer = door.wait_text("#result", "ADMIT").await;
    assert!(answer.contains("Hussam"), "{answer}");
    axe(&door, &axe_js, "door-admit").await;
    door.client.goto(&app.url("/door")).await.unwrap();
    axe(&door, &axe_js, "device-station").await;
    door.close().await;
}
