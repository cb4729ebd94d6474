//! Event commands of the `lanyard` binary, and the event lookup the other commands share.

use super::{Programme, demo, store};
use crate::config::Settings;
use crate::db::DbConn;
use crate::startup::command_pool;

/// `lanyard demo`: loads the demo event unless it is there, and prints its address.
pub fn load_demo(settings: Settings) -> anyhow::Result<()> {
    let base_url = settings.base_url.clone();
    let pool = command_pool(settings)?;
    let mut conn = pool.get()?;
    match demo::load(&mut conn, chrono::Utc::now().naive_utc())? {
        demo::Loaded::Created => println!("demo event loaded: {base_url}events/{}", demo::SLUG),
        demo::Loaded::AlreadyThere => {
            println!("the demo event is already there: {base_url}events/{}", demo::SLUG)
        }
    }
    Ok(())
}

/// The programme of the event `--event` names, or an error that repeats the slug.
pub fn programme(conn: &mut DbConn, slug: &str) -> anyhow::Result<Programme> {
    let event = store::find_by_slug(conn, slug)?.ok_or_else(|| anyhow::anyhow!("no event has the slug {slug:?}"))?;
    Ok(store::programme(conn, event)?)
}
