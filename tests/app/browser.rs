//! The door stations in a real browser (Debian's headless Chromium through chromedriver):
//! a phone that reads badges with its camera, a tablet with a keyboard-wedge scanner that
//! loses its network and keeps deciding from its sealed records, and a staff station at a
//! second venue. The network is cut by a proxy between browser and server that refuses and
//! drops connections, as a dead Wi-Fi would. Screenshots are kept under the target directory.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use fantoccini::{Client, ClientBuilder, Locator};
use lanyard::db::schema::{registrations, scans};
use lanyard::staff::Role;
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

use crate::doors::{Day, attendance, door_day, register, venue_id};
use crate::helpers::{Db, TestApp, free_port};
use crate::staff::{PASSWORD, add_staff};

crate::on_both_databases!(three_door_stations_admit_the_delegates_one_of_them_offline);

/// A TCP proxy that can play dead: when down it refuses new connections and cuts open ones.
pub(crate) struct Network {
    port: u16,
    up: Arc<AtomicBool>,
    cut: tokio::sync::watch::Sender<u64>,
}

impl Network {
    pub(crate) async fn start(target: u16) -> Network {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let (cut, _) = tokio::sync::watch::channel(0u64);
        let (flag, cuts) = (up.clone(), cut.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut inbound, _)) = listener.accept().await else { return };
                if !flag.load(Ordering::SeqCst) {
                    let _ = inbound.shutdown().await;
                    continue;
                }
                let mut cut_rx = cuts.subscribe();
                tokio::spawn(async move {
                    let Ok(mut outbound) = TcpStream::connect(("127.0.0.1", target)).await else { return };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = cut_rx.changed() => {}
                    }
                });
            }
        });
        Network { port, up, cut }
    }

    pub(crate) fn down(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.cut.send_modify(|n| *n += 1);
    }

    pub(crate) fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

