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

    std::fs::write(&config, "database_url = 42\n").unwrap();
    let out = lanyard(dir.path()).args(["--config", config.to_str().unwrap(), "migrate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--config"));
}
