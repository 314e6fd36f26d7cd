//! An HQ's workspace: what needs its attention now — tickets reopened in its
//! area, overdue tickets and inspection remarks by organization, buildings
//! with the most tickets in the last 7 days, joint inspections in progress,
//! its next meetings and receptions, its open directives.

use domain::calendar;
use domain::citizen_reception;
use domain::directive::DirectiveStatus;
use domain::hq_meeting::Hq;
use jiff::civil::Date;
use jiff::{SignedDuration, ToSpan};
use store::directive::{DirectiveFilter, DirectiveScope};
use store::hq_agenda::{
    BuildingCount, EscalatedTicket, InspectionLine, OverdueCount, ReopenedTicket,
};

use crate::app::directive::{self, DirectiveView};
use crate::app::hq::meeting::{MeetingSlot, list_meetings};
use crate::app::hq::{HqInfo, check_view, info, parse_hq, schedule_of};
use crate::app::{Actor, AppError, Ctx, internal};

const LIST_LIMIT: i64 = 20;

#[derive(Debug, Clone)]
pub struct Workspace {
    pub info: HqInfo,
    pub reopened: Vec<ReopenedTicket>,
    pub overdue: Vec<OverdueCount>,
    /// Open tickets past their deadline in the HQ's area, longest overdue first.
    pub escalated: Vec<EscalatedTicket>,
    pub repeat_buildings: Vec<BuildingCount>,
    /// Inspections still to be visited, and those completed in the last 7 days.
    pub inspections: Vec<InspectionLine>,
    pub overdue_remarks: Vec<OverdueCount>,
    pub meetings: Vec<MeetingSlot>,
    pub receptions: Vec<ReceptionDaySummary>,
    /// Open and overdue directives issued by or addressed to the HQ.
    pub directives: Vec<DirectiveView>,
}

/// A coming reception day and how full it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceptionDaySummary {
    pub date: Date,
    pub slots: usize,
    pub booked: usize,
}

/// The workspace of an HQ (the actor's own by default).
#[tracing::instrument(skip_all)]
pub async fn workspace(ctx: &Ctx, actor: &Actor, hq: Option<&str>) -> Result<Workspace, AppError> {
    let hq = parse_hq(actor, hq)?;
    check_view(actor, hq)?;
    let now = ctx.now();
    let district = hq.district_id();
    let mut conn = ctx.db.read().await.map_err(internal("reading workspace"))?;
    let info = info(&mut conn, hq).await?;
    let reopened = store::hq_agenda::reopened_now(&mut conn, district, LIST_LIMIT)
        .await
        .map_err(internal("listing reopened"))?;
    let overdue = store::hq_agenda::overdue_by_organization(&mut conn, district, now)
        .await
        .map_err(internal("counting overdue"))?;
    let escalated = store::hq_agenda::escalated_now(&mut conn, district, now, LIST_LIMIT)
        .await
        .map_err(internal("listing escalated"))?;
    let week_ago = now - SignedDuration::from_hours(24 * 7);
    let repeat_buildings =
        store::hq_agenda::top_buildings(&mut conn, district, week_ago, now, 2, LIST_LIMIT)
            .await
            .map_err(internal("counting buildings"))?;
    let inspections =
        store::hq_agenda::inspections_in_progress(&mut conn, district, week_ago, now, LIST_LIMIT)
            .await
            .map_err(internal("listing inspections"))?;
    let overdue_remarks =
        store::hq_agenda::overdue_remarks_by_organization(&mut conn, district, now)
            .await
            .map_err(internal("counting overdue remarks"))?;
    let receptions = coming_receptions(ctx, &mut conn, hq).await?;
    let directives = open_directives(&mut conn, actor, hq, now).await?;
    drop(conn);
    let today = calendar::city_date(now);
    let code = hq.code();
    let from = today.to_string();
    let to = today.saturating_add(3.weeks()).to_string();
    let meetings = list_meetings(ctx, actor, Some(&code), Some(&from), Some(&to))
        .await?
        .meetings
        .into_iter()
        .filter(|m| m.starts_at >= now)
        .take(3)
        .collect();
    Ok(Workspace {
        info,
        reopened,
        overdue,
        escalated,
        repeat_buildings,
        inspections,
        overdue_remarks,
        meetings,
        receptions,
        directives,
    })
}

async fn coming_receptions(
    ctx: &Ctx,
    conn: &mut store::AnyConnection,
    hq: Hq,
) -> Result<Vec<ReceptionDaySummary>, AppError> {
    let schedule = schedule_of(conn, hq).await?.reception;
    let now = ctx.now();
    let working = |d: Date| ctx.calendar().is_working_day(d);
    let mut out = Vec::new();
    let mut next = citizen_reception::coming_reception_date(&schedule, now, &working);
    while let Some(date) = next.filter(|_| out.len() < 2) {
        let slots = citizen_reception::slots(&schedule, date, &working);
        let booked = store::reception::list(
            conn,
            Some(hq),
            calendar::start_of_day(date),
            calendar::start_of_day(date.saturating_add(1.day())),
        )
        .await
        .map_err(internal("counting bookings"))?
        .len();
        out.push(ReceptionDaySummary {
            date,
            slots: slots.len(),
            booked,
        });
        next = citizen_reception::next_reception_date(
            &schedule,
            date.saturating_add(1.day()),
            &working,
        );
    }
    Ok(out)
}

async fn open_directives(
    conn: &mut store::AnyConnection,
    actor: &Actor,
    hq: Hq,
    now: jiff::Timestamp,
) -> Result<Vec<DirectiveView>, AppError> {
    let scope = match hq {
        Hq::City => DirectiveScope::All,
        Hq::District(d) => DirectiveScope::District(d),
    };
    let mut list = Vec::new();
    for status in [DirectiveStatus::Overdue, DirectiveStatus::Open] {
        let filter = DirectiveFilter {
            hq: (hq == Hq::City).then_some(Hq::City),
            status: Some((status, now)),
            ..Default::default()
        };
        list.extend(
            store::directive::list(conn, scope, &filter, LIST_LIMIT)
                .await
                .map_err(internal("listing directives"))?,
        );
    }
    directive::views(conn, actor, list, now).await
}
