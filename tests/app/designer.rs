//! The badge designer in Chromium, as an organiser uses it: the QR code dragged 10 mm to the
//! left with the mouse, moved down by keyboard and one step undone, the layout published, and
//! the published version holding exactly those positions; the page passes axe.

use fantoccini::Locator;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use fantoccini::key::Key;
use lanyard::staff::Role;
use serde_json::Value;

use crate::access::{axe_source, violations};
use crate::browser::Browser;
use crate::helpers::{Db, spawn_app};
use crate::staff::{PASSWORD, add_staff};

/// The document the page would publish, as the script keeps it.
async fn document(b: &Browser) -> Value {
    b.client.execute("return JSON.parse(document.getElementById('document').value);", vec![]).await.unwrap()
}

/// The first QR code of the front, and its index among the elements.
fn first_qr(doc: &Value) -> (usize, f64, f64) {
    let (i, qr) = doc["front"].as_array().unwrap().iter().enumerate().find(|(_, e)| e["type"] == "qr").unwrap();
    (i, qr["x"].as_f64().unwrap(), qr["y"].as_f64().unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organiser_drags_an_element_moves_it_by_keyboard_and_publishes() {
    let app = spawn_app(Db::Sqlite).await;
    add_staff(&app, "designer@lanyard.example", Role::Admin);
    let b = Browser::start_in(None, "en").await;
    b.client.goto(&app.url("/staff/login")).await.unwrap();
    b.client.find(Locator::Css("#email")).await.unwrap().send_keys("designer@lanyard.example").await.unwrap();
    b.wedge("#password", PASSWORD).await;
    b.wait_visible(".staffbar").await;
    b.client.goto(&app.url("/staff/events/qianhai/badge-layouts/default")).await.unwrap();
    b.wait_visible("#designer-canvas .designer-el").await;
    let axe = violations(&b, &axe_source()).await;
    assert_eq!(axe, Value::Array(vec![]), "axe on the designer");

    let before = document(&b).await;
    let (i, x0, y0) = first_qr(&before);
    let selector = format!("#designer-canvas [data-index=\"{i}\"]");
    let element = b.client.find(Locator::Css(&selector)).await.unwrap();
    let canvas_px: f64 = b
        .client
        .execute("return document.getElementById('designer-canvas').getBoundingClientRect().width;", vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap();
    let px_per_mm = canvas_px / 105.0;

    // Dragged 10 mm to the left.
    let drag = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement { element: element.clone(), duration: None, x: 0.0, y: 0.0 })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
        .then(PointerAction::MoveBy {
            duration: Some(std::time::Duration::from_millis(200)),
            x: -10.0 * px_per_mm,
            y: 0.0,
        })
        .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    b.client.perform_actions(drag).await.unwrap();
    let (_, x1, y1) = first_qr(&document(&b).await);
    assert!((x1 - (x0 - 10.0)).abs() <= 0.5, "dragged from {x0} to {x1}");
    assert_eq!(y1, y0);

    // Two steps down by keyboard, one undone: 0.5 mm lower.
    let element = b.client.find(Locator::Css(&selector)).await.unwrap();
    element.send_keys(&format!("{}{}", Key::Down, Key::Down)).await.unwrap();
    assert_eq!(first_qr(&document(&b).await).2, y0 + 1.0);
    b.client.find(Locator::Css("#designer-undo")).await.unwrap().click().await.unwrap();
    let (_, x2, y2) = first_qr(&document(&b).await);
    assert_eq!((x2, y2), (x1, y0 + 0.5));

    // Published: version 1 holds what the canvas showed.
    b.client.find(Locator::Css("#designer-publish")).await.unwrap().click().await.unwrap();
    let flash = b.wait_text(".flash", "Published as version 1").await;
    assert!(flash.contains("version 1"), "{flash}");
    let mut conn = app.conn();
    let saved = lanyard::badges::design::store::find(&mut conn, &crate::helpers::qianhai(&app), "default", None)
        .unwrap()
        .unwrap();
    assert_eq!(saved.version, 1);
    let saved = serde_json::to_value(&saved.design).unwrap();
    // Stored as 32-bit floats: the same positions to a thousandth of a millimetre.
    assert!((first_qr(&saved).1 - x2).abs() < 0.001 && (first_qr(&saved).2 - y2).abs() < 0.001, "{saved}");
    b.close().await;
}
