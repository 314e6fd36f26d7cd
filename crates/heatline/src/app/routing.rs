//! Routing a ticket: the building and category decide the organization, the
//! district and the deadline, by the rules in force.
//!
//! The rules and the production calendar are stored (`routing_rules`,
//! `calendar_days`), seeded with the domain's defaults at the first start,
//! held in `Ctx` and replaced there when the admin edits them. An edit applies
//! to tickets routed afterwards; existing deadlines stay as they were, since
//! the resident was already told them. Every edit is logged with its author
//! and the changed lines before and after.

use domain::building::Building;
use domain::category::Category;
use domain::deadline::DeadlineRule;
use domain::production_calendar::{DayKind, ProductionCalendar};
use domain::routing::{BuildingRouting, RouteTarget, RoutingRule, RoutingRules};
use domain::ticket::Assignment;
use domain::user::Role;
use jiff::Timestamp;
use jiff::civil::Date;
use store::db::Db;
use store::routing_rule::{ChangeSubject, RoutingChange};

use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal};

/// How many change-log entries the admin sees.
const CHANGES_SHOWN: i64 = 50;

/// Roles that may read the rules: every staff role, since everyone quotes
/// deadlines to someone.
const READERS: &[Role] = &Role::ALL;

/// Where a ticket of `category` from `building` goes and by when it is due.
pub(crate) fn route(
    ctx: &Ctx,
    category: Category,
    building: Option<&Building>,
    now: Timestamp,
) -> Assignment {
    let building = building.map(|b| BuildingRouting {
        district_id: b.district_id,
        management_company_id: b.management_company_id,
        heat_supplier_id: b.heat_supplier_id,
    });
    let rules = ctx.routing_rules();
    let calendar = ctx.calendar();
    let route = rules.route(category, building.as_ref(), now, &calendar);
    Assignment {
        district_id: route.district_id,
        organization_id: route.organization_id,
        due_at: Some(route.due_at),
    }
}

/// The stored rules and calendar, seeding the defaults into empty tables.
pub(crate) async fn load(db: &Db) -> anyhow::Result<(RoutingRules, ProductionCalendar)> {
    let mut tx = db.begin_write().await?;
    let mut stored = store::routing_rule::list_rules(&mut tx).await?;
    let defaults = RoutingRules::defaults();
    // A category added to the code after seeding gets its default rule.
    for rule in defaults.rules() {
        if !stored.iter().any(|r| r.category == rule.category) {
            store::routing_rule::put_rule(&mut tx, rule, None, Timestamp::now()).await?;
            stored.push(*rule);
        }
    }
    let rules = RoutingRules::new(stored)?;
    let mut days = store::routing_rule::list_calendar_days(&mut tx).await?;
    if days.is_empty() {
        days = ProductionCalendar::russia_default().overrides().collect();
        store::routing_rule::replace_calendar_days(&mut tx, &days).await?;
    }
    let calendar = ProductionCalendar::new(days)?;
    tx.commit().await?;
    Ok((rules, calendar))
}

/// Re-reads the rules and calendar into `ctx`, so that several server
/// processes agree within one escalation interval.
pub(crate) async fn reload(ctx: &Ctx) -> anyhow::Result<()> {
    let (rules, calendar) = load(ctx.db()).await?;
    ctx.set_routing(rules, calendar);
    Ok(())
}

/// The rules in force, in category order.
pub async fn get_routing_rules(ctx: &Ctx, actor: &Actor) -> Result<Vec<RoutingRule>, AppError> {
    actor.require(READERS)?;
    Ok(ctx.routing_rules().rules().copied().collect())
}

/// One category's rule as typed by the admin; absent parts keep their value.
#[derive(Debug, Clone, Default)]
pub struct RoutingRuleInput {
    pub category: String,
    pub target: Option<String>,
    pub deadline: Option<String>,
    /// `Some("")` removes the first-response deadline.
    pub first_response: Option<String>,
}

/// Changes the rules of the listed categories; the others stay. Applies to
/// tickets routed from now on.
#[tracing::instrument(skip_all)]
pub async fn put_routing_rules(
    ctx: &Ctx,
    actor: &Actor,
    input: Vec<RoutingRuleInput>,
) -> Result<Vec<RoutingRule>, AppError> {
    actor.require(&[Role::Admin])?;
    let current = ctx.routing_rules().clone();
    let changed = parse_rules(&current, &input)?;
    let now = ctx.now();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("changing routing rules"))?;
    let mut before = Vec::new();
    let mut after = Vec::new();
    let mut rules = current.clone();
    for rule in changed {
        let old = current.rule(rule.category);
        if *old == rule {
            continue;
        }
        store::routing_rule::put_rule(&mut tx, &rule, Some(actor.user.id), now)
            .await
            .map_err(internal("writing routing rule"))?;
        before.push(rule_line(old));
        after.push(rule_line(&rule));
        rules = rules.with_rule(rule);
    }
    if !after.is_empty() {
        log_change(
            &mut tx,
            actor,
            ChangeSubject::RoutingRules,
            before,
            after,
            now,
        )
        .await?;
    }
    tx.commit()
        .await
        .map_err(internal("changing routing rules"))?;
    let calendar = ctx.calendar().clone();
    ctx.set_routing(rules, calendar);
    get_routing_rules(ctx, actor).await
}

