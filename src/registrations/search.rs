//! Finding registrations for staff: search in any script, filters, sort, pages.

use diesel::prelude::*;

use super::{Registration, Status};
use crate::checkin::{REHEARSAL_PREFIX, Scope};
use crate::db::DbConn;
use crate::db::schema::{admissions, badges, categories, registration_sessions, registrations, watches};
use crate::ids::{EventId, RegistrationId};

type Backend = <DbConn as Connection>::Backend;

/// What staff asked for; empty fields do not filter.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Words that must all appear in a name (any script), email, reference or organization.
    pub q: String,
    pub status: Option<Status>,
    pub category_id: Option<String>,
    /// ISO 3166 alpha-2.
    pub country: Option<String>,
    pub session_id: Option<String>,
    /// Only registrations whose current badge has not been printed yet (or that have none).
    pub unprinted: bool,
    /// Registered through this invitation.
    pub invitation_id: Option<String>,
    /// Approved and not admitted yet: to the session, if one is chosen, else anywhere.
    pub not_arrived: bool,
    /// On someone's watch list.
    pub watched: bool,
    /// The first of each delegation in the order of precedence among its approved members
    /// (see `checkin::seats::heads`).
    pub heads_of_delegation: bool,
}

/// The filters as a query string or a JSON object gives them (the staff list, the API list
/// and messages share these keys).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct FilterParams {
    pub q: String,
    pub status: String,
    /// A category by id or name.
    pub category: String,
    pub country: String,
    /// A session by id or title.
    pub session: String,
    /// An invitation by id.
    pub invitation: String,
    #[serde(deserialize_with = "flag")]
    pub not_arrived: bool,
    #[serde(deserialize_with = "flag")]
    pub watched: bool,
    #[serde(deserialize_with = "flag")]
    pub heads_of_delegation: bool,
}

impl FilterParams {
    /// Every key, for callers that refuse any other.
    pub const KEYS: [&'static str; 9] = [
        "q",
        "status",
        "category",
        "country",
        "session",
        "invitation",
        "not_arrived",
        "watched",
        "heads_of_delegation",
    ];

    /// Adds the filters that are set to a query string (links keep the list's filters).
    pub fn append_to(&self, s: &mut url::form_urlencoded::Serializer<'_, String>) {
        for (k, v) in [
            ("q", &self.q),
            ("status", &self.status),
            ("category", &self.category),
            ("country", &self.country),
            ("session", &self.session),
            ("invitation", &self.invitation),
        ] {
            if !v.is_empty() {
                s.append_pair(k, v);
            }
        }
        for (k, on) in [
            ("not_arrived", self.not_arrived),
            ("watched", self.watched),
            ("heads_of_delegation", self.heads_of_delegation),
        ] {
            if on {
                s.append_pair(k, "on");
            }
        }
    }
}

/// A yes/no filter: JSON `true`, or `true`, `1`, `on` or `yes` in a query string or form.
fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Text(String),
    }
    Ok(match <Flag as serde::Deserialize>::deserialize(d)? {
        Flag::Bool(b) => b,
        Flag::Text(t) => matches!(t.trim().to_ascii_lowercase().as_str(), "true" | "1" | "on" | "yes"),
    })
}

/// Which key of a [`FilterParams`] names nothing in the event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownFilter(pub &'static str);

impl Filter {
    /// Search words as typed, without control characters: they match nothing anyone typed,
    /// and PostgreSQL refuses a NUL.
    pub fn words(q: &str) -> String {
        q.chars().filter(|c| !c.is_control()).collect()
    }

    /// A filter from request parameters (the staff list and the API share them): categories
    /// and sessions by id or name, countries by code, unknown values ignored.
    pub fn from_params(p: &crate::events::Programme, f: &FilterParams) -> Filter {
        Filter {
            q: Filter::words(&f.q),
            status: Status::parse(&f.status),
            category_id: p.find_category(&f.category).map(|c| c.id.clone()),
            country: Some(f.country.trim().to_ascii_uppercase())
                .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())),
            session_id: p.find_session(&f.session).map(|s| s.id.clone()),
            unprinted: false,
            invitation_id: Some(f.invitation.trim().to_owned()).filter(|i| !i.is_empty()),
            not_arrived: f.not_arrived,
            watched: f.watched,
            heads_of_delegation: f.heads_of_delegation,
        }
    }

    /// The same, refusing a value that names nothing: a message must not go to everyone
    /// because a category was misspelt. (Whether the invitation exists is the caller's to
    /// check, against the database.)
    pub fn strict(p: &crate::events::Programme, f: &FilterParams) -> Result<Filter, UnknownFilter> {
        let filter = Filter::from_params(p, f);
        let given = |v: &str| !v.trim().is_empty();
        if given(&f.status) && filter.status.is_none() {
            return Err(UnknownFilter("status"));
        }
        if given(&f.category) && filter.category_id.is_none() {
            return Err(UnknownFilter("category"));
        }
        if given(&f.country) && filter.country.is_none() {
            return Err(UnknownFilter("country"));
        }
        if given(&f.session) && filter.session_id.is_none() {
            return Err(UnknownFilter("session"));
        }
        Ok(filter)
    }
}

/// List orders.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Newest,
    Oldest,
    /// Family name, then given name.
    Name,
    Country,
    /// The order of precedence (see `precedence::order`).
    Precedence,
}

