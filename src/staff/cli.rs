//! Staff commands of the `lanyard` binary: accounts and API tokens.

use std::io::{BufRead, IsTerminal};

use super::{Role, auth, password, tokens};
use crate::config::Settings;
use crate::startup::command_pool;

fn role(text: &str) -> anyhow::Result<Role> {
    Role::parse(text).ok_or_else(|| anyhow::anyhow!("--role must be admin, registrar, printer or door"))
}

/// `lanyard staff add`: the password is the first line of a piped standard input; at a
/// terminal (or for an empty line) a random one is generated and printed once.
pub fn add_staff(settings: Settings, email: &str, role_text: &str, name: &str) -> anyhow::Result<()> {
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
    let user = auth::create(&mut conn, email, name, role, &password, chrono::Utc::now().naive_utc())?;
    println!("staff account created: {} ({})", user.email, role.as_str());
    if generated {
        println!("password (shown once): {password}");
    }
    Ok(())
}

/// `lanyard token add`: creates a token and prints its secret, the only time it is shown.
pub fn add_token(settings: Settings, name: &str, role_text: &str) -> anyhow::Result<()> {
    let role = role(role_text)?;
    let pool = command_pool(settings)?;
    let (token, secret) = tokens::create(&mut *pool.get()?, name, role, "cli", chrono::Utc::now().naive_utc())?;
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
