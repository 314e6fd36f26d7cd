//! The admin's routing rules and production calendar, and the log of their
//! changes. Empty tables mean "not seeded yet"; `app` seeds them with the
//! domain's defaults at the first start.

use domain::category::Category;
use domain::deadline::DeadlineRule;
use domain::production_calendar::DayKind;
use domain::routing::{RouteTarget, RoutingRule};
use domain::user::UserId;
use jiff::Timestamp;
use jiff::civil::Date;
use sqlx::AnyConnection;

use crate::error::{StoreError, corrupt};

/// What a logged change was about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeSubject {
    RoutingRules,
    Calendar,
}

impl ChangeSubject {
    pub fn as_code(self) -> &'static str {
        match self {
            ChangeSubject::RoutingRules => "routing_rules",
            ChangeSubject::Calendar => "calendar",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        match code {
            "routing_rules" => Some(ChangeSubject::RoutingRules),
            "calendar" => Some(ChangeSubject::Calendar),
            _ => None,
        }
    }
}

/// One audited change: the changed lines before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingChange {
    pub changed_at: Timestamp,
    pub user_id: Option<UserId>,
    /// The user's display name, when read back.
    pub user_name: Option<String>,
    pub subject: ChangeSubject,
    pub before: String,
    pub after: String,
}

/// The stored rules in category order; empty before seeding.
pub async fn list_rules(conn: &mut AnyConnection) -> Result<Vec<RoutingRule>, StoreError> {
    let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "select category, target, deadline, first_response from routing_rules order by category",
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(category, target, deadline, first_response)| {
            let deadline_rule =
                |text: &str| DeadlineRule::parse(text).map_err(|_| corrupt("deadline", text));
            Ok(RoutingRule {
                category: Category::from_code(&category)
                    .ok_or_else(|| corrupt("category", &category))?,
                target: RouteTarget::from_code(&target)
                    .ok_or_else(|| corrupt("target", &target))?,
                deadline: deadline_rule(&deadline)?,
                first_response: first_response.as_deref().map(deadline_rule).transpose()?,
            })
        })
        .collect()
}

/// Writes one category's rule, replacing the stored one.
pub async fn put_rule(
    conn: &mut AnyConnection,
    rule: &RoutingRule,
    by: Option<UserId>,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into routing_rules (category, target, deadline, first_response, updated_at, updated_by)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (category) do update set target = $2, deadline = $3, first_response = $4,
            updated_at = $5, updated_by = $6",
    )
    .bind(rule.category.as_code())
    .bind(rule.target.as_code())
    .bind(rule.deadline.to_string())
    .bind(rule.first_response.map(|r| r.to_string()))
    .bind(now.as_millisecond())
    .bind(by.map(|u| u.0))
    .execute(conn)
    .await?;
    Ok(())
}

/// The stored calendar overrides in date order; empty before seeding.
pub async fn list_calendar_days(
    conn: &mut AnyConnection,
) -> Result<Vec<(Date, DayKind)>, StoreError> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("select day, kind from calendar_days order by day")
            .fetch_all(conn)
            .await?;
    rows.into_iter()
        .map(|(day, kind)| {
            let date: Date = day.parse().map_err(|_| corrupt("calendar day", &day))?;
            let kind = DayKind::from_code(&kind).ok_or_else(|| corrupt("day kind", &kind))?;
            Ok((date, kind))
        })
        .collect()
}

/// Replaces every calendar override with `days`.
pub async fn replace_calendar_days(
    conn: &mut AnyConnection,
    days: &[(Date, DayKind)],
) -> Result<(), StoreError> {
    sqlx::query("delete from calendar_days")
        .execute(&mut *conn)
        .await?;
    for (date, kind) in days {
        sqlx::query("insert into calendar_days (day, kind) values ($1, $2)")
            .bind(date.to_string())
            .bind(kind.as_code())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn insert_change(
    conn: &mut AnyConnection,
    change: &RoutingChange,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into routing_changes (changed_at, user_id, subject, before_text, after_text)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(change.changed_at.as_millisecond())
    .bind(change.user_id.map(|u| u.0))
    .bind(change.subject.as_code())
    .bind(&change.before)
    .bind(&change.after)
    .execute(conn)
    .await?;
    Ok(())
}

/// The latest `limit` changes, newest first.
pub async fn list_changes(
    conn: &mut AnyConnection,
    limit: i64,
) -> Result<Vec<RoutingChange>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        changed_at: i64,
        user_id: Option<i64>,
        name: Option<String>,
        subject: String,
        before_text: String,
        after_text: String,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "select c.changed_at, c.user_id, u.name, c.subject, c.before_text, c.after_text
         from routing_changes c left join users u on u.id = c.user_id
         order by c.changed_at desc, c.id desc
         limit $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(RoutingChange {
                changed_at: Timestamp::from_millisecond(row.changed_at)
                    .map_err(|_| corrupt("changed_at", &row.changed_at.to_string()))?,
                user_id: row.user_id.map(UserId),
                user_name: row.name,
                subject: ChangeSubject::from_code(&row.subject)
                    .ok_or_else(|| corrupt("change subject", &row.subject))?,
                before: row.before_text,
                after: row.after_text,
            })
        })
        .collect()
}
