//! `/dashboard`: the season's story for the HQs — headline sentences with live
//! numbers and server-drawn charts whose bars open the matching ticket list.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use domain::category::Category;
use jiff::civil::Date;
use serde::Deserialize;

use crate::app::stats::{self, Breakdown, Deadlines, Summary, SummaryParams, Weekly, WeeklyParams};
use crate::app::{Ctx, registry};
use crate::web::auth::PageSession;
use crate::web::chart::{Chart, Column, PALETTE, stacked};
use crate::web::error::PageError;
use crate::web::i18n::stats::StatsMsg;
use crate::web::i18n::{Msg, Tr};
use crate::web::pages::{Layout, tr};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct DashboardQuery {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub district_id: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "dashboard/index.html")]
struct DashboardPage {
    layout: Layout,
    t: Tr,
    q: DashboardQuery,
    heading: String,
    sentences: Vec<String>,
    overdue_href: String,
    charts: Vec<Chart>,
    districts: Vec<(i64, String)>,
}

/// `GET /dashboard`.
pub async fn show(
    State(ctx): State<Ctx>,
    PageSession(session): PageSession,
    Query(q): Query<DashboardQuery>,
) -> Result<Response, PageError> {
    let actor = &session.actor;
    let some = |s: &String| Some(s.clone()).filter(|s| !s.trim().is_empty());
    let params = SummaryParams {
        date: some(&q.date),
        district_id: some(&q.district_id),
    };
    // The weekly charts end on the summary's day: today unless a date is asked.
    let to = match &params.date {
        Some(day) => day.clone(),
        None => domain::calendar::city_date(ctx.now()).to_string(),
    };
    let weekly = |by: &str| WeeklyParams {
        from: None,
        to: Some(to.clone()),
        by: Some(by.to_string()),
        district_id: params.district_id.clone(),
    };
    let (weekly_category, weekly_district, weekly_organization) = (
        weekly("category"),
        weekly("district"),
        weekly("organization"),
    );
    // Independent reads, each on its own pooled connection: the page waits for
    // the slowest, not for their sum.
    let (summary, by_category, by_district, by_organization, deadlines) = tokio::try_join!(
        stats::summary(&ctx, actor, &params),
        stats::weekly(&ctx, actor, &weekly_category),
        stats::weekly(&ctx, actor, &weekly_district),
        stats::weekly(&ctx, actor, &weekly_organization),
        stats::deadlines(&ctx, actor, &params),
    )?;
    let t = tr();
    let scope = summary
        .district_id
        .map(|d| format!("&district_id={}", d.0))
        .unwrap_or_default();
    let charts = vec![
        weekly_chart(t, &by_category, &scope),
        weekly_chart(t, &by_district, &scope),
        weekly_chart(t, &by_organization, &scope),
        deadlines_chart(t, &deadlines, &scope),
        callbacks_chart(t, &summary),
    ];
    let districts = registry::list_districts(&ctx, actor)
        .await?
        .into_iter()
        .map(|d| (d.id.0, d.name))
        .collect();
    let heading = match &summary.district_name {
        Some(name) => format!("{} — {name}", t.stmsg(StatsMsg::Dashboard)),
        None => t.stmsg(StatsMsg::Dashboard).to_string(),
    };
    Ok(DashboardPage {
        layout: Layout::new(&session, "/dashboard"),
        t,
        heading,
        sentences: t.headline(&summary),
        overdue_href: format!("/tickets?overdue=1{scope}"),
        charts,
        districts,
        q,
    }
    .into_response())
}

fn sunday(monday: Date) -> Date {
    monday
        .checked_add(jiff::Span::new().days(6))
        .unwrap_or(monday)
}

/// The week label on an axis: "5.10".
fn week_label(monday: Date) -> String {
    format!("{}.{:02}", monday.day(), monday.month())
}

/// Series beyond the eighth are summed as "others" (grey, no link).
const SHOWN: usize = PALETTE.len() - 1;