fn parse_rules(
    current: &RoutingRules,
    input: &[RoutingRuleInput],
) -> Result<Vec<RoutingRule>, AppError> {
    let mut errors = FieldErrors::default();
    let mut seen = Vec::new();
    let mut rules = Vec::new();
    for (index, item) in input.iter().enumerate() {
        let Some(category) = Category::from_code(item.category.trim()) else {
            errors.add(format!("rules[{index}].category"), Problem::UnknownCode);
            continue;
        };
        let field = |name: &str| format!("rules.{}.{name}", category.as_code());
        if seen.contains(&category) {
            errors.add(field("category"), Problem::Taken);
            continue;
        }
        seen.push(category);
        let mut rule = *current.rule(category);
        if let Some(code) = &item.target {
            match RouteTarget::from_code(code.trim()) {
                Some(target) => rule.target = target,
                None => errors.add(field("target"), Problem::UnknownCode),
            }
        }
        if let Some(text) = &item.deadline {
            match DeadlineRule::parse(text) {
                Ok(deadline) => rule.deadline = deadline,
                Err(_) => errors.add(field("deadline"), Problem::Malformed),
            }
        }
        if let Some(text) = &item.first_response {
            if text.trim().is_empty() {
                rule.first_response = None;
            } else {
                match DeadlineRule::parse(text) {
                    Ok(deadline) => rule.first_response = Some(deadline),
                    Err(_) => errors.add(field("first_response"), Problem::Malformed),
                }
            }
        }
        rules.push(rule);
    }
    errors.into_result()?;
    Ok(rules)
}

/// A rule as one line of the change log: `billing: heat_supplier 3wd`, with
/// ` / 2h` for a first-response deadline.
fn rule_line(rule: &RoutingRule) -> String {
    let first = rule
        .first_response
        .map(|f| format!(" / {f}"))
        .unwrap_or_default();
    format!(
        "{}: {} {}{first}",
        rule.category.as_code(),
        rule.target.as_code(),
        rule.deadline
    )
}

async fn log_change(
    tx: &mut store::db::WriteTx,
    actor: &Actor,
    subject: ChangeSubject,
    before: Vec<String>,
    after: Vec<String>,
    now: Timestamp,
) -> Result<(), AppError> {
    let change = RoutingChange {
        changed_at: now,
        user_id: Some(actor.user.id),
        user_name: None,
        subject,
        before: before.join("\n"),
        after: after.join("\n"),
    };
    store::routing_rule::insert_change(tx, &change)
        .await
        .map_err(internal("logging routing change"))
}

/// The production calendar's overrides in force, in date order.
pub async fn get_calendar(ctx: &Ctx, actor: &Actor) -> Result<Vec<(Date, DayKind)>, AppError> {
    actor.require(READERS)?;
    Ok(ctx.calendar().overrides().collect())
}

/// Replaces the calendar's overrides with the admin's text: one
/// `YYYY-MM-DD,holiday|working` a line, `#` comments. A bad line is reported
/// as the field `text` with its line number.
#[tracing::instrument(skip_all)]
pub async fn put_calendar(
    ctx: &Ctx,
    actor: &Actor,
    text: &str,
) -> Result<Vec<(Date, DayKind)>, AppError> {
    actor.require(&[Role::Admin])?;
    let calendar = ProductionCalendar::parse(text).map_err(|lines| {
        let mut errors = FieldErrors::default();
        for line in lines {
            errors.add("text", Problem::Line { line: line.line });
        }
        AppError::Invalid(errors)
    })?;
    let old: Vec<(Date, DayKind)> = ctx.calendar().overrides().collect();
    let new: Vec<(Date, DayKind)> = calendar.overrides().collect();
    let line = |(date, kind): &(Date, DayKind)| format!("{date},{}", kind.as_code());
    let removed: Vec<String> = old.iter().filter(|d| !new.contains(d)).map(line).collect();
    let added: Vec<String> = new.iter().filter(|d| !old.contains(d)).map(line).collect();
    if removed.is_empty() && added.is_empty() {
        return Ok(new);
    }
    let now = ctx.now();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("changing calendar"))?;
    store::routing_rule::replace_calendar_days(&mut tx, &new)
        .await
        .map_err(internal("writing calendar"))?;
    log_change(&mut tx, actor, ChangeSubject::Calendar, removed, added, now).await?;
    tx.commit().await.map_err(internal("changing calendar"))?;
    let rules = ctx.routing_rules().clone();
    ctx.set_routing(rules, calendar);
    Ok(new)
}

/// The latest changes to the rules and the calendar, newest first.
pub async fn list_routing_changes(
    ctx: &Ctx,
    actor: &Actor,
) -> Result<Vec<RoutingChange>, AppError> {
    actor.require(&[Role::Admin])?;
    let mut conn = ctx
        .db
        .read()
        .await
        .map_err(internal("reading routing changes"))?;
    store::routing_rule::list_changes(&mut conn, CHANGES_SHOWN)
        .await
        .map_err(internal("reading routing changes"))
}
