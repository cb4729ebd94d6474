//! OpenAPI fuzzing: schemathesis (PyPI) generates requests for every operation in
//! `/api/v1/openapi.json`, with an admin token, and checks every answer: no server error, every
//! status, content type and body as documented. Bounded: `LANYARD_FUZZ_EXAMPLES` (30) examples
//! per operation, a fixed seed (`LANYARD_FUZZ_SEED`, 1) so CI is repeatable; vary the seed to
//! explore. A crash it found stays below as a regression test.

use lanyard::staff::{Role, tokens};
use reqwest::StatusCode;

use crate::helpers::{Db, spawn_app};

crate::on_both_databases!(
    schemathesis_finds_no_server_error_and_no_undocumented_answer,
    a_page_number_of_any_size_answers_an_empty_page,
);

/// The schemathesis command (`.ci/test` installs it into a venv and names it).
fn schemathesis() -> String {
    std::env::var("LANYARD_SCHEMATHESIS").unwrap_or_else(|_| {
        let home = std::env::var("HOME").unwrap_or_default();
        format!("{home}/.cache/lanyard-schemathesis/bin/schemathesis")
    })
}

async fn schemathesis_finds_no_server_error_and_no_undocumented_answer(db: Db) {
    let app = spawn_app(db).await;
    let now = chrono::Utc::now().naive_utc();
    let (_, secret) = tokens::create(&mut app.conn(), "fuzzer", Role::Admin, None, "test", now).unwrap();
    let examples = std::env::var("LANYARD_FUZZ_EXAMPLES").unwrap_or_else(|_| "30".into());
    let seed = std::env::var("LANYARD_FUZZ_SEED").unwrap_or_else(|_| "1".into());
    let out = tokio::process::Command::new(schemathesis())
        // It keeps a cache where it runs: in the test's own folder, not the repository.
        .current_dir(app.db.dir.path())
        .args(["run", &app.url("/api/v1/openapi.json")])
        .args(["--header", &format!("Authorization: Bearer {secret}")])
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
        ])
        .args(["--max-examples", &examples, "--seed", &seed, "--request-timeout", "10", "--no-color"])
        .output()
        .await
        .unwrap_or_else(|e| panic!("schemathesis is needed (.ci/test installs it): {e}"));
    let report = String::from_utf8_lossy(&out.stdout);
    let summary: Vec<&str> = report.lines().filter(|l| l.contains("generated")).collect();
    println!("schemathesis: {summary:?}");
    assert!(out.status.success(), "{report}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(!summary.is_empty(), "it generated requests: {report}");
}

/// Found by schemathesis: `page=104943863213944672` overflowed the offset (a 500).
async fn a_page_number_of_any_size_answers_an_empty_page(db: Db) {
    let app = spawn_app(db).await;
    let now = chrono::Utc::now().naive_utc();
    let (_, secret) = tokens::create(&mut app.conn(), "lister", Role::Admin, None, "test", now).unwrap();
    let url = app.url("/api/v1/events/qianhai/registrations?page=104943863213944672&per_page=276");
    let res = app.client.get(url).bearer_auth(&secret).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["items"], serde_json::json!([]));
    // Found by schemathesis on PostgreSQL: a NUL in the search words (a 500); it matches nothing.
    let url = app.url("/api/v1/events/qianhai/registrations?q=%C2%96%00%C3%94&category=%00&country=%00");
    let res = app.client.get(url).bearer_auth(&secret).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // And a query that does not parse is a JSON 400, like every API error.
    let res = app.client.get(app.url("/api/v1/events/qianhai/registrations?page=x")).bearer_auth(&secret).send().await;
    let res = res.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["error"]["code"], "bad_request");
}
