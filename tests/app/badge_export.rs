//! Badge export with nothing to print: every channel answers with its own refusal, and no badge
//! is issued for a registration that is not approved.

use diesel::prelude::*;
use lanyard::db::schema::{badges, registrations};
use lanyard::staff::{Role, tokens};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{Db, jordan_ambassador, spawn_app};

crate::on_both_databases!(a_registration_that_is_not_approved_prints_nowhere);

async fn a_registration_that_is_not_approved_prints_nowhere(db: Db) {
    use crate::staff::{logged_in, registration_id, token as csrf};
    let app = spawn_app(db).await;
    let res = app.register("qianhai", &jordan_ambassador()).await;
    assert_eq!(res.status(), StatusCode::OK, "the confirmation page");
    let id = registration_id(&app, "h.alhusseini@jo-embassy.example");
    diesel::update(registrations::table.find(&id))
        .set(registrations::status.eq("pending"))
        .execute(&mut app.conn())
        .unwrap();
    diesel::delete(badges::table.filter(badges::registration_id.eq(&id))).execute(&mut app.conn()).unwrap();
    let reference: String =
        registrations::table.find(&id).select(registrations::reference).first(&mut app.conn()).unwrap();

    // The API: a JSON conflict with its code.
    let now = chrono::Utc::now().naive_utc();
    let printer_token = tokens::create(
        &mut app.conn(),
        "printer client",
        Role::Printer,
        Some(&crate::helpers::qianhai(&app)),
        "test",
        now,
    )
    .unwrap()
    .1;
    let url = app.url(&format!("/api/v1/events/qianhai/registrations/{reference}/badge.pdf"));
    let res = app.client.get(url).bearer_auth(&printer_token).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "badge-not-approved", "{body}");

    // The desk: preview and print are refused.
    let printer = logged_in(&app, "printer@lanyard.example", Role::Printer).await;
    let page = format!("/staff/registrations/{id}");
    let res = printer.get(app.url(&format!("{page}/badge.pdf"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let token = csrf(&app, &printer, &page).await;
    let res = printer
        .post(app.url(&format!("{page}/badge/print")))
        .form(&[("csrf_token", token.as_str()), ("layout", "a6")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().await.unwrap().contains("Only approved registrations have badges."));

    // The batch: none of these is approved.
    let form = [("csrf_token", token.as_str()), ("layout", "a6"), ("ids", id.as_str())];
    let res = printer.post(app.url("/staff/events/qianhai/badges.pdf")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().await.unwrap().contains("None of these registrations is approved."));

    let issued: i64 =
        badges::table.filter(badges::registration_id.eq(&id)).count().get_result(&mut app.conn()).unwrap();
    assert_eq!(issued, 0, "no badge for a registration that is not approved");
}
