//! The command line: help, migrate, demo, and start-up errors that name the setting.

use std::process::Command;

fn lanyard(dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lanyard"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", format!("sqlite://{}", dir.join("l.db").display()))
        .env("LANYARD_DATA_DIR", dir.join("data"));
    cmd
}

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().unwrap();
    for args in [vec!["--help"], vec!["serve", "--help"], vec!["migrate", "--help"], vec!["demo", "--help"]] {
        let out = lanyard(dir.path()).args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage: lanyard"), "{args:?}");
    }
}

#[test]
fn migrate_then_demo_loads_the_qianhai_event_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = lanyard(dir.path()).arg("migrate").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = lanyard(dir.path()).arg("demo").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("demo event loaded"), "{out:?}");
    let out = lanyard(dir.path()).arg("demo").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("already there"), "{out:?}");
}

#[test]
fn a_bad_setting_stops_start_up_with_its_name_and_no_password() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("DATABASE_URL", "postgress://typo@localhost/x"),
        ("LANYARD_BIND", "everywhere"),
        ("SMTP_URL", "smtp://user:hunter2@mail.example.org:587?tls=sometimes"),
    ];
    for (name, value) in cases {
        let out = lanyard(dir.path()).env(name, value).arg("serve").output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(name), "{name}: {err}");
        assert!(!err.contains("hunter2"), "{err}");
    }
    assert!(!dir.path().join("postgress:").exists(), "a typo never becomes an SQLite file");
}

#[test]
fn an_unreachable_postgres_is_reported_not_turned_into_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out =
        lanyard(dir.path()).env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none").arg("migrate").output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("postgres database (DATABASE_URL)"), "{err}");
}

