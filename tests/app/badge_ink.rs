//! The ink of a printed badge as the PDF's content streams paint it: a QR code's modules are
//! pure black, whatever grey the text before them was in (contrast is what a scanner reads).

use lanyard::staff::Role;
use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId, Stream};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Db, TestApp, spawn_app};

crate::on_both_databases!(the_qr_code_on_a_badge_is_printed_pure_black_not_grey);

pub(crate) fn token(app: &TestApp, role: Role) -> String {
    crate::helpers::api_token(app, role)
}

/// The form XObject `name` that a page draws.
fn xobject<'a>(doc: &'a Document, page: ObjectId, name: &[u8]) -> &'a Stream {
    let (direct, inherited) = doc.get_page_resources(page).unwrap();
    let dicts = direct.into_iter().chain(inherited.iter().map(|id| doc.get_dictionary(*id).unwrap()));
    for resources in dicts {
        let Ok(xobjects) = resources.get(b"XObject") else { continue };
        let xobjects = match xobjects {
            Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
            other => other.as_dict().unwrap(),
        };
        if let Ok(found) = xobjects.get(name) {
            return doc.get_object(found.as_reference().unwrap()).unwrap().as_stream().unwrap();
        }
    }
    panic!("no XObject {}", String::from_utf8_lossy(name))
}

fn colour(operands: &[Object]) -> Vec<f32> {
    operands.iter().map(|o| o.as_float().unwrap()).collect()
}

/// The fill colour of every shape painted inside a form XObject (the QR codes: photos are
/// images), taking the colour each one inherits from the page where it sets none itself.
fn fills_of_drawn_forms(pdf: &[u8]) -> Vec<Vec<f32>> {
    let doc = Document::load_mem(pdf).unwrap();
    let mut fills = Vec::new();
    for page in doc.get_pages().into_values() {
        // DeviceGray black is the initial fill; q and Q save and restore it.
        let (mut fill, mut saved) = (vec![0.0], Vec::new());
        for op in doc.get_and_decode_page_content(page).unwrap().operations {
            match op.operator.as_str() {
                "rg" | "g" => fill = colour(&op.operands),
                "q" => saved.push(fill.clone()),
                "Q" => fill = saved.pop().unwrap(),
                "Do" => {
                    let form = xobject(&doc, page, op.operands[0].as_name().unwrap());
                    if form.dict.get(b"Subtype").unwrap().as_name().unwrap() != b"Form" {
                        continue;
                    }
                    let mut inner = fill.clone();
                    for op in Content::decode(&form.decompressed_content().unwrap()).unwrap().operations {
                        match op.operator.as_str() {
                            "rg" | "g" => inner = colour(&op.operands),
                            "f" | "F" | "f*" => fills.push(inner.clone()),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
    }
    fills
}

async fn the_qr_code_on_a_badge_is_printed_pure_black_not_grey(db: Db) {
    let app = spawn_app(db).await;
    let admin = token(&app, Role::Admin);
    let delegate = json!({
        "given_name": "Hussam", "family_name": "Al Husseini", "email": "h.alhusseini@jo-embassy.example",
        "country": "JO", "category": "Head of Mission"
    });
    let res = app
        .client
        .post(app.url("/api/v1/events/qianhai/registrations"))
        .bearer_auth(&admin)
        .json(&delegate)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let reference = res.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_owned();

    for layout in ["a6", "cr80", "a4-4up"] {
        let path = format!("/api/v1/events/qianhai/registrations/{reference}/badge.pdf?layout={layout}");
        let res = app.client.get(app.url(&path)).bearer_auth(&admin).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{layout}");
        let fills = fills_of_drawn_forms(&res.bytes().await.unwrap());
        assert!(!fills.is_empty(), "{layout}: the QR code is drawn as a form of modules");
        for fill in fills {
            assert!(fill.iter().all(|c| *c == 0.0), "{layout}: modules painted in {fill:?}, not pure black");
        }
    }
}
