//! The season's figures from the ticket rollups (`/api/v1/stats/summary`,
//! `/api/v1/stats/weekly`) and the reports as workbooks
//! (`/api/v1/reports/{weekly,season}.xlsx`).

use crate::web::api::params::Query;
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use domain::calendar::rfc3339;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::Ctx;
use crate::app::stats::report::{self, ReportParams};
use crate::app::stats::{self, Summary, SummaryParams, Weekly, WeeklyParams};
use crate::web::api::hq::xlsx_response;
use crate::web::api::quality_callback::CountsJson;
use crate::web::auth::ApiActor;
use crate::web::error::ApiError;
use crate::web::i18n::Tr;
use crate::web::request::RequestInfo;
use crate::web::stats_xlsx;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    /// City date `YYYY-MM-DD` the figures are as of (its week is "this week"); today when absent.
    pub date: Option<String>,
    /// A district; a district HQ always gets its own.
    pub district_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WeekJson {
    /// The week's Monday (city time).
    pub week: String,
    pub tickets: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SummaryJson {
    pub date: String,
    pub district_id: Option<i64>,
    pub district_name: Option<String>,
    pub season_start: String,
    /// Tickets registered from the season's start up to and including `date`.
    pub total: i64,
    /// The week of `date`, up to and including it.
    pub this_week: WeekJson,
    pub last_week: WeekJson,
    pub peak_week: Option<WeekJson>,
    /// Peak week ÷ last week ("fell four times").
    pub peak_to_last_week: Option<f64>,
    pub billing_total: i64,
    /// Billing tickets closed with an answer.
    pub billing_answered: i64,
    pub billing_answered_share: Option<f64>,
    /// Quality callbacks placed since the season's start.
    pub callbacks: CountsJson,
    /// Open tickets past their deadline at `overdue_at` (the request's moment).
    pub overdue_now: i64,
    pub overdue_at: String,
}

impl From<&Summary> for SummaryJson {
    fn from(s: &Summary) -> Self {
        let week = |w: domain::stats::WeekCount| WeekJson {
            week: w.monday.to_string(),
            tickets: w.tickets,
        };
        SummaryJson {
            date: s.date.to_string(),
            district_id: s.district_id.map(|d| d.0),
            district_name: s.district_name.clone(),
            season_start: s.season_start.to_string(),
            total: s.volume.total,
            this_week: week(s.volume.this_week),
            last_week: week(s.volume.last_week),
            peak_week: s.volume.peak_week.map(week),
            peak_to_last_week: s.fall_from_peak,
            billing_total: s.billing_total,
            billing_answered: s.billing_answered,
            billing_answered_share: s.billing_answered_share,
            callbacks: CountsJson::from(&s.callbacks),
            overdue_now: s.overdue_now,
            overdue_at: rfc3339(s.overdue_at),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/stats/summary", tag = "stats", params(SummaryQuery),
    responses((status = 200, body = SummaryJson), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = [])))]
pub async fn summary(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(q): Query<SummaryQuery>,
) -> Result<Json<SummaryJson>, ApiError> {
    let params = SummaryParams {
        date: q.date,
        district_id: q.district_id,
    };
    let s = stats::summary(&ctx, &actor, &params).await?;
    Ok(Json(SummaryJson::from(&s)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WeeklyQuery {
    /// City date; its week (from Monday) is the first. The season's start when absent.
    pub from: Option<String>,
    /// City date; its week is the last. Today when absent.
    pub to: Option<String>,
    /// `category` (default), `district` or `organization`.
    pub by: Option<String>,
    pub district_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesJson {
    /// The category code, or the district or organization id (`0`: none).
    pub key: String,
    /// The district's or organization's name; empty for categories.
    pub name: String,
    /// Tickets per week, in the order of `weeks`.
    pub counts: Vec<i64>,
    pub total: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WeeklyJson {
    pub by: String,
    pub district_id: Option<i64>,
    /// The weeks' Mondays (city time).
    pub weeks: Vec<String>,
    /// Largest total first.
    pub series: Vec<SeriesJson>,
    /// All tickets per week.
    pub totals: Vec<i64>,
}

impl From<&Weekly> for WeeklyJson {
    fn from(w: &Weekly) -> Self {
        WeeklyJson {
            by: w.by.as_code().to_string(),
            district_id: w.district_id.map(|d| d.0),
            weeks: w.weeks.iter().map(ToString::to_string).collect(),
            series: w
                .series
                .iter()
                .map(|s| SeriesJson {
                    key: s.key.clone(),
                    name: s.name.clone(),
                    counts: s.counts.clone(),
                    total: s.total,
                })
                .collect(),
            totals: w.totals.clone(),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/stats/weekly", tag = "stats", params(WeeklyQuery),
    responses((status = 200, body = WeeklyJson), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = [])))]
pub async fn weekly(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(q): Query<WeeklyQuery>,
) -> Result<Json<WeeklyJson>, ApiError> {
    let params = WeeklyParams {
        from: q.from,
        to: q.to,
        by: q.by,
        district_id: q.district_id,
    };
    let w = stats::weekly(&ctx, &actor, &params).await?;
    Ok(Json(WeeklyJson::from(&w)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// Weekly report: any city date of the week (this week when absent).
    pub week: Option<String>,
    /// Season report: the last day covered (today when absent).
    pub date: Option<String>,
    pub district_id: Option<String>,
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[utoipa::path(get, path = "/api/v1/reports/weekly.xlsx", tag = "stats", params(ReportQuery),
    responses((status = 200, description = "The weekly report (the week and the one before) as an Excel workbook", content_type = XLSX),
        (status = 403), (status = 404), (status = 422)),
    security(("bearer" = [])))]
pub async fn weekly_report_xlsx(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(q): Query<ReportQuery>,
) -> Result<Response, ApiError> {
    let params = ReportParams {
        date: q.week,
        district_id: q.district_id,
    };
    let r = report::weekly_report(&ctx, &actor, &params).await?;
    let t = Tr::new(RequestInfo::current().api_locale);
    let bytes = stats_xlsx::report(t, &r)?;
    Ok(xlsx_response(bytes, &stats_xlsx::file_name(&r)))
}

#[utoipa::path(get, path = "/api/v1/reports/season.xlsx", tag = "stats", params(ReportQuery),
    responses((status = 200, description = "The season report (every week since 1 October) as an Excel workbook", content_type = XLSX),
        (status = 403), (status = 404), (status = 422)),
    security(("bearer" = [])))]
pub async fn season_report_xlsx(
    State(ctx): State<Ctx>,
    ApiActor(actor): ApiActor,
    Query(q): Query<ReportQuery>,
) -> Result<Response, ApiError> {
    let params = ReportParams {
        date: q.date,
        district_id: q.district_id,
    };
    let r = report::season_report(&ctx, &actor, &params).await?;
    let t = Tr::new(RequestInfo::current().api_locale);
    let bytes = stats_xlsx::report(t, &r)?;
    Ok(xlsx_response(bytes, &stats_xlsx::file_name(&r)))
}
