//! Hostile input on every field of the registration form, the API's registration body and the
//! staff forms (registration, invitation, event, venue, category, session, privacy notice,
//! account, token, device, vetting, handover, rejections):
//! NUL and other control characters, a bidi override, 10,000 characters, invalid UTF-8, markup
//! and spreadsheet formulas (also in their full-width forms). Each gets a clear error or is
//! stored safely; never a 5xx; and what is stored comes out escaped in HTML, mail and CSV.

use diesel::prelude::*;
use serde_json::{Value, json};

use crate::helpers::{Db, TestDb, jordan_ambassador, set, spawn_app_on};

crate::on_both_databases!(
    hostile_values_in_every_field_get_a_clear_answer_and_come_out_escaped,
    hostile_values_in_the_staff_forms_get_a_clear_answer_never_a_server_error,
);

const FIELDS: [&str; 17] = [
    "honorific",
    "given_name",
    "family_name",
    "native_name",
    "badge_name",
    "email",
    "phone",
    "country",
    "organization",
    "position",
    "category",
    "sessions",
    "dietary",
    "accessibility",
    "locale",
    "invitation",
    "lawful_basis",
];

fn hostile() -> Vec<String> {
    vec![
        "Hus\u{0}sam".into(),
        "\u{202e}ieseuH".into(),
        "\u{7}\u{1b}[31m".into(),
        "x".repeat(10_000),
        "<script>alert(1)</script>".into(),
        "=HYPERLINK(\"http://evil.example\")".into(),
        "＝１＋１".into(),
        "＠SUM(A1)".into(),
    ]
}

/// The form as a browser would send it, urlencoded by hand so invalid UTF-8 can be sent too.
fn body(fields: &[(String, String)], raw: Option<(&str, &str)>) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        out.append_pair(k, v);
    }
    let mut text = out.finish();
    if let Some((k, encoded)) = raw {
        text.push_str(&format!("&{k}={encoded}"));
    }
    text
}

