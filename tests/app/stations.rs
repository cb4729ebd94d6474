//! Print stations with real printers: Debian's `ippeveprinter` takes IPP jobs as a desk printer
//! would. A desk print reaches it as a PDF job and the badge counts as printed only once the
//! printer reports the job completed; a printer that aborts the job says why on the desk; the
//! station's calibration moves what it prints by exactly its offsets.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Duration;

use diesel::prelude::*;
use lanyard::db::schema::{badges, print_jobs};
use lanyard::staff::Role;
use reqwest::StatusCode;

use crate::helpers::{Db, TestApp, api_token, free_port, spawn_app};
use crate::layouts::{PX, assert_near, card, dark_box, put, rasterise};
use crate::staff::{logged_in, post, registration_id_by_reference};

crate::on_both_databases!(
    a_desk_print_reaches_the_printer_and_counts_only_when_the_job_is_done,
    a_job_cut_off_or_forgotten_is_settled_by_asking_the_printer,
    an_ipps_printer_with_its_own_certificate_prints_once_the_station_accepts_it,
);

/// A printer that kills itself with its test.
struct Printer {
    child: Child,
    spool: PathBuf,
    uri: String,
}

impl Drop for Printer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// ippeveprinter needs DNS-SD: a system bus and Avahi, started once for the machine. A pid file
/// left by a daemon that is no longer running (a machine image taken while it ran) would stop
/// either from starting, so it goes first. Tests run as parallel processes: a file lock makes
/// one of them start the daemons and the others find them running.
fn dns_sd() {
    let lock = std::fs::File::create(std::env::temp_dir().join("lanyard-dns-sd.lock")).unwrap();
    lock.lock().unwrap();
    let running = |name: &str| Command::new("pgrep").args(["-x", name]).output().is_ok_and(|o| o.status.success());
    if !running("dbus-daemon") {
        std::fs::create_dir_all("/run/dbus").unwrap();
        let _ = std::fs::remove_file("/run/dbus/pid");
        let status = Command::new("/usr/bin/dbus-daemon").args(["--system", "--fork"]).status();
        assert!(status.is_ok_and(|s| s.success()), "the system bus (dbus-daemon) did not start");
    }
    if !running("avahi-daemon") {
        let _ = std::fs::remove_file("/run/avahi-daemon/pid");
        let status = Command::new("/usr/sbin/avahi-daemon").args(["-D", "--no-drop-root"]).status();
        assert!(status.is_ok_and(|s| s.success()), "avahi-daemon did not start");
    }
}

/// An IPP printer whose print command is `script` (it gets the job's file; its exit status
/// and its "ERROR:" lines are the job's outcome).
fn printer(dir: &Path, name: &str, script: &str) -> Printer {
    dns_sd();
    let spool = dir.join(name);
    std::fs::create_dir_all(&spool).unwrap();
    let command = dir.join(format!("{name}.sh"));
    let keys = dir.join(format!("{name}-keys"));
    std::fs::create_dir_all(&keys).unwrap();
    std::fs::write(&command, format!("#!/bin/sh\n{script}\n")).unwrap();
    Command::new("chmod").arg("+x").arg(&command).status().unwrap();
    let port = free_port();
    let child = Command::new("/usr/sbin/ippeveprinter")
        .args(["-p", &port.to_string(), "-k", "-f", "application/pdf"])
        .arg("-d")
        .arg(&spool)
        .arg("-c")
        .arg(&command)
        // Where it makes its own certificate for ipps (created on the first encrypted call).
        .arg("-K")
        .arg(&keys)
        .arg(name)
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(dir.join(format!("{name}.log"))).unwrap())
        .spawn()
        .expect("ippeveprinter (cups-ipp-utils) is needed: .ci/test installs it");
    // Held at once, so a printer that never answers is killed with the test.
    let printer = Printer { child, spool, uri: format!("ipp://127.0.0.1:{port}/ipp/print") };
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return printer;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let log = std::fs::read_to_string(dir.join(format!("{name}.log"))).unwrap_or_default();
    panic!("ippeveprinter did not start: {log}");
}

fn print_count(app: &TestApp, registration: &str) -> i32 {
    badges::table
        .filter(badges::registration_id.eq(registration))
        .select(badges::print_count)
        .first(&mut *app.conn())
        .unwrap()
}

fn job_states(app: &TestApp) -> Vec<(String, String)> {
    print_jobs::table
        .order(print_jobs::created_at)
        .select((print_jobs::state, print_jobs::message))
        .load(&mut *app.conn())
        .unwrap()
}

