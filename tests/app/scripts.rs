//! Every script, everywhere: a badge for each of the sample names in `tests/data/scripts.csv`
//! (45 names, 44 scripts) prints with no missing glyph, read from the glyph ids the PDF draws,
//! each from its script's own face; a name no badge font covers is flagged where it is typed
//! (API, form, CSV report) and on the desk; and a staff page fetches a script's web font only
//! when it shows a name in that script.

use std::collections::{BTreeSet, HashMap};

use lanyard::staff::Role;
use lopdf::{Document, Object};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::browser::Browser;
use crate::helpers::{Db, TestApp, api_token, spawn_app};
use crate::staff::{logged_in, registration_id_by_reference};

crate::on_both_databases!(a_badge_prints_a_name_in_each_of_44_scripts_and_flags_what_it_cannot);

/// (script, the face that must draw it, a name).
fn samples() -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/scripts.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let mut cols = l.splitn(3, ',');
            let mut next = || cols.next().unwrap().to_owned();
            (next(), next(), next())
        })
        .collect()
}

async fn register(app: &TestApp, admin: &str, family: &str, native: &str, n: usize) -> Value {
    let body = json!({
        "given_name": "Sample", "family_name": family, "native_name": native, "email": format!("sample{n}@scripts.example"),
        "country": "NP", "organization": "Mission", "position": "Delegate", "category": "Delegate", "sessions": [], "locale": "en"
    });
    crate::doors::register_json(app, admin, body).await
}

/// The glyph ids each font draws on every page (two bytes each: the fonts are Identity-H CID
/// fonts), by the font's base name without its subset tag.
pub(crate) fn glyphs_drawn(pdf: &[u8]) -> HashMap<String, Vec<u16>> {
    let doc = Document::load_mem(pdf).unwrap();
    let mut out: HashMap<String, Vec<u16>> = HashMap::new();
    for (_, page) in doc.get_pages() {
        let fonts = doc.get_page_fonts(page).unwrap();
        let mut current = String::new();
        for op in doc.get_and_decode_page_content(page).unwrap().operations {
            let strings: Vec<&[u8]> = match op.operator.as_str() {
                "Tf" => {
                    let font = fonts.get(op.operands[0].as_name().unwrap()).unwrap();
                    let base = String::from_utf8_lossy(font.get(b"BaseFont").unwrap().as_name().unwrap()).into_owned();
                    current = base.split_once('+').map_or(base.clone(), |(_, b)| b.to_owned());
                    continue;
                }
                "Tj" => op.operands.iter().filter_map(|o| o.as_str().ok()).collect(),
                "TJ" => match &op.operands[0] {
                    Object::Array(items) => items.iter().filter_map(|o| o.as_str().ok()).collect(),
                    _ => Vec::new(),
                },
                _ => continue,
            };
            let ids = out.entry(current.clone()).or_default();
            for s in strings {
                ids.extend(s.chunks(2).map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)])));
            }
        }
    }
    out
}

