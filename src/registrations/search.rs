//! Finding registrations for staff: search in any script, filters, sort, pages.

use diesel::prelude::*;

use super::{Registration, Status};
use crate::db::DbConn;
use crate::db::schema::{badges, categories, registration_sessions, registrations};
use crate::ids::EventId;

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
}

impl Filter {
    /// Search words as typed, without control characters: they match nothing anyone typed,
    /// and PostgreSQL refuses a NUL.
    pub fn words(q: &str) -> String {
        q.chars().filter(|c| !c.is_control()).collect()
    }

    /// A filter from request parameters (the staff list and the API share them): categories
    /// and sessions by id or name, countries by code, unknown values ignored.
    pub fn from_params(
        p: &crate::events::Programme,
        q: &str,
        status: &str,
        category: &str,
        country: &str,
        session: &str,
    ) -> Filter {
        Filter {
            q: Filter::words(q),
            status: Status::parse(status),
            category_id: p.find_category(category).map(|c| c.id.clone()),
            country: Some(country.trim().to_ascii_uppercase())
                .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())),
            session_id: p.find_session(session).map(|s| s.id.clone()),
            unprinted: false,
        }
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

fn filtered<'a>(event_id: &'a EventId, f: &'a Filter) -> diesel::dsl::IntoBoxed<'a, Joined, Backend> {
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
    q
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
    let total: i64 = filtered(event_id, filter).count().get_result(conn)?;
    let query = filtered(event_id, filter).select(Registration::as_select());
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