pub(crate) fn weekly_chart(t: Tr, w: &Weekly, scope: &str) -> Chart {
    let (title, filter) = match w.by {
        Breakdown::Category => (StatsMsg::ByCategory, "category"),
        Breakdown::District => (StatsMsg::ByDistrict, "district_id"),
        Breakdown::Organization => (StatsMsg::ByOrganization, "organization_id"),
    };
    let name = |key: &str, name: &str| -> String {
        match w.by {
            Breakdown::Category => Category::from_code(key)
                .map_or_else(|| key.to_string(), |c| t.category(c).to_string()),
            Breakdown::District if key == "0" => t.stmsg(StatsMsg::NoDistrict).to_string(),
            Breakdown::Organization if key == "0" => t.stmsg(StatsMsg::NoOrganization).to_string(),
            _ => name.to_string(),
        }
    };
    let mut series: Vec<String> = w
        .series
        .iter()
        .take(SHOWN)
        .map(|s| name(&s.key, &s.name))
        .collect();
    if w.series.len() > SHOWN {
        series.push(t.stmsg(StatsMsg::Others).to_string());
    }
    let columns = w
        .weeks
        .iter()
        .enumerate()
        .map(|(i, &monday)| {
            let mut segments: Vec<(usize, i64, String)> = w
                .series
                .iter()
                .take(SHOWN)
                .enumerate()
                .map(|(k, s)| {
                    // A district HQ's list is its district already; the key "0" has no filter.
                    let href = if s.key == "0" {
                        String::new()
                    } else {
                        format!(
                            "/tickets?{filter}={}&from={monday}&to={}{}",
                            s.key,
                            sunday(monday),
                            if filter == "district_id" { "" } else { scope }
                        )
                    };
                    (k, s.counts[i], href)
                })
                .collect();
            let rest: i64 = w.series.iter().skip(SHOWN).map(|s| s.counts[i]).sum();
            segments.push((SHOWN, rest, String::new()));
            Column {
                label: week_label(monday),
                segments,
            }
        })
        .collect();
    stacked(t.stmsg(title).to_string(), series, columns)
}

fn deadlines_chart(t: Tr, list: &[Deadlines], scope: &str) -> Chart {
    let series = vec![
        t.stmsg(StatsMsg::OnTime).to_string(),
        t.stmsg(StatsMsg::Late).to_string(),
    ];
    let columns = list
        .iter()
        .take(16)
        .map(|d| {
            let href = format!(
                "/tickets?organization_id={}&status=closed{scope}",
                d.organization_id
            );
            Column {
                label: format!(
                    "{} ({})",
                    short(&d.name),
                    t.whole_percent(d.share_on_time())
                ),
                segments: vec![
                    (2, d.on_time, href.clone()),
                    (5, d.closed - d.on_time, href),
                ],
            }
        })
        .collect();
    let mut chart = stacked(
        t.stmsg(StatsMsg::DeadlinesByOrganization).to_string(),
        series,
        columns,
    );
    // Green for on time, vermilion for late, whatever their series index.
    chart.legend = vec![
        (PALETTE[2], t.stmsg(StatsMsg::OnTime).to_string()),
        (PALETTE[5], t.stmsg(StatsMsg::Late).to_string()),
    ];
    chart
}

fn callbacks_chart(t: Tr, s: &Summary) -> Chart {
    let columns = s
        .callbacks_by_week
        .iter()
        .map(|b| {
            let monday: Option<Date> = b.key.parse().ok();
            let href = monday
                .map(|m| format!("/callbacks/stats?since={m}&until={}", sunday(m)))
                .unwrap_or_default();
            Column {
                label: monday.map_or_else(|| b.key.clone(), week_label),
                segments: vec![
                    (2, i64::try_from(b.counts.solved).unwrap_or(0), href.clone()),
                    (5, i64::try_from(b.counts.not_solved).unwrap_or(0), href),
                ],
            }
        })
        .collect();
    let mut chart = stacked(
        t.stmsg(StatsMsg::CallbacksByWeek).to_string(),
        vec![],
        columns,
    );
    chart.legend = vec![
        (PALETTE[2], t.stmsg(StatsMsg::Solved).to_string()),
        (PALETTE[5], t.stmsg(StatsMsg::NotSolved).to_string()),
    ];
    chart
}

