//! Joint inspections (комиссионные выезды): repeat detection opens them, the
//! district HQ schedules and records the visit, the act is checked against the
//! norms and yields remarks. Organizations see the inspections of their
//! buildings read-only.
//!
//! Not here: the remark lifecycle after creation (`app::remark`).

pub mod input;
pub mod norms;
pub mod photo;
pub mod repeat;
pub mod report;
pub mod text;

use domain::building::{Building, BuildingId};
use domain::district::District;
use domain::inspection::{InspectionError, InspectionId, InspectionStatus};
use domain::organization::{Organization, OrganizationId};
use domain::remark::RemarkError;
use domain::temperature_schedule::{ScheduleError, ScheduleField};
use domain::user::Role;
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use store::inspection::{InspectionFilter, InspectionSummary, StoredInspection};
use store::inspection_report::{PhotoInfo, StoredReport};
use store::remark::StoredRemark;

use crate::app::ticket::TicketView;
use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal};

/// Every role reads inspections within its scope; organizations see their buildings'.
pub(crate) const READERS: &[Role] = &[
    Role::Operator,
    Role::Organization,
    Role::DistrictHq,
    Role::CityHq,
    Role::Controller,
    Role::Admin,
];

/// Only the district HQ runs visits, in its own district.
pub(crate) const RUNNERS: &[Role] = &[Role::DistrictHq];

/// What is wrong with an input of this area, as a code for `web/i18n`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InspectionProblem {
    PhotoEmpty,
    PhotoTooLarge {
        max: usize,
    },
    NotAnImage,
    /// A measurement outside what an instrument could show (a typo).
    Implausible,
    NotAHeatSupplier,
    /// The instrument's verification is dated after the visit.
    VerifiedAfterVisit,
    Transition(InspectionError),
    RemarkTransition(RemarkError),
    ScheduleCsv {
        line: usize,
        kind: ScheduleProblem,
    },
    /// Nothing measured: an act needs at least one reading.
    NoReadings,
}

/// A temperature schedule CSV problem (line numbers are on the containing variant).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScheduleProblem {
    MissingHeader,
    FieldCount { found: usize },
    NotANumber { field: ScheduleField },
    DuplicateOutdoor { first_line: usize },
    SupplyBelowReturn,
    TooFewPoints { found: usize },
}

impl From<&ScheduleError> for InspectionProblem {
    fn from(err: &ScheduleError) -> Self {
        let (line, kind) = match err {
            ScheduleError::MissingHeader { line, .. } => (*line, ScheduleProblem::MissingHeader),
            ScheduleError::FieldCount { line, found } => {
                (*line, ScheduleProblem::FieldCount { found: *found })
            }
            ScheduleError::NotANumber { line, field, .. } => {
                (*line, ScheduleProblem::NotANumber { field: *field })
            }
            ScheduleError::DuplicateOutdoor {
                line, first_line, ..
            } => (
                *line,
                ScheduleProblem::DuplicateOutdoor {
                    first_line: *first_line,
                },
            ),
            ScheduleError::SupplyBelowReturn { line, .. } => {
                (*line, ScheduleProblem::SupplyBelowReturn)
            }
            ScheduleError::TooFewPoints { found } => {
                (0, ScheduleProblem::TooFewPoints { found: *found })
            }
        };
        InspectionProblem::ScheduleCsv { line, kind }
    }
}

pub(crate) fn invalid(field: &str, problem: InspectionProblem) -> AppError {
    AppError::Invalid(FieldErrors::one(field, Problem::Inspection(problem)))
}

impl From<InspectionError> for AppError {
    fn from(err: InspectionError) -> Self {
        invalid("status", InspectionProblem::Transition(err))
    }
}

impl From<RemarkError> for AppError {
    fn from(err: RemarkError) -> Self {
        let field = match err {
            RemarkError::EmptyComment => "comment",
            RemarkError::InvalidTransition { .. } => "status",
        };
        match err {
            RemarkError::EmptyComment => {
                AppError::Invalid(FieldErrors::one(field, Problem::Required))
            }
            other => invalid(field, InspectionProblem::RemarkTransition(other)),
        }
    }
}

/// An instant typed by a person or a client: RFC 3339 with an offset, or a
/// city wall-clock time `YYYY-MM-DDTHH:MM` (a space instead of `T` too).
pub fn parse_instant(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(at) = text.parse::<Timestamp>() {
        return Some(at);
    }
    text.replacen(' ', "T", 1)
        .parse::<DateTime>()
        .ok()
        .map(domain::calendar::city_instant)
}

pub fn parse_date(text: &str) -> Option<Date> {
    text.trim().parse().ok()
}

/// Filters of an inspection list as typed in a URL.
#[derive(Debug, Clone, Default)]
pub struct InspectionListParams {
    pub building_id: Option<String>,
    pub status: Option<String>,
    pub page: Option<String>,
}

pub struct InspectionList {
    pub items: Vec<InspectionSummary>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
}

