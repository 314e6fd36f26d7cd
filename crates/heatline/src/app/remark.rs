//! Remarks (замечания): created from an act's proposals or by hand by the
//! district HQ, claimed eliminated by the owner organization (with a comment
//! and optionally a photo), then verified by the HQ or sent back to open.
//! Organizations see only the remarks addressed to them.

use domain::inspection::{InspectionId, InspectionStatus};
use domain::organization::OrganizationId;
use domain::remark::{NewRemark, RemarkId, RemarkIssue, RemarkStatus};
use domain::user::Role;
use jiff::Timestamp;
use store::inspection_report::{NewPhoto, PhotoInfo};
use store::remark::{RemarkFilter, RemarkPlace, StoredRemark};

use crate::app::inspection::photo::{PhotoUpload, check_photo};
use crate::app::inspection::report::DEFAULT_REMARK_DAYS;
use crate::app::inspection::{
    InspectionProblem, READERS, RUNNERS, invalid, parse_date, parse_instant,
};
use crate::app::ticket::clean;
use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal};

/// Filters of a remark list as typed in a URL.
#[derive(Debug, Clone, Default)]
pub struct RemarkListParams {
    pub status: Option<String>,
    /// `true`: only open remarks past their deadline.
    pub overdue: Option<String>,
    pub inspection_id: Option<String>,
    pub organization_id: Option<String>,
    pub page: Option<String>,
}

pub struct RemarkList {
    pub items: Vec<StoredRemark>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
    pub now: Timestamp,
}

const PAGE_SIZE: i64 = 50;

fn id_param(errors: &mut FieldErrors, field: &str, value: &Option<String>) -> Option<i64> {
    let text = value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
    match text.parse::<i64>() {
        Ok(n) if n > 0 => Some(n),
        _ => {
            errors.add(field, Problem::Malformed);
            None
        }
    }
}

/// Remarks in the actor's scope, by deadline.
#[tracing::instrument(skip_all)]
pub async fn list_remarks(
    ctx: &Ctx,
    actor: &Actor,
    params: &RemarkListParams,
) -> Result<RemarkList, AppError> {
    actor.require(READERS)?;
    let mut errors = FieldErrors::default();
    let now = ctx.now();
    let mut filter = RemarkFilter::default();
    match params.status.as_deref().map(str::trim) {
        None | Some("") => {}
        Some(code) => match RemarkStatus::from_code(code) {
            Some(s) => filter.status = Some(s),
            None => errors.add("status", Problem::UnknownCode),
        },
    }
    match params.overdue.as_deref().map(str::trim) {
        Some("true" | "1" | "on") => filter.overdue_at = Some(now),
        None | Some("" | "false" | "0") => {}
        Some(_) => errors.add("overdue", Problem::Malformed),
    }
    filter.inspection_id =
        id_param(&mut errors, "inspection_id", &params.inspection_id).map(InspectionId);
    filter.organization_id =
        id_param(&mut errors, "organization_id", &params.organization_id).map(OrganizationId);
    let page = id_param(&mut errors, "page", &params.page).unwrap_or(1);
    errors.into_result()?;
    let mut conn = ctx.db.read().await.map_err(internal("listing remarks"))?;
    let (items, total) = store::remark::list(
        &mut conn,
        actor.user.scope,
        &filter,
        PAGE_SIZE,
        (page - 1) * PAGE_SIZE,
    )
    .await
    .map_err(internal("listing remarks"))?;
    Ok(RemarkList {
        items,
        total,
        page,
        page_size: PAGE_SIZE,
        now,
    })
}

/// What the actor may do with a remark now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RemarkActions {
    pub eliminate: bool,
    pub verify: bool,
    pub reject: bool,
}

pub fn remark_actions(actor: &Actor, remark: &StoredRemark) -> RemarkActions {
    let status = remark.remark.status();
    let role = actor.role();
    RemarkActions {
        eliminate: role == Role::Organization && status == RemarkStatus::Open,
        verify: RUNNERS.contains(&role) && status == RemarkStatus::Eliminated,
        reject: RUNNERS.contains(&role) && status == RemarkStatus::Eliminated,
    }
}

/// A remark with its photos.
pub struct RemarkDetails {
    pub stored: StoredRemark,
    /// When this was read, for the overdue flag.
    pub now: Timestamp,
    pub photos: Vec<PhotoInfo>,
    pub overdue: bool,
    pub can: RemarkActions,
}

