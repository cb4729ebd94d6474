//! Staff commands of the `lanyard` binary: accounts and API tokens.

use std::io::{BufRead, IsTerminal};

use super::{Role, auth, password, tokens};
use crate::config::Settings;
use crate::startup::command_pool;

fn role(text: &str) -> anyhow::Result<Role> {
    Role::parse(text).ok_or_else(|| anyhow::anyhow!("--role must be admin, registrar, printer, door or security"))
}

/// `lanyard staff add`: the password is the first line of a piped standard input; at a
/// terminal (or for an empty line) a random one is generated and printed once.
pub fn add_staff(settings: Settings, email: &str, role_text: &str, name: &str, slugs: &[String]) -> anyhow::Result<()> {
    let role = role(role_text)?;
    let stdin = std::io::stdin();
    let (password, generated) = if stdin.is_terminal() {
        (password::generate(), true)
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        if line.is_empty() { (password::generate(), true) } else { (line, false) }
    };
    let pool = command_pool(settings)?;
    let mut conn = pool.get()?;
    let mut events = Vec::new();
    for slug in slugs {
        let event = crate::events::store::find_by_slug(&mut conn, slug)?;
        events.push(event.ok_or_else(|| anyhow::anyhow!("--event {slug}: no such event"))?.id);
    }
    let now = chrono::Utc::now().naive_utc();
    let user = auth::create(&mut conn, email, name, role, &password, now)?;
    super::events::set_events(&mut conn, &user.id, &events, "cli", now)?;
    println!("staff account created: {} ({})", user.email, role.as_str());
    if events.is_empty() && matches!(role, Role::Registrar | Role::Printer | Role::Security) {
        println!("it works on no event yet: give it events with --event SLUG or on the accounts page");
    }
    if generated {
        println!("password (shown once): {password}");
    }
    Ok(())
}

/// `lanyard token add`: creates a token and prints its secret, the only time it is shown.
pub fn add_token(settings: Settings, name: &str, role_text: &str, slug: Option<&str>) -> anyhow::Result<()> {
    let role = role(role_text)?;
    let pool = command_pool(settings)?;
    let mut conn = pool.get()?;
    let event = match slug {
        Some(slug) => Some(
            crate::events::store::find_by_slug(&mut conn, slug)?
                .ok_or_else(|| anyhow::anyhow!("--event {slug}: no such event"))?
                .id,
        ),
        None if role == Role::Admin => None,
        None => anyhow::bail!("--event SLUG is needed: only an admin token reaches every event"),
    };
    let (token, secret) = tokens::create(&mut conn, name, role, event.as_ref(), "cli", chrono::Utc::now().naive_utc())?;
    println!("token {:?} ({}) created; use it as: Authorization: Bearer {secret}", token.name, role.as_str());
    println!("it is shown only now");
    Ok(())
}

/// `lanyard token revoke`: revokes the live token with this id or name; none is an error.
pub fn revoke_token(settings: Settings, name: &str) -> anyhow::Result<()> {
    let pool = command_pool(settings)?;
    match tokens::revoke(&mut *pool.get()?, name, chrono::Utc::now().naive_utc())? {
        0 => anyhow::bail!("no live token has the id or name {name:?}"),
        n => println!("{n} token(s) revoked"),
    }
    Ok(())
}