impl Sort {
    /// Every order, with its query-string value.
    pub const ALL: [(Sort, &'static str); 5] = [
        (Sort::Newest, "newest"),
        (Sort::Oldest, "oldest"),
        (Sort::Name, "name"),
        (Sort::Country, "country"),
        (Sort::Precedence, "precedence"),
    ];

    /// Parses a query-string value; unknown values give the default.
    pub fn parse(s: &str) -> Sort {
        Sort::ALL.iter().find(|(_, v)| *v == s).map(|(o, _)| *o).unwrap_or_default()
    }

    /// The query-string value.
    pub fn as_str(self) -> &'static str {
        Sort::ALL.iter().find(|(o, _)| *o == self).map_or("newest", |(_, v)| v)
    }
}

fn escape_like(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    out.push('%');
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

type Joined = diesel::dsl::InnerJoin<registrations::table, categories::table>;

fn filtered<'a>(
    event_id: &'a EventId,
    f: &'a Filter,
    heads: Option<&'a [RegistrationId]>,
) -> diesel::dsl::IntoBoxed<'a, Joined, Backend> {
    let mut q = registrations::table
        .inner_join(categories::table)
        .filter(registrations::event_id.eq(event_id))
        .filter(registrations::erased_at.is_null())
        .into_boxed();
    for word in f.q.split_whitespace().take(8) {
        q = q.filter(registrations::search_text.like(escape_like(&word.to_lowercase())).escape('\\'));
    }
    if let Some(s) = f.status {
        q = q.filter(registrations::status.eq(s.as_str()));
    }
    if let Some(c) = &f.category_id {
        q = q.filter(registrations::category_id.eq(c));
    }
    if let Some(c) = &f.country {
        q = q.filter(registrations::country.eq(c));
    }
    if let Some(s) = &f.session_id {
        let holders = registration_sessions::table
            .filter(registration_sessions::session_id.eq(s))
            .select(registration_sessions::registration_id);
        q = q.filter(registrations::id.eq_any(holders));
    }
    if f.unprinted {
        let printed = badges::table
            .filter(badges::status.eq("current"))
            .filter(badges::print_count.gt(0))
            .select(badges::registration_id);
        q = q.filter(registrations::id.ne_all(printed));
    }
    if let Some(i) = &f.invitation_id {
        q = q.filter(registrations::invitation_id.eq(i));
    }
    if f.watched {
        q = q.filter(registrations::id.eq_any(watches::table.select(watches::registration_id)));
    }
    if f.not_arrived {
        q = q.filter(registrations::status.eq(Status::Approved.as_str()));
        let admitted = admissions::table.select(admissions::registration_id);
        q = match &f.session_id {
            Some(s) => {
                q.filter(registrations::id.ne_all(admitted.filter(admissions::scope.eq(Scope::Session(s.clone())))))
            }
            None => q.filter(
                registrations::id.ne_all(admitted.filter(admissions::scope.not_like(format!("{REHEARSAL_PREFIX}%")))),
            ),
        };
    }
    if let Some(heads) = heads {
        q = q.filter(registrations::id.eq_any(heads));
    }
    q
}

/// The delegations' heads, when the filter asks for them.
fn heads_for(conn: &mut DbConn, event_id: &EventId, f: &Filter) -> QueryResult<Option<Vec<RegistrationId>>> {
    if f.heads_of_delegation { crate::checkin::seats::heads(conn, event_id).map(Some) } else { Ok(None) }
}

/// Every registration that matches, in the order of precedence (whom a message goes to).
pub fn all(conn: &mut DbConn, event_id: &EventId, filter: &Filter) -> QueryResult<Vec<Registration>> {
    let heads = heads_for(conn, event_id, filter)?;
    filtered(event_id, filter, heads.as_deref())
        .order(super::precedence::order())
        .select(Registration::as_select())
        .load(conn)
}

/// Higher page numbers are treated as this one (empty, for any real event).
pub const MAX_PAGE: i64 = 1_000_000;

/// One page of matching registrations, and how many match in all.
pub fn search(
    conn: &mut DbConn,
    event_id: &EventId,
    filter: &Filter,
    sort: Sort,
    page: i64,
    per_page: i64,
) -> QueryResult<(Vec<Registration>, i64)> {
    let heads = heads_for(conn, event_id, filter)?;
    let total: i64 = filtered(event_id, filter, heads.as_deref()).count().get_result(conn)?;
    let query = filtered(event_id, filter, heads.as_deref()).select(Registration::as_select());
    let query = match sort {
        Sort::Newest => query.order((registrations::created_at.desc(), registrations::id.desc())),
        Sort::Oldest => query.order((registrations::created_at.asc(), registrations::id.asc())),
        Sort::Name => {
            query.order((registrations::family_name.asc(), registrations::given_name.asc(), registrations::id.asc()))
        }
        Sort::Country => {
            query.order((registrations::country.asc(), registrations::family_name.asc(), registrations::id.asc()))
        }
        Sort::Precedence => query.order(super::precedence::order()),
    };
    // Past the last page there is nothing; a page number of any size must not overflow.
    let offset = (page.clamp(1, MAX_PAGE) - 1) * per_page.clamp(1, 10_000);
    let items = query.limit(per_page).offset(offset).load(conn)?;
    Ok((items, total))
}

/// How many registrations an event has in each status.
pub fn counts_by_status(conn: &mut DbConn, event_id: &EventId) -> QueryResult<Vec<(String, i64)>> {
    registrations::table
        .filter(registrations::event_id.eq(event_id))
        .group_by(registrations::status)
        .select((registrations::status, diesel::dsl::count_star()))
        .load(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_typed_by_staff_match_literally() {
        assert_eq!(escape_like("50%_a\\b"), "%50\\%\\_a\\\\b%");
        assert_eq!(Sort::parse("precedence"), Sort::Precedence);
        assert_eq!(Sort::parse("bogus"), Sort::Newest);
    }
}
