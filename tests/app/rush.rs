//! The rush at the doors: many badges scanned at once, decided together, counted exactly.

use diesel::prelude::*;
use lanyard::db::schema::{admission_counts, admissions, scans, stays};
use lanyard::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::doors::{programme_is_today, register, token};
use crate::helpers::{Db, spawn_app};

crate::on_both_databases!(
    many_doors_at_once_admit_everyone_once_and_each_sees_its_own_count,
    a_connection_prepares_the_statements_of_a_scan_once,
);

async fn many_doors_at_once_admit_everyone_once_and_each_sees_its_own_count(db: Db) {
    let app = spawn_app(db).await;
    programme_is_today(&app);
    let admin = token(&app, Role::Admin, "admin");
    let door = token(&app, Role::Door, "hall doors");
    let mut codes = Vec::new();
    for i in 0..16 {
        codes.push(register(&app, &admin, &format!("delegate{i}@embassy.example"), "Delegate").await.1);
    }
    let venue: String = {
        use lanyard::db::schema::venues;
        venues::table.filter(venues::name.like("%Exhibition%")).select(venues::id).first(&mut app.conn()).unwrap()
    };
    // Each badge twice at once (two doors, or a door's retry with a new nonce), and an unknown
    // code among them.
    let mut wave: Vec<(String, String)> =
        codes.iter().flat_map(|c| [(c.clone(), "a"), (c.clone(), "b")]).map(|(c, n)| (c, n.to_owned())).collect();
    wave.push(("NOT-A-BADGE".into(), "x".into()));
    let mut tasks = Vec::new();
    for (k, (code, side)) in wave.into_iter().enumerate() {
        let (client, url, door, venue) =
            (app.client.clone(), app.url("/api/v1/events/qianhai/scans"), door.clone(), venue.clone());
        tasks.push(tokio::spawn(async move {
            let body = json!({ "code": code, "venue": venue, "nonce": format!("rush-{k}-{side}") });
            let res = client.post(url).bearer_auth(door).json(&body).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            (code, res.json::<Value>().await.unwrap())
        }));
    }
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    let (unknown, known): (Vec<_>, Vec<_>) = answers.into_iter().partition(|(c, _)| c == "NOT-A-BADGE");
    assert_eq!(unknown[0].1["outcome"], "refused");
    assert_eq!(unknown[0].1["reason"], "unknown_code");
    // A whole venue admits again (people step out and back), but counts each delegate once.
    assert!(known.iter().all(|(_, a)| a["outcome"] == "admitted"), "{known:?}");
    // The sixteen first admissions each saw a different count, 1 to 16; a second scan sees
    // its delegate already counted.
    let mut first_counts: Vec<i64> = Vec::new();
    for code in &codes {
        let mut seen: Vec<i64> =
            known.iter().filter(|(c, _)| c == code).map(|(_, a)| a["admitted_count"].as_i64().unwrap()).collect();
        seen.sort();
        assert_eq!(seen.len(), 2);
        first_counts.push(seen[0]);
    }
    first_counts.sort();
    assert_eq!(first_counts, (1..=16).collect::<Vec<i64>>());
    let conn = &mut app.conn();
    assert_eq!(admissions::table.count().get_result::<i64>(conn).unwrap(), 16);
    assert_eq!(scans::table.count().get_result::<i64>(conn).unwrap(), 33);
    assert_eq!(stays::table.filter(stays::left_at.is_null()).count().get_result::<i64>(conn).unwrap(), 16);
    assert_eq!(stays::table.count().get_result::<i64>(conn).unwrap(), 16, "no stay was opened twice");
    let counted: i32 = admission_counts::table
        .filter(admission_counts::scope.eq(format!("venue:{venue}")))
        .select(admission_counts::admitted)
        .first(conn)
        .unwrap();
    assert_eq!(counted, 16);
}

