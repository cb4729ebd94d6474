//! The hand-written statements of the scan path against the schema: every table and column
//! they name must be one of `db::schema`, so a migration that renames a column fails here, not
//! at the door.
//!
//! The check reads each statement as it is sent (`debug_query`), in the form they are written
//! in: keywords in capitals, names in lower case. It checks every `table.column`, the column
//! lists of `INSERT` and `ON CONFLICT`, the columns an `UPDATE` sets, and the bare columns of
//! `RETURNING` and of an `UPDATE`'s `WHERE`, against the table they belong to; the tables after
//! `FROM`, `JOIN`, `INSERT INTO` and `UPDATE`; and that aliases resolve.

use std::collections::{HashMap, HashSet};

use diesel::debug_query;
use diesel::prelude::*;
use diesel::query_builder::{AsQuery, QueryFragment, QueryId};
use diesel::sqlite::Sqlite;

use super::judge::fixtures;
use crate::db::schema::{admission_counts, admissions, badges, photos, registration_sessions, registrations};
use crate::db::schema::{badge_handovers, scans, stays, vettings};
use crate::registrations::Registration;

type Schema = HashMap<String, HashSet<String>>;

/// `"t"."c"` or `` `t`.`c` `` pairs of a statement diesel wrote.
fn quoted_pairs(sql: &str) -> Vec<(String, String)> {
    let names: Vec<&str> = sql.split(['`', '"']).collect();
    (1..names.len().saturating_sub(2))
        .step_by(2)
        .filter(|&i| names[i + 1] == ".")
        .map(|i| (names[i].to_owned(), names[i + 2].to_owned()))
        .collect()
}

fn add_table<T>(schema: &mut Schema, table: T)
where
    T: AsQuery,
    T::Query: QueryFragment<Sqlite> + QueryId,
{
    for (t, c) in quoted_pairs(&debug_query::<Sqlite, _>(&table.as_query()).to_string()) {
        schema.entry(t).or_default().insert(c);
    }
}

/// The tables the door's statements may use, with their columns as diesel knows them.
fn schema() -> Schema {
    let mut s = Schema::new();
    add_table(&mut s, admission_counts::table);
    add_table(&mut s, admissions::table);
    add_table(&mut s, badges::table);
    add_table(&mut s, photos::table);
    add_table(&mut s, registration_sessions::table);
    add_table(&mut s, registrations::table);
    add_table(&mut s, scans::table);
    add_table(&mut s, stays::table);
    add_table(&mut s, vettings::table);
    add_table(&mut s, badge_handovers::table);
    s
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Word(String),
    Punct(char),
    /// A bind, a number or a string: nothing to check.
    Value,
}

fn tokens(sql: &str) -> Vec<Token> {
    let sql = sql.split(" -- binds:").next().unwrap_or_default();
    let mut out = Vec::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphabetic() || c == '_' {
            let mut word = c.to_string();
            while let Some(&n) = chars.peek().filter(|n| n.is_alphanumeric() || **n == '_') {
                word.push(n);
                chars.next();
            }
            out.push(Token::Word(word));
        } else if c == '\'' {
            chars.by_ref().find(|&n| n == '\'');
            out.push(Token::Value);
        } else if c == '$' || c == '?' || c.is_ascii_digit() {
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
            out.push(Token::Value);
        } else if !c.is_whitespace() {
            out.push(Token::Punct(c));
        }
    }
    out
}

fn is_keyword(w: &str) -> bool {
    w.chars().all(|c| c.is_ascii_uppercase() || c == '_')
}

/// The names a statement gives: table aliases, `WITH` queries, and derived tables with the
/// columns they list (if they list them).
struct Names {
    aliases: HashMap<String, String>,
    ctes: HashSet<String>,
    derived: HashMap<String, Option<HashSet<String>>>,
}

