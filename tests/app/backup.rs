//! Backups: `lanyard backup` copies the SQLite database while delegates keep registering; the
//! copy opens, passes its integrity check and holds every registration answered before it
//! began. On PostgreSQL the command says to use pg_dump.

use std::collections::HashSet;
use std::os::unix::fs::PermissionsExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::{Db, TestApp, jordan_ambassador, set, spawn_app};

crate::on_both_databases!(a_backup_taken_during_a_rush_opens_whole_with_everyone_registered_before_it);

fn backup(app: &TestApp, out: &std::path::Path, with_key: bool) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_lanyard"));
    cmd.env_clear()
        .env("DATABASE_URL", &app.db.url)
        .env("LANYARD_DATA_DIR", &app.data_dir)
        .args(["backup", "--out"])
        .arg(out);
    if with_key {
        cmd.arg("--with-key");
    }
    cmd.output().unwrap()
}

async fn a_backup_taken_during_a_rush_opens_whole_with_everyone_registered_before_it(db: Db) {
    let app = Arc::new(spawn_app(db).await);
    let out = app.db.dir.path().join("backup.db");
    if db == Db::Postgres {
        let res = backup(&app, &out, false);
        assert!(!res.status.success());
        assert!(String::from_utf8_lossy(&res.stderr).contains("pg_dump"), "{res:?}");
        return;
    }
    // A rush: four clients registering one delegate after another until told to stop.
    let stop = Arc::new(AtomicBool::new(false));
    let answered = Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut rush = Vec::new();
    for client in 0..4 {
        let (app, stop, answered) = (app.clone(), stop.clone(), answered.clone());
        rush.push(tokio::spawn(async move {
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                let mut fields = jordan_ambassador();
                let email = format!("rush{client}-{i}@embassy.example");
                set(&mut fields, "email", &email);
                if app.register("qianhai", &fields).await.status() == StatusCode::OK {
                    answered.lock().unwrap().push(email);
                }
                i += 1;
            }
        }));
    }
    while answered.lock().unwrap().len() < 20 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let before: HashSet<String> = answered.lock().unwrap().iter().cloned().collect();
    let res = tokio::task::spawn_blocking({
        let (app, out) = (app.clone(), out.clone());
        move || backup(&app, &out, true)
    })
    .await
    .unwrap();
    stop.store(true, Ordering::Relaxed);
    for r in rush {
        r.await.unwrap();
    }
    assert!(res.status.success(), "{}", String::from_utf8_lossy(&res.stderr));
    assert!(String::from_utf8_lossy(&res.stdout).contains("integrity check ok"));

    // The copy: owner-only, whole, with everyone answered before it began.
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    let key = lanyard::backup::key_file(&out);
    assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600, "the key beside it");
    let mut copy = SqliteConnection::establish(out.to_str().unwrap()).unwrap();
    #[derive(QueryableByName)]
    struct Check {
        #[diesel(sql_type = diesel::sql_types::Text)]
        integrity_check: String,
    }
    let check: Vec<Check> = diesel::sql_query("PRAGMA integrity_check").load(&mut copy).unwrap();
    assert_eq!(check[0].integrity_check, "ok");
    use lanyard::db::schema::registrations;
    let held: HashSet<String> = registrations::table
        .select(registrations::email_lower)
        .load::<String>(&mut copy)
        .unwrap()
        .into_iter()
        .collect();
    let missing: Vec<&String> = before.iter().filter(|e| !held.contains(*e)).collect();
    assert!(missing.is_empty(), "{} registrations answered before the backup are missing: {missing:?}", missing.len());
    let total = registrations::table.count().get_result::<i64>(&mut *app.conn()).unwrap();
    println!(
        "backup held {} registrations; {} answered before it began; {} at the end",
        held.len(),
        before.len(),
        total
    );
    // A second backup never overwrites the first.
    let again = backup(&app, &out, false);
    assert!(!again.status.success() && String::from_utf8_lossy(&again.stderr).contains("exists already"));
}
