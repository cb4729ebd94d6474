//! The order of precedence: heads of mission by class, then by when they presented their
//! credentials; chargés d'affaires a.i. last among them; everyone else by delegation and name;
//! an organiser's manual rank before all. The API, the staff list, the batch of badges, the
//! door list and "not yet arrived" all give the same order.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::doors::{programme_is_today, session_id, token};
use crate::helpers::{Db, spawn_app};
use crate::staff::logged_in;
use lanyard::staff::Role;

crate::on_both_databases!(
    every_list_gives_heads_of_mission_in_the_order_of_precedence,
    a_class_or_date_that_does_not_parse_is_refused_by_field,
);

/// (family name, country, class, credentials presented), in no particular order.
const PEOPLE: [(&str, &str, &str, &str); 12] = [
    ("Tanaka", "JP", "envoy", "2016-09-30T11:15"),
    ("Bauer", "DE", "", ""),
    ("Okonkwo", "NG", "ambassador", "2015-06-01"),
    ("Silva", "BR", "charge_d_affaires_ai", "2009-01-01"),
    ("Lindqvist", "SE", "ambassador", "2018-02-10"),
    ("Zhou", "SG", "envoy", ""),
    ("Achieng", "KE", "", ""),
    ("Haddad", "LB", "ambassador", "2015-06-01T09:00"),
    ("Kowalski", "PL", "charge_d_affaires", "2010-05-05"),
    ("Moreau", "FR", "envoy", "2012-01-01"),
    ("Nguyen", "VN", "charge_d_affaires_ai", "2021-07-07"),
    ("Abdullah", "MY", "ambassador", "2013-11-11"),
];

/// Nguyen first by the organiser's manual rank; ambassadors by date and time (a date alone is
/// midnight, before 09:00 the same day); envoys, the undated one last; the chargé d'affaires;
/// the chargé a.i. (older credentials than everyone, still after every other class); then
/// the rest by delegation (DE before KE).
const EXPECTED: [&str; 12] = [
    "Nguyen",
    "Abdullah",
    "Okonkwo",
    "Haddad",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Zhou",
    "Kowalski",
    "Silva",
    "Bauer",
    "Achieng",
];

/// The names in the order they first appear in `text`; each must appear.
fn order_in<'a>(text: &str, names: &[&'a str]) -> Vec<&'a str> {
    let mut found: Vec<(usize, &str)> =
        names.iter().map(|n| (text.find(n).unwrap_or_else(|| panic!("{n} is missing from: {text}")), *n)).collect();
    found.sort();
    found.into_iter().map(|(_, n)| n).collect()
}