/// One remark in the actor's scope; outside it `NotFound`.
pub async fn get_remark(ctx: &Ctx, actor: &Actor, id: RemarkId) -> Result<RemarkDetails, AppError> {
    actor.require(READERS)?;
    let mut conn = ctx.db.read().await.map_err(internal("reading remark"))?;
    let stored = store::remark::get(&mut conn, id, actor.user.scope)
        .await
        .map_err(internal("reading remark"))?;
    let photos = store::inspection_report::list_photos(&mut conn, stored.remark.inspection_id)
        .await
        .map_err(internal("reading photos"))?
        .into_iter()
        .filter(|p| p.remark_id == Some(id))
        .collect();
    Ok(RemarkDetails {
        now: ctx.now(),
        overdue: stored.remark.is_overdue(ctx.now()),
        can: remark_actions(actor, &stored),
        stored,
        photos,
    })
}

/// A remark the district HQ writes by hand.
#[derive(Debug, Clone, Default)]
pub struct CreateRemark {
    pub inspection_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub issue: Option<String>,
    pub text: Option<String>,
    pub reference: Option<String>,
    /// A city date or an instant; 3 working days when absent.
    pub due: Option<String>,
}

fn due_instant(ctx: &Ctx, text: &Option<String>, now: Timestamp) -> Option<Timestamp> {
    match clean(text) {
        None => Some(domain::deadline::due_at(
            now,
            domain::deadline::DeadlineRule::WorkingDays(DEFAULT_REMARK_DAYS),
            &ctx.calendar(),
        )),
        Some(text) => parse_date(&text)
            .map(|d| {
                domain::calendar::city_instant(d.to_datetime(jiff::civil::Time::constant(
                    23,
                    59,
                    59,
                    999_000_000,
                )))
            })
            .or_else(|| parse_instant(&text)),
    }
}

/// Creates a remark on a completed inspection for one of the building's
/// organizations (or an invited one).
#[tracing::instrument(skip_all)]
pub async fn create_remark(
    ctx: &Ctx,
    actor: &Actor,
    input: CreateRemark,
) -> Result<RemarkId, AppError> {
    actor.require(RUNNERS)?;
    let now = ctx.now();
    let mut errors = FieldErrors::default();
    let issue = match input.issue.as_deref() {
        None | Some("") => Some(RemarkIssue::Other),
        Some(code) => RemarkIssue::from_code(code).or_else(|| {
            errors.add("issue", Problem::UnknownCode);
            None
        }),
    };
    let text = clean(&input.text);
    match &text {
        None => errors.add("text", Problem::Required),
        Some(t) if t.chars().count() > 4000 => errors.add("text", Problem::TooLong { max: 4000 }),
        Some(_) => {}
    }
    let reference = clean(&input.reference).unwrap_or_default();
    if reference.chars().count() > 300 {
        errors.add("reference", Problem::TooLong { max: 300 });
    }
    let due_at = due_instant(ctx, &input.due, now);
    if due_at.is_none() {
        errors.add("due", Problem::Malformed);
    }
    if input.inspection_id.is_none() {
        errors.add("inspection_id", Problem::Required);
    }
    if input.organization_id.is_none() {
        errors.add("organization_id", Problem::Required);
    }
    errors.into_result()?;
    let inspection_id = InspectionId(input.inspection_id.expect("validated above"));
    let organization_id = OrganizationId(input.organization_id.expect("validated above"));
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("creating remark"))?;
    let stored = store::inspection::get(&mut tx, inspection_id, actor.user.scope)
        .await
        .map_err(|_| AppError::Invalid(FieldErrors::one("inspection_id", Problem::NotFound)))?;
    if stored.inspection.status() != InspectionStatus::Completed {
        return Err(invalid(
            "inspection_id",
            InspectionProblem::Transition(domain::inspection::InspectionError::InvalidTransition {
                from: stored.inspection.status(),
                to: InspectionStatus::Completed,
            }),
        ));
    }
    let allowed = organization_id == stored.management_company_id
        || organization_id == stored.heat_supplier_id
        || stored.inspection.members().contains(&organization_id);
    if !allowed {
        return Err(AppError::Invalid(FieldErrors::one(
            "organization_id",
            Problem::NotFound,
        )));
    }
    let facts = NewRemark {
        inspection_id,
        organization_id,
        issue: issue.expect("validated above"),
        text: text.expect("validated above"),
        reference,
        due_at: due_at.expect("validated above"),
    };
    let place = RemarkPlace {
        district_id: stored.inspection.district_id,
        building_id: stored.inspection.building_id,
    };
    let id = store::remark::insert(&mut tx, &facts, &place, Some(actor.user.id), now)
        .await
        .map_err(internal("creating remark"))?;
    tx.commit().await.map_err(internal("creating remark"))?;
    Ok(id)
}

/// A step of a remark's lifecycle.
#[derive(Debug, Clone)]
pub enum RemarkAction {
    /// The owner organization claims the fix, saying how, optionally with a photo.
    Eliminate {
        comment: String,
        photo: Option<PhotoUpload>,
    },
    /// The district HQ confirms the fix.
    Verify,
    /// The district HQ sends the claim back, with a new deadline if given.
    Reject {
        comment: String,
        due: Option<String>,
    },
}

