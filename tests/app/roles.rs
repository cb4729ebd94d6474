//! Roles: each reaches only its own pages and routes, forms need their CSRF token, admins
//! manage accounts and tokens, door accounts scan only at their venues.

use diesel::prelude::*;
use lanyard::db::schema::registrations;
use lanyard::staff::Role;
use reqwest::StatusCode;

use crate::helpers::{Db, jordan_ambassador, spawn_app};

use crate::staff::{PASSWORD, add_staff, browser, logged_in, login, post, registration_id, token};

crate::on_both_databases!(
    each_role_reaches_only_its_own_pages,
    staff_forms_refuse_a_missing_csrf_token,
    every_staff_route_answers_each_role_as_its_permissions_say,
    an_admin_creates_accounts_and_tokens_in_the_ui_and_can_take_them_back,
    a_door_account_scans_only_at_the_venues_it_is_given,
);

async fn each_role_reaches_only_its_own_pages(db: Db) {
    let app = spawn_app(db).await;
    app.register("qianhai", &jordan_ambassador()).await;
    let id = registration_id(&app, "h.alhusseini@jo-embassy.example");
    let pages = [
        "/staff".to_owned(),
        "/staff/password".to_owned(),
        "/staff/events/qianhai/registrations".to_owned(),
        format!("/staff/registrations/{id}"),
        format!("/staff/registrations/{id}/edit"),
        "/staff/events/qianhai/audit".to_owned(),
    ];
    // (role, expected status per page above)
    let matrix = [
        (Role::Admin, [200, 200, 200, 200, 200, 200]),
        (Role::Registrar, [200, 200, 200, 200, 200, 200]),
        (Role::Printer, [200, 200, 200, 200, 403, 403]),
        (Role::Door, [200, 200, 403, 403, 403, 403]),
        (Role::Security, [200, 200, 403, 403, 403, 403]),
    ];
    let anon = browser();
    for page in &pages {
        let res = anon.get(app.url(page)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "anonymous {page}");
        assert!(res.headers()["location"].to_str().unwrap().starts_with("/staff/login?next="));
    }
    for (role, expected) in matrix {
        let client = logged_in(&app, &format!("{}@lanyard.example", role.as_str()), role).await;
        for (page, status) in pages.iter().zip(expected) {
            let res = client.get(app.url(page)).send().await.unwrap();
            assert_eq!(res.status().as_u16(), status, "{role:?} GET {page}");
        }
        // Changes: only admins and registrars.
        let csrf = token(&app, &client, "/staff/password").await;
        for action in ["approve", "reject", "cancel", "edit"] {
            let res = client
                .post(app.url(&format!("/staff/registrations/{id}/{action}")))
                .form(&[("csrf_token", csrf.as_str()), ("reason", "x")])
                .send()
                .await
                .unwrap();
            let allowed = matches!(role, Role::Admin | Role::Registrar);
            assert_eq!(res.status() == StatusCode::FORBIDDEN, !allowed, "{role:?} POST {action}: {}", res.status());
        }
        // Put the registration back for the next role.
        diesel::update(registrations::table.find(&id))
            .set(registrations::status.eq("pending"))
            .execute(&mut *app.conn())
            .unwrap();
    }
    let forbidden = logged_in(&app, "door2@lanyard.example", Role::Door).await;
    let html =
        forbidden.get(app.url("/staff/events/qianhai/registrations")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Your role does not allow this."));
}

async fn staff_forms_refuse_a_missing_csrf_token(db: Db) {
    let app = spawn_app(db).await;
    app.register("qianhai", &jordan_ambassador()).await;
    let id = registration_id(&app, "h.alhusseini@jo-embassy.example");
    let client = logged_in(&app, "reg@lanyard.example", Role::Registrar).await;
    for action in ["approve", "reject", "cancel", "edit"] {
        let res = client
            .post(app.url(&format!("/staff/registrations/{id}/{action}")))
            .form(&[("reason", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{action}");
    }
    let res = client
        .post(app.url("/staff/events/qianhai/registrations/approve"))
        .form(&[("ids", id.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = browser()
        .post(app.url("/staff/login"))
        .form(&[("email", "reg@lanyard.example"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "login CSRF");
}

/// Who may use a route.
#[derive(Clone, Copy)]
enum Who {
    Everyone,
    Readers,
    Registrars,
    Printers,
    Scanners,
    /// Security officers given the event, and admins.
    Vetters,
    Admins,
}

fn allowed(who: Who, role: Role) -> bool {
    match who {
        Who::Everyone => true,
        Who::Readers => !matches!(role, Role::Door | Role::Security),
        Who::Registrars => matches!(role, Role::Admin | Role::Registrar),
        Who::Printers => matches!(role, Role::Admin | Role::Printer),
        Who::Scanners => matches!(role, Role::Admin | Role::Door),
        Who::Vetters => matches!(role, Role::Admin | Role::Security),
        Who::Admins => matches!(role, Role::Admin),
    }
}

async fn every_staff_route_answers_each_role_as_its_permissions_say(db: Db) {
    let app = spawn_app(db).await;
    app.register("qianhai", &jordan_ambassador()).await;
    let id = registration_id(&app, "h.alhusseini@jo-embassy.example");
    let now = chrono::Utc::now().naive_utc();
    let event = lanyard::events::store::find_by_slug(&mut app.conn(), "qianhai").unwrap().unwrap();
    let form = lanyard::invitations::InvitationForm {
        organization: "Embassy of Chile".into(),
        contact_email: "protocolo@cl-embassy.example".into(),
        quota: "2".into(),
        ..Default::default()
    };
    let invitation =
        lanyard::invitations::create(&mut app.conn(), &app.keys(), &event, &form, "test", now).unwrap().unwrap();
    let gets: Vec<(String, Who)> = vec![
        ("/staff".into(), Who::Everyone),
        ("/staff/password".into(), Who::Everyone),
        ("/staff/totp".into(), Who::Everyone),
        ("/staff/security".into(), Who::Admins),
        ("/staff/security-log".into(), Who::Admins),
        ("/staff/accounts".into(), Who::Admins),
        ("/staff/events/new".into(), Who::Admins),
        ("/staff/events/qianhai/setup".into(), Who::Admins),
        ("/staff/events/qianhai/registrations".into(), Who::Readers),
        (format!("/staff/registrations/{id}"), Who::Readers),
        (format!("/staff/registrations/{id}/edit"), Who::Registrars),
        ("/staff/events/qianhai/registrations.csv".into(), Who::Registrars),
        ("/staff/events/qianhai/import".into(), Who::Registrars),
        ("/staff/events/qianhai/audit".into(), Who::Registrars),
        ("/staff/events/qianhai/invitations".into(), Who::Registrars),
        ("/staff/events/qianhai/badges".into(), Who::Printers),
        (format!("/staff/registrations/{id}/badge.pdf"), Who::Printers),
        ("/staff/events/qianhai/attendance".into(), Who::Readers),
        ("/staff/events/qianhai/scans.csv".into(), Who::Readers),
        ("/staff/events/qianhai/scans.xlsx".into(), Who::Readers),
        ("/staff/events/qianhai/devices".into(), Who::Admins),
        ("/staff/door".into(), Who::Scanners),
        ("/staff/door?event=qianhai".into(), Who::Scanners),
        ("/staff/events/qianhai/vetting".into(), Who::Vetters),
        ("/staff/events/qianhai/handover".into(), Who::Printers),
        ("/staff/events/qianhai/messages".into(), Who::Registrars),
        ("/staff/events/qianhai/mails".into(), Who::Readers),
        ("/staff/events/qianhai/translations".into(), Who::Admins),
        ("/staff/events/qianhai/stations".into(), Who::Admins),
        ("/staff/events/qianhai/zones".into(), Who::Admins),
        ("/staff/events/qianhai/badge-layouts".into(), Who::Admins),
        ("/staff/events/qianhai/badge-layouts/default".into(), Who::Admins),
        ("/staff/events/qianhai/walk-in".into(), Who::Registrars),
    ];
    let posts: Vec<(String, Who)> = vec![
        ("/staff/events/qianhai/registrations/approve".into(), Who::Registrars),
        (format!("/staff/registrations/{id}/edit"), Who::Registrars),
        (format!("/staff/registrations/{id}/approve"), Who::Registrars),
        (format!("/staff/registrations/{id}/reject"), Who::Registrars),
        (format!("/staff/registrations/{id}/cancel"), Who::Registrars),
        ("/staff/events/qianhai/import/confirm".into(), Who::Registrars),
        ("/staff/events/qianhai/invitations".into(), Who::Registrars),
        (format!("/staff/invitations/{}/revoke", invitation.id), Who::Registrars),
        ("/staff/events".into(), Who::Admins),
        ("/staff/events/qianhai/setup".into(), Who::Admins),
        ("/staff/events/qianhai/venues".into(), Who::Admins),
        ("/staff/events/qianhai/categories".into(), Who::Admins),
        ("/staff/events/qianhai/sessions".into(), Who::Admins),
        ("/staff/security".into(), Who::Admins),
        ("/staff/accounts".into(), Who::Admins),
        ("/staff/tokens".into(), Who::Admins),
        ("/staff/tokens/no-such-token/revoke".into(), Who::Admins),
        ("/staff/accounts/no-such-account/venues".into(), Who::Admins),
        (format!("/staff/registrations/{id}/badge/print"), Who::Printers),
        (format!("/staff/registrations/{id}/badge/reissue"), Who::Printers),
        (format!("/staff/registrations/{id}/precedence"), Who::Registrars),
        ("/staff/events/qianhai/badges.pdf".into(), Who::Printers),
        ("/staff/events/qianhai/badges/printed".into(), Who::Printers),
        ("/staff/events/qianhai/badges/send".into(), Who::Printers),
        ("/staff/door/scan".into(), Who::Scanners),
        ("/staff/events/qianhai/devices".into(), Who::Admins),
        ("/staff/events/qianhai/devices/no-such-device/revoke".into(), Who::Admins),
        (format!("/staff/events/qianhai/vetting/{id}"), Who::Vetters),
        (format!("/staff/registrations/{id}/badge/issue"), Who::Printers),
        (format!("/staff/registrations/{id}/badge/link"), Who::Registrars),
        (format!("/staff/registrations/{id}/photo/review"), Who::Registrars),
        ("/staff/events/qianhai/handover".into(), Who::Printers),
        ("/staff/accounts/no-such-account/events".into(), Who::Admins),
        ("/staff/events/qianhai/messages".into(), Who::Registrars),
        ("/staff/events/qianhai/mails/no-such-mail/resend".into(), Who::Registrars),
        ("/staff/events/qianhai/translations".into(), Who::Admins),
        ("/staff/events/qianhai/stations".into(), Who::Admins),
        ("/staff/events/qianhai/stations/no-such-station".into(), Who::Admins),
        ("/staff/events/qianhai/badge-layouts/default".into(), Who::Admins),
        (format!("/staff/registrations/{id}/badge/send"), Who::Printers),
        (format!("/staff/registrations/{id}/watch"), Who::Registrars),
        (format!("/staff/registrations/{id}/door-note"), Who::Registrars),
        ("/staff/events/qianhai/zones".into(), Who::Admins),
        (format!("/staff/registrations/{id}/zones"), Who::Registrars),
    ];
    let anon = browser();
    let anon_token = token(&app, &anon, "/staff/login").await;
    for (path, _) in &gets {
        assert_eq!(
            anon.get(app.url(path)).send().await.unwrap().status(),
            StatusCode::SEE_OTHER,
            "anonymous GET {path}"
        );
    }
    for (path, _) in &posts {
        let res = anon.post(app.url(path)).form(&[("csrf_token", anon_token.as_str())]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "anonymous POST {path}");
    }
    for role in Role::ALL {
        // The previous role cancelled it: approved again, so it has a badge to print.
        diesel::update(registrations::table.find(&id))
            .set(registrations::status.eq("approved"))
            .execute(&mut *app.conn())
            .unwrap();
        let client = logged_in(&app, &format!("matrix-{}@lanyard.example", role.as_str()), role).await;
        if role == Role::Security {
            // Security works only on the events it is given.
            let me = lanyard::staff::store::find_by_email(&mut app.conn(), "matrix-security@lanyard.example")
                .unwrap()
                .unwrap();
            lanyard::staff::events::set_events(&mut app.conn(), &me.id, std::slice::from_ref(&event.id), "test", now)
                .unwrap();
        }
        let csrf = token(&app, &client, "/staff/password").await;
        for (path, who) in &gets {
            let status = client.get(app.url(path)).send().await.unwrap().status();
            let expected = if allowed(*who, role) { StatusCode::OK } else { StatusCode::FORBIDDEN };
            assert_eq!(status, expected, "{role:?} GET {path}");
        }
        for (path, who) in &posts {
            // Valid CSRF token, otherwise empty or harmless bodies: only the permission is under test.
            let res = client
                .post(app.url(path))
                .form(&[("csrf_token", csrf.as_str()), ("reason", "matrix")])
                .send()
                .await
                .unwrap();
            assert_eq!(
                res.status() == StatusCode::FORBIDDEN,
                !allowed(*who, role),
                "{role:?} POST {path}: {}",
                res.status()
            );
        }
    }
}

async fn an_admin_creates_accounts_and_tokens_in_the_ui_and_can_take_them_back(db: Db) {
    let app = spawn_app(db).await;
    let admin = logged_in(&app, "admin@lanyard.example", Role::Admin).await;
    let res = post(
        &app,
        &admin,
        "/staff/accounts",
        "/staff/accounts",
        &[("email", "li.na@lanyard.example"), ("name", "李娜"), ("role", "registrar")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    let marker = "Its password, shown only now: ";
    let start = html.find(marker).expect("the new password, once") + marker.len();
    let password = html[start..start + 18].to_owned();
    let (li, res) = login(&app, "li.na@lanyard.example", &password).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // A new registrar works on no event until the admin gives it one.
    let list = "/staff/events/qianhai/registrations";
    assert_eq!(li.get(app.url(list)).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let id = lanyard::staff::store::find_by_email(&mut app.conn(), "li.na@lanyard.example").unwrap().unwrap().id;
    let qianhai: String = {
        use lanyard::db::schema::events;
        events::table.filter(events::slug.eq("qianhai")).select(events::id).first(&mut *app.conn()).unwrap()
    };
    let given = [("events", qianhai.as_str())];
    let res = post(&app, &admin, "/staff/accounts", &format!("/staff/accounts/{id}/events"), &given).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(li.get(app.url(list)).send().await.unwrap().status(), StatusCode::OK);
    let again = post(
        &app,
        &admin,
        "/staff/accounts",
        "/staff/accounts",
        &[("email", "LI.NA@lanyard.example"), ("role", "door")],
    )
    .await;
    assert!(again.text().await.unwrap().contains("A staff account with this email exists already."));

    let res =
        post(&app, &admin, "/staff/accounts", &format!("/staff/accounts/{id}/active"), &[("active", "false")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(li.get(app.url("/staff")).send().await.unwrap().status(), StatusCode::SEE_OTHER, "the session ended");
    assert_eq!(login(&app, "li.na@lanyard.example", &password).await.1.status(), StatusCode::UNAUTHORIZED);

    // A registrar token works on one event: without one it is refused.
    let res =
        post(&app, &admin, "/staff/accounts", "/staff/tokens", &[("name", "embassy portal"), ("role", "registrar")])
            .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("only an admin token may reach every event"));
    let form = [("name", "embassy portal"), ("role", "registrar"), ("event", qianhai.as_str())];
    let res = post(&app, &admin, "/staff/accounts", "/staff/tokens", &form).await;
    let html = res.text().await.unwrap();
    let start = html.find("lny_").expect("the token, once");
    let token_text = html[start..].split('<').next().unwrap().to_owned();
    let api = |t: &str| app.client.get(app.url("/api/v1/events/qianhai/registrations")).bearer_auth(t).send();
    assert_eq!(api(&token_text).await.unwrap().status(), StatusCode::OK);
    let token_id: String = {
        use lanyard::db::schema::api_tokens;
        api_tokens::table.select(api_tokens::id).first(&mut *app.conn()).unwrap()
    };
    post(&app, &admin, "/staff/accounts", &format!("/staff/tokens/{token_id}/revoke"), &[]).await;
    assert_eq!(api(&token_text).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let page = admin.get(app.url("/staff/accounts")).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains(&token_text), "a token is never shown again");
}

async fn a_door_account_scans_only_at_the_venues_it_is_given(db: Db) {
    use lanyard::db::schema::venues;
    use lanyard::staff::doors;
    let app = spawn_app(db).await;
    let admin = logged_in(&app, "admin@lanyard.example", Role::Admin).await;
    add_staff(&app, "door@lanyard.example", Role::Door);
    add_staff(&app, "reg@lanyard.example", Role::Registrar);
    let venue = |name: &str| -> String {
        venues::table.filter(venues::name.like(format!("{name}%"))).select(venues::id).first(&mut *app.conn()).unwrap()
    };
    let (hall, hub) = (venue("Qianhai Exhibition Hall"), venue("Qianhai International Talent Hub"));
    let page = admin.get(app.url("/staff/accounts")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Venues this door account may scan at") && page.contains("Qianhai Exhibition Hall"));
    let find = |email: &str| lanyard::staff::store::find_by_email(&mut app.conn(), email).unwrap().unwrap();
    let door = find("door@lanyard.example");
    let res = post(
        &app,
        &admin,
        "/staff/accounts",
        &format!("/staff/accounts/{}/venues", door.id),
        &[("venues", hall.as_str())],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let mut conn = app.conn();
    assert!(doors::may_scan(&mut conn, &door, &hall).unwrap());
    assert!(!doors::may_scan(&mut conn, &door, &hub).unwrap(), "only the venues given");
    assert!(doors::may_scan(&mut conn, &find("admin@lanyard.example"), &hub).unwrap(), "admins anywhere");
    assert!(!doors::may_scan(&mut conn, &find("reg@lanyard.example"), &hall).unwrap(), "registrars do not scan");
    let history = lanyard::audit::for_entity(&mut conn, "staff", &door.id).unwrap();
    assert_eq!(history.last().unwrap().action, "staff.venues");
}