/// An organization's name short enough for an axis label.
fn short(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() <= 18 {
        name.to_string()
    } else {
        format!("{}…", chars[..17].iter().collect::<String>())
    }
}

impl Tr {
    /// The headline as sentences, like the seed's report.
    pub fn headline(&self, s: &Summary) -> Vec<String> {
        let ru = matches!(self.locale, crate::web::i18n::Locale::Ru);
        let v = &s.volume;
        let mut out = Vec::new();
        out.push(if ru {
            format!(
                "С начала сезона ({}) поступило {}.",
                self.day_month(s.season_start),
                self.tickets_count(v.total)
            )
        } else {
            format!(
                "Since the season began on {}: {}.",
                self.day_month(s.season_start),
                self.tickets_count(v.total)
            )
        });
        let peak = match (v.peak_week, s.fall_from_peak) {
            (Some(p), Some(_)) if p.monday == v.last_week.monday => {
                self.pick_text(" — это пик сезона", " — the season's peak")
            }
            (Some(p), Some(r)) => {
                if ru {
                    format!(
                        " — в {} раза меньше пика ({} за неделю с {})",
                        self.ratio(r),
                        crate::web::i18n::stats::grouped(p.tickets),
                        self.day_month(p.monday)
                    )
                } else {
                    format!(
                        " — {} times below the peak ({} in the week from {})",
                        self.ratio(r),
                        crate::web::i18n::stats::grouped(p.tickets),
                        self.day_month(p.monday)
                    )
                }
            }
            _ => String::new(),
        };
        out.push(if ru {
            format!(
                "На этой неделе (с {}) — {}, на прошлой неделе — {}{peak}.",
                self.day_month(v.this_week.monday),
                crate::web::i18n::stats::grouped(v.this_week.tickets),
                crate::web::i18n::stats::grouped(v.last_week.tickets)
            )
        } else {
            format!(
                "This week (from {}): {}; last week: {}{peak}.",
                self.day_month(v.this_week.monday),
                crate::web::i18n::stats::grouped(v.this_week.tickets),
                crate::web::i18n::stats::grouped(v.last_week.tickets)
            )
        });
        out.push(if ru {
            format!(
                "Обращений по начислениям — {}, ответ дан на {} ({}).",
                crate::web::i18n::stats::grouped(s.billing_total),
                self.whole_percent(s.billing_answered_share),
                crate::web::i18n::stats::grouped(s.billing_answered)
            )
        } else {
            format!(
                "Billing requests: {}; answered: {} ({}).",
                crate::web::i18n::stats::grouped(s.billing_total),
                self.whole_percent(s.billing_answered_share),
                crate::web::i18n::stats::grouped(s.billing_answered)
            )
        });
        let calls = i64::try_from(s.callbacks.calls).unwrap_or(i64::MAX);
        out.push(if ru {
            format!(
                "Контрольный обзвон: {}, решено {} (среди ответивших по существу).",
                self.calls_count(calls),
                self.whole_percent(s.callbacks.share_solved())
            )
        } else {
            format!(
                "Quality callbacks: {}; solved: {} (of answers with a verdict).",
                self.calls_count(calls),
                self.whole_percent(s.callbacks.share_solved())
            )
        });
        out.push(if ru {
            format!("Просрочено сейчас: {}.", self.tickets_count(s.overdue_now))
        } else {
            format!("Overdue now: {}.", self.tickets_count(s.overdue_now))
        });
        out
    }

    fn pick_text(&self, ru: &str, en: &str) -> String {
        match self.locale {
            crate::web::i18n::Locale::Ru => ru.to_string(),
            crate::web::i18n::Locale::En => en.to_string(),
        }
    }
}
