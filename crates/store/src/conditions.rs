//! Dynamic `where` clauses with `$N` placeholders, so a list with optional filters is
//! one query whose conditions use the indexes, on both backends.

use sqlx::any::AnyArguments;
use sqlx::query::QueryAs;
use sqlx::{Any, AssertSqlSafe, FromRow};

/// A value bound to a placeholder.
#[derive(Debug, Clone)]
pub(crate) enum Bind {
    Int(i64),
    Text(String),
}

/// `where` conditions joined by `and`, with their bound values in order.
#[derive(Debug, Default, Clone)]
pub(crate) struct Conditions {
    clauses: Vec<String>,
    binds: Vec<Bind>,
}

impl Conditions {
    /// Adds a clause in which `?` stands for the next placeholder(s), in order.
    pub(crate) fn push(&mut self, clause: &str, binds: impl IntoIterator<Item = Bind>) {
        let mut text = String::with_capacity(clause.len() + 4);
        let mut binds = binds.into_iter();
        for ch in clause.chars() {
            if ch == '?' {
                let bind = binds.next().expect("one bind per placeholder");
                self.binds.push(bind);
                text.push_str(&format!("${}", self.binds.len()));
            } else {
                text.push(ch);
            }
        }
        self.clauses.push(text);
    }

    /// The next placeholder's number, for clauses added after the conditions.
    pub(crate) fn next_placeholder(&self) -> usize {
        self.binds.len() + 1
    }

    /// ` where a and b`, or nothing.
    pub(crate) fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" where {}", self.clauses.join(" and "))
        }
    }

    pub(crate) fn query_as<'q, T>(&self, sql: String) -> QueryAs<'q, Any, T, AnyArguments>
    where
        T: for<'r> FromRow<'r, sqlx::any::AnyRow>,
    {
        let mut query = sqlx::query_as::<Any, T>(AssertSqlSafe(sql));
        for bind in &self.binds {
            query = match bind {
                Bind::Int(v) => query.bind(*v),
                Bind::Text(v) => query.bind(v.clone()),
            };
        }
        query
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_across_clauses() {
        let mut c = Conditions::default();
        c.push("a = ?", [Bind::Int(1)]);
        c.push("(b = ? or c = ?)", [Bind::Int(2), Bind::Text("x".into())]);
        assert_eq!(c.sql(), " where a = $1 and (b = $2 or c = $3)");
        assert_eq!(c.next_placeholder(), 4);
        assert_eq!(Conditions::default().sql(), "");
    }
}
