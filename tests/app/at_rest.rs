//! Secrets and personal data at rest: the database, its WAL and the mail outbox belong to the
//! server's user alone; two-factor secrets are sealed (also those an earlier version stored in
//! clear, at the next start); badge codes are found by a keyed hash and kept sealed; the scan
//! log keeps a tag of each code, never the code.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use diesel::prelude::*;
use lanyard::db::schema::{scans, staff_users};
use lanyard::staff::Role;
use serde_json::json;

use crate::doors::{Day, door_day, scan};
use crate::helpers::{Db, TestDb, eventually, files_in, spawn_app_on};
use crate::staff::browser_for;

crate::on_both_databases!(
    the_database_and_the_outbox_are_the_server_users_alone,
    two_factor_secrets_are_sealed_also_those_stored_in_clear_before,
    the_scan_log_keeps_a_tag_of_each_code_never_the_code,
    no_badge_code_is_stored_in_clear_anywhere_in_the_database,
    badge_codes_an_earlier_version_kept_in_clear_are_sealed_at_the_next_start,
);

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

async fn the_database_and_the_outbox_are_the_server_users_alone(db: Db) {
    let Day { app, .. } = door_day(db).await;
    // The registration's confirmation mail is in the outbox.
    let mails = eventually(std::time::Duration::from_secs(20), "a mail in the outbox", || {
        Some(app.mail_files()).filter(|m| !m.is_empty())
    })
    .await;
    assert_eq!(mode(&app.data_dir), 0o700, "the data folder");
    assert_eq!(mode(&app.outbox_dir()), 0o700, "the outbox");
    for mail in &mails {
        assert_eq!(mode(mail), 0o600, "{}", mail.display());
    }
    if db == Db::Sqlite {
        let files = files_in(app.db.dir.path());
        let database: Vec<_> = files.iter().filter(|f| f.to_string_lossy().contains("lanyard.db")).collect();
        assert!(database.len() >= 2, "the database and its WAL: {files:?}");
        for f in database {
            assert_eq!(mode(f), 0o600, "{}", f.display());
        }
    }
}

async fn two_factor_secrets_are_sealed_also_those_stored_in_clear_before(db: Db) {
    let test_db = TestDb::new(db);
    let app = spawn_app_on(test_db.clone(), |_| {}).await;
    let client = browser_for(&app, "reg@lanyard.example", Role::Registrar).await;
    let secret = crate::totp::set_up(&app, &client, "reg@lanyard.example").await;
    let stored: Option<String> = staff_users::table.select(staff_users::totp_secret).first(&mut app.conn()).unwrap();
    let stored = stored.unwrap();
    assert!(stored.starts_with("v1:") && !stored.contains(&secret), "sealed, not {secret}: {stored}");

    // A database from before: the secret in clear. The next start seals it, and the code from
    // the phone still works.
    diesel::update(staff_users::table).set(staff_users::totp_secret.eq(&secret)).execute(&mut app.conn()).unwrap();
    app.stop().await;
    let app = spawn_app_on(test_db, |_| {}).await;
    let stored: Option<String> = staff_users::table.select(staff_users::totp_secret).first(&mut app.conn()).unwrap();
    assert!(stored.unwrap().starts_with("v1:"), "sealed at start-up");
    let (client, page) = crate::totp::password_step(&app, "reg@lanyard.example").await;
    let code = crate::totp::code(&secret, "reg@lanyard.example");
    let res = crate::totp::code_step(&app, &client, &page, &code).await;
    assert_eq!(res.status(), reqwest::StatusCode::SEE_OTHER, "logged in with the code");
}

async fn the_scan_log_keeps_a_tag_of_each_code_never_the_code(db: Db) {
    let Day { app, door, code, film, .. } = door_day(db).await;
    scan(&app, &door, json!({ "code": code, "session": film, "nonce": "t1" })).await;
    scan(&app, &door, json!({ "code": "NOT-A-BADGE-AT-ALL", "session": film, "nonce": "t2" })).await;
    let logged: Vec<String> = scans::table.select(scans::code).load(&mut app.conn()).unwrap();
    assert_eq!(logged.len(), 2);
    for tag in &logged {
        assert_eq!(tag.len(), 10, "{tag}");
        assert!(!tag.contains(&code[..6]) && !tag.contains("NOT-A-BADGE"), "{tag}");
    }
    assert_ne!(logged[0], logged[1], "two codes, two tags");
    // The same code scanned again is told apart by its tag (a retry keeps its answer).
    let again = scan(&app, &door, json!({ "code": code, "session": film, "nonce": "t1" })).await;
    assert_eq!(again["outcome"], "admitted", "the retry keeps its answer");
}

