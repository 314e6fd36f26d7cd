//! A meeting's agenda built from the data as of the meeting: each generated
//! section comes from one small builder below, the staff's items are merged in
//! the stored order.
//!
//! "As of the meeting" means the instant the meeting starts, or now while it
//! is still ahead: the figures compare the weeks `hq_meeting::agenda_weeks`
//! names; overdue tickets are those open and past due at that instant;
//! directives are carried over when overdue at the meeting's start
//! (`directive::carried_over`), reports filed later not counted.
//!
//! To add a section: a variant in
//! `domain::hq_agenda::AgendaSection`, a variant in [`SectionContent`], one
//! arm in [`build_section`] calling a new builder here, and its rendering in
//! `templates/hq/agenda_sections.html` and `app/hq/xlsx.rs`.

use domain::category::Category;
use domain::district::DistrictId;
use domain::hq_agenda::{self, AgendaEntry, AgendaItem, AgendaSection, WeekCount};
use domain::hq_meeting::{AgendaWeeks, Hq, HqMeeting, HqMeetingId, agenda_weeks};
use domain::quality_callback::stats::CallbackStats as CallbackCounts;
use jiff::Timestamp;
use store::AnyConnection;
use store::hq_agenda::{BuildingCount, InspectionLine, OverdueCount, ReopenedTicket};

use crate::app::directive::{self, DirectiveView};
use crate::app::hq::{HqInfo, check_view, info};
use crate::app::quality_callback;
use crate::app::{Actor, AppError, Ctx, internal};

/// How many repeat buildings and reopened tickets an agenda lists.
const TOP_BUILDINGS: i64 = 10;
/// A building is a repeat building with this many tickets in the week.
const REPEAT_MIN_TICKETS: i64 = 2;
const REOPENED_LIMIT: i64 = 50;
const INSPECTIONS_LIMIT: i64 = 50;

/// A meeting's whole agenda.
#[derive(Debug, Clone)]
pub struct Agenda {
    pub meeting: HqMeeting,
    pub info: HqInfo,
    pub weeks: AgendaWeeks,
    /// The instant the figures are taken at.
    pub as_of: Timestamp,
    /// The reported week has ended at `as_of`; until then its figures are
    /// partial (a meeting opened ahead of time).
    pub week_complete: bool,
    /// Sections and staff items in the order they are taken up.
    pub parts: Vec<AgendaPart>,
    /// Directives decided at this meeting.
    pub decided: Vec<DirectiveView>,
}

/// One place in the agenda, with the key it is moved by.
#[derive(Debug, Clone)]
pub struct AgendaPart {
    pub entry: AgendaEntry,
    pub content: PartContent,
}

#[derive(Debug, Clone)]
pub enum PartContent {
    Section(SectionContent),
    Item(AgendaItem),
}

/// What a generated section shows.
#[derive(Debug, Clone)]
pub enum SectionContent {
    WeekFigures(WeekFigures),
    RepeatBuildings(Vec<BuildingCount>),
    Inspections(Vec<InspectionLine>),
    OverdueTickets(Vec<OverdueCount>),
    OverdueRemarks(Vec<OverdueCount>),
    ReopenedTickets(Vec<ReopenedTicket>),
    CarriedOverDirectives(Vec<DirectiveView>),
}

/// Tickets and quality callbacks of the reported week against the week before.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekFigures {
    pub total: WeekCount,
    /// Every category, in the fixed category order.
    pub by_category: Vec<(Category, WeekCount)>,
    /// Calls the control department placed in each week, with the solved share.
    pub callbacks: CallbackWeeks,
}

/// Quality callbacks placed in the reported week and the week before.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CallbackWeeks {
    pub reported: CallbackCounts,
    pub previous: CallbackCounts,
}

/// What every section builder is given.
struct Frame<'a> {
    actor: &'a Actor,
    meeting: &'a HqMeeting,
    district: Option<DistrictId>,
    weeks: AgendaWeeks,
    as_of: Timestamp,
    now: Timestamp,
}