fn names(t: &[Token], schema: &Schema) -> Names {
    let word = |i: usize| match t.get(i) {
        Some(Token::Word(w)) => Some(w.as_str()),
        _ => None,
    };
    let mut n = Names { aliases: HashMap::new(), ctes: HashSet::new(), derived: HashMap::new() };
    for i in 0..t.len() {
        if word(i) != Some("AS") {
            continue;
        }
        let (before, after) = (i.checked_sub(1).and_then(word), word(i + 1));
        match (before, after) {
            (Some(table), Some(alias)) if schema.contains_key(table) => {
                n.aliases.insert(alias.to_owned(), table.to_owned());
            }
            (Some(cte), None) if t.get(i + 1) == Some(&Token::Punct('(')) => {
                n.ctes.insert(cte.to_owned());
            }
            (_, Some(name)) => {
                let listed = (t.get(i + 2) == Some(&Token::Punct('('))).then(|| {
                    t[i + 3..].iter().take_while(|x| **x != Token::Punct(')')).filter_map(|x| match x {
                        Token::Word(w) => Some(w.clone()),
                        _ => None,
                    })
                });
                n.derived.insert(name.to_owned(), listed.map(Iterator::collect));
            }
            _ => {}
        }
    }
    n
}

/// What is wrong with `sql` against `schema`: one line per name that is not there.
fn problems(sql: &str, schema: &Schema) -> Vec<String> {
    let t = tokens(sql);
    let n = names(&t, schema);
    let word = |i: usize| match t.get(i) {
        Some(Token::Word(w)) => Some(w.as_str()),
        _ => None,
    };
    let punct = |i: usize, c: char| t.get(i) == Some(&Token::Punct(c));
    let mut out = Vec::new();
    let column = |table: &str, c: &str, out: &mut Vec<String>| {
        if !schema.get(table).is_some_and(|cols| cols.contains(c)) {
            out.push(format!("{table}.{c}"));
        }
    };
    // The table an INSERT or UPDATE writes, the depth of its parentheses, and whether it is an
    // UPDATE; and the clause whose bare names are that table's columns.
    let (mut target, mut is_update, mut depth) = (String::new(), false, 0usize);
    let mut bare_until: Option<usize> = None;
    for i in 0..t.len() {
        match &t[i] {
            Token::Punct('(') => depth += 1,
            Token::Punct(')') => {
                if bare_until == Some(depth) {
                    bare_until = None;
                }
                depth = depth.saturating_sub(1);
            }
            Token::Word(w) if punct(i + 1, '.') => {
                let Some(c) = word(i + 2) else { continue };
                match (n.aliases.get(w.as_str()), n.derived.get(w.as_str())) {
                    (Some(table), _) => column(table, c, &mut out),
                    _ if schema.contains_key(w.as_str()) => column(w, c, &mut out),
                    _ if w == "EXCLUDED" => column(&target, c, &mut out),
                    (None, Some(Some(listed))) if !listed.contains(c) => out.push(format!("{w}.{c}")),
                    (None, Some(_)) => {}
                    (None, None) => out.push(format!("{w} (no such table or alias)")),
                }
            }
            Token::Word(w) if punct(i.wrapping_sub(1), '.') || is_keyword(w) && !is_keyword_clause(w) => {}
            Token::Word(w) if is_keyword(w) => match w.as_str() {
                "INSERT" | "UPDATE" if word(i + 1) != Some("SET") => {
                    let at = if w == "INSERT" { i + 2 } else { i + 1 };
                    target = word(at).unwrap_or_default().to_owned();
                    is_update = w == "UPDATE";
                    bare_until = None;
                    if !schema.contains_key(&target) {
                        out.push(format!("{target} (no such table)"));
                    }
                    if w == "INSERT" && punct(at + 1, '(') {
                        for c in listed(&t, at + 2) {
                            column(&target, &c, &mut out);
                        }
                    }
                }
                "CONFLICT" if punct(i + 1, '(') => listed(&t, i + 2).iter().for_each(|c| column(&target, c, &mut out)),
                "SET" => {
                    if let Some(c) = word(i + 1).filter(|_| punct(i + 2, '=')) {
                        column(&target, c, &mut out);
                    }
                }
                "RETURNING" => bare_until = Some(depth),
                "WHERE" if is_update => bare_until = Some(depth),
                "FROM" | "JOIN" => match word(i + 1) {
                    Some(s) if !punct(i + 2, '(') && !schema.contains_key(s) && !n.ctes.contains(s) => {
                        out.push(format!("{s} (no such table)"));
                    }
                    _ => {}
                },
                _ => {}
            },
            Token::Word(c) if bare_until.is_some() && !punct(i + 1, '(') && !punct(i + 1, '.') => {
                column(&target, c, &mut out);
            }
            _ => {}
        }
    }
    out
}