impl RemarkAction {
    fn roles(&self) -> &'static [Role] {
        match self {
            RemarkAction::Eliminate { .. } => &[Role::Organization],
            RemarkAction::Verify | RemarkAction::Reject { .. } => RUNNERS,
        }
    }
}

/// Takes a lifecycle step on a remark in the actor's scope.
#[tracing::instrument(skip_all, fields(remark_id = id.0))]
pub async fn act_on_remark(
    ctx: &Ctx,
    actor: &Actor,
    id: RemarkId,
    action: RemarkAction,
) -> Result<RemarkId, AppError> {
    actor.require(action.roles())?;
    let now = ctx.now();
    let photo = match &action {
        RemarkAction::Eliminate {
            photo: Some(upload),
            ..
        } if !upload.bytes.is_empty() => Some((check_photo(&upload.bytes, "photo")?, upload)),
        _ => None,
    };
    let due = match &action {
        RemarkAction::Reject { due, .. } if clean(due).is_some() => Some(
            due_instant(ctx, due, now)
                .ok_or_else(|| AppError::Invalid(FieldErrors::one("due", Problem::Malformed)))?,
        ),
        _ => None,
    };
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("changing remark"))?;
    let mut stored = store::remark::get(&mut tx, id, actor.user.scope)
        .await
        .map_err(internal("reading remark"))?;
    let version = stored.remark.state().version;
    match &action {
        RemarkAction::Eliminate { comment, .. } => stored.remark.claim_eliminated(comment, now)?,
        RemarkAction::Verify => stored.remark.verify(now)?,
        RemarkAction::Reject { comment, .. } => stored.remark.reject(comment, due)?,
    }
    store::remark::update_state(&mut tx, &stored.remark, version, now)
        .await
        .map_err(internal("changing remark"))?;
    if let Some((image_type, upload)) = photo {
        let caption = clean(&upload.caption);
        let photo = NewPhoto {
            inspection_id: stored.remark.inspection_id,
            remark_id: Some(id),
            image_type,
            data: &upload.bytes,
            caption: caption.as_deref(),
            uploaded_by: Some(actor.user.id),
            uploaded_at: now,
        };
        store::inspection_report::insert_photo(&mut tx, &photo)
            .await
            .map_err(internal("adding photo"))?;
    }
    tx.commit().await.map_err(internal("changing remark"))?;
    Ok(id)
}

/// A photo of a remark the actor may see (organizations: their own remarks').
pub async fn get_remark_photo(
    ctx: &Ctx,
    actor: &Actor,
    id: RemarkId,
    photo_id: i64,
) -> Result<(PhotoInfo, Vec<u8>), AppError> {
    actor.require(READERS)?;
    let mut conn = ctx.db.read().await.map_err(internal("reading photo"))?;
    let stored = store::remark::get(&mut conn, id, actor.user.scope)
        .await
        .map_err(internal("reading remark"))?;
    let (info, bytes) =
        store::inspection_report::get_photo(&mut conn, stored.remark.inspection_id, photo_id)
            .await
            .map_err(internal("reading photo"))?;
    if info.remark_id != Some(id) {
        return Err(AppError::NotFound);
    }
    Ok((info, bytes))
}

/// Adds a photo of the fix to a remark addressed to the actor's organization.
#[tracing::instrument(skip_all, fields(remark_id = id.0))]
pub async fn add_remark_photo(
    ctx: &Ctx,
    actor: &Actor,
    id: RemarkId,
    upload: PhotoUpload,
) -> Result<PhotoInfo, AppError> {
    actor.require(&[Role::Organization])?;
    let image_type = check_photo(&upload.bytes, "photo")?;
    let caption = clean(&upload.caption);
    let now = ctx.now();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("adding photo"))?;
    let stored = store::remark::get(&mut tx, id, actor.user.scope)
        .await
        .map_err(internal("reading remark"))?;
    let photo = NewPhoto {
        inspection_id: stored.remark.inspection_id,
        remark_id: Some(id),
        image_type,
        data: &upload.bytes,
        caption: caption.as_deref(),
        uploaded_by: Some(actor.user.id),
        uploaded_at: now,
    };
    let photo_id = store::inspection_report::insert_photo(&mut tx, &photo)
        .await
        .map_err(internal("adding photo"))?;
    tx.commit().await.map_err(internal("adding photo"))?;
    Ok(PhotoInfo {
        id: photo_id,
        inspection_id: stored.remark.inspection_id,
        remark_id: Some(id),
        image_type,
        byte_size: upload.bytes.len() as i64,
        caption,
        uploaded_at: now,
    })
}