/// A batch on PostgreSQL, as the scan threads form them when doors scan at the same moment:
/// the batch decides its scans together, except what it leaves for one by one (a second scan
/// of the same delegate, an unknown code, a manual admission), and each answer is the one a
/// single scan would get.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_decides_its_scans_together_and_leaves_the_rest_for_one_by_one() {
    use lanyard::checkin::{ScanRequest, batch};
    let app = spawn_app(Db::Postgres).await;
    programme_is_today(&app);
    let admin = token(&app, Role::Admin, "admin");
    let mut codes = Vec::new();
    let mut references = Vec::new();
    for i in 0..6 {
        let (reference, code) = register(&app, &admin, &format!("batch{i}@embassy.example"), "Delegate").await;
        codes.push(code);
        references.push(reference);
    }
    let conn = &mut app.conn();
    let event = lanyard::events::store::find_by_slug(conn, "qianhai").unwrap().unwrap();
    let p = lanyard::events::store::programme(conn, event).unwrap();
    let venue = p.venues[0].id.clone();
    let now = chrono::Utc::now().naive_utc();
    let keys = app.keys();
    let request = |code: &str, nonce: &str, manual: bool| ScanRequest {
        code: code.to_owned(),
        code_tag: format!("tag-{code}"),
        code_hash: keys.lookup(code),
        venue_id: venue.clone(),
        session_id: None,
        nonce: nonce.to_owned(),
        device_at: None,
        staff: "door".into(),
        device: "hall".into(),
        manual,
        exit: false,
        offline_outcome: None,
        rehearsal: false,
    };
    let mut requests: Vec<ScanRequest> =
        codes.iter().enumerate().map(|(i, c)| request(c, &format!("n{i}"), false)).collect();
    requests.push(request(&codes[0], "again", false));
    requests.push(request("NOT-A-BADGE", "unknown", false));
    requests.push(request(&references[5], "manual", true));
    let items: Vec<batch::Item<'_>> = requests.iter().map(|r| batch::Item { programme: &p, request: r, now }).collect();
    let out = batch::decide(conn, &items);
    assert_eq!(out.together, 6, "the six first scans go together");
    let answers: Vec<_> = out.answers.into_iter().map(Result::unwrap).collect();
    let outcomes: Vec<&str> = answers.iter().map(|d| d.outcome.as_str()).collect();
    assert_eq!(
        outcomes,
        ["admitted"; 6].iter().copied().chain(["admitted", "refused", "admitted"]).collect::<Vec<_>>()
    );
    let counts: Vec<i64> = answers.iter().map(|d| d.admitted_count).collect();
    assert_eq!(counts, [1, 2, 3, 4, 5, 6, 6, 6, 6]);
    assert_eq!(answers[7].reason, Some(lanyard::checkin::Reason::UnknownCode));
    assert!(answers[6].previous.is_some(), "the second scan of the first delegate sees the first");
    assert_eq!(answers[0].registration.as_ref().unwrap().reference, references[0]);
    assert_eq!(admissions::table.count().get_result::<i64>(conn).unwrap(), 6);
    assert_eq!(scans::table.count().get_result::<i64>(conn).unwrap(), 9);
    assert_eq!(stays::table.count().get_result::<i64>(conn).unwrap(), 6);

    // The same batch sent again (every nonce already stored): the write fails on the nonces,
    // and each scan is answered one by one with what was stored.
    let again = batch::decide(conn, &items);
    assert_eq!(again.together, 0);
    let replayed: Vec<String> = again.answers.into_iter().map(|d| d.unwrap().scan_id).collect();
    assert_eq!(replayed, answers.iter().map(|d| d.scan_id.clone()).collect::<Vec<_>>());
    assert_eq!(scans::table.count().get_result::<i64>(conn).unwrap(), 9);

    // An offline device's upload (admitted two minutes ago) arrives just before a live scan of
    // the same delegate at a single-entry session: the upload keeps its place in the order.
    let film = crate::doors::session_id(&app, "Film");
    let film_venue = p.sessions.iter().find(|s| s.id == film).unwrap().venue_id.clone();
    let at_film = |nonce: &str| ScanRequest {
        session_id: Some(film.clone()),
        venue_id: film_venue.clone(),
        ..request(&codes[1], nonce, false)
    };
    let offline = ScanRequest {
        device_at: Some(now - chrono::Duration::minutes(2)),
        offline_outcome: Some(lanyard::checkin::Outcome::Admitted),
        ..at_film("offline")
    };
    let someone_else = ScanRequest {
        code: codes[2].clone(),
        code_tag: format!("tag-{}", codes[2]),
        code_hash: keys.lookup(&codes[2]),
        ..at_film("someone else")
    };
    let live = at_film("live");
    let items: Vec<batch::Item<'_>> =
        [&someone_else, &offline, &live].into_iter().map(|r| batch::Item { programme: &p, request: r, now }).collect();
    let out = batch::decide(conn, &items);
    let answers: Vec<_> = out.answers.into_iter().map(Result::unwrap).collect();
    let outcomes: Vec<&str> = answers.iter().map(|d| d.outcome.as_str()).collect();
    assert_eq!(outcomes, ["admitted", "admitted", "already_admitted"]);
    assert!(!answers[1].clash, "the device's admission stands");
}