async fn hostile_values_in_every_field_get_a_clear_answer_and_come_out_escaped(db: Db) {
    let app = spawn_app_on(TestDb::new(db), |raw| {
        // One test client sends hundreds of forms; the limit has its own test.
        raw.rate_register = Some("0".into());
        raw.rate_api = Some("0".into());
    })
    .await;
    let now = chrono::Utc::now().naive_utc();
    let event = crate::helpers::qianhai(&app);
    let (_, admin) =
        lanyard::staff::tokens::create(&mut app.conn(), "hostile", lanyard::staff::Role::Admin, Some(&event), "t", now)
            .unwrap();
    let mut n = 0;
    let mut answers = std::collections::BTreeMap::<u16, usize>::new();
    for field in FIELDS {
        let values = hostile().into_iter().map(|v| (v, None));
        // Invalid UTF-8 (a lone 0xFF byte) and a lone surrogate's bytes, percent-encoded.
        let raw = [("", Some("%FF")), ("", Some("%ED%A0%80"))].map(|(v, r): (&str, Option<&str>)| (v.to_owned(), r));
        for (value, raw_value) in values.chain(raw) {
            n += 1;
            let csrf = app.csrf_token("qianhai").await;
            let mut fields = jordan_ambassador();
            set(&mut fields, "email", &format!("delegate{n}@mission.example"));
            set(&mut fields, "csrf_token", &csrf);
            let body = match raw_value {
                Some(encoded) => {
                    fields.retain(|(k, _)| k != field);
                    body(&fields, Some((field, encoded)))
                }
                None => {
                    set(&mut fields, field, &value);
                    body(&fields, None)
                }
            };
            let res = app
                .client
                .post(app.url("/events/qianhai/register"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .unwrap();
            let status = res.status();
            assert!(!status.is_server_error(), "form {field}={value:?}{raw_value:?}: {status}");
            *answers.entry(status.as_u16()).or_default() += 1;
            let html = res.text().await.unwrap();
            assert!(!html.contains("<script>alert(1)</script>"), "unescaped in the form page: {field}");

            // The same value through the API's JSON body.
            if raw_value.is_none() {
                let mut json_body: Value = json!({
                    "given_name": "Hussam", "family_name": "Al Husseini", "email": format!("api{n}@mission.example"),
                    "country": "JO", "category": "Head of Mission", "locale": "en", "sessions": []
                });
                json_body[field] = if field == "sessions" { json!([value]) } else { json!(value) };
                let res = app
                    .client
                    .post(app.url("/api/v1/events/qianhai/registrations"))
                    .bearer_auth(&admin)
                    .json(&json_body)
                    .send()
                    .await
                    .unwrap();
                let status = res.status();
                assert!(!status.is_server_error(), "API {field}={value:?}: {status}");
                *answers.entry(status.as_u16()).or_default() += 1;
            }
        }
    }
    println!("hostile input: {n} forms and their API twins, answers by status: {answers:?}");
    assert!(answers.contains_key(&303) && answers.contains_key(&422), "some stored safely, some refused: {answers:?}");

    // What was stored comes out escaped: the desk's CSV (formulas, plain and full-width) and
    // the confirmation mails (markup).
    let staff = crate::staff::logged_in(&app, "reg@lanyard.example", lanyard::staff::Role::Registrar).await;
    let csv = staff.get(app.url("/staff/events/qianhai/registrations.csv")).send().await.unwrap();
    let csv = csv.text().await.unwrap();
    for line in csv.lines().skip(1) {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '@', '＝', '＋', '＠']), "a formula cell: {cell} in {line}");
        }
    }
    assert!(csv.contains("'＝１＋１") || csv.contains("'＠SUM"), "full-width formulas stored and escaped: {csv}");
    crate::helpers::eventually(std::time::Duration::from_secs(60), "every confirmation written", || {
        let states = crate::helpers::outbox_states(&mut app.conn());
        states.iter().all(|(status, _)| status == "sent").then_some(())
    })
    .await;
    // The text part may carry the characters as typed; the HTML part must escape them.
    let mut escaped = 0;
    for mail in app.mail_files() {
        let raw = std::fs::read(&mail).unwrap();
        let parsed = mail_parser::MessageParser::default().parse(&raw).unwrap();
        let html = parsed.body_html(0).map(|h| h.into_owned()).unwrap_or_default();
        assert!(!html.contains("<script>alert(1)</script>"), "unescaped in the HTML of {}", mail.display());
        escaped += usize::from(html.contains("&lt;script&gt;alert(1)") || html.contains("&#60;script&#62;alert(1)"));
    }
    assert!(escaped > 0, "some confirmation carried the markup, escaped");
}

/// Posts `fields` (with `field` set to a hostile value, or to raw percent-encoded bytes) as a
/// logged-in staff member would, with the token of `page`; answers the status.
async fn post_staff(
    app: &crate::helpers::TestApp,
    staff: &reqwest::Client,
    page: &str,
    action: &str,
    fields: &[(String, String)],
    raw: Option<(&str, &str)>,
) -> u16 {
    let csrf = crate::staff::token(app, staff, page).await;
    let mut fields = fields.to_vec();
    set(&mut fields, "csrf_token", &csrf);
    let res = staff
        .post(app.url(action))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body(&fields, raw))
        .send()
        .await
        .unwrap();
    let status = res.status();
    let html = res.text().await.unwrap();
    assert!(!status.is_server_error(), "{action} {fields:?} {raw:?}: {status}");
    assert!(!html.contains("<script>alert(1)</script>"), "unescaped on the answer to {action}");
    status.as_u16()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