#[test]
fn a_toml_file_sets_what_the_environment_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let from_file = dir.path().join("from-file.db");
    let config = dir.path().join("lanyard.toml");
    std::fs::write(&config, format!("database_url = \"sqlite://{}\"\ndemo = \"false\"\n", from_file.display()))
        .unwrap();
    let mut cmd = lanyard(dir.path());
    cmd.env_remove("DATABASE_URL");
    let out = cmd.args(["--config", config.to_str().unwrap(), "migrate"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(from_file.exists(), "the file's database_url was used");

    // The environment wins over the file.
    let out = lanyard(dir.path()).args(["--config", config.to_str().unwrap(), "migrate"]).output().unwrap();
    assert!(out.status.success());
    assert!(dir.path().join("l.db").exists());

    std::fs::write(&config, "database_url = [42]\n").unwrap();
    let out = lanyard(dir.path()).args(["--config", config.to_str().unwrap(), "migrate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--config"));
}

#[test]
fn config_check_reads_natural_toml_values_and_names_a_bad_one_without_starting() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("lanyard.toml");
    let toml = "db_pool_size = 6\ndemo = false\nmail_retry_seconds = 0.5\n\
                smtp_url = \"smtp://mailer:hunter2@mail.example.org:587?tls=required\"\n";
    std::fs::write(&config, toml).unwrap();
    let out = lanyard(dir.path()).args(["--config", config.to_str().unwrap(), "config", "check"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    for line in
        ["LANYARD_DB_POOL_SIZE = 6", "LANYARD_DEMO = false", "LANYARD_MAIL_RETRY_SECONDS = 0.5", "configuration ok"]
    {
        assert!(text.contains(line), "{line} missing:\n{text}");
    }
    assert!(!text.contains("hunter2") && text.contains("mail.example.org"), "{text}");
    assert!(!dir.path().join("l.db").exists(), "checking starts nothing and opens no database");
    std::fs::write(&config, "db_pool_size = 0\n").unwrap();
    let out = lanyard(dir.path()).args(["--config", config.to_str().unwrap(), "config", "check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("LANYARD_DB_POOL_SIZE"));
    std::fs::write(&config, "db_pool = 6\n").unwrap();
    let out = lanyard(dir.path()).args(["--config", config.to_str().unwrap(), "config", "check"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown setting \"db_pool\""), "{out:?}");
}

/// Runs `lanyard` with `args`, `stdin` piped in; (exit code, stdout, stderr).
fn run_with(dir: &std::path::Path, args: &[&str], stdin: &str) -> (Option<i32>, String, String) {
    use std::io::Write;
    let mut child = lanyard(dir)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

fn conn(dir: &std::path::Path) -> lanyard::db::DbConn {
    let url = format!("sqlite://{}", dir.join("l.db").display());
    lanyard::db::Backend::from_url(&url).unwrap().connect().unwrap()
}

#[test]
fn staff_add_takes_a_piped_password_or_makes_one_and_refuses_an_unknown_role() {
    use lanyard::staff::auth::{self, LoginOutcome};
    let dir = tempfile::tempdir().unwrap();
    let now = chrono::Utc::now().naive_utc();
    // Migrated first: the first run logs its migrations on standard output.
    assert_eq!(run_with(dir.path(), &["migrate"], "").0, Some(0));
    let args = ["staff", "add", "--email", "ada@lanyard.example", "--role", "registrar", "--name", "Ada"];
    let (code, out, err) = run_with(dir.path(), &args, "correct horse battery staple\n");
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        "staff account created: ada@lanyard.example (registrar)\n\
         it works on no event yet: give it events with --event SLUG or on the accounts page\n"
    );
    let args = ["staff", "add", "--email", "cy@lanyard.example", "--role", "printer", "--event", "no-such-event"];
    let (code, _, err) = run_with(dir.path(), &args, "correct horse battery staple\n");
    assert_eq!((code, err.as_str()), (Some(1), "lanyard: --event no-such-event: no such event\n"));
    let login =
        auth::login(&mut conn(dir.path()), "ada@lanyard.example", "correct horse battery staple", "127.0.0.1", now);
    assert!(matches!(login.unwrap(), LoginOutcome::Success { .. }), "the piped line is the password");

    // An empty line: a generated password, shown once, that logs in.
    let args = ["staff", "add", "--email", "bo@lanyard.example", "--role", "door"];
    let (code, out, _) = run_with(dir.path(), &args, "");
    assert_eq!(code, Some(0));
    let password = out.lines().find_map(|l| l.strip_prefix("password (shown once): ")).unwrap();
    let login = auth::login(&mut conn(dir.path()), "bo@lanyard.example", password, "127.0.0.1", now);
    assert!(matches!(login.unwrap(), LoginOutcome::Success { .. }));

    let args = ["staff", "add", "--email", "cy@lanyard.example", "--role", "boss"];
    let (code, out, err) = run_with(dir.path(), &args, "secret\n");
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert_eq!(err, "lanyard: --role must be admin, registrar, printer, door or security\n");
}

#[test]
fn a_token_made_on_the_command_line_works_until_it_is_revoked_there() {
    use lanyard::staff::tokens;
    let dir = tempfile::tempdir().unwrap();
    let now = chrono::Utc::now().naive_utc();
    assert_eq!(run_with(dir.path(), &["migrate"], "").0, Some(0));
    assert_eq!(run_with(dir.path(), &["demo"], "").0, Some(0));
    let add = ["token", "add", "--name", "embassy portal", "--role", "printer"];
    let (code, _, err) = run_with(dir.path(), &add, "");
    assert_eq!(
        (code, err.as_str()),
        (Some(1), "lanyard: --event SLUG is needed: only an admin token reaches every event\n")
    );
    let (code, out, err) = run_with(dir.path(), &[&add[..], &["--event", "qianhai"]].concat(), "");
    assert_eq!(code, Some(0), "{err}");
    let (first, second) = out.split_once('\n').unwrap();
    let secret = first.split_once("Authorization: Bearer ").unwrap().1;
    assert!(first.starts_with("token \"embassy portal\" (printer) created; use it as: "), "{first}");
    assert_eq!(second, "it is shown only now\n");
    assert!(tokens::authenticate(&mut conn(dir.path()), secret, now).unwrap().is_some());

    let (code, out, _) = run_with(dir.path(), &["token", "revoke", "--name", "embassy portal"], "");
    assert_eq!((code, out.as_str()), (Some(0), "1 token(s) revoked\n"));
    assert!(tokens::authenticate(&mut conn(dir.path()), secret, now).unwrap().is_none());
    let (code, _, err) = run_with(dir.path(), &["token", "revoke", "--name", "embassy portal"], "");
    assert_eq!((code, err.as_str()), (Some(1), "lanyard: no live token has the id or name \"embassy portal\"\n"));

    let (code, _, err) = run_with(dir.path(), &["token", "add", "--name", "x", "--role", "root"], "");
    assert_eq!(
        (code, err.as_str()),
        (Some(1), "lanyard: --role must be admin, registrar, printer, door or security\n")
    );
}

#[test]
fn badges_export_names_what_is_wrong_and_leaves_no_file_when_nothing_matches() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run_with(dir.path(), &["demo"], "");
    assert_eq!(code, Some(0), "{err}");
    let out = dir.path().join("none.pdf");
    let export = |extra: &[&str]| {
        let mut args = vec!["badges", "export", "--out", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        run_with(dir.path(), &args, "")
    };
    let cases: [(&[&str], &str); 4] = [
        (&["--event", "nowhere"], "lanyard: no event has the slug \"nowhere\"\n"),
        (
            &["--event", "qianhai", "--layout", "a5"],
            "lanyard: --layout must be one of a6, cr80, a4-2up, a4-4up, a4-8up, avery-5395\n",
        ),
        (
            &["--event", "qianhai", "--sort", "newest"],
            "lanyard: --sort must be name, country or precedence, not \"newest\"\n",
        ),
        (&["--event", "qianhai", "--q", "nobody-at-all"], "lanyard: no approved registration matches these filters\n"),
    ];
    for (extra, message) in cases {
        let (code, stdout, err) = export(extra);
        assert_eq!((code, stdout.as_str(), err.as_str()), (Some(1), "", message), "{extra:?}");
    }
    assert!(crate::helpers::files_in(dir.path()).iter().all(|f| !f.to_string_lossy().contains("none.pdf")));
}
