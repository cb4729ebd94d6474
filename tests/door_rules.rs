//! The device's offline door rules (`templates/static/door-rules.js`) through the table of
//! cases that the server's rules also answer (`src/checkin/judge/rule_table.rs`), with node.

use std::process::Command;

#[test]
fn the_offline_rules_answer_every_case_of_the_table() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/door_rules.js");
    let out = Command::new("node").arg(script).output().expect("node runs the door rule tests: is it installed?");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "the offline rules disagree with the table:\n{stderr}{stdout}");
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}