/// Keywords that open a clause the check follows.
fn is_keyword_clause(w: &str) -> bool {
    ["INSERT", "UPDATE", "CONFLICT", "SET", "RETURNING", "WHERE", "SELECT", "FROM", "JOIN"].contains(&w)
}

/// The names listed from `start` to the closing parenthesis.
fn listed(t: &[Token], start: usize) -> Vec<String> {
    t[start.min(t.len())..]
        .iter()
        .take_while(|x| **x != Token::Punct(')'))
        .filter_map(|x| match x {
            Token::Word(w) => Some(w.clone()),
            _ => None,
        })
        .collect()
}

/// Every fixed statement of the scan path, as sent.
fn statements() -> Vec<String> {
    let mut f = fixtures::found();
    f.open_stay = Some(super::facts::OpenStay {
        id: "stay-1".into(),
        venue_id: fixtures::ANNEX.into(),
        entered_at: fixtures::at("2026-12-24T09:00:00Z"),
        session_id: None,
    });
    let p = fixtures::programme(None, None);
    let (_, record) = fixtures::judge(&p, &fixtures::request(fixtures::HALL, None), Some(f), "2026-12-24T10:00:00Z");
    assert!(record.admission.is_some() && record.close_stay.is_some() && record.open_stay.is_some());
    let mut all = super::record::statement_texts(&record);
    all.extend(super::batch::statement_texts([&record].into_iter()));
    all
}

#[test]
fn the_fixed_statements_name_only_tables_and_columns_of_the_schema() {
    let schema = schema();
    let all = statements();
    assert_eq!(all.len(), 5);
    for sql in &all {
        assert_eq!(problems(sql, &schema), Vec::<String>::new(), "in {sql}");
    }
}

#[test]
fn a_renamed_column_or_table_fails_the_check() {
    let schema = schema();
    let all = statements();
    let renamed = [
        ("left_at", "left_on", "stays.left_on"),
        ("admission_counts", "admission_totals", "admission_totals (no such table)"),
        ("registrations.locale", "registrations.language", "registrations.language"),
        ("entered_at", "arrived_at", "stays.arrived_at"),
        ("offline_outcome", "offline_answer", "scans.offline_answer"),
        ("RETURNING scope", "RETURNING scopes", "admissions.scopes"),
    ];
    for (from, to, found) in renamed {
        let using: Vec<&String> = all.iter().filter(|s| s.contains(from)).collect();
        assert!(!using.is_empty(), "no statement names {from}");
        for sql in using {
            let problems = problems(&sql.replace(from, to), &schema);
            assert!(problems.iter().any(|p| p == found), "{from} renamed {to} is not caught: {problems:?}");
        }
    }
}

/// The batch reads a registration by the names of its columns: each of them, and no other.
#[test]
fn the_batch_reads_every_column_of_a_registration() {
    let wanted: HashSet<(String, String)> =
        quoted_pairs(&debug_query::<Sqlite, _>(&registrations::table.select(Registration::as_select())).to_string())
            .into_iter()
            .collect();
    let read = statements().into_iter().find(|s| s.contains("WITH ORDINALITY")).unwrap_or_default();
    let t = tokens(&read);
    let got: HashSet<(String, String)> = (0..t.len().saturating_sub(2))
        .filter_map(|i| match (&t[i], &t[i + 1], &t[i + 2]) {
            (Token::Word(r), Token::Punct('.'), Token::Word(c)) if r == "registrations" => Some((r.clone(), c.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(wanted.len(), 29);
    let (missing, extra): (Vec<_>, Vec<_>) = (wanted.difference(&got).collect(), got.difference(&wanted).collect());
    assert!(missing.is_empty() && extra.is_empty(), "the batch misses {missing:?} and reads {extra:?}");
}