async fn a_badge_prints_a_name_in_each_of_44_scripts_and_flags_what_it_cannot(db: Db) {
    let app = spawn_app(db).await;
    let admin = api_token(&app, Role::Admin);
    let samples = samples();
    let scripts: BTreeSet<&str> = samples.iter().map(|(s, _, _)| s.as_str()).collect();
    assert!(scripts.len() >= 30, "{scripts:?}");
    for (n, (script, face, name)) in samples.iter().enumerate() {
        let r = register(&app, &admin, script, name, n).await;
        assert_eq!(r["unprintable"], "", "{script}: {name} is covered");
        let url = format!("/api/v1/events/qianhai/registrations/{}/badge.pdf", r["reference"].as_str().unwrap());
        let pdf = app.client.get(app.url(&url)).bearer_auth(&admin).send().await.unwrap().bytes().await.unwrap();
        let drawn = glyphs_drawn(&pdf);
        let notdef: Vec<&String> = drawn.iter().filter(|(_, ids)| ids.contains(&0)).map(|(f, _)| f).collect();
        assert!(notdef.is_empty(), "{script}: {name} drew .notdef (an empty box) in {notdef:?}");
        assert!(
            drawn.keys().any(|f| f.starts_with(face.as_str())),
            "{script}: {name} is not drawn by {face}: {:?}",
            drawn.keys()
        );
    }

    // A name in hieroglyphs, which no badge font has: flagged, never refused.
    let pharaoh = register(&app, &admin, "Nebmaatre", "𓇳𓁦𓇳", 99).await;
    assert_eq!(pharaoh["unprintable"], "𓇳𓁦");
    // Its badge would draw empty boxes, as the check above would see: the warning is needed.
    let url = format!("/api/v1/events/qianhai/registrations/{}/badge.pdf", pharaoh["reference"].as_str().unwrap());
    let pdf = app.client.get(app.url(&url)).bearer_auth(&admin).send().await.unwrap().bytes().await.unwrap();
    assert!(glyphs_drawn(&pdf).values().any(|ids| ids.contains(&0)), "hieroglyphs draw .notdef");
    let desk = logged_in(&app, "desk@scripts.example", Role::Registrar).await;
    let id = registration_id_by_reference(&app, pharaoh["reference"].as_str().unwrap());
    let page = desk.get(app.url(&format!("/staff/registrations/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("characters no badge font has (𓇳𓁦)"), "{page}");
    // In a CSV file, the report warns on the line and still imports it.
    let file = "honorific,given_name,family_name,name_native,country,organization,position,category,email,locale\n\
                Mr.,Nebmaatre,Amenhotep,𓇳𓁦𓇳,EG,Mission,Delegate,Delegate,amenhotep@scripts.example,en\n";
    let (status, report) = crate::csv::upload(&app, &desk, file.to_owned()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(report.contains("No badge font has these characters: 𓇳𓁦"), "{report}");
    // On the public form, the delegate is told on the confirmation page.
    let mut fields = crate::helpers::jordan_ambassador();
    crate::helpers::set(&mut fields, "native_name", "𓇳𓁦");
    crate::helpers::set(&mut fields, "email", "pharaoh@scripts.example");
    let confirmation = app.register("qianhai", &fields).await.text().await.unwrap();
    assert!(confirmation.contains("cannot be printed on the badge (𓇳𓁦)"), "{confirmation}");
}

/// The web fonts: a staff page holding a Tibetan name fetches the Tibetan face, and no other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_staff_page_fetches_only_the_web_fonts_of_the_scripts_it_shows() {
    let app = spawn_app(Db::Sqlite).await;
    let admin = api_token(&app, Role::Admin);
    let r = register(&app, &admin, "Tenzin", "བསྟན་འཛིན་རྒྱ་མཚོ", 1).await;
    let id = registration_id_by_reference(&app, r["reference"].as_str().unwrap());
    crate::staff::add_staff(&app, "fonts@scripts.example", Role::Registrar);
    let b = Browser::start_in(None, "en").await;
    b.client.goto(&app.url("/staff/login")).await.unwrap();
    b.client.find(fantoccini::Locator::Css("#email")).await.unwrap().send_keys("fonts@scripts.example").await.unwrap();
    b.wedge("#password", crate::staff::PASSWORD).await;
    b.wait_visible(".staffbar").await;
    b.client.goto(&app.url(&format!("/staff/registrations/{id}"))).await.unwrap();
    let script = r#"
        const done = arguments[arguments.length - 1];
        document.fonts.ready.then(() => done([...document.fonts]
            .filter((f) => f.family.includes("Lanyard Noto"))
            .map((f) => [f.unicodeRange.split(",")[0].trim(), f.status])));
    "#;
    let faces: Vec<(String, String)> =
        serde_json::from_value(b.client.execute_async(script, vec![]).await.unwrap()).unwrap();
    b.close().await;
    let loaded: Vec<&String> = faces.iter().filter(|(_, s)| s == "loaded").map(|(r, _)| r).collect();
    assert!(faces.len() >= 35, "one face per script: {faces:?}");
    assert_eq!(loaded, vec!["U+F00-F47"], "only the Tibetan face is fetched: {faces:?}");
}