/// The agenda of a meeting the actor may see.
#[tracing::instrument(skip_all, fields(meeting_id = id.0))]
pub async fn get_agenda(ctx: &Ctx, actor: &Actor, id: HqMeetingId) -> Result<Agenda, AppError> {
    let mut conn = ctx.db.read().await.map_err(internal("building agenda"))?;
    let meeting = store::hq_meeting::get(&mut conn, id)
        .await
        .map_err(internal("reading meeting"))?;
    check_view(actor, meeting.hq)?;
    let info = info(&mut conn, meeting.hq).await?;
    let now = ctx.now();
    let frame = Frame {
        actor,
        meeting: &meeting,
        district: meeting.hq.district_id(),
        weeks: agenda_weeks(meeting.date),
        as_of: meeting.starts_at.min(now),
        now,
    };
    let stored = store::hq_meeting::agenda(&mut conn, id)
        .await
        .map_err(internal("reading agenda"))?;
    let mut parts = Vec::new();
    for entry in hq_agenda::arrange(&stored.order) {
        let content = match entry {
            AgendaEntry::Section(section) => {
                PartContent::Section(build_section(&mut conn, &frame, section).await?)
            }
            AgendaEntry::Item(item_id) => match stored.items.iter().find(|i| i.id == item_id) {
                Some(item) => PartContent::Item(item.clone()),
                None => continue,
            },
        };
        parts.push(AgendaPart { entry, content });
    }
    let decided = decided_at(&mut conn, &frame).await?;
    Ok(Agenda {
        weeks: frame.weeks,
        as_of: frame.as_of,
        week_complete: frame.as_of >= frame.weeks.reported.end(),
        meeting: meeting.clone(),
        info,
        parts,
        decided,
    })
}

/// Builds one generated section; the one place a new section is wired in.
async fn build_section(
    conn: &mut AnyConnection,
    frame: &Frame<'_>,
    section: AgendaSection,
) -> Result<SectionContent, AppError> {
    Ok(match section {
        AgendaSection::WeekFigures => SectionContent::WeekFigures(week_figures(conn, frame).await?),
        AgendaSection::RepeatBuildings => {
            SectionContent::RepeatBuildings(repeat_buildings(conn, frame).await?)
        }
        AgendaSection::Inspections => SectionContent::Inspections(inspections(conn, frame).await?),
        AgendaSection::OverdueTickets => {
            SectionContent::OverdueTickets(overdue_tickets(conn, frame).await?)
        }
        AgendaSection::OverdueRemarks => {
            SectionContent::OverdueRemarks(overdue_remarks(conn, frame).await?)
        }
        AgendaSection::ReopenedTickets => {
            SectionContent::ReopenedTickets(reopened_tickets(conn, frame).await?)
        }
        AgendaSection::CarriedOverDirectives => {
            SectionContent::CarriedOverDirectives(carried_over_directives(conn, frame).await?)
        }
    })
}

async fn week_figures(
    conn: &mut AnyConnection,
    frame: &Frame<'_>,
) -> Result<WeekFigures, AppError> {
    let (reported, previous) = (frame.weeks.reported, frame.weeks.previous);
    let this =
        store::hq_agenda::count_by_category(conn, frame.district, reported.start(), reported.end())
            .await
            .map_err(internal("counting week"))?;
    let before =
        store::hq_agenda::count_by_category(conn, frame.district, previous.start(), previous.end())
            .await
            .map_err(internal("counting week"))?;
    let callbacks = CallbackWeeks {
        reported: quality_callback::counts_between(
            conn,
            frame.district,
            reported.start(),
            reported.end(),
        )
        .await?,
        previous: quality_callback::counts_between(
            conn,
            frame.district,
            previous.start(),
            previous.end(),
        )
        .await?,
    };
    Ok(compare_weeks(&this, &before, callbacks))
}

