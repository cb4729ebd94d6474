//! Settings: defaults, bad values named, secrets kept out of logs, TOML types.

use super::*;

fn raw_in(dir: &Path) -> RawSettings {
    RawSettings { data_dir: Some(dir.to_string_lossy().into_owned()), ..RawSettings::default() }
}

#[test]
fn defaults_run_with_zero_setup() {
    let dir = tempfile::tempdir().unwrap();
    let s = Settings::from_raw(raw_in(dir.path())).unwrap();
    assert_eq!(s.bind.to_string(), "127.0.0.1:8080");
    assert_eq!(s.backend.name(), "sqlite");
    assert!(s.smtp_url.is_none());
    assert!(dir.path().join("secret.key").exists());
    let again = Settings::from_raw(raw_in(dir.path())).unwrap();
    assert_eq!(again.secret_key.0, s.secret_key.0, "the generated key is kept");
}

#[test]
fn toml_values_have_their_natural_types_and_unknown_keys_are_named() {
    let raw = from_toml("db_pool_size = 8\ndemo = false\nmail_retry_seconds = 0.5\nbind = \"0.0.0.0:80\"").unwrap();
    assert_eq!(raw.db_pool_size.as_deref(), Some("8"));
    assert_eq!(raw.demo.as_deref(), Some("false"));
    assert_eq!(raw.mail_retry_seconds.as_deref(), Some("0.5"));
    assert_eq!(raw.bind.as_deref(), Some("0.0.0.0:80"));
    assert!(from_toml("db_pool = 8").unwrap_err().contains("\"db_pool\""));
    assert!(from_toml("bind = [1]").unwrap_err().contains("bind"));
}

#[test]
fn the_demo_loads_by_itself_only_into_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    assert!(Settings::from_raw(raw_in(dir.path())).unwrap().demo);
    let mut raw = raw_in(dir.path());
    raw.database_url = Some("postgres://lanyard@db.internal/lanyard".into());
    assert!(!Settings::from_raw(raw).unwrap().demo, "PostgreSQL gets it from `lanyard demo`");
}

#[test]
fn a_bad_value_names_its_setting() {
    let dir = tempfile::tempdir().unwrap();
    type Case = (fn(&mut RawSettings), &'static str);
    let cases: [Case; 7] = [
        (|r| r.database_url = Some("mysql://x".into()), "DATABASE_URL"),
        (|r| r.bind = Some("localhost".into()), "LANYARD_BIND"),
        (|r| r.base_url = Some("ftp://x".into()), "LANYARD_BASE_URL"),
        (|r| r.smtp_url = Some("imap://x".into()), "SMTP_URL"),
        (|r| r.mail_from = Some("not an address".into()), "LANYARD_MAIL_FROM"),
        (|r| r.secret_key = Some("c2hvcnQ".into()), "LANYARD_SECRET_KEY"),
        (|r| r.demo = Some("maybe".into()), "LANYARD_DEMO"),
    ];
    for (set, name) in cases {
        let mut raw = raw_in(dir.path());
        set(&mut raw);
        let err = Settings::from_raw(raw).unwrap_err();
        assert_eq!(err.setting, name);
        assert!(err.to_string().contains(name), "{err}");
    }
}

#[test]
fn the_smtp_password_never_reaches_a_log_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut raw = raw_in(dir.path());
    raw.smtp_url = Some("smtp://mailer:s3cr3t-pw@mail.example.org:587?tls=required".into());
    raw.database_url = Some("postgres://lanyard:db-s3cr3t@db.internal/lanyard".into());
    let s = Settings::from_raw(raw).unwrap();
    let shown = format!("{s:?}");
    assert!(!shown.contains("s3cr3t-pw") && !shown.contains("db-s3cr3t"), "{shown}");
    assert!(shown.contains("mail.example.org"));
    assert!(!format!("{:?}", s.secret_key).contains(&format!("{:?}", s.secret_key.0)));
}
