//! Secrets and personal data at rest: the database, its WAL and the mail outbox belong to the
//! server's user alone; two-factor secrets are sealed (also those an earlier version stored in
//! clear, at the next start); the scan log keeps a tag of each code, never the code.

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