/// Puts two weeks' per-category counts side by side, every category listed.
pub fn compare_weeks(
    reported: &[(Category, i64)],
    previous: &[(Category, i64)],
    callbacks: CallbackWeeks,
) -> WeekFigures {
    let count = |list: &[(Category, i64)], category| {
        list.iter()
            .find(|(c, _)| *c == category)
            .map_or(0, |(_, n)| *n)
    };
    let by_category: Vec<(Category, WeekCount)> = Category::ALL
        .iter()
        .map(|c| {
            let week = WeekCount {
                reported: count(reported, *c),
                previous: count(previous, *c),
            };
            (*c, week)
        })
        .collect();
    let total = by_category
        .iter()
        .fold(WeekCount::default(), |sum, (_, w)| WeekCount {
            reported: sum.reported + w.reported,
            previous: sum.previous + w.previous,
        });
    WeekFigures {
        total,
        by_category,
        callbacks,
    }
}

async fn repeat_buildings(
    conn: &mut AnyConnection,
    frame: &Frame<'_>,
) -> Result<Vec<BuildingCount>, AppError> {
    let week = frame.weeks.reported;
    store::hq_agenda::top_buildings(
        conn,
        frame.district,
        week.start(),
        week.end(),
        REPEAT_MIN_TICKETS,
        TOP_BUILDINGS,
    )
    .await
    .map_err(internal("counting buildings"))
}

async fn overdue_tickets(
    conn: &mut AnyConnection,
    frame: &Frame<'_>,
) -> Result<Vec<OverdueCount>, AppError> {
    store::hq_agenda::overdue_by_organization(conn, frame.district, frame.as_of)
        .await
        .map_err(internal("counting overdue tickets"))
}

async fn inspections(
    conn: &mut AnyConnection,
    frame: &Frame<'_>,
) -> Result<Vec<InspectionLine>, AppError> {
    store::hq_agenda::inspections_in_progress(
        conn,
        frame.district,
        frame.weeks.reported.start(),
        frame.as_of,
        INSPECTIONS_LIMIT,
    )
    .await
    .map_err(internal("listing inspections"))
}

async fn overdue_remarks(
    conn: &mut AnyConnection,
    frame: &Frame<'_>,
) -> Result<Vec<OverdueCount>, AppError> {
    store::hq_agenda::overdue_remarks_by_organization(conn, frame.district, frame.as_of)
        .await
        .map_err(internal("counting overdue remarks"))
}

async fn reopened_tickets(
    conn: &mut AnyConnection,
    frame: &Frame<'_>,
) -> Result<Vec<ReopenedTicket>, AppError> {
    store::hq_agenda::reopened_between(
        conn,
        frame.district,
        frame.weeks.reported.start(),
        frame.as_of,
        REOPENED_LIMIT,
    )
    .await
    .map_err(internal("listing reopened tickets"))
}

async fn carried_over_directives(
    conn: &mut AnyConnection,
    frame: &Frame<'_>,
) -> Result<Vec<DirectiveView>, AppError> {
    let hq = frame.meeting.hq;
    let at = frame.meeting.starts_at;
    let rows_of = match hq {
        Hq::City => None,
        Hq::District(_) => Some(hq),
    };
    let now = store::directive::overdue_at(conn, rows_of, at)
        .await
        .map_err(internal("listing overdue directives"))?;
    let then: Vec<_> = now.iter().map(|d| d.as_of(at)).collect();
    // Listed as they stand now (a report filed since shows), in the order
    // the rule gives for the meeting's start.
    let carried = domain::directive::carried_over(&then, hq, at)
        .into_iter()
        .filter_map(|d| now.iter().find(|n| n.id == d.id).cloned())
        .collect();
    directive::views(conn, frame.actor, carried, frame.now).await
}

async fn decided_at(
    conn: &mut AnyConnection,
    frame: &Frame<'_>,
) -> Result<Vec<DirectiveView>, AppError> {
    let filter = store::directive::DirectiveFilter {
        meeting_id: Some(frame.meeting.id),
        ..Default::default()
    };
    let list = store::directive::list(conn, store::directive::DirectiveScope::All, &filter, 500)
        .await
        .map_err(internal("listing decisions"))?;
    directive::views(conn, frame.actor, list, frame.now).await
}