async fn hostile_values_in_the_staff_forms_get_a_clear_answer_never_a_server_error(db: Db) {
    let app = spawn_app_on(TestDb::new(db), |raw| raw.rate_register = Some("0".into())).await;
    let admin = crate::staff::logged_in(&app, "ada@lanyard.example", lanyard::staff::Role::Admin).await;
    assert_eq!(app.register("qianhai", &jordan_ambassador()).await.status(), reqwest::StatusCode::OK);
    let id = crate::staff::registration_id(&app, "h.alhusseini@jo-embassy.example");
    // Markup, PDF string syntax and formulas in a name print as themselves on the badge.
    let mut named = jordan_ambassador();
    set(&mut named, "given_name", "Ana (x) \\ )Tj <b>");
    set(&mut named, "family_name", "＝１＋１");
    set(&mut named, "organization", "=HYPERLINK(\"http://evil.example\")");
    let edit = format!("/staff/registrations/{id}/edit");
    assert_eq!(post_staff(&app, &admin, &edit, &edit, &named, None).await, 303);
    let page = format!("/staff/registrations/{id}");
    assert_eq!(post_staff(&app, &admin, &page, &format!("{page}/approve"), &pairs(&[("reason", "")]), None).await, 303);
    let pdf = admin.get(app.url(&format!("{page}/badge.pdf"))).send().await.unwrap();
    assert_eq!(pdf.status(), reqwest::StatusCode::OK);
    let path = app.db.dir.path().join("hostile-badge.pdf");
    std::fs::write(&path, pdf.bytes().await.unwrap()).unwrap();
    let text = crate::badges::text_of(&path);
    for printed in ["Ana (x) \\ )Tj <b>", "＝１＋１", "=HYPERLINK(\"http://evil.example\")"] {
        assert!(text.contains(printed), "{printed:?} not printed as typed: {text}");
    }
    let day = (chrono::Utc::now() + chrono::Duration::days(20)).format("%Y-%m-%d").to_string();
    let (starts, ends) = (format!("{day}T09:00"), format!("{day}T17:00"));
    // (page with the form, where it posts, its fields)
    let mut forms: Vec<(String, String, crate::helpers::Fields)> = vec![
        // The desk's edit form: every field of a registration.
        (format!("/staff/registrations/{id}/edit"), format!("/staff/registrations/{id}/edit"), jordan_ambassador()),
        // A new invitation.
        (
            "/staff/events/qianhai/invitations".into(),
            "/staff/events/qianhai/invitations".into(),
            pairs(&[
                ("organization", "Embassy of Chile"),
                ("country", "CL"),
                ("contact_name", "Ana Pérez"),
                ("contact_email", "protocolo@cl-embassy.example"),
                ("locale", "es"),
                ("quota", "2"),
            ]),
        ),
        // A new event.
        (
            "/staff/events/new".into(),
            "/staff/events".into(),
            pairs(&[
                ("name", "Greater Bay Area Forum"),
                ("slug", "gba-forum"),
                ("ref_prefix", "GB"),
                ("time_zone", "Asia/Hong_Kong"),
                ("starts_at", &starts),
                ("ends_at", &ends),
                ("registration_opens_at", &starts),
                ("registration_closes_at", &starts),
                ("contact_email", "forum@gba.example"),
                ("badge_layout", "a6"),
            ]),
        ),
    ];
    let slug_page = |p: &str| format!("/staff/events/qianhai/{p}");
    let hall = crate::doors::venue_id(&app, "Qianhai Exhibition Hall");
    let delegate: String = {
        use lanyard::db::schema::categories;
        categories::table.filter(categories::name.eq("Delegate")).select(categories::id).first(&mut app.conn()).unwrap()
    };
    let event = crate::helpers::qianhai(&app).to_string();
    forms.extend([
        // Setup: a venue, a category, a session.
        (slug_page("setup"), slug_page("venues"), pairs(&[("name", "Rooftop"), ("address", "1 Bay Road")])),
        (
            slug_page("setup"),
            slug_page("categories"),
            pairs(&[("name", "Observer"), ("badge_colour", "#225588"), ("badge_layout", ""), ("self_register", "on")]),
        ),
        (
            slug_page("setup"),
            slug_page("sessions"),
            pairs(&[
                ("id", ""),
                ("title", "Reception"),
                ("venue", &hall),
                ("starts_at", &starts),
                ("ends_at", &ends),
                ("capacity", "40"),
                ("categories", &delegate),
            ]),
        ),
        // The privacy notice.
        (
            slug_page("privacy"),
            slug_page("privacy"),
            pairs(&[
                ("privacy_controller", "Protocol Office"),
                ("retention_days", "90"),
                ("notice_en", "We keep your data for the event."),
                ("notice_zh", "我们仅为本次活动保存您的数据。"),
                ("notice_fr", "Nous gardons vos données."),
                ("notice_es", "Guardamos sus datos."),
                ("notice_ru", "Мы храним ваши данные."),
                ("notice_ar", "نحتفظ ببياناتك."),
            ]),
        ),
        // Accounts, API tokens and door devices.
        (
            "/staff/accounts".into(),
            "/staff/accounts".into(),
            pairs(&[("email", "new.registrar@lanyard.example"), ("name", "Li Wei"), ("role", "registrar")]),
        ),
        (
            "/staff/accounts".into(),
            "/staff/tokens".into(),
            pairs(&[("name", "import script"), ("role", "registrar"), ("event", &event)]),
        ),
        (
            slug_page("devices"),
            slug_page("devices"),
            pairs(&[("name", "Hall tablet"), ("venues", &hall), ("pin", "2468")]),
        ),
        // Security's vetting, the badge desk's handover, and rejections with a reason.
        (
            slug_page("vetting"),
            format!("/staff/events/qianhai/vetting/{id}"),
            pairs(&[("outcome", "more_info"), ("note", "Ask the embassy")]),
        ),
        (
            slug_page("handover"),
            slug_page("handover"),
            pairs(&[
                ("collected_by", "Driver Chen"),
                ("on_behalf", "on"),
                ("desk", "Hall desk"),
                ("references", "QH-0001"),
            ]),
        ),
        (
            slug_page("registrations"),
            slug_page("registrations/reject"),
            pairs(&[("reason", "Not on the guest list"), ("ids", &id)]),
        ),
        (
            format!("/staff/registrations/{id}"),
            format!("/staff/registrations/{id}/reject"),
            pairs(&[("reason", "Duplicate")]),
        ),
    ]);
    let mut answers = std::collections::BTreeMap::<u16, usize>::new();
    for (page, action, fields) in &forms {
        for (field, _) in fields.iter().filter(|(k, _)| k != "consent") {
            for value in hostile() {
                let mut changed = fields.clone();
                set(&mut changed, field, &value);
                *answers.entry(post_staff(&app, &admin, page, action, &changed, None).await).or_default() += 1;
            }
            let mut without = fields.clone();
            without.retain(|(k, _)| k != field);
            for raw in ["%FF", "%ED%A0%80"] {
                *answers
                    .entry(post_staff(&app, &admin, page, action, &without, Some((field, raw))).await)
                    .or_default() += 1;
            }
        }
    }
    println!("hostile input in staff forms: answers by status {answers:?}");
    // What was stored comes out escaped wherever staff read it.
    let pages = ["setup", "privacy", "devices", "vetting", "handover", "registrations", "audit"].map(slug_page);
    for page in pages.iter().map(String::as_str).chain(["/staff/accounts", &format!("/staff/registrations/{id}")]) {
        let html = admin.get(app.url(page)).send().await.unwrap().text().await.unwrap();
        assert!(!html.contains("<script>alert(1)</script>"), "unescaped on {page}");
    }
    assert!(answers.keys().any(|s| *s == 422) && answers.keys().any(|s| *s < 400), "{answers:?}");
}
