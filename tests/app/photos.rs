//! Photos: the delegate's own badge page (the QR code, the PDF, a photo upload) and a photo
//! sent with the registration form; what comes back is cropped, re-encoded and printed.

use std::process::Command;

use diesel::prelude::*;
use lanyard::staff::Role;
use reqwest::StatusCode;

use crate::badges::{page_size, register_all, run, token};
use crate::helpers::{Db, spawn_app};

crate::on_both_databases!(
    the_delegate_page_shows_the_badge_and_takes_a_photo,
    a_delegate_sends_a_photo_with_the_registration_form,
);

pub(crate) fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img).write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

async fn the_delegate_page_shows_the_badge_and_takes_a_photo(db: Db) {
    let app = spawn_app(db).await;
    let admin = token(&app, Role::Admin);
    let references = register_all(&app, &admin).await;
    let reference = &references[3];

    // The link comes with the confirmation mail of an approved registration.
    let mail = crate::helpers::eventually(std::time::Duration::from_secs(20), "the confirmation mail", || {
        app.mail_files()
            .into_iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .find(|m| m.contains(reference.as_str()))
    })
    .await;
    let unfolded = mail.replace("=\r\n", "").replace("=3D", "=");
    let start = unfolded.find(&format!("/events/qianhai/badge/{reference}?t=")).expect("badge link in the mail");
    let path: String =
        unfolded[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || "/?=-_".contains(*c)).collect();

    let forged = format!("/events/qianhai/badge/{reference}?t=AAAAAAAAAAAAAAAAAAAAAA");
    assert_eq!(app.get(&forged).await.status(), StatusCode::GONE);
    let page = app.get(&path).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["cache-control"], "no-store");
    let html = page.text().await.unwrap();
    assert!(html.contains("<svg") && html.contains(reference.as_str()));
    // In the language the delegate registered in, as their mail was.
    let locale: String = lanyard::db::schema::registrations::table
        .filter(lanyard::db::schema::registrations::reference.eq(reference.as_str()))
        .select(lanyard::db::schema::registrations::locale)
        .first(&mut app.conn())
        .unwrap();
    let html_lang = lanyard::i18n::Lang::parse(&locale).unwrap().html_lang();
    assert!(html.contains(&format!(r#"<html lang="{html_lang}""#)), "the page is in {locale}");

    // A photo, uploaded from the phone; it comes back cropped to 3:4 and, once staff accept it
    // (the registration is approved, so the door's photo is frozen), printed on the badge.
    let token = crate::helpers::extract(&html, "name=\"csrf_token\" value=\"").unwrap();
    let action = format!("/events/qianhai/badge/{reference}/photo?{}", path.split_once('?').unwrap().1);
    let form = reqwest::multipart::Form::new().text("csrf_token", token.clone()).part(
        "photo",
        reqwest::multipart::Part::bytes(png(900, 600)).file_name("me.png").mime_str("image/png").unwrap(),
    );
    let res = app.client.post(app.url(&action)).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(res.headers()["location"].to_str().unwrap().ends_with("done=photo-pending"));
    let bad = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .part("photo", reqwest::multipart::Part::bytes(b"GIF89a".to_vec()).file_name("x.gif"));
    let res = app.client.post(app.url(&action)).multipart(bad).send().await.unwrap();
    let back = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.ends_with("done=photo-error-format"));
    assert!(app.get(&format!("{back}&lang=en")).await.text().await.unwrap().contains("not a JPEG or PNG"));

    let id = crate::staff::registration_id_by_reference(&app, reference);
    let registrar = crate::staff::logged_in(&app, "reg@lanyard.example", Role::Registrar).await;
    let desk = format!("/staff/registrations/{id}");
    let res =
        crate::staff::post(&app, &registrar, &desk, &format!("{desk}/photo/review"), &[("decision", "accept")]).await;
    assert!(res.headers()["location"].to_str().unwrap().contains("done=photo-accepted"));

    let pdf_path = path.replacen("?t=", "/badge.pdf?t=", 1);
    let res = app.get(&pdf_path).await;
    assert_eq!(res.status(), StatusCode::OK);
    let pdf = app.db.dir.path().join("mine.pdf");
    std::fs::write(&pdf, res.bytes().await.unwrap()).unwrap();
    let images = run(Command::new("pdfimages").arg("-list").arg(&pdf));
    assert!(images.lines().any(|l| l.contains(" 354 ") && l.contains(" 472 ") && l.contains("jpeg")), "{images}");
    assert_eq!(page_size(&pdf).0, "297.638 x 419.528 pts");
}

/// The form as a browser sends it when a file is chosen: multipart.
pub(crate) fn multipart(
    fields: &crate::helpers::Fields,
    token: &str,
    photo: Vec<u8>,
    name: &str,
) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new().text("csrf_token", token.to_owned());
    for (k, v) in fields {
        form = form.text(k.clone(), v.clone());
    }
    form.part("photo", reqwest::multipart::Part::bytes(photo).file_name(name.to_owned()))
}

async fn a_delegate_sends_a_photo_with_the_registration_form(db: Db) {
    let app = spawn_app(db).await;
    let mut fields = crate::helpers::jordan_ambassador();
    fields.push(("sessions".into(), app.session_id("qianhai", "Film")));
    let url = app.url("/events/qianhai/register");

    // A file that is no picture: every other field is kept, the photo gets its own message.
    let token = app.csrf_token("qianhai").await;
    let res = app
        .client
        .post(&url)
        .multipart(multipart(&fields, &token, b"%PDF-1.4".to_vec(), "cv.pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("The file is not a JPEG or PNG picture."));
    assert!(html.contains(r##"href="#photo""##) && html.contains(r#"aria-describedby="photo-hint photo-error""#));
    assert!(html.contains(r#"value="Hussam""#));
    let photos: i64 = lanyard::db::schema::photos::table.count().get_result(&mut app.conn()).unwrap();
    assert_eq!(photos, 0);
    assert_eq!(crate::helpers::registration_count(&mut app.conn()), 0);

    // With a real photo: registered, and the photo is on the badge.
    let token = app.csrf_token("qianhai").await;
    let res =
        app.client.post(&url).multipart(multipart(&fields, &token, png(800, 1000), "me.png")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (w, h, by): (i32, i32, String) = lanyard::db::schema::photos::table
        .select((
            lanyard::db::schema::photos::width,
            lanyard::db::schema::photos::height,
            lanyard::db::schema::photos::uploaded_by,
        ))
        .first(&mut app.conn())
        .unwrap();
    assert_eq!((w, h, by.as_str()), (354, 472, "delegate"));
    // Without a file the multipart form works too (an empty file input).
    let mut other = crate::helpers::jordan_ambassador();
    crate::helpers::set(&mut other, "email", "second@jo-embassy.example");
    let token = app.csrf_token("qianhai").await;
    let res = app.client.post(&url).multipart(multipart(&other, &token, Vec::new(), "")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(crate::helpers::registration_count(&mut app.conn()), 2);
}