async fn a_desk_print_reaches_the_printer_and_counts_only_when_the_job_is_done(db: Db) {
    let app = spawn_app(db).await;
    let dir = tempfile::tempdir().unwrap();
    let good = printer(dir.path(), "desk", "sleep 2");
    let jammed = printer(dir.path(), "jammed", "echo 'ERROR: paper jam in tray 2' >&2\nexit 1");

    // The event prints CR80 cards with a red rule 5 mm from the left and 3 mm from the top.
    let admin_token = api_token(&app, Role::Admin);
    crate::layouts::upload_images(&app, &admin_token).await;
    let (status, _) = put(&app, &admin_token, "/badge-layouts/default", &card()).await;
    assert_eq!(status, StatusCode::OK);
    let references = crate::badges::register_all(&app, &admin_token).await;
    let id = registration_id_by_reference(&app, &references[0]);

    // Two stations: one whose printer feeds 2 mm left and 1.5 mm low, one that jams.
    let admin = logged_in(&app, "admin@stations.example", Role::Admin).await;
    let page = "/staff/events/qianhai/stations";
    let stations = [("Desk 1", good.uri.as_str(), "2", "-1.5"), ("Desk 2", jammed.uri.as_str(), "0", "0")];
    for (name, uri, x, y) in stations {
        let fields =
            [("name", name), ("paper", ""), ("offset_x", x), ("offset_y", y), ("scale", "1"), ("printer_uri", uri)];
        let res = post(&app, &admin, page, page, &fields).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", res.text().await.unwrap());
    }
    let bad = [("name", "Desk 3"), ("offset_x", "40"), ("printer_uri", "file:///etc/passwd")];
    let res = post(&app, &admin, page, page, &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("between −20 and 20") && html.contains("starts with ipp://"), "{html}");
    let listing = admin.get(app.url(page)).send().await.unwrap().text().await.unwrap();
    let station_id = |name: &str| {
        let at = listing.find(&format!("<legend><bdi>{name}</bdi>")).unwrap();
        let action = &listing[..at].rsplit_once("/stations/").unwrap().1;
        action.split('"').next().unwrap().to_owned()
    };
    let (desk1, desk2) = (station_id("Desk 1"), station_id("Desk 2"));

    // The calibration sheet: rulers, the cross, the settings it was printed with.
    let sheet = admin.get(app.url(&format!("{page}/{desk1}/calibration.pdf"))).send().await.unwrap();
    assert_eq!(sheet.headers()["content-type"], "application/pdf");
    let file = dir.path().join("calibration.pdf");
    std::fs::write(&file, sheet.bytes().await.unwrap()).unwrap();
    let text = crate::badges::text_of(&file);
    assert!(text.contains("30 mm from the left edge") && text.contains("right 2 mm, down -1.5 mm"), "{text}");

    // At the desk, a printer sends the badge to Desk 1: not printed until the printer is done.
    let desk = logged_in(&app, "printer@stations.example", Role::Printer).await;
    let registration = format!("/staff/registrations/{id}");
    let action = format!("{registration}/badge/send");
    let res = post(&app, &desk, &registration, &action, &[("station", &desk1)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(res.headers()["location"].to_str().unwrap().contains("done=print-sent"));
    assert_eq!(print_count(&app, &id), 0, "the printer is still printing");
    assert_eq!(job_states(&app)[0].0, "sent");
    let mut waited = 0;
    while print_count(&app, &id) == 0 {
        assert!(waited < 200, "the job never completed: {:?}", job_states(&app));
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += 1;
    }
    assert_eq!((print_count(&app, &id), job_states(&app)[0].0.as_str()), (1, "completed"));

    // The printer has it as a PDF, moved by the station's offsets.
    let spooled: Vec<PathBuf> = crate::helpers::files_in(&good.spool)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(spooled.len(), 1, "one job");
    assert!(std::fs::read(&spooled[0]).unwrap().starts_with(b"%PDF"));
    let raster = tempfile::tempdir().unwrap();
    let front = &rasterise(&spooled[0], raster.path())[0];
    assert_near(dark_box(front, (0.0, 0.0, 54.0, 8.0), (65, 90)), (5.0 + 2.0, 3.0 - 1.5, 44.0, 2.0));
    let _ = PX;

    // Desk 2 jams: the job fails with the printer's reason, and nothing more counts as printed.
    let res = post(&app, &desk, &registration, &action, &[("station", &desk2)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let mut waited = 0;
    while job_states(&app)[1].0 != "failed" {
        assert!(waited < 200, "the jam was never reported: {:?}", job_states(&app));
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += 1;
    }
    assert!(job_states(&app)[1].1.contains("paper jam in tray 2"), "{:?}", job_states(&app));
    assert_eq!(print_count(&app, &id), 1);
    let shown = desk.get(app.url(&registration)).send().await.unwrap().text().await.unwrap();
    assert!(
        shown.contains("paper jam in tray 2") && shown.contains("First printed with layout “default”, version 1"),
        "{shown}"
    );

    // A batch of three from the batch page: one job, recorded for all three when it is done.
    let batch: Vec<String> = references[1..4].iter().map(|r| registration_id_by_reference(&app, r)).collect();
    let mut fields: Vec<(&str, &str)> = vec![("station", &desk1)];
    fields.extend(batch.iter().map(|id| ("ids", id.as_str())));
    let res = post(&app, &desk, "/staff/events/qianhai/badges", "/staff/events/qianhai/badges/send", &fields).await;
    assert!(res.headers()["location"].to_str().unwrap().contains("done=print-sent"));
    // Three rival followers (as other instances would run) besides the app's own: the job
    // completes once, and each badge counts one print.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let rivals: Vec<_> = (0..3)
        .map(|_| {
            let (pool, stop) = (app.pool.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                    lanyard::badges::jobs::follow(&pool, chrono::Utc::now().naive_utc()).unwrap();
                    std::thread::sleep(Duration::from_millis(20));
                }
            })
        })
        .collect();
    let mut waited = 0;
    while batch.iter().any(|id| print_count(&app, id) == 0) {
        assert!(waited < 200, "the batch never completed: {:?}", job_states(&app));
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += 1;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    rivals.into_iter().for_each(|r| r.join().unwrap());
    assert!(batch.iter().all(|id| print_count(&app, id) == 1), "a badge counted twice");
    assert_eq!(job_states(&app)[2].0, "completed");
    let pdfs =
        crate::helpers::files_in(&good.spool).into_iter().filter(|p| p.extension().is_some_and(|e| e == "pdf")).count();
    assert_eq!(pdfs, 2, "the batch is one more job");

    // A printer nobody answers at: the job fails at once and says so.
    drop(jammed);
    let res = post(&app, &desk, &registration, &action, &[("station", &desk2)]).await;
    assert!(res.headers()["location"].to_str().unwrap().contains("done=print-failed"));
    assert!(job_states(&app)[3].1.contains("cannot be reached"), "{:?}", job_states(&app));
}

/// An admin makes the event's one station with these fields: the admin, the station's id, and a
/// desk printer logged in.
async fn one_station(app: &TestApp, fields: &[(&str, &str)]) -> (reqwest::Client, String, reqwest::Client) {
    let admin = logged_in(app, "admin@stations.example", Role::Admin).await;
    let page = "/staff/events/qianhai/stations";
    let res = post(app, &admin, page, page, fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let station: String = lanyard::db::schema::print_stations::table
        .select(lanyard::db::schema::print_stations::id)
        .first(&mut *app.conn())
        .unwrap();
    (admin, station, logged_in(app, "printer@stations.example", Role::Printer).await)
}

/// The newest job's id.
fn newest_job(app: &TestApp) -> String {
    print_jobs::table.order(print_jobs::created_at.desc()).select(print_jobs::id).first(&mut *app.conn()).unwrap()
}

fn job_state(app: &TestApp, job: &str) -> (String, String) {
    print_jobs::table.find(job).select((print_jobs::state, print_jobs::message)).first(&mut *app.conn()).unwrap()
}

/// Waits (up to 20 s) until the job leaves `sending` and `sent`; its state and message.
async fn settled(app: &TestApp, job: &str) -> (String, String) {
    for _ in 0..200 {
        let (state, message) = job_state(app, job);
        if state != "sending" && state != "sent" {
            return (state, message);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("job {job} never settled: {:?}", job_state(app, job));
}

async fn a_job_cut_off_or_forgotten_is_settled_by_asking_the_printer(db: Db) {
    let app = spawn_app(db).await;
    let dir = tempfile::tempdir().unwrap();
    let printer = printer(dir.path(), "desk", "sleep 2");
    let admin_token = api_token(&app, Role::Admin);
    let references = crate::badges::register_all(&app, &admin_token).await;
    let (_, station, desk) = one_station(&app, &[("name", "Desk 1"), ("printer_uri", &printer.uri)]).await;
    let send = async |reference: &str| {
        let id = registration_id_by_reference(&app, reference);
        let registration = format!("/staff/registrations/{id}");
        let res =
            post(&app, &desk, &registration, &format!("{registration}/badge/send"), &[("station", &station)]).await;
        assert!(res.headers()["location"].to_str().unwrap().contains("done=print-sent"));
        (id, newest_job(&app))
    };

    // The printer took the job, but the server stopped before writing so (the job is still
    // "sending", long ago), and the station was pointed elsewhere since: the job is found at
    // its own printer by its name, followed, and counted once.
    let (first, job) = send(&references[0]).await;
    let long_ago = chrono::Utc::now().naive_utc() - chrono::Duration::minutes(10);
    let cut_off = diesel::update(print_jobs::table.find(&job).filter(print_jobs::state.eq("sent")))
        .set((
            print_jobs::state.eq("sending"),
            print_jobs::printer_job_id.eq(None::<i32>),
            print_jobs::updated_at.eq(long_ago),
        ))
        .execute(&mut *app.conn())
        .unwrap();
    assert_eq!(cut_off, 1, "the printer is still printing");
    diesel::update(lanyard::db::schema::print_stations::table)
        .set(lanyard::db::schema::print_stations::printer_uri.eq("ipp://127.0.0.1:9/ipp/print"))
        .execute(&mut *app.conn())
        .unwrap();
    assert_eq!(settled(&app, &job).await.0, "completed");
    assert_eq!(print_count(&app, &first), 1);
    diesel::update(lanyard::db::schema::print_stations::table)
        .set(lanyard::db::schema::print_stations::printer_uri.eq(&printer.uri))
        .execute(&mut *app.conn())
        .unwrap();

    // A job the printer no longer knows (it was restarted): failed, and nothing counted.
    let (second, job) = send(&references[1]).await;
    diesel::update(print_jobs::table.find(&job))
        .set(print_jobs::printer_job_id.eq(9999))
        .execute(&mut *app.conn())
        .unwrap();
    let (state, message) = settled(&app, &job).await;
    assert_eq!(state, "failed");
    assert!(message.contains("no longer knows this job"), "{message}");
    assert_eq!(print_count(&app, &second), 0);

    // A job cut off before the printer had it: not at the printer, so failed, to print again.
    let event: String = print_jobs::table.find(&job).select(print_jobs::event_id).first(&mut *app.conn()).unwrap();
    diesel::insert_into(print_jobs::table)
        .values((
            print_jobs::id.eq("never-sent"),
            print_jobs::event_id.eq(&event),
            print_jobs::station_id.eq(&station),
            print_jobs::state.eq("sending"),
            print_jobs::printer_uri.eq(&printer.uri),
            print_jobs::channel.eq("desk"),
            print_jobs::created_by.eq("test"),
            print_jobs::created_at.eq(long_ago),
            print_jobs::updated_at.eq(long_ago),
        ))
        .execute(&mut *app.conn())
        .unwrap();
    let (state, message) = settled(&app, "never-sent").await;
    assert_eq!(state, "failed");
    assert!(message.contains("before the job reached the printer"), "{message}");
}

async fn an_ipps_printer_with_its_own_certificate_prints_once_the_station_accepts_it(db: Db) {
    let app = spawn_app(db).await;
    let dir = tempfile::tempdir().unwrap();
    let printer = printer(dir.path(), "secure", "true");
    let secure = printer.uri.replace("ipp://", "ipps://");
    let admin_token = api_token(&app, Role::Admin);
    let references = crate::badges::register_all(&app, &admin_token).await;
    let id = registration_id_by_reference(&app, &references[0]);
    let mut fields = vec![("name", "Secure desk"), ("printer_uri", secure.as_str())];
    let (admin, station, desk) = one_station(&app, &fields).await;
    let page = "/staff/events/qianhai/stations";
    let registration = format!("/staff/registrations/{id}");
    let action = format!("{registration}/badge/send");

    // Its certificate is its own: checked against the machine's authorities, refused, and the
    // desk is told what to do.
    let res = post(&app, &desk, &registration, &action, &[("station", &station)]).await;
    assert!(res.headers()["location"].to_str().unwrap().contains("done=print-failed"));
    let (state, message) = job_state(&app, &newest_job(&app));
    assert_eq!(state, "failed");
    assert!(message.contains("certificate") && message.contains("Accept the printer"), "{message}");

    // The admin accepts the printer's own certificate: the badge goes over TLS and counts.
    fields.push(("printer_unverified", "on"));
    let res = post(&app, &admin, page, &format!("{page}/{station}"), &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post(&app, &desk, &registration, &action, &[("station", &station)]).await;
    assert!(res.headers()["location"].to_str().unwrap().contains("done=print-sent"));
    assert_eq!(settled(&app, &newest_job(&app)).await.0, "completed");
    assert_eq!(print_count(&app, &id), 1);
    let log = std::fs::read_to_string(dir.path().join("secure.log")).unwrap();
    assert!(log.contains("Connection now encrypted"), "{log}");
}
