//! The two migration folders must stay in step.

use std::collections::BTreeSet;

fn names(backend: &str) -> BTreeSet<String> {
    let dir = format!("{}/migrations/{backend}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn sqlite_and_postgres_have_the_same_migrations() {
    let sqlite = names("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, names("postgres"));
    for name in &sqlite {
        for file in ["up.sql", "down.sql"] {
            for backend in ["sqlite", "postgres"] {
                let path = format!(
                    "{}/migrations/{backend}/{name}/{file}",
                    env!("CARGO_MANIFEST_DIR")
                );
                assert!(std::path::Path::new(&path).exists(), "{path}");
            }
        }
    }
}
