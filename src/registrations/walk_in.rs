//! A walk-in at the desk: registered, approved and ready to print in one step, with a photo
//! from the desk's camera if there is one.

use chrono::NaiveDateTime;
use diesel::QueryResult;

use super::manage::{self, ManageOutcome};
use super::{NewRegistration, RegisterOutcome, Source, Status, register_with};
use crate::badges::photo::Prepared;
use crate::db::DbConn;
use crate::events::Programme;

/// Registers `new` as staff (any category, whatever the registration window), stores the
/// photo in the same transaction, and approves it if the event wanted approval. The
/// confirmation mail goes as for any registration.
pub fn walk_in(
    conn: &mut DbConn,
    keys: &crate::secrets::Keys,
    p: &Programme,
    new: &NewRegistration,
    photo: Option<&Prepared>,
    actor: &str,
    now: NaiveDateTime,
) -> QueryResult<RegisterOutcome> {
    let mut save_photo = |conn: &mut DbConn, reg: &super::Registration| match photo {
        Some(photo) => crate::badges::photo_review::save_photo_in(conn, reg, photo, actor, now),
        None => Ok(()),
    };
    let outcome = register_with(conn, keys, p, new, Source::Staff, None, now, &mut save_photo)?;
    if let RegisterOutcome::Registered { id, reference, status: Status::Pending } = outcome {
        return Ok(match manage::approve(conn, keys, &id, actor, now)? {
            ManageOutcome::Done => RegisterOutcome::Registered { id, reference, status: Status::Approved },
            _ => RegisterOutcome::Registered { id, reference, status: Status::Pending },
        });
    }
    Ok(outcome)
}