/// Everything the database holds, as text: the SQLite files byte for byte (database, WAL,
/// shared memory), or every row of every PostgreSQL table as JSON.
fn everything_stored(app: &crate::helpers::TestApp, db: Db) -> String {
    match db {
        Db::Sqlite => files_in(app.db.dir.path())
            .iter()
            .filter(|f| f.to_string_lossy().contains("lanyard.db"))
            .map(|f| String::from_utf8_lossy(&std::fs::read(f).unwrap()).into_owned())
            .collect(),
        Db::Postgres => {
            #[derive(QueryableByName)]
            struct Text {
                #[diesel(sql_type = diesel::sql_types::Text)]
                text: String,
            }
            let conn = &mut app.conn();
            let tables: Vec<Text> = diesel::sql_query(
                "SELECT table_name::text AS text FROM information_schema.tables WHERE table_schema = 'public'",
            )
            .load(conn)
            .unwrap();
            tables
                .iter()
                .flat_map(|t| {
                    let rows: Vec<Text> =
                        diesel::sql_query(format!("SELECT row_to_json(t)::text AS text FROM \"{}\" t", t.text))
                            .load(conn)
                            .unwrap();
                    rows.into_iter().map(|r| r.text)
                })
                .collect()
        }
    }
}

async fn no_badge_code_is_stored_in_clear_anywhere_in_the_database(db: Db) {
    let Day { app, admin, door, reference, code, film } = door_day(db).await;
    // Printed, scanned, reissued (lost), the new one scanned: every code the badge ever had.
    scan(&app, &door, json!({ "code": code, "session": film, "nonce": "r1" })).await;
    let new_code = crate::doors::reissue(&app, &admin, &reference, "lost").await["code"].as_str().unwrap().to_owned();
    let answer = scan(&app, &door, json!({ "code": new_code, "session": film, "nonce": "r2" })).await;
    assert_eq!(answer["outcome"], "already_admitted", "the new code works (once admitted is once)");
    let old = scan(&app, &door, json!({ "code": code, "session": film, "nonce": "r3" })).await;
    assert_eq!(old["reason"], "old_badge");
    if db == Db::Sqlite {
        // What is committed to the WAL stays there until a checkpoint: look at both.
        diesel::sql_query("PRAGMA wal_checkpoint(PASSIVE)").execute(&mut app.conn()).ok();
    }
    // And an embassy's invitation, with its two codes.
    let event = lanyard::events::store::find_by_slug(&mut app.conn(), "qianhai").unwrap().unwrap();
    let form = lanyard::invitations::InvitationForm {
        organization: "Embassy of Chile".into(),
        contact_email: "protocolo@cl-embassy.example".into(),
        quota: "2".into(),
        ..Default::default()
    };
    let keys = app.keys();
    let now = chrono::Utc::now().naive_utc();
    let invitation = lanyard::invitations::create(&mut app.conn(), &keys, &event, &form, "test", now).unwrap().unwrap();
    let codes = invitation.codes(&keys).unwrap();
    let stored = everything_stored(&app, db);
    assert!(stored.len() > 10_000, "the whole database was read ({} bytes)", stored.len());
    assert!(stored.contains(&reference), "the reading finds what is stored in clear");
    for c in [&code, &new_code, &codes.register, &codes.manage] {
        assert!(!stored.contains(c.as_str()), "the code {c} is stored in clear");
    }
}

async fn badge_codes_an_earlier_version_kept_in_clear_are_sealed_at_the_next_start(db: Db) {
    use lanyard::db::schema::badges;
    let Day { app, door, code, film, .. } = door_day(db).await;
    // As an earlier version stored it: the code itself in `code`, nothing sealed.
    diesel::update(badges::table)
        .set((badges::code_hash.eq(&code), badges::code_sealed.eq(None::<String>)))
        .execute(&mut app.conn())
        .unwrap();
    let event = lanyard::events::store::find_by_slug(&mut app.conn(), "qianhai").unwrap().unwrap();
    let form = lanyard::invitations::InvitationForm {
        organization: "Embassy of Chile".into(),
        contact_email: "protocolo@cl-embassy.example".into(),
        quota: "2".into(),
        ..Default::default()
    };
    let now = chrono::Utc::now().naive_utc();
    lanyard::invitations::create(&mut app.conn(), &app.keys(), &event, &form, "test", now).unwrap().unwrap();
    {
        use lanyard::db::schema::invitations;
        diesel::update(invitations::table)
            .set((
                invitations::code_hash.eq("PLAINREGISTERCODE234"),
                invitations::manage_hash.eq("PLAINMANAGECODE23456"),
                invitations::codes_sealed.eq(None::<String>),
            ))
            .execute(&mut app.conn())
            .unwrap();
    }
    let test_db = app.db.clone();
    app.stop().await;
    let app = spawn_app_on(test_db, |_| {}).await;
    let (hash, sealed): (String, Option<String>) =
        badges::table.select((badges::code_hash, badges::code_sealed)).first(&mut app.conn()).unwrap();
    assert!(hash != code && sealed.is_some_and(|s| !s.contains(&code)), "converted at start-up");
    let answer = scan(&app, &door, json!({ "code": code, "session": film, "nonce": "c1" })).await;
    assert_eq!(answer["outcome"], "admitted", "the printed badge still works");
    assert_eq!(
        app.get("/invitations/plainmanagecode23456").await.status(),
        reqwest::StatusCode::OK,
        "the mailed link still works"
    );
    let form = app.get("/events/qianhai/register?invitation=PLAINREGISTERCODE234").await.text().await.unwrap();
    assert!(form.contains("Invitation for Embassy of Chile"), "{form}");
}