const PAGE_SIZE: i64 = 50;

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Lists the inspections in the actor's scope, newest first.
#[tracing::instrument(skip_all)]
pub async fn list_inspections(
    ctx: &Ctx,
    actor: &Actor,
    params: &InspectionListParams,
) -> Result<InspectionList, AppError> {
    actor.require(READERS)?;
    let mut errors = FieldErrors::default();
    let mut filter = InspectionFilter::default();
    if let Some(b) = present(&params.building_id) {
        match b.parse::<i64>() {
            Ok(id) if id > 0 => filter.building_id = Some(BuildingId(id)),
            _ => errors.add("building_id", Problem::Malformed),
        }
    }
    if let Some(s) = present(&params.status) {
        match InspectionStatus::from_code(s) {
            Some(status) => filter.status = Some(status),
            None => errors.add("status", Problem::UnknownCode),
        }
    }
    let page = match present(&params.page).map(str::parse::<i64>) {
        None => 1,
        Some(Ok(p)) if p > 0 => p,
        Some(_) => {
            errors.add("page", Problem::Malformed);
            1
        }
    };
    errors.into_result()?;
    let mut conn = ctx
        .db
        .read()
        .await
        .map_err(internal("listing inspections"))?;
    let (items, total) = store::inspection::list(
        &mut conn,
        actor.user.scope,
        &filter,
        PAGE_SIZE,
        (page - 1) * PAGE_SIZE,
    )
    .await
    .map_err(internal("listing inspections"))?;
    Ok(InspectionList {
        items,
        total,
        page,
        page_size: PAGE_SIZE,
    })
}

/// What the actor may do with an inspection now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InspectionActions {
    pub schedule: bool,
    pub cancel: bool,
    pub report: bool,
    pub add_remark: bool,
}

/// An inspection with everything its page and the act show.
pub struct InspectionDetails {
    pub stored: StoredInspection,
    pub building: Building,
    pub district: District,
    pub management_company: Organization,
    pub heat_supplier: Organization,
    pub members: Vec<Organization>,
    /// The linked tickets the actor may see, personal data masked by role.
    pub tickets: Vec<TicketView>,
    pub report: Option<StoredReport>,
    /// Proposals of the act not yet made into remarks.
    pub proposals: Vec<report::ProposedRemarkView>,
    pub remarks: Vec<StoredRemark>,
    pub photos: Vec<PhotoInfo>,
    pub can: InspectionActions,
    /// When this was read, for overdue flags.
    pub now: Timestamp,
}

impl InspectionDetails {
    pub fn status(&self) -> InspectionStatus {
        self.stored.inspection.status()
    }

    /// The organization of an id among the building's and the members.
    pub fn organization(&self, id: OrganizationId) -> Option<&Organization> {
        [&self.management_company, &self.heat_supplier]
            .into_iter()
            .chain(self.members.iter())
            .find(|o| o.id == id)
    }
}

fn actions(actor: &Actor, status: InspectionStatus) -> InspectionActions {
    let runs = RUNNERS.contains(&actor.role());
    InspectionActions {
        schedule: runs && status.is_open(),
        cancel: runs && status.is_open(),
        report: runs
            && matches!(
                status,
                InspectionStatus::Scheduled | InspectionStatus::Open | InspectionStatus::Completed
            ),
        add_remark: runs && status == InspectionStatus::Completed,
    }
}

/// One inspection in the actor's scope; outside it `NotFound`.
#[tracing::instrument(skip_all, fields(inspection_id = id.0))]
pub async fn get_inspection(
    ctx: &Ctx,
    actor: &Actor,
    id: InspectionId,
) -> Result<InspectionDetails, AppError> {
    actor.require(READERS)?;
    let mut conn = ctx
        .db
        .read()
        .await
        .map_err(internal("reading inspection"))?;
    let stored = store::inspection::get(&mut conn, id, actor.user.scope)
        .await
        .map_err(internal("reading inspection"))?;
    let inspection = &stored.inspection;
    let building = store::building::get(&mut conn, inspection.building_id)
        .await
        .map_err(internal("reading building"))?;
    let district = store::district::get(&mut conn, inspection.district_id)
        .await
        .map_err(internal("reading district"))?;
    let organization = async |conn: &mut store::AnyConnection, id| {
        store::organization::get(conn, id)
            .await
            .map_err(internal("reading organization"))
    };
    let management_company = organization(&mut conn, stored.management_company_id).await?;
    let heat_supplier = organization(&mut conn, stored.heat_supplier_id).await?;
    let mut members = Vec::new();
    for member in inspection.members() {
        members.push(organization(&mut conn, *member).await?);
    }
    let mut tickets = Vec::new();
    for ticket_id in inspection.ticket_ids() {
        match store::ticket::get(&mut conn, *ticket_id, actor.user.scope).await {
            Ok(ticket) => tickets.push(crate::app::ticket::view(actor, ticket, ctx)),
            Err(store::error::StoreError::NotFound) => {}
            Err(err) => return Err(internal("reading linked ticket")(err)),
        }
    }
    let report = store::inspection_report::get(&mut conn, id)
        .await
        .map_err(internal("reading report"))?;
    let (remarks, _) = store::remark::list(
        &mut conn,
        actor.user.scope,
        &store::remark::RemarkFilter {
            inspection_id: Some(id),
            ..Default::default()
        },
        500,
        0,
    )
    .await
    .map_err(internal("reading remarks"))?;
    // A remark's photos go with the remark: organizations see only their own.
    let photos = store::inspection_report::list_photos(&mut conn, id)
        .await
        .map_err(internal("reading photos"))?
        .into_iter()
        .filter(|p| {
            p.remark_id
                .is_none_or(|r| remarks.iter().any(|it| it.remark.id == r))
        })
        .collect();
    let proposals = match &report {
        Some(stored_report) if RUNNERS.contains(&actor.role()) => {
            report::pending_proposals(stored_report, &stored, &remarks)
        }
        _ => Vec::new(),
    };
    let can = actions(actor, stored.inspection.status());
    Ok(InspectionDetails {
        stored,
        building,
        district,
        management_company,
        heat_supplier,
        members,
        tickets,
        report,
        proposals,
        remarks,
        photos,
        can,
        now: ctx.now(),
    })
}

