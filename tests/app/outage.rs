//! PostgreSQL restarts, fails over, or a proxy cuts idle connections: the doors keep scanning.

use diesel::prelude::*;
use serde_json::json;

use crate::doors::{Day, door_day, scan};
use crate::helpers::Db;

/// Ends every connection to the test database but this one, as a restart would.
fn cut_every_connection(url: &str) -> usize {
    let mut conn = PgConnection::establish(url).unwrap();
    #[derive(QueryableByName)]
    struct Cut {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        cut: bool,
    }
    let rows: Vec<Cut> = diesel::sql_query(
        "SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .load(&mut conn)
    .unwrap();
    rows.iter().filter(|r| r.cut).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn doors_keep_scanning_after_postgres_cuts_every_connection() {
    let Day { app, door, code, film, .. } = door_day(Db::Postgres).await;
    let first = scan(&app, &door, json!({ "code": code, "session": film, "nonce": "before" })).await;
    assert_eq!(first["outcome"], "admitted");

    assert!(cut_every_connection(&app.db.url) > 0, "the app holds connections");
    // The next scans find their connections gone; each is decided on a new one, exactly once.
    for i in 0..10 {
        let again = scan(&app, &door, json!({ "code": code, "session": film, "nonce": format!("after-{i}") })).await;
        assert_eq!(again["outcome"], "already_admitted", "{again}");
        assert_eq!(again["admitted_count"], 1);
    }
    // A retry of a scan whose answer was lost with its connection counts once.
    let retried = scan(&app, &door, json!({ "code": code, "session": film, "nonce": "before" })).await;
    assert_eq!(retried["outcome"], "admitted");
    assert_eq!(retried["scan_id"], first["scan_id"]);
}