/// What makes a scan fast: after the first scans of each kind, a connection prepares nothing
/// again (every statement of a scan has a fixed text, kept prepared by diesel).
async fn a_connection_prepares_the_statements_of_a_scan_once(db: Db) {
    use lanyard::checkin::{self, ScanRequest, batch};
    use lanyard::db::DbConn;
    use std::sync::{Arc, Mutex};
    let postgres = matches!(db, Db::Postgres);
    let app = spawn_app(db).await;
    programme_is_today(&app);
    let admin = token(&app, Role::Admin, "admin");
    let mut codes = Vec::new();
    for i in 0..8 {
        codes.push(register(&app, &admin, &format!("prepared{i}@embassy.example"), "Delegate").await.1);
    }
    let mut conn = lanyard::db::Backend::from_url(&app.db.url).unwrap().connect().unwrap();
    let prepared = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = prepared.clone();
    conn.set_instrumentation(move |event: diesel::connection::InstrumentationEvent<'_>| {
        if let diesel::connection::InstrumentationEvent::CacheQuery { sql, .. } = event {
            seen.lock().unwrap().push(sql.to_owned());
        }
    });
    let event = lanyard::events::store::find_by_slug(&mut conn, "qianhai").unwrap().unwrap();
    let p = lanyard::events::store::programme(&mut conn, event).unwrap();
    let film = crate::doors::session_id(&app, "Film");
    let film_venue = p.sessions.iter().find(|s| s.id == film).unwrap().venue_id.clone();
    let now = chrono::Utc::now().naive_utc();
    let keys = app.keys();
    let request = |code: &str, nonce: String, session: Option<&String>| ScanRequest {
        code: code.to_owned(),
        code_tag: format!("tag-{code}"),
        code_hash: keys.lookup(code),
        venue_id: session.map_or(p.venues[0].id.clone(), |_| film_venue.clone()),
        session_id: session.cloned(),
        nonce,
        device_at: None,
        staff: "door".into(),
        device: "hall".into(),
        manual: false,
        exit: false,
        offline_outcome: None,
        rehearsal: false,
    };
    // Each kind of scan once, then again with other badges: a first admission (to a venue and
    // to a session), a second scan, an unknown code; on PostgreSQL a batch too.
    let round = |conn: &mut DbConn, codes: &[String], n: usize| {
        for (k, session) in [None, Some(&film)].into_iter().enumerate() {
            let code = &codes[k];
            for again in 0..2 {
                let d = checkin::scan(conn, &p, &request(code, format!("p{n}-{k}-{again}"), session), now).unwrap();
                assert_eq!(
                    d.outcome.as_str(),
                    if again == 1 && session.is_some() { "already_admitted" } else { "admitted" }
                );
            }
        }
        checkin::scan(conn, &p, &request("NOT-A-BADGE", format!("p{n}-x"), None), now).unwrap();
        if postgres {
            let requests: Vec<ScanRequest> =
                codes[2..4].iter().enumerate().map(|(i, c)| request(c, format!("p{n}-b{i}"), None)).collect();
            let items: Vec<batch::Item<'_>> =
                requests.iter().map(|r| batch::Item { programme: &p, request: r, now }).collect();
            assert_eq!(batch::decide(conn, &items).together, 2);
        }
    };
    round(&mut conn, &codes[0..4], 0);
    let first = prepared.lock().unwrap().len();
    assert!(first >= 4, "the first scans prepared their statements");
    round(&mut conn, &codes[4..8], 1);
    let again: Vec<String> = prepared.lock().unwrap()[first..].to_vec();
    assert!(again.is_empty(), "prepared again: {again:#?}");
}