/// A visit's date, time and invited organizations.
#[derive(Debug, Clone, Default)]
pub struct ScheduleInput {
    /// RFC 3339, or city time `YYYY-MM-DDTHH:MM`.
    pub visit_at: String,
    pub member_organization_ids: Vec<i64>,
    /// Who of the district HQ goes, or anything the members should know.
    pub note: Option<String>,
}

/// Sets (or moves) the visit and invites the organizations: each sees the
/// visit in its own inspection list from now on.
#[tracing::instrument(skip_all, fields(inspection_id = id.0))]
pub async fn schedule_inspection(
    ctx: &Ctx,
    actor: &Actor,
    id: InspectionId,
    input: ScheduleInput,
) -> Result<InspectionId, AppError> {
    actor.require(RUNNERS)?;
    let mut errors = FieldErrors::default();
    let visit_at = parse_instant(&input.visit_at);
    if input.visit_at.trim().is_empty() {
        errors.add("visit_at", Problem::Required);
    } else if visit_at.is_none() {
        errors.add("visit_at", Problem::Malformed);
    }
    let note = crate::app::ticket::clean(&input.note);
    if note.as_deref().is_some_and(|n| n.chars().count() > 2000) {
        errors.add("note", Problem::TooLong { max: 2000 });
    }
    let mut members: Vec<OrganizationId> = input
        .member_organization_ids
        .iter()
        .map(|o| OrganizationId(*o))
        .collect();
    members.sort();
    members.dedup();
    if members.is_empty() {
        errors.add("member_organization_ids", Problem::Required);
    }
    let now = ctx.now();
    let mut tx = ctx.db.begin_write().await.map_err(internal("scheduling"))?;
    let mut stored = store::inspection::get(&mut tx, id, actor.user.scope)
        .await
        .map_err(internal("reading inspection"))?;
    for member in &members {
        if store::organization::get(&mut tx, *member).await.is_err() {
            errors.add("member_organization_ids", Problem::NotFound);
        }
    }
    errors.into_result()?;
    let version = stored.inspection.state().version;
    stored
        .inspection
        .schedule(visit_at.expect("validated above"), members.clone())?;
    store::inspection::update_state(&mut tx, &stored.inspection, version, note.as_deref(), now)
        .await
        .map_err(internal("scheduling"))?;
    store::inspection::set_members(&mut tx, id, &members, now)
        .await
        .map_err(internal("inviting members"))?;
    tx.commit().await.map_err(internal("scheduling"))?;
    tracing::info!(
        inspection_id = id.0,
        members = members.len(),
        "inspection scheduled"
    );
    Ok(id)
}

/// Calls the visit off with a reason.
#[tracing::instrument(skip_all, fields(inspection_id = id.0))]
pub async fn cancel_inspection(
    ctx: &Ctx,
    actor: &Actor,
    id: InspectionId,
    reason: &str,
) -> Result<InspectionId, AppError> {
    actor.require(RUNNERS)?;
    if reason.trim().is_empty() {
        return Err(AppError::Invalid(FieldErrors::one(
            "reason",
            Problem::Required,
        )));
    }
    let now = ctx.now();
    let mut tx = ctx.db.begin_write().await.map_err(internal("cancelling"))?;
    let mut stored = store::inspection::get(&mut tx, id, actor.user.scope)
        .await
        .map_err(internal("reading inspection"))?;
    let version = stored.inspection.state().version;
    stored.inspection.cancel(reason, now)?;
    store::inspection::update_state(
        &mut tx,
        &stored.inspection,
        version,
        stored.schedule_note.as_deref(),
        now,
    )
    .await
    .map_err(internal("cancelling"))?;
    tx.commit().await.map_err(internal("cancelling"))?;
    Ok(id)
}
