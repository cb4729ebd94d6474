//! The confirmation mail: content, the file outbox, real SMTP, retries, restarts, two instances.

use std::collections::HashSet;
use std::time::Duration;

use mail_parser::{MessageParser, MimeHeaders};
use reqwest::StatusCode;

use crate::helpers::{
    Db, SmtpServer, TestDb, eventually, files_in, free_port, jordan_ambassador, outbox_states, set, spawn_app,
    spawn_app_on,
};

crate::on_both_databases!(
    the_confirmation_is_written_to_the_outbox_folder_with_the_programme_attached,
    the_confirmation_goes_in_the_delegates_language,
    the_confirmation_reaches_a_real_smtp_server,
    mail_queued_while_smtp_is_down_is_delivered_exactly_once_when_it_is_back,
    mail_queued_before_a_restart_is_sent_after_it,
    two_instances_on_one_database_send_each_mail_once,
    an_arabic_speaker_gets_pages_and_mail_right_to_left,
);

const WAIT: Duration = Duration::from_secs(20);

/// The first mail written to the outbox folder, once it is there.
async fn first_mail(app: &crate::helpers::TestApp) -> Vec<u8> {
    let file = eventually(WAIT, "an .eml file", || {
        app.mail_files().into_iter().find(|f| f.extension().is_some_and(|e| e == "eml"))
    })
    .await;
    std::fs::read(file).unwrap()
}

async fn the_confirmation_is_written_to_the_outbox_folder_with_the_programme_attached(db: Db) {
    let app = spawn_app(db).await;
    let mut fields = jordan_ambassador();
    fields.push(("sessions".into(), app.session_id("qianhai", "Film")));
    fields.push(("sessions".into(), app.session_id("qianhai", "Xiangyunsha")));
    let html = app.register("qianhai", &fields).await.text().await.unwrap();
    let start = html.find("<strong>QH-").unwrap() + 8;
    let reference = &html[start..start + 9];
    let raw = first_mail(&app).await;
    let msg = MessageParser::default().parse(&raw).unwrap();
    // The delegate's language first, then the host's (the demo is hosted in Chinese).
    let subject = msg.subject().unwrap();
    let english = format!(
        "Registration confirmed: Diplomats Explore China: A Tour of Guangdong — Qianhai, Shenzhen ({reference})"
    );
    assert!(subject.starts_with(&format!("{english} / 报名确认：")), "{subject}");
    assert_eq!(msg.to().unwrap().first().unwrap().address().unwrap(), "h.alhusseini@jo-embassy.example");
    assert!(msg.message_id().unwrap().ends_with("@lanyard"));
    let text = msg.body_text(0).unwrap();
    assert!(text.contains("Dear H.E. Mr. Hussam Al Husseini,"), "{text}");
    assert!(text.contains(reference));
    assert!(text.contains("Film: the Qianhai development plan (Qianhai Exhibition Hall)"), "{text}");
    assert!(text.contains("at 14:00–14:30"), "local times: {text}");
    assert!(text.contains("حسام الحسيني"), "native name kept: {text}");
    let html = msg.body_html(0).unwrap();
    assert!(html.contains("Xiangyunsha fashion show") && html.contains(reference));
    let ics = msg.attachment(0).expect("programme.ics attached");
    assert_eq!(ics.attachment_name(), Some("programme.ics"));
    assert!(ics.content_type().unwrap().subtype() == Some("calendar"));
    let cal = String::from_utf8_lossy(ics.contents()).into_owned();
    assert_eq!(cal.matches("BEGIN:VEVENT").count(), 2, "{cal}");
    assert!(cal.contains("METHOD:PUBLISH") && cal.contains("SUMMARY:Xiangyunsha fashion show"));
    // 14:00 in Shanghai is 06:00 UTC.
    assert!(cal.contains("T060000Z"), "{cal}");
    let mut conn = app.conn();
    eventually(WAIT, "the outbox row to be marked sent", || {
        (outbox_states(&mut conn) == vec![("sent".to_owned(), 1)]).then_some(())
    })
    .await;
}

