//! The HQ's reports: the weekly report (the Friday report: the chosen week
//! against the week before) and the season report (every week since the
//! season began), both built from the same rollup figures as the dashboard.

use domain::stats::season_start;
use jiff::civil::Date;

use crate::app::stats::{
    Deadlines, Summary, SummaryParams, Weekly, WeeklyParams, deadlines, summary, weekly,
};
use crate::app::ticket::params::date;
use crate::app::{Actor, AppError, Ctx, FieldErrors};

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    Weekly,
    Season,
}

impl ReportKind {
    pub fn as_code(self) -> &'static str {
        match self {
            ReportKind::Weekly => "weekly",
            ReportKind::Season => "season",
        }
    }
}

/// A report's parameters as typed in a URL.
#[derive(Debug, Clone, Default)]
pub struct ReportParams {
    /// Weekly: any city date of the week reported (this week when absent).
    /// Season: the day the season is reported up to (today when absent).
    pub date: Option<String>,
    pub district_id: Option<String>,
}

/// A report: the headline as of its last day and the weekly breakdowns.
#[derive(Debug, Clone)]
pub struct Report {
    pub kind: ReportKind,
    /// The first and last city dates covered.
    pub from: Date,
    pub to: Date,
    pub summary: Summary,
    pub by_category: Weekly,
    pub by_district: Weekly,
    pub by_organization: Weekly,
    /// Deadlines met by organization since the season's start.
    pub deadlines: Vec<Deadlines>,
}

/// The weekly report for the week containing `params.date`, with the week before.
#[tracing::instrument(skip_all)]
pub async fn weekly_report(
    ctx: &Ctx,
    actor: &Actor,
    params: &ReportParams,
) -> Result<Report, AppError> {
    let today = domain::calendar::city_date(ctx.now());
    let day = parse_day(params)?.unwrap_or(today);
    let monday = domain::calendar::monday_of(day);
    let sunday = monday
        .checked_add(jiff::Span::new().days(6))
        .unwrap_or(monday);
    let from = monday
        .checked_sub(jiff::Span::new().days(7))
        .unwrap_or(monday);
    // The running week is reported up to today.
    let to = sunday.min(today.max(monday));
    build(ctx, actor, params, ReportKind::Weekly, from, to).await
}

/// The season report: every week from the season's start to `params.date`.
#[tracing::instrument(skip_all)]
pub async fn season_report(
    ctx: &Ctx,
    actor: &Actor,
    params: &ReportParams,
) -> Result<Report, AppError> {
    let day = parse_day(params)?.unwrap_or_else(|| domain::calendar::city_date(ctx.now()));
    build(
        ctx,
        actor,
        params,
        ReportKind::Season,
        season_start(day),
        day,
    )
    .await
}

fn parse_day(params: &ReportParams) -> Result<Option<Date>, AppError> {
    let mut errors = FieldErrors::default();
    let day = date(&mut errors, "date", &params.date);
    errors.into_result()?;
    Ok(day)
}

async fn build(
    ctx: &Ctx,
    actor: &Actor,
    params: &ReportParams,
    kind: ReportKind,
    from: Date,
    to: Date,
) -> Result<Report, AppError> {
    let as_of = SummaryParams {
        date: Some(to.to_string()),
        district_id: params.district_id.clone(),
    };
    let summary = summary(ctx, actor, &as_of).await?;
    let by = |by: &str| WeeklyParams {
        from: Some(from.to_string()),
        to: Some(to.to_string()),
        by: Some(by.to_string()),
        district_id: params.district_id.clone(),
    };
    Ok(Report {
        kind,
        from,
        to,
        by_category: weekly(ctx, actor, &by("category")).await?,
        by_district: weekly(ctx, actor, &by("district")).await?,
        by_organization: weekly(ctx, actor, &by("organization")).await?,
        deadlines: deadlines(ctx, actor, &as_of).await?,
        summary,
    })
}
