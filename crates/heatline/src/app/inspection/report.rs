//! The act of a visit: checking it against the norms (live, value by value,
//! and on save), storing it, and turning its violations into remarks for the
//! right organizations.

use domain::deadline::{self, DeadlineRule};
use domain::inspection::{InspectionId, InspectionStatus};
use domain::inspection_report::{self, InspectionReport};
use domain::norm::Verdict;
use domain::organization::{OrganizationId, OrganizationKind};
use domain::remark::{NewRemark, RemarkIssue};
use domain::responsibility::propose_remarks;
use jiff::Timestamp;
use jiff::civil::{Date, Time};
use store::inspection::StoredInspection;
use store::inspection_report::StoredReport;
use store::remark::{RemarkPlace, StoredRemark};

use crate::app::inspection::input::{ReportInput, validate};
use crate::app::inspection::norms::{CLIMATE_BAND, schedule_for};
use crate::app::inspection::text::remark_text;
use crate::app::inspection::{InspectionProblem, RUNNERS, invalid, parse_date};
use crate::app::ticket::clean;
use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal};

/// A remark the act proposes, with its owner resolved to the building's organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedRemarkView {
    pub owner: OrganizationKind,
    pub organization_id: OrganizationId,
    pub issue: RemarkIssue,
    pub text: String,
    pub reference: String,
    pub reading_indexes: Vec<usize>,
}

/// The live check of an act being typed.
pub struct ReportPreview {
    pub report: InspectionReport,
    pub verdicts: Vec<Verdict>,
    pub proposals: Vec<ProposedRemarkView>,
}

/// The working days a remark gets unless the HQ sets a date.
pub const DEFAULT_REMARK_DAYS: u32 = 3;

/// The proposals of verdicts, owners resolved to the inspection's organizations.
fn proposals(
    report: &InspectionReport,
    verdicts: &[Verdict],
    inspection: &StoredInspection,
) -> Vec<ProposedRemarkView> {
    propose_remarks(verdicts)
        .into_iter()
        .map(|p| ProposedRemarkView {
            organization_id: match p.owner {
                OrganizationKind::ManagementCompany => inspection.management_company_id,
                OrganizationKind::HeatSupplier => inspection.heat_supplier_id,
            },
            owner: p.owner,
            issue: p.issue,
            text: remark_text(p.issue, &p.reading_indexes, &report.readings, verdicts),
            reference: p.references.join("; "),
            reading_indexes: p.reading_indexes,
        })
        .collect()
}

/// Proposals of a stored act that no remark of the inspection covers yet.
pub(crate) fn pending_proposals(
    report: &StoredReport,
    inspection: &StoredInspection,
    remarks: &[StoredRemark],
) -> Vec<ProposedRemarkView> {
    proposals(&report.report, &report.verdicts, inspection)
        .into_iter()
        .filter(|p| {
            !remarks
                .iter()
                .any(|r| r.remark.organization_id == p.organization_id && r.remark.issue == p.issue)
        })
        .collect()
}

/// Checks an act being typed without saving it: the verdicts beside each
/// value and the remarks saving would create.
#[tracing::instrument(skip_all, fields(inspection_id = id.0))]
pub async fn preview_report(
    ctx: &Ctx,
    actor: &Actor,
    id: InspectionId,
    input: &ReportInput,
) -> Result<ReportPreview, AppError> {
    actor.require(RUNNERS)?;
    let mut conn = ctx.db.read().await.map_err(internal("checking report"))?;
    let stored = store::inspection::get(&mut conn, id, actor.user.scope)
        .await
        .map_err(internal("reading inspection"))?;
    let report = validate(input, ctx.now())?;
    let schedule = schedule_for(&mut conn, Some(stored.heat_supplier_id)).await?;
    let verdicts = inspection_report::check(&report, &schedule, CLIMATE_BAND);
    let proposals = proposals(&report, &verdicts, &stored);
    Ok(ReportPreview {
        report,
        verdicts,
        proposals,
    })
}

/// The end of a city date, when a remark due that day becomes overdue.
fn end_of(date: Date) -> Timestamp {
    let time = Time::constant(23, 59, 59, 999_000_000);
    domain::calendar::city_instant(date.to_datetime(time))
}