/// One headless Chromium with its own chromedriver, profile and (optionally) a fake camera.
pub(crate) struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    async fn start(camera: Option<&Path>) -> Browser {
        Browser::start_in(camera, "en").await
    }

    /// A browser whose reader prefers `lang` (its Accept-Language).
    pub(crate) async fn start_in(camera: Option<&Path>, lang: &str) -> Browser {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver (Debian package chromium-driver) is needed for the browser tests");
        let profile = tempfile::tempdir().unwrap();
        let mut args: Vec<String> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--window-size=412,915",
            "--use-fake-ui-for-media-stream",
            "--autoplay-policy=no-user-gesture-required",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.push(format!("--lang={lang}"));
        args.push(format!("--accept-lang={lang}"));
        if let Some(video) = camera {
            args.push("--use-fake-device-for-media-stream".into());
            args.push(format!("--use-file-for-fake-video-capture={}", video.display()));
        }
        let caps =
            json!({ "browserName": "chrome", "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args } });
        let caps: serde_json::Map<String, Value> = serde_json::from_value(caps).unwrap();
        let started = Instant::now();
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(c) => break c,
                Err(e) if started.elapsed() < Duration::from_secs(20) => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("no browser session: {e}"),
            }
        };
        Browser { client, driver, _profile: profile }
    }

    /// Waits until the element's text contains `want`, and returns the text.
    pub(crate) async fn wait_text(&self, css: &str, want: &str) -> String {
        let started = Instant::now();
        loop {
            let text = match self.client.find(Locator::Css(css)).await {
                Ok(el) => el.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(want) {
                return text;
            }
            assert!(started.elapsed() < Duration::from_secs(20), "{css} never showed {want:?}; it shows {text:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Types a code and Enter into a field, as a keyboard-wedge scanner does.
    pub(crate) async fn wedge(&self, css: &str, code: &str) {
        let field = self.client.find(Locator::Css(css)).await.unwrap();
        field.send_keys(&format!("{code}\u{E007}")).await.unwrap();
    }

    pub(crate) async fn choose_place(&self, containing: &str) {
        self.wait_visible("#device-setup").await;
        let options = self.client.find_all(Locator::Css("#device-place option")).await.unwrap();
        let mut chosen = false;
        for o in options {
            if o.text().await.unwrap().contains(containing) {
                o.click().await.unwrap();
                chosen = true;
                break;
            }
        }
        assert!(chosen, "no place {containing:?}");
        self.client.find(Locator::Css("#device-start")).await.unwrap().click().await.unwrap();
        self.wait_visible("#device-scan").await;
    }

    pub(crate) async fn wait_visible(&self, css: &str) {
        let started = Instant::now();
        loop {
            if let Ok(el) = self.client.find(Locator::Css(css)).await
                && el.is_displayed().await.unwrap_or(false)
            {
                return;
            }
            assert!(started.elapsed() < Duration::from_secs(20), "{css} never became visible");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub(crate) async fn screenshot(&self, name: &str) {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    pub(crate) async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A camera that films one badge's QR code: a Y4M still (the format Chromium's fake capture
/// device plays in a loop), white paper with the code in the middle.
fn badge_video(code: &str, path: &Path) {
    let qr = qrcode::QrCode::with_error_correction_level(code, qrcode::EcLevel::M).unwrap();
    let (w, h, module) = (640usize, 480usize, 10usize);
    let n = qr.width();
    let colors = qr.to_colors();
    let size = (n + 8) * module;
    let (x0, y0) = ((w - size) / 2, (h - size) / 2);
    let mut y_plane = vec![255u8; w * h];
    for (i, c) in colors.iter().enumerate() {
        if *c == qrcode::Color::Dark {
            let (mx, my) = (i % n + 4, i / n + 4);
            for dy in 0..module {
                let row = (y0 + my * module + dy) * w;
                for dx in 0..module {
                    y_plane[row + x0 + mx * module + dx] = 0;
                }
            }
        }
    }
    let mut out = format!("YUV4MPEG2 W{w} H{h} F10:1 Ip A1:1 C420jpeg\nFRAME\n").into_bytes();
    out.extend(y_plane);
    out.extend(vec![128u8; w * h / 2]);
    std::fs::write(path, out).unwrap();
}

pub(crate) fn pair_device(app: &TestApp, name: &str, venue: &str) -> String {
    let event_id: lanyard::ids::EventId =
        lanyard::db::schema::events::table.select(lanyard::db::schema::events::id).first(&mut app.conn()).unwrap();
    let now = chrono::Utc::now().naive_utc();
    let venues = [venue.to_owned()];
    lanyard::staff::tokens::create_device(
        &mut app.conn(),
        &event_id,
        now + chrono::Duration::days(1),
        name,
        &venues,
        "test",
        now,
    )
    .unwrap()
    .1
}

fn offline_scans(app: &TestApp, email: &str) -> Vec<(String, Option<String>)> {
    scans::table
        .inner_join(registrations::table)
        .filter(registrations::email_lower.eq(email))
        .filter(scans::offline_outcome.is_not_null())
        .order(scans::device_at.asc())
        .select((scans::outcome, scans::offline_outcome))
        .load(&mut app.conn())
        .unwrap()
}

/// Door notes acknowledged by `by` (stored with their scans).
fn note_acks(app: &TestApp, by: &str) -> i64 {
    scans::table.filter(scans::note_acknowledged_by.eq(by)).count().get_result(&mut app.conn()).unwrap()
}

async fn three_door_stations_admit_the_delegates_one_of_them_offline(db: Db) {
    let Day { app, admin, door, reference: _, code: ambassador, film } = door_day(db).await;
    let port: u16 = app.address.rsplit(':').next().unwrap().parse().unwrap();
    let net = Network::start(port).await;
    let hall = venue_id(&app, "Qianhai Exhibition Hall");
    let hub = venue_id(&app, "Qianhai International Talent Hub");
    let rooftop = venue_id(&app, "Shenzhen Bay Intelligence Center (SIC), rooftop");
    let (_, deputy) = register(&app, &admin, "deputy@jo-embassy.example", "Delegate").await;
    let (_, attache) = register(&app, &admin, "attache@jo-embassy.example", "Delegate").await;
    let (lost_ref, lost) = register(&app, &admin, "press@jo-embassy.example", "Delegate").await;
    let res = app
        .client
        .post(app.url(&format!("/api/v1/events/qianhai/registrations/{lost_ref}/badge/reissue")))
        .bearer_auth(&admin)
        .json(&json!({ "reason": "lost" }))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    // Notes for the door on two of them (synced to the devices with their records).
    let event = crate::helpers::qianhai(&app);
    for (email, note) in [
        ("attache@jo-embassy.example", "Wheelchair user"),
        ("h.alhusseini@jo-embassy.example", "Escort to the VIP lounge"),
    ] {
        let id = crate::staff::registration_id(&app, email);
        let at = chrono::Utc::now().naive_utc();
        lanyard::checkin::notes::set(&mut app.conn(), &event, &id.as_str().into(), note, "test", at).unwrap();
    }

    // The phone at the talent hub reads the deputy's badge with its camera.
    let video = app.db.dir.path().join("badge.y4m");
    badge_video(&deputy, &video);
    let phone = Browser::start(Some(&video)).await;
    let secret = pair_device(&app, "Hub phone", &hub);
    phone.client.goto(&net.url(&format!("/door#event=qianhai&token={secret}"))).await.unwrap();
    phone.choose_place("Talent Hub · the whole venue").await;
    phone.client.find(Locator::Css("#device-camera")).await.unwrap().click().await.unwrap();
    let answer = phone.wait_text("#device-result", "ADMIT").await;
    assert!(answer.contains("Hussam Al Husseini"), "{answer}");
    let reader = phone.client.find(Locator::Css("#device-video")).await.unwrap();
    println!("camera decoder: {}", reader.attr("data-decoder").await.unwrap().unwrap_or_default());
    phone.screenshot("phone-camera-admit").await;
    phone.close().await;

    // The hall tablet with a keyboard-wedge scanner admits the ambassador to the film.
    let tablet = Browser::start(None).await;
    let secret = pair_device(&app, "Hall tablet", &hall);
    tablet.client.goto(&net.url(&format!("/door#event=qianhai&token={secret}"))).await.unwrap();
    tablet.choose_place("Film").await;
    let url = tablet.client.current_url().await.unwrap();
    assert!(url.fragment().is_none(), "the token leaves the address bar: {url}");
    tablet.wedge("#device-code", &ambassador).await;
    let answer = tablet.wait_text("#device-result", "ADMIT").await;
    let ms = tablet.client.find(Locator::Css("#device-result")).await.unwrap().attr("data-answer-ms").await.unwrap();
    println!("answer shown {} ms after Enter (online)", ms.unwrap_or_default());
    assert!(answer.contains("Embassy of the Hashemite Kingdom of Jordan"), "{answer}");
    tablet.wait_text("#device-status", "Online").await;
    tablet.screenshot("tablet-online-admit").await;

    // The network goes. The page itself still opens (service worker), and it decides alone.
    net.down();
    tablet.client.refresh().await.unwrap();
    tablet.wait_visible("#device-scan").await;
    tablet.wedge("#device-code", &attache).await;
    let answer = tablet.wait_text("#device-result", "ADMIT").await;
    assert!(answer.contains("offline") && answer.contains("Wheelchair user"), "the note, offline too: {answer}");
    tablet.client.find(Locator::Css("#note-ack")).await.unwrap().click().await.unwrap();
    tablet.wait_text("#device-result", "Acknowledged").await;
    let ms = tablet.client.find(Locator::Css("#device-result")).await.unwrap().attr("data-answer-ms").await.unwrap();
    println!("answer shown {} ms after Enter (offline)", ms.unwrap_or_default());
    tablet.wait_text("#device-status", "OFFLINE").await;
    tablet.wedge("#device-code", &attache).await;
    tablet.wait_text("#device-result", "ALREADY ADMITTED").await;
    tablet.wedge("#device-code", &lost).await;
    let answer = tablet.wait_text("#device-result", "REFUSED").await;
    assert!(answer.contains("Old badge (version 1; current is 2)"), "{answer}");
    tablet.wedge("#device-code", "NOT-A-BADGE").await;
    tablet.wait_text("#device-result", "Unknown code").await;
    tablet.wait_text("#device-status", "Waiting to upload: 4").await;
    tablet.screenshot("tablet-offline-old-badge").await;
    assert!(offline_scans(&app, "attache@jo-embassy.example").is_empty(), "nothing reached the server yet");

    // Meanwhile a staff station on the rooftop, online, admits the ambassador there.
    let staff = Browser::start(None).await;
    add_staff(&app, "hub.door@lanyard.example", Role::Admin);
    staff.client.goto(&app.url("/staff/login")).await.unwrap();
    staff.client.find(Locator::Css("#email")).await.unwrap().send_keys("hub.door@lanyard.example").await.unwrap();
    staff.wedge("#password", PASSWORD).await;
    staff.wait_visible(".staffbar").await;
    staff.client.goto(&app.url(&format!("/staff/door?event=qianhai&venue={rooftop}&session="))).await.unwrap();
    staff.wedge("#code", &ambassador).await;
    staff.wait_text("#result", "Escort to the VIP lounge").await;
    staff.client.find(Locator::Css("#note-ack")).await.unwrap().click().await.unwrap();
    staff.wait_text("#result", "Acknowledged").await;
    assert_eq!(note_acks(&app, "hub.door@lanyard.example"), 1, "stored with the station's scan");
    staff.screenshot("staff-station-admit").await;
    staff.close().await;

    // What waits in the queue names each badge by record id and proof, never by its code.
    let script = r#"
        const done = arguments[arguments.length - 1];
        const req = indexedDB.open("lanyard-door", 1);
        req.onsuccess = function () {
          const all = req.result.transaction("queue", "readonly").objectStore("queue").getAll();
          all.onsuccess = function () { done(JSON.stringify(all.result)); };
        };"#;
    let queue = tablet.client.execute_async(script, vec![]).await.unwrap();
    let queue = queue.as_str().unwrap().to_owned();
    assert!(queue.contains("\"record\"") && queue.contains("\"proof\""), "{queue}");
    for code in [&attache, &lost] {
        assert!(!queue.contains(code.as_str()), "a code in the offline queue: {queue}");
    }

    // Back online: the queue goes up, each scan once, decided as the tablet decided.
    net.restore();
    let started = Instant::now();
    while offline_scans(&app, "attache@jo-embassy.example").len() < 2 {
        assert!(started.elapsed() < Duration::from_secs(30), "the queue was not uploaded");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tablet.wait_text("#device-status", "Online").await;
    let uploaded = offline_scans(&app, "attache@jo-embassy.example");
    assert_eq!(
        uploaded,
        vec![
            ("admitted".to_owned(), Some("admitted".to_owned())),
            ("already_admitted".to_owned(), Some("already_admitted".to_owned()))
        ]
    );
    let started = Instant::now();
    while scans::table.filter(scans::offline_outcome.is_not_null()).count().get_result::<i64>(&mut app.conn()).unwrap()
        < 4
    {
        assert!(started.elapsed() < Duration::from_secs(30), "not every queued scan arrived");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // The acknowledgement made offline follows its scan up.
    let started = Instant::now();
    while note_acks(&app, "api:Hall tablet") < 1 {
        assert!(started.elapsed() < Duration::from_secs(30), "the offline acknowledgement was not uploaded");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tablet.close().await;

    // The organisers' figures: the film has two, and who is where is exact.
    let figures = attendance(&app, &admin).await;
    let session = figures["sessions"].as_array().unwrap().iter().find(|s| s["id"] == film.as_str()).unwrap();
    assert_eq!(session["admitted"], 2, "{figures}");
    let inside =
        |id: &str| figures["venues"].as_array().unwrap().iter().find(|v| v["id"] == id).unwrap()["inside"].clone();
    // The deputy at the hub, the attaché at the hall, the ambassador (who moved on from the
    // hall) on the rooftop.
    assert_eq!((inside(&hub), inside(&hall), inside(&rooftop)), (json!(1), json!(1), json!(1)), "{figures}");
    assert!(figures["clashes"].as_array().unwrap().is_empty());
    let _ = door;
}
