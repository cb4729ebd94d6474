//! Rehearsal: the demo starts with its doors in rehearsal, so a newcomer can scan a badge
//! weeks before the day; rehearsal scans count nowhere, and clearing or ending the rehearsal
//! removes them.

use diesel::prelude::*;
use lanyard::db::schema::scans;
use lanyard::staff::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::doors::{attendance, register, scan, session_id, token};
use crate::helpers::{Db, TestApp, spawn_app_rehearsing};
use crate::staff::{logged_in, post};

crate::on_both_databases!(a_newcomer_rehearses_the_doors_weeks_before_the_day);

const DASHBOARD: &str = "/staff/events/qianhai/attendance";

fn stored(app: &TestApp, rehearsal: bool) -> i64 {
    scans::table.filter(scans::rehearsal.eq(rehearsal)).count().get_result(&mut app.conn()).unwrap()
}

async fn a_newcomer_rehearses_the_doors_weeks_before_the_day(db: Db) {
    let app = spawn_app_rehearsing(db).await;
    let admin = token(&app, Role::Admin, "admin");
    let door = token(&app, Role::Door, "hall door 1");
    let (reference, code) = register(&app, &admin, "h.alhusseini@jo-embassy.example", "Head of Mission").await;
    // The film is weeks away, and the door admits all the same, saying it is a rehearsal.
    let film = session_id(&app, "Film");
    let first = scan(&app, &door, json!({ "code": code, "session": film, "nonce": "r1" })).await;
    assert_eq!((first["outcome"].as_str(), first["rehearsal"].as_bool()), (Some("admitted"), Some(true)), "{first}");
    let again = scan(&app, &door, json!({ "code": code, "session": film, "nonce": "r2" })).await;
    assert_eq!(again["outcome"], "already_admitted", "single entry is rehearsed too");

    // No figure counts them: the API, the dashboard's tables, the scan export.
    let figures = attendance(&app, &admin).await;
    let shown = figures["sessions"].as_array().unwrap().iter().find(|s| s["id"] == film.as_str()).unwrap().clone();
    assert_eq!((shown["admitted"].as_i64(), shown["inside"].as_i64()), (Some(0), Some(0)), "{figures}");
    assert!(figures["venues"].as_array().unwrap().iter().all(|v| v["inside"] == 0 && v["admitted"] == 0));
    let organiser = logged_in(&app, "organiser@lanyard.example", Role::Admin).await;
    let html = organiser.get(app.url(DASHBOARD)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(r#"id="rehearsal-on""#) && html.contains("2 rehearsal scans"), "the dashboard says so");
    let csv = organiser.get(app.url("/staff/events/qianhai/scans.csv")).send().await.unwrap().text().await.unwrap();
    assert!(!csv.contains(&reference), "the export leaves the rehearsal out");
    assert_eq!((stored(&app, true), stored(&app, false)), (2, 0));

    // Cleared in one action: the rehearsal goes on, from nothing.
    let res = post(&app, &organiser, DASHBOARD, "/staff/events/qianhai/rehearsal", &[("action", "clear")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(stored(&app, true), 0);
    let fresh = scan(&app, &door, json!({ "code": code, "session": film, "nonce": "r3" })).await;
    assert_eq!(fresh["outcome"], "admitted", "the cleared admission is gone too");

    // Ended: its scans go, and the doors keep the session's hours again.
    let res = post(&app, &organiser, DASHBOARD, "/staff/events/qianhai/rehearsal", &[("action", "end")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(stored(&app, true), 0);
    let live = scan(&app, &door, json!({ "code": code, "session": film, "nonce": "r4" })).await;
    assert_eq!((live["outcome"].as_str(), live["reason"].as_str()), (Some("refused"), Some("outside_session_time")));
    assert_eq!(live["rehearsal"], false);
    let html = organiser.get(app.url(DASHBOARD)).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains(r#"id="rehearsal-on""#));

    // Only admins start one; the audit log names who did what.
    let registrar = logged_in(&app, "registrar@lanyard.example", Role::Registrar).await;
    let res = post(&app, &registrar, DASHBOARD, "/staff/events/qianhai/rehearsal", &[("action", "start")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let audit = organiser.get(app.url("/staff/events/qianhai/audit")).send().await.unwrap().text().await.unwrap();
    assert!(audit.contains("cleared the rehearsal scans") && audit.contains("ended the door rehearsal"), "audited");
}