async fn the_confirmation_goes_in_the_delegates_language(db: Db) {
    let app = spawn_app(db).await;
    let mut fields = jordan_ambassador();
    set(&mut fields, "locale", "zh");
    fields.push(("sessions".into(), app.session_id("qianhai", "Xiangyunsha")));
    assert_eq!(app.register("qianhai", &fields).await.status(), StatusCode::OK);
    let raw = first_mail(&app).await;
    let msg = MessageParser::default().parse(&raw).unwrap();
    assert!(msg.subject().unwrap().starts_with("报名确认：“外交官看中国·走进广东”——深圳前海站"), "{:?}", msg.subject());
    let text = msg.body_text(0).unwrap();
    assert!(text.contains("香云纱时装秀") && text.contains("年") && text.contains("星期"), "dates in Chinese: {text}");
    assert!(text.contains("约旦"), "country in Chinese: {text}");
    assert!(msg.body_html(0).unwrap().contains(r#"lang="zh-Hans""#));
}

async fn the_confirmation_reaches_a_real_smtp_server(db: Db) {
    let port = free_port();
    let test_db = TestDb::new(db);
    let smtp = SmtpServer::start(port, &test_db.dir.path().join("maildir")).await;
    let app = spawn_app_on(test_db.clone(), |s| s.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    assert_eq!(app.register("qianhai", &jordan_ambassador()).await.status(), StatusCode::OK);
    let raw = eventually(WAIT, "a message at the SMTP server", || smtp.messages().into_iter().next()).await;
    let msg = MessageParser::default().parse(&raw).unwrap();
    assert!(msg.subject().unwrap().starts_with("Registration confirmed:"));
    assert!(msg.body_text(0).unwrap().contains("Dear H.E. Mr. Hussam Al Husseini,"));
    assert!(files_in(&app.outbox_dir()).is_empty(), "no file copy when SMTP is set");
}

async fn mail_queued_while_smtp_is_down_is_delivered_exactly_once_when_it_is_back(db: Db) {
    let port = free_port();
    let test_db = TestDb::new(db);
    let app = spawn_app_on(test_db.clone(), |s| s.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    assert_eq!(app.register("qianhai", &jordan_ambassador()).await.status(), StatusCode::OK);
    let mut conn = app.conn();
    eventually(WAIT, "two failed attempts", || {
        let rows = outbox_states(&mut conn);
        (rows.len() == 1 && rows[0].0 == "retry" && rows[0].1 >= 2).then_some(())
    })
    .await;
    let smtp = SmtpServer::start(port, &test_db.dir.path().join("maildir")).await;
    eventually(WAIT, "delivery after SMTP came back", || (!smtp.messages().is_empty()).then_some(())).await;
    eventually(WAIT, "the row to be marked sent", || (outbox_states(&mut conn)[0].0 == "sent").then_some(())).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(smtp.messages().len(), 1, "delivered exactly once");
}

async fn mail_queued_before_a_restart_is_sent_after_it(db: Db) {
    let port = free_port();
    let test_db = TestDb::new(db);
    let first = spawn_app_on(test_db.clone(), |s| s.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    assert_eq!(first.register("qianhai", &jordan_ambassador()).await.status(), StatusCode::OK);
    {
        let mut conn = first.conn();
        eventually(WAIT, "a failed attempt", || (outbox_states(&mut conn)[0].0 == "retry").then_some(())).await;
    }
    first.stop().await;
    let smtp = SmtpServer::start(port, &test_db.dir.path().join("maildir")).await;
    let second = spawn_app_on(test_db.clone(), |s| s.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    eventually(WAIT, "delivery by the restarted app", || (!smtp.messages().is_empty()).then_some(())).await;
    let mut conn = second.conn();
    eventually(WAIT, "the row to be marked sent", || (outbox_states(&mut conn)[0].0 == "sent").then_some(())).await;
    assert_eq!(smtp.messages().len(), 1);
}

async fn two_instances_on_one_database_send_each_mail_once(db: Db) {
    let port = free_port();
    let test_db = TestDb::new(db);
    let smtp = SmtpServer::start(port, &test_db.dir.path().join("maildir")).await;
    let url = format!("smtp://127.0.0.1:{port}");
    let a = spawn_app_on(test_db.clone(), |s| s.smtp_url = Some(url.clone())).await;
    let b = spawn_app_on(test_db.clone(), |s| s.smtp_url = Some(url.clone())).await;
    let n = 16;
    for i in 0..n {
        let mut fields = jordan_ambassador();
        set(&mut fields, "email", &format!("delegate{i}@embassy.example"));
        let app = if i % 2 == 0 { &a } else { &b };
        assert_eq!(app.register("qianhai", &fields).await.status(), StatusCode::OK);
    }
    eventually(WAIT, "all mail delivered", || (smtp.messages().len() >= n).then_some(())).await;
    let mut conn = a.conn();
    eventually(WAIT, "all rows sent", || outbox_states(&mut conn).iter().all(|r| r.0 == "sent").then_some(())).await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let messages = smtp.messages();
    let ids: HashSet<String> = messages
        .iter()
        .map(|raw| MessageParser::default().parse(raw).unwrap().message_id().unwrap().to_owned())
        .collect();
    assert_eq!(messages.len(), n, "no message sent twice");
    assert_eq!(ids.len(), n);
}

/// A delegate whose browser prefers Arabic: the form comes right to left, and so does the mail,
/// with the Latin organisation name kept intact inside it.
async fn an_arabic_speaker_gets_pages_and_mail_right_to_left(db: Db) {
    let app = spawn_app(db).await;
    let page = app.page_in("/events/qianhai/register", "ar-JO,ar;q=0.9,en;q=0.5").await;
    assert!(page.contains(r#"<html lang="ar" dir="rtl">"#), "the page is right to left");
    assert!(page.contains("الاسم") || page.contains("التسجيل"), "and in Arabic");
    let mut fields = jordan_ambassador();
    set(&mut fields, "locale", "ar");
    assert_eq!(app.register("qianhai", &fields).await.status(), StatusCode::OK);
    let raw = first_mail(&app).await;
    let msg = MessageParser::default().parse(&raw).unwrap();
    assert!(msg.subject().unwrap().starts_with("تأكيد التسجيل"), "{:?}", msg.subject());
    assert!(msg.subject().unwrap().contains(" / 报名确认："), "and the host's Chinese: {:?}", msg.subject());
    let body = msg.body_html(0).unwrap();
    assert!(body.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(body.contains("<bdi>Embassy of the Hashemite Kingdom of Jordan</bdi>"), "{body}");
    // Arabic first, in its own right-to-left section; Chinese below, left to right.
    let (arabic, chinese) =
        (body.find(r#"<div lang="ar" dir="rtl""#).unwrap(), body.find(r#"<div lang="zh-Hans" dir="ltr""#).unwrap());
    assert!(arabic < chinese, "{body}");
    let text = msg.body_text(0).unwrap();
    assert!(text.contains("Embassy of the Hashemite Kingdom of Jordan"));
    // The Latin name intact in both languages (isolated from the text around it).
    assert_eq!(text.matches("Hussam Al Husseini").count(), 2, "{text}");
    let (ar, zh) = (text.find("حضرة").unwrap(), text.find("尊敬的").unwrap());
    assert!(ar < zh, "{text}");
    assert!(text.contains("约旦"), "the country in Chinese too: {text}");
    let languages = format!("{:?}", msg.text_part(0).unwrap().content_language());
    assert!(languages.contains("\"ar\"") && languages.contains("zh-Hans"), "{languages}");

    // With bilingual mail turned off on the setup page, the next mail is in Arabic alone.
    let staff = crate::staff::logged_in(&app, "setup@example.org", lanyard::staff::Role::Admin).await;
    let csrf = crate::staff::token(&app, &staff, "/staff/events/qianhai/setup").await;
    let event = lanyard::events::store::find_by_slug(&mut app.conn(), "qianhai").unwrap().unwrap();
    let form =
        lanyard::events::setup::EventForm { bilingual_mail: None, ..lanyard::events::setup::EventForm::of(&event) };
    let mut fields: Vec<(String, String)> = vec![("csrf_token".into(), csrf)];
    for (k, v) in serde_json::to_value(&form).unwrap().as_object().unwrap() {
        if let Some(v) = v.as_str() {
            fields.push((k.clone(), v.to_owned()));
        }
    }
    let res = staff.post(app.url("/staff/events/qianhai/setup")).form(&fields).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let saved = lanyard::events::store::find_by_slug(&mut app.conn(), "qianhai").unwrap().unwrap();
    assert!(!saved.bilingual_mail && saved.host_locale == "zh");
    // The mail worker reads an event's settings at most 5 s old.
    tokio::time::sleep(Duration::from_millis(5200)).await;
    let mut second = jordan_ambassador();
    set(&mut second, "locale", "ar");
    set(&mut second, "email", "second@jo-embassy.example");
    assert_eq!(app.register("qianhai", &second).await.status(), StatusCode::OK);
    let second = eventually(WAIT, "the second mail", || {
        app.mail_files().into_iter().map(|f| std::fs::read(f).unwrap()).find(|raw| {
            MessageParser::default().parse(raw).is_some_and(|m| {
                m.to().and_then(|t| t.first()?.address().map(str::to_owned)).as_deref()
                    == Some("second@jo-embassy.example")
            })
        })
    })
    .await;
    let second = MessageParser::default().parse(&second).unwrap();
    assert!(!second.subject().unwrap().contains("报名确认"), "{:?}", second.subject());
    assert!(!second.body_text(0).unwrap().contains("尊敬的"));
}