async fn every_list_gives_heads_of_mission_in_the_order_of_precedence(db: Db) {
    let app = spawn_app(db).await;
    programme_is_today(&app);
    let admin = token(&app, Role::Admin, "protocol office");
    let film = session_id(&app, "Film");
    let mut ids = std::collections::HashMap::new();
    for (family, country, class, credentials) in PEOPLE {
        let body = json!({
            "given_name": "Delegate", "family_name": family, "email": format!("{}@mission.example", family.to_lowercase()),
            "country": country, "category": "Head of Mission", "sessions": [film], "locale": "en",
            "precedence_class": class, "credentials_presented_at": credentials,
        });
        let res = app.client.post(app.url("/api/v1/events/qianhai/registrations")).bearer_auth(&admin).json(&body);
        let res = res.send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let created: Value = res.json().await.unwrap();
        assert_eq!(created["precedence_class"], if class.is_empty() { Value::Null } else { json!(class) });
        ids.insert(family, created["id"].as_str().unwrap().to_owned());
    }
    // The organiser places the dean of the corps first by hand.
    let desk = logged_in(&app, "protocol@lanyard.example", Role::Admin).await;
    let page = format!("/staff/registrations/{}", ids["Nguyen"]);
    let csrf = crate::staff::token(&app, &desk, &page).await;
    let form = [("csrf_token", csrf.as_str()), ("precedence", "1")];
    let res = desk.post(app.url(&format!("{page}/precedence"))).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // The API.
    let res = app.client.get(app.url("/api/v1/events/qianhai/registrations?sort=precedence&per_page=100"));
    let list: Value = res.bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    let families: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["family_name"].as_str())
        .filter(|f| EXPECTED.contains(f))
        .collect();
    assert_eq!(families, EXPECTED, "the API");

    // The staff list.
    let html = desk.get(app.url("/staff/events/qianhai/registrations?sort=precedence")).send().await.unwrap();
    assert_eq!(order_in(&html.text().await.unwrap(), &EXPECTED), EXPECTED, "the staff list");

    // The batch of badges, as the printer's PDF comes out page by page.
    let batch = "/staff/events/qianhai/badges?category=Head+of+Mission&sort=precedence&layout=a6";
    let html = desk.get(app.url(batch)).send().await.unwrap().text().await.unwrap();
    let csrf = crate::helpers::extract(&html, r#"name="csrf_token" value=""#).unwrap();
    let mut form: Vec<(&str, &str)> = vec![("csrf_token", csrf.as_str()), ("layout", "a6")];
    let listed: Vec<String> = html
        .match_indices(r#"name="ids" value=""#)
        .map(|(i, m)| html[i + m.len()..].split('"').next().unwrap().to_owned())
        .collect();
    form.extend(listed.iter().map(|i| ("ids", i.as_str())));
    let res = desk.post(app.url("/staff/events/qianhai/badges.pdf")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let pdf = app.db.dir.path().join("batch.pdf");
    std::fs::write(&pdf, res.bytes().await.unwrap()).unwrap();
    assert_eq!(order_in(&crate::badges::text_of(&pdf), &EXPECTED), EXPECTED, "the batch PDF");

    // The door list of the session, and who has not arrived yet.
    let res = desk.get(app.url(&format!("/staff/events/qianhai/sessions/{film}/list.pdf"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let pdf = app.db.dir.path().join("door-list.pdf");
    std::fs::write(&pdf, res.bytes().await.unwrap()).unwrap();
    assert_eq!(order_in(&crate::badges::text_of(&pdf), &EXPECTED), EXPECTED, "the door list");
    let html = desk.get(app.url("/staff/events/qianhai/attendance")).send().await.unwrap().text().await.unwrap();
    assert_eq!(order_in(&html, &EXPECTED), EXPECTED, "not yet arrived");

    // The CSV export carries both fields, as an import reads them.
    let csv = desk.get(app.url("/staff/events/qianhai/registrations.csv")).send().await.unwrap().text().await.unwrap();
    let header = csv.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert!(header.contains("precedence_class,credentials_presented_at"), "{header}");
    assert!(csv.lines().any(|l| l.contains("Haddad") && l.contains("ambassador,2015-06-01T09:00")), "{csv}");
}

async fn a_class_or_date_that_does_not_parse_is_refused_by_field(db: Db) {
    let app = spawn_app(db).await;
    let admin = token(&app, Role::Admin, "protocol office");
    for (field, value) in [("precedence_class", "consul"), ("credentials_presented_at", "04/03/2019")] {
        let mut body = json!({
            "given_name": "Ana", "family_name": "Pérez", "email": "ana@cl-embassy.example",
            "country": "CL", "category": "Head of Mission", "locale": "es",
        });
        body[field] = json!(value);
        let res = app.client.post(app.url("/api/v1/events/qianhai/registrations")).bearer_auth(&admin).json(&body);
        let res = res.send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let error: Value = res.json().await.unwrap();
        assert_eq!(error["error"]["fields"][0]["field"], field, "{error}");
    }
    // The staff form says the same, in the staff member's language, and keeps what was typed.
    let desk = logged_in(&app, "protocol@lanyard.example", Role::Admin).await;
    assert_eq!(app.register("qianhai", &crate::helpers::jordan_ambassador()).await.status(), StatusCode::OK);
    let id = crate::staff::registration_id(&app, "h.alhusseini@jo-embassy.example");
    let edit = format!("/staff/registrations/{id}/edit");
    let csrf = crate::staff::token(&app, &desk, &edit).await;
    let mut fields = crate::helpers::jordan_ambassador();
    fields.push(("csrf_token".into(), csrf));
    fields.push(("precedence_class".into(), "ambassador".into()));
    fields.push(("credentials_presented_at".into(), "2019-02-30".into()));
    let res = desk.post(app.url(&edit)).header("Accept-Language", "fr").form(&fields).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("Saisissez une date comme 2019-03-04"), "{html}");
    assert!(html.contains(r#"value="2019-02-30""#) && html.contains(r#"value="ambassador" selected"#), "kept");
}