/// Records the act: checks it against the norms, stores it with its verdicts,
/// completes the visit (an open one is scheduled for the act's time with the
/// building's organizations first) and creates the proposed remarks with the
/// deadline given. Saving again corrects the act; remarks already made stay.
#[tracing::instrument(skip_all, fields(inspection_id = id.0))]
pub async fn record_report(
    ctx: &Ctx,
    actor: &Actor,
    id: InspectionId,
    input: ReportInput,
) -> Result<InspectionId, AppError> {
    actor.require(RUNNERS)?;
    let now = ctx.now();
    let report = validate(&input, now)?;
    if report.readings.is_empty() {
        return Err(invalid("readings", InspectionProblem::NoReadings));
    }
    let due_at = match clean(&input.remarks_due_on) {
        Some(text) => match parse_date(&text) {
            Some(date) => end_of(date),
            None => {
                return Err(AppError::Invalid(FieldErrors::one(
                    "remarks_due_on",
                    Problem::Malformed,
                )));
            }
        },
        None => deadline::due_at(
            now,
            DeadlineRule::WorkingDays(DEFAULT_REMARK_DAYS),
            &ctx.calendar(),
        ),
    };
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("recording report"))?;
    let mut stored = store::inspection::get(&mut tx, id, actor.user.scope)
        .await
        .map_err(internal("reading inspection"))?;
    let act = Act {
        report,
        recorded_by: Some(actor.user.id),
        due_at,
        create_remarks: input.create_remarks,
    };
    store_act(&mut tx, &mut stored, act, now).await?;
    tx.commit().await.map_err(internal("recording report"))?;
    Ok(id)
}

/// An act ready to store, with who recorded it and the remarks' deadline.
pub(crate) struct Act {
    pub report: InspectionReport,
    pub recorded_by: Option<domain::user::UserId>,
    pub due_at: Timestamp,
    pub create_remarks: bool,
}

/// Stores an act inside the caller's transaction: schedules an open
/// inspection for the act's time with the building's organizations, completes
/// it, checks the act against the heat source's schedule, and creates the
/// proposed remarks not yet made. Returns the remarks created.
pub(crate) async fn store_act(
    tx: &mut store::db::WriteTx,
    stored: &mut StoredInspection,
    act: Act,
    now: Timestamp,
) -> Result<Vec<domain::remark::RemarkId>, AppError> {
    let id = stored.inspection.id;
    let version = stored.inspection.state().version;
    if stored.inspection.status() == InspectionStatus::Open {
        let members = vec![stored.management_company_id, stored.heat_supplier_id];
        stored
            .inspection
            .schedule(act.report.visited_at, members.clone())?;
        store::inspection::set_members(tx, id, &members, now)
            .await
            .map_err(internal("inviting members"))?;
    }
    if stored.inspection.status() != InspectionStatus::Completed {
        stored.inspection.complete(now)?;
        store::inspection::update_state(
            tx,
            &stored.inspection,
            version,
            stored.schedule_note.as_deref(),
            now,
        )
        .await
        .map_err(internal("completing inspection"))?;
    }
    let schedule = schedule_for(tx, Some(stored.heat_supplier_id)).await?;
    let verdicts = inspection_report::check(&act.report, &schedule, CLIMATE_BAND);
    let stored_report = StoredReport {
        report: act.report,
        verdicts,
        heat_source_id: Some(stored.heat_supplier_id),
        recorded_at: now,
        recorded_by: act.recorded_by,
    };
    store::inspection_report::replace(tx, id, &stored_report)
        .await
        .map_err(internal("recording report"))?;
    let mut created = Vec::new();
    if !act.create_remarks {
        return Ok(created);
    }
    let (existing, _) = store::remark::list(
        tx,
        domain::user::Scope::City,
        &store::remark::RemarkFilter {
            inspection_id: Some(id),
            ..Default::default()
        },
        500,
        0,
    )
    .await
    .map_err(internal("reading remarks"))?;
    let place = RemarkPlace {
        district_id: stored.inspection.district_id,
        building_id: stored.inspection.building_id,
    };
    for proposal in pending_proposals(&stored_report, stored, &existing) {
        let facts = NewRemark {
            inspection_id: id,
            organization_id: proposal.organization_id,
            issue: proposal.issue,
            text: proposal.text,
            reference: proposal.reference,
            due_at: act.due_at,
        };
        created.push(
            store::remark::insert(tx, &facts, &place, act.recorded_by, now)
                .await
                .map_err(internal("creating remark"))?,
        );
    }
    Ok(created)
}
