//! Messages to segments and the mail log: a message to "Head of Mission, not yet arrived"
//! reaches exactly those delegates once each, in their language (and the host's, Chinese,
//! where the organiser wrote it); a mail refused with SMTP 550 shows as failed at once, and
//! after the address is fixed is resent and arrives once.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use lanyard::staff::Role;
use mail_parser::MessageParser;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::doors::{programme_is_today, scan, session_id, token};
use crate::helpers::{Db, SmtpServer, TestApp, TestDb, eventually, free_port, spawn_app_on};
use crate::staff::{logged_in, post, registration_id_by_reference};

crate::on_both_databases!(
    a_message_to_heads_of_mission_not_yet_arrived_reaches_exactly_them_once_in_their_language,
    a_refused_mail_fails_at_once_and_is_resent_once_the_address_is_fixed,
);

const WAIT: Duration = Duration::from_secs(30);

/// The app sending mail to a real SMTP server (refusing `*.refused@…` when `refusing`).
async fn app_with_smtp(db: Db, refusing: bool) -> (TestApp, SmtpServer, Arc<TestDb>) {
    let port = free_port();
    let test_db = TestDb::new(db);
    let maildir = test_db.dir.path().join("maildir");
    let smtp = if refusing {
        SmtpServer::start_refusing(port, &maildir).await
    } else {
        SmtpServer::start(port, &maildir).await
    };
    let app = spawn_app_on(test_db.clone(), |s| s.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    (app, smtp, test_db)
}

/// Registers (approved, as staff) a delegate; answers the reference.
async fn delegate(
    app: &TestApp,
    admin: &str,
    (name, email, country, locale, category): (&str, &str, &str, &str, &str),
) -> String {
    let body = json!({
        "given_name": name, "family_name": "Delegate", "email": email, "country": country,
        "organization": format!("Embassy ({country})"), "position": "Counsellor", "category": category,
        "sessions": [], "locale": locale
    });
    crate::doors::register_json(app, admin, body).await["reference"].as_str().unwrap().to_owned()
}

async fn api(
    app: &TestApp,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = app.client.request(method, app.url(&format!("/api/v1/events/qianhai{path}"))).bearer_auth(token);
    if let Some(body) = body {
        req = req.json(&body);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// The messages the SMTP server holds whose subject contains `marker`: recipient → subject and text.
fn received(smtp: &SmtpServer, marker: &str) -> Vec<(String, String, String)> {
    smtp.messages()
        .iter()
        .filter_map(|raw| {
            let m = MessageParser::default().parse(raw)?;
            let subject = m.subject()?.to_owned();
            let to = m.to()?.first()?.address()?.to_owned();
            subject.contains(marker).then(|| (to, subject, m.body_text(0).unwrap_or_default().into_owned()))
        })
        .collect()
}

async fn a_message_to_heads_of_mission_not_yet_arrived_reaches_exactly_them_once_in_their_language(db: Db) {
    let (app, smtp, _db) = app_with_smtp(db, false).await;
    programme_is_today(&app);
    let admin = token(&app, Role::Admin, "admin");
    let door = token(&app, Role::Door, "hall door");
    let arrived = delegate(&app, &admin, ("Hussam", "hom@jo.example", "JO", "ar", "Head of Mission")).await;
    delegate(&app, &admin, ("Claire", "hom@fr.example", "FR", "fr", "Head of Mission")).await;
    delegate(&app, &admin, ("Lucía", "hom@cl.example", "CL", "es", "Head of Mission")).await;
    delegate(&app, &admin, ("Amina", "hom@ke.example", "KE", "en", "Head of Mission")).await;
    delegate(&app, &admin, ("Omar", "deputy@jo.example", "JO", "ar", "Delegate")).await;
    delegate(&app, &admin, ("Ivan", "press@ru.example", "RU", "ru", "Press")).await;
    // The Jordanian ambassador has arrived: the message is for those still on their way.
    let code = {
        let id = registration_id_by_reference(&app, &arrived);
        lanyard::badges::store::current(&mut app.conn(), &id.as_str().into())
            .unwrap()
            .unwrap()
            .code(&app.keys())
            .unwrap()
    };
    let admitted = scan(&app, &door, json!({ "code": code, "session": session_id(&app, "Film"), "nonce": "a1" })).await;
    assert_eq!(admitted["outcome"], "admitted");

    let message = json!({
        "subject": { "en": "Dinner moves to the Qianhai Pavilion", "fr": "Le dîner a lieu au pavillon de Qianhai", "zh": "晚宴改在前海馆举行" },
        "body": { "en": "Dear colleagues,\n\nthe dinner starts at 19:00 at the Qianhai Pavilion.", "fr": "Le dîner commence à 19 h au pavillon de Qianhai.", "zh": "晚宴于19:00在前海馆开始。" },
        "filter": { "category": "Head of Mission", "not_arrived": true },
        "key": "dinner-venue-1"
    });
    // Filters that name nothing are refused, never read as "everyone".
    for (filter, field) in [(json!({ "category": "Heads" }), "filter"), (json!({ "colour": "red" }), "filter")] {
        let (status, body) = api(
            &app,
            &admin,
            reqwest::Method::POST,
            "/messages",
            Some(json!({ "subject": "x", "body": "y", "filter": filter })),
        )
        .await;
        assert_eq!(
            (status, body["error"]["fields"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field)),
            "{body}"
        );
    }
    let (status, body) =
        api(&app, &admin, reqwest::Method::POST, "/messages", Some(json!({ "subject": { "xx": "x" }, "body": "y" })))
            .await;
    assert_eq!(
        (status, body["error"]["fields"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("message_locale"))
    );
    let nobody = json!({ "subject": "x", "body": "y", "filter": { "country": "NZ" } });
    let (status, body) = api(&app, &admin, reqwest::Method::POST, "/messages", Some(nobody)).await;
    assert_eq!(
        (status, body["error"]["fields"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("message_no_recipients"))
    );
    // A registrar's token may send; a door's may not.
    let (status, _) = api(&app, &door, reqwest::Method::POST, "/messages", Some(message.clone())).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, sent) = api(&app, &admin, reqwest::Method::POST, "/messages", Some(message.clone())).await;
    assert_eq!((status, sent["recipients"].as_i64()), (StatusCode::CREATED, Some(3)), "{sent}");
    let id = sent["id"].as_str().unwrap().to_owned();
    // The same request again (a retry, a double click) sends nothing new.
    let (status, again) = api(&app, &admin, reqwest::Method::POST, "/messages", Some(message)).await;
    assert_eq!(
        (status, again["id"].as_str(), again["repeated"].as_bool()),
        (StatusCode::OK, Some(id.as_str()), Some(true))
    );

    let mails = eventually(WAIT, "three message mails at the SMTP server", || {
        let got = received(&smtp, "晚宴");
        (got.len() >= 3).then_some(got)
    })
    .await;
    let by_address: BTreeMap<String, (String, String)> = mails.into_iter().map(|(to, s, t)| (to, (s, t))).collect();
    let expected: HashSet<&str> = ["hom@fr.example", "hom@cl.example", "hom@ke.example"].into();
    assert_eq!(by_address.keys().map(String::as_str).collect::<HashSet<_>>(), expected);
    // French first, the host's Chinese below; Spanish falls back to the default (English).
    let (fr_subject, fr_text) = &by_address["hom@fr.example"];
    assert_eq!(fr_subject, "Le dîner a lieu au pavillon de Qianhai / 晚宴改在前海馆举行");
    let (french, chinese) = (fr_text.find("19 h").unwrap(), fr_text.find("晚宴于19:00").unwrap());
    assert!(french < chinese, "{fr_text}");
    assert!(fr_text.contains("Claire Delegate"), "greeted by name: {fr_text}");
    assert_eq!(by_address["hom@cl.example"].0, "Dinner moves to the Qianhai Pavilion / 晚宴改在前海馆举行");
    let ke = by_address["hom@ke.example"].1.replace("\r\n", "\n");
    assert!(ke.contains("Dear colleagues,\n\nthe dinner starts at 19:00"), "{ke:?}");

    let counts = eventually(WAIT, "the message's mails counted as sent", || {
        let rt = tokio::runtime::Handle::current();
        let (_, m) = tokio::task::block_in_place(|| {
            rt.block_on(api(&app, &admin, reqwest::Method::GET, &format!("/messages/{id}"), None))
        });
        (m["mails"]["sent"] == 3).then_some(m)
    })
    .await;
    assert_eq!((counts["recipients"].as_i64(), counts["mails"]["failed"].as_i64()), (Some(3), Some(0)), "{counts}");
    assert_eq!(counts["filter"]["category"], "Head of Mission");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(received(&smtp, "晚宴").len(), 3, "each recipient once");

    // The staff page previews the same audience and shows the message with its counts.
    let staff = logged_in(&app, "registrar@example.org", Role::Registrar).await;
    let page = "/staff/events/qianhai/messages?category=Head+of+Mission&not_arrived=on";
    let preview = post(
        &app,
        &staff,
        page,
        "/staff/events/qianhai/messages",
        &[
            ("category", "Head of Mission"),
            ("not_arrived", "on"),
            ("subject_en", "Bus at 8"),
            ("body_en", "The bus leaves at 8."),
            ("key", "form-1"),
            ("action", "preview"),
        ],
    )
    .await;
    let html = preview.text().await.unwrap();
    assert!(html.contains("3 recipients") && html.contains("Send to 3 recipients"), "{html}");
    assert!(html.contains("Français") && html.contains("The bus leaves at 8."), "a preview per reader's language");
    let shown =
        staff.get(app.url(&format!("/staff/events/qianhai/messages/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(
        shown.contains("Dinner moves to the Qianhai Pavilion") && shown.contains("晚宴于19:00在前海馆开始"),
        "{shown}"
    );
    // Sending the form twice (a double click, a reload) sends it once.
    let send = [
        ("country", "JO"),
        ("subject_en", "Bus at 8"),
        ("body_en", "The bus leaves at 8."),
        ("key", "form-2"),
        ("action", "send"),
    ];
    let first = post(&app, &staff, "/staff/events/qianhai/messages", "/staff/events/qianhai/messages", &send).await;
    let second = post(&app, &staff, "/staff/events/qianhai/messages", "/staff/events/qianhai/messages", &send).await;
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    assert_eq!(first.headers()["location"], second.headers()["location"]);
    let bus = eventually(WAIT, "the bus message at the SMTP server", || {
        let got = received(&smtp, "Bus at 8");
        (got.len() >= 2).then_some(got)
    })
    .await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!((bus.len(), received(&smtp, "Bus at 8").len()), (2, 2), "the two Jordanians, once each");

    // The other filters of the list: heads of delegation (one per delegation) and watched.
    let list = |query: &'static str| {
        let req = app.client.get(app.url(&format!("/api/v1/events/qianhai/registrations?{query}"))).bearer_auth(&admin);
        async move {
            let v: Value = req.send().await.unwrap().json().await.unwrap();
            v["items"].as_array().unwrap().iter().map(|r| r["email"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
        }
    };
    let heads = list("heads_of_delegation=true").await;
    assert_eq!(heads.len(), 5, "JO, FR, CL, KE, RU: {heads:?}");
    assert!(heads.contains(&"hom@jo.example".to_owned()) && !heads.contains(&"deputy@jo.example".to_owned()));
    assert!(list("watched=true").await.is_empty());
    let deputy = registration_id_by_reference(&app, &list_reference(&app, "deputy@jo.example"));
    let me: String = {
        use diesel::prelude::*;
        use lanyard::db::schema::staff_users;
        staff_users::table
            .filter(staff_users::email.eq("registrar@example.org"))
            .select(staff_users::id)
            .first(&mut app.conn())
            .unwrap()
    };
    let page = format!("/staff/registrations/{deputy}");
    let res = post(&app, &staff, &page, &format!("{page}/watch"), &[("staff", me.as_str())]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(list("watched=true").await, vec!["deputy@jo.example".to_owned()]);
}

fn list_reference(app: &TestApp, email: &str) -> String {
    use diesel::prelude::*;
    use lanyard::db::schema::registrations;
    registrations::table
        .filter(registrations::email.eq(email))
        .select(registrations::reference)
        .first(&mut app.conn())
        .unwrap()
}

async fn a_refused_mail_fails_at_once_and_is_resent_once_the_address_is_fixed(db: Db) {
    let (app, smtp, _db) = app_with_smtp(db, true).await;
    let admin = token(&app, Role::Admin, "admin");
    let reference = delegate(&app, &admin, ("Claire", "claire.refused@fr.example", "FR", "fr", "Delegate")).await;
    // Refused with 550: failed at the first attempt, not retried for a day.
    let failed = eventually(WAIT, "the confirmation to fail", || {
        let rt = tokio::runtime::Handle::current();
        let (_, list) = tokio::task::block_in_place(|| {
            rt.block_on(api(&app, &admin, reqwest::Method::GET, "/mails?status=failed", None))
        });
        list["mails"].as_array().filter(|m| !m.is_empty()).map(|m| m[0].clone())
    })
    .await;
    assert_eq!((failed["attempts"].as_i64(), failed["refused"].as_bool()), (Some(1), Some(true)), "{failed}");
    assert_eq!(failed["reference"], reference.as_str());
    let error = failed["last_error"].as_str().unwrap();
    assert!(
        error.contains("550") && !error.contains('@') && !error.contains("claire"),
        "no address in the log: {error}"
    );
    let (status, bad) = api(&app, &admin, reqwest::Method::GET, "/mails?status=lost", None).await;
    assert_eq!(
        (status, bad["error"]["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("status"))
    );

    // The desk sees it on the registration, fixes the address, and is offered the resend.
    let staff = logged_in(&app, "desk@example.org", Role::Registrar).await;
    let id = registration_id_by_reference(&app, &reference);
    let page = |staff: reqwest::Client| {
        let url = app.url(&format!("/staff/registrations/{id}"));
        async move { staff.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let html = page(staff.clone()).await;
    assert!(html.contains("was refused by their mail server: check the address"), "{html}");
    let fixed = json!({
        "given_name": "Claire", "family_name": "Delegate", "email": "claire@fr.example", "country": "FR",
        "organization": "Embassy (FR)", "position": "Counsellor", "category": "Delegate", "sessions": [], "locale": "fr"
    });
    let (status, _) =
        api(&app, &admin, reqwest::Method::PUT, &format!("/registrations/{reference}"), Some(fixed)).await;
    assert_eq!(status, StatusCode::OK);
    let html = page(staff.clone()).await;
    assert!(html.contains("the address has been corrected since"), "{html}");
    let mail_id = failed["id"].as_str().unwrap();
    let res = post(
        &app,
        &staff,
        &format!("/staff/registrations/{id}"),
        &format!("/staff/events/qianhai/mails/{mail_id}/resend"),
        &[("back", &format!("/staff/registrations/{id}#mails"))],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], format!("/staff/registrations/{id}?done=resent#mails").as_str());
    // Resending it again is refused: it was resent already.
    let (status, body) = api(&app, &admin, reqwest::Method::POST, &format!("/mails/{mail_id}/resend"), None).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("already_resent")));
    let (status, _) = api(&app, &admin, reqwest::Method::POST, "/mails/no-such-mail/resend", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let arrived = eventually(WAIT, "the resent confirmation at the SMTP server", || {
        let got: Vec<String> = smtp
            .messages()
            .iter()
            .filter_map(|raw| MessageParser::default().parse(raw)?.to()?.first()?.address().map(str::to_owned))
            .collect();
        (!got.is_empty()).then_some(got)
    })
    .await;
    assert_eq!(arrived, vec!["claire@fr.example".to_owned()]);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(smtp.messages().len(), 1, "arrives once");
    let (_, failed_now) = api(&app, &admin, reqwest::Method::GET, "/mails?status=failed", None).await;
    assert_eq!(failed_now["mails"], json!([]), "the failure was replaced by its resend");
    let html = page(staff).await;
    assert!(!html.contains("was refused by their mail server") && html.contains("resent"), "{html}");
    // The resend is in the audit trail.
    let audit = staff_audit(&app);
    assert!(audit.iter().any(|a| a == "mail.resend"), "{audit:?}");
}

fn staff_audit(app: &TestApp) -> Vec<String> {
    use diesel::prelude::*;
    use lanyard::db::schema::audit_log;
    audit_log::table.select(audit_log::action).load(&mut app.conn()).unwrap()
}
