//! `/reports/weekly` and `/reports/season`: the HQ's reports as A4-printable
//! pages and as XLSX downloads (`.xlsx` beside each), from `app::stats::report`.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::app::Ctx;
use crate::app::stats::Weekly;
use crate::app::stats::report::{Report, ReportKind, ReportParams, season_report, weekly_report};
use crate::web::api::hq::xlsx_response;
use crate::web::auth::PageSession;
use crate::web::chart::Chart;
use crate::web::error::PageError;
use crate::web::i18n::stats::StatsMsg;
use crate::web::i18n::{Msg, Tr};
use crate::web::pages::dashboard::weekly_chart;
use crate::web::pages::{Layout, tr};
use crate::web::stats_xlsx::{self, series_name};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReportQuery {
    /// Weekly: any date of the week. Season: the last day.
    #[serde(default)]
    pub week: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub district_id: String,
}

impl ReportQuery {
    fn params(&self, kind: ReportKind) -> ReportParams {
        let some = |s: &String| Some(s.clone()).filter(|s| !s.trim().is_empty());
        ReportParams {
            date: match kind {
                ReportKind::Weekly => some(&self.week).or_else(|| some(&self.date)),
                ReportKind::Season => some(&self.date),
            },
            district_id: some(&self.district_id),
        }
    }
}

/// A breakdown as a table: a row per category, district or organization.
pub struct Table {
    pub title: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<i64>)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "reports/report.html")]
struct ReportPage {
    layout: Layout,
    t: Tr,
    heading: String,
    period: String,
    sentences: Vec<String>,
    tables: Vec<Table>,
    chart: Option<Chart>,
    xlsx_href: String,
    previous_href: String,
    next_href: String,
    deadlines: Vec<(String, i64, i64, String)>,
}

/// Weeks shown on the season page; the workbook has them all.
const SEASON_WEEKS_SHOWN: usize = 6;

fn table(t: Tr, title: StatsMsg, w: &Weekly, kind: ReportKind) -> Table {
    let skip = match kind {
        ReportKind::Weekly => 0,
        ReportKind::Season => w.weeks.len().saturating_sub(SEASON_WEEKS_SHOWN),
    };
    let mut columns: Vec<String> = w
        .weeks
        .iter()
        .skip(skip)
        .map(|m| format!("{} {}", t.stmsg(StatsMsg::Week), t.day_month(*m)))
        .collect();
    columns.push(t.stmsg(StatsMsg::Total).to_string());
    let row = |counts: &[i64]| -> Vec<i64> {
        let mut v: Vec<i64> = counts.iter().skip(skip).copied().collect();
        v.push(counts.iter().sum());
        v
    };
    let mut rows: Vec<(String, Vec<i64>)> = w
        .series
        .iter()
        .map(|s| (series_name(t, w.by, &s.key, &s.name), row(&s.counts)))
        .collect();
    rows.push((t.stmsg(StatsMsg::Total).to_string(), row(&w.totals)));
    Table {
        title: t.stmsg(title),
        columns,
        rows,
    }
}

fn render(session: &crate::web::auth::Session, q: &ReportQuery, r: &Report) -> Response {
    let t = tr();
    let district = q
        .district_id
        .trim()
        .parse::<i64>()
        .map(|d| format!("&district_id={d}"))
        .unwrap_or_default();
    let (path, heading) = match r.kind {
        ReportKind::Weekly => ("/reports/weekly", t.stmsg(StatsMsg::WeeklyReport)),
        ReportKind::Season => ("/reports/season", t.stmsg(StatsMsg::SeasonReport)),
    };
    let heading = match &r.summary.district_name {
        Some(name) => format!("{heading} — {name}"),
        None => heading.to_string(),
    };
    let shift = |days: i64| {
        let d =
            r.to.checked_add(jiff::Span::new().days(days))
                .unwrap_or(r.to);
        format!("{path}?week={d}{district}")
    };
    let xlsx_href = match r.kind {
        ReportKind::Weekly => format!("{path}.xlsx?week={}{district}", r.to),
        ReportKind::Season => format!("{path}.xlsx?date={}{district}", r.to),
    };
    let scope = r
        .summary
        .district_id
        .map(|d| format!("&district_id={}", d.0))
        .unwrap_or_default();
    ReportPage {
        layout: Layout::new(session, path),
        t,
        heading,
        period: format!("{} — {}", t.day_month(r.from), t.day_month(r.to)),
        sentences: t.headline(&r.summary),
        tables: vec![
            table(t, StatsMsg::SheetCategories, &r.by_category, r.kind),
            table(t, StatsMsg::SheetDistricts, &r.by_district, r.kind),
            table(t, StatsMsg::SheetOrganizations, &r.by_organization, r.kind),
        ],
        chart: (r.kind == ReportKind::Season).then(|| weekly_chart(t, &r.by_category, &scope)),
        xlsx_href,
        previous_href: if r.kind == ReportKind::Weekly {
            shift(-7)
        } else {
            String::new()
        },
        next_href: if r.kind == ReportKind::Weekly {
            shift(7)
        } else {
            String::new()
        },
        deadlines: r
            .deadlines
            .iter()
            .map(|d| {
                (
                    d.name.clone(),
                    d.closed,
                    d.on_time,
                    t.whole_percent(d.share_on_time()),
                )
            })
            .collect(),
    }
    .into_response()
}

/// `GET /reports/weekly?week=`.
pub async fn weekly(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let r = weekly_report(&ctx, &session.actor, &q.params(ReportKind::Weekly)).await?;
    Ok(render(&session, &q, &r))
}

/// `GET /reports/season?date=`.
pub async fn season(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let r = season_report(&ctx, &session.actor, &q.params(ReportKind::Season)).await?;
    Ok(render(&session, &q, &r))
}

/// `GET /reports/weekly.xlsx?week=`.
pub async fn weekly_xlsx(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let r = weekly_report(&ctx, &session.actor, &q.params(ReportKind::Weekly)).await?;
    let bytes = stats_xlsx::report(tr(), &r)?;
    Ok(xlsx_response(bytes, &stats_xlsx::file_name(&r)))
}

/// `GET /reports/season.xlsx?date=`.
pub async fn season_xlsx(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let r = season_report(&ctx, &session.actor, &q.params(ReportKind::Season)).await?;
    let bytes = stats_xlsx::report(tr(), &r)?;
    Ok(xlsx_response(bytes, &stats_xlsx::file_name(&r)))
}
