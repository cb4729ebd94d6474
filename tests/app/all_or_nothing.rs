//! A use case commits all its rows or none: a registration that comes with a photo is stored
//! in one transaction with it, so a photo that cannot be saved leaves no registration, no
//! places taken and no mail queued behind an error page.

use diesel::prelude::*;
use lanyard::db::DbConn;
use lanyard::db::schema::{outbox, photos, sessions};
use reqwest::StatusCode;

use crate::helpers::{Db, TestApp, jordan_ambassador, registration_count, spawn_app};
use crate::photos::{multipart, png};

crate::on_both_databases!(a_registration_whose_photo_cannot_be_stored_leaves_nothing_behind);

/// Makes every insert into `photos` fail, as a full disk or a broken column would.
fn break_photo_storage(app: &TestApp) {
    let mut conn = app.conn();
    let statements: &[&str] = match &mut *conn {
        DbConn::Sqlite(_) => {
            &["CREATE TRIGGER no_photos BEFORE INSERT ON photos BEGIN SELECT RAISE(ABORT, 'photo storage broken'); END"]
        }
        DbConn::Postgres(_) => &[
            "CREATE FUNCTION no_photos() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'photo storage broken'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER no_photos BEFORE INSERT ON photos FOR EACH ROW EXECUTE FUNCTION no_photos()",
        ],
    };
    for sql in statements {
        diesel::sql_query(*sql).execute(&mut *conn).unwrap();
    }
}

async fn a_registration_whose_photo_cannot_be_stored_leaves_nothing_behind(db: Db) {
    let app = spawn_app(db).await;
    let film = app.session_id("qianhai", "Film");
    let mut fields = jordan_ambassador();
    fields.push(("sessions".into(), film.clone()));
    break_photo_storage(&app);

    let token = app.csrf_token("qianhai").await;
    let url = app.url("/events/qianhai/register");
    let form = multipart(&fields, &token, png(800, 1000), "me.png");
    let res = app.client.post(&url).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);

    let mut conn = app.conn();
    assert_eq!(registration_count(&mut conn), 0, "no registration without its photo");
    let mails: i64 = outbox::table.count().get_result(&mut *conn).unwrap();
    assert_eq!(mails, 0, "no confirmation mail for a registration that is not there");
    let taken: i32 = sessions::table.find(&film).select(sessions::seats_taken).first(&mut *conn).unwrap();
    assert_eq!(taken, 0, "the place in the film is not taken");
    let stored: i64 = photos::table.count().get_result(&mut *conn).unwrap();
    assert_eq!(stored, 0);
}
