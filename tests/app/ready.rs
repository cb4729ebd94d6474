//! Readiness: `/readyz` answers 200 only while the database answers, its migrations are
//! current and the mail worker runs, and says which of them fails; `/healthz` stays liveness.

use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{Db, TestApp, spawn_app};

crate::on_both_databases!(readyz_says_ready_and_names_what_is_not);

async fn readyz(app: &TestApp) -> (StatusCode, Value) {
    let res = app.get("/readyz").await;
    (res.status(), res.json().await.unwrap())
}

async fn readyz_says_ready_and_names_what_is_not(db: Db) {
    let app = spawn_app(db).await;
    let (status, body) = readyz(&app).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["database"].as_str(), body["migrations"].as_str(), body["mail_worker"].as_str()),
        (Some("ok"), Some("current"), Some("alive"))
    );

    // A database a newer version migrated past this instance's knowledge, or one not yet
    // migrated: here the newest migration is forgotten, so it counts as pending.
    let newest: String =
        diesel::sql_query("SELECT version FROM __diesel_schema_migrations ORDER BY version DESC LIMIT 1")
            .get_result::<Version>(&mut app.conn())
            .unwrap()
            .version;
    diesel::sql_query(format!("DELETE FROM __diesel_schema_migrations WHERE version = '{newest}'"))
        .execute(&mut app.conn())
        .unwrap();
    let (status, body) = readyz(&app).await;
    assert_eq!((status, body["migrations"].as_str()), (StatusCode::SERVICE_UNAVAILABLE, Some("pending")), "{body}");

    // The mail worker stops: not ready, and it says so. Liveness is still fine.
    app.mailer.stop();
    let started = std::time::Instant::now();
    let body = loop {
        let (status, body) = readyz(&app).await;
        if body["mail_worker"] == "stopped" {
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
            break body;
        }
        assert!(started.elapsed().as_secs() < 10, "the worker never stopped: {body}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(body["ready"], false);
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
}

#[derive(QueryableByName)]
struct Version {
    #[diesel(sql_type = diesel::sql_types::Text)]
    version: String,
}
