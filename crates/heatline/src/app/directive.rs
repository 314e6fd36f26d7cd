//! Directives (поручения): issued by an HQ, usually at a meeting, to an
//! organization or a district HQ, with a deadline; the owner reports them done.
//!
//! Who sees one: the admin and the city HQ all; a district HQ those it issued
//! or that are addressed to it; an organization those addressed to it. Outside
//! that a directive does not exist (404). Overdue is derived from the
//! deadline at the time of reading (`domain::directive`).

use std::collections::HashMap;

use domain::building::BuildingId;
use domain::directive::{
    Directive, DirectiveError, DirectiveId, DirectiveLink, DirectiveOwner, DirectiveStatus,
    NewDirective,
};
use domain::district::DistrictId;
use domain::hq_meeting::{Hq, HqMeetingId};
use domain::organization::OrganizationId;
use domain::ticket::TicketId;
use domain::user::{Role, Scope, UserId};
use jiff::Timestamp;
use store::AnyConnection;
use store::directive::{DirectiveFilter, DirectiveScope};

use crate::app::hq::{self, HqProblem, check_manage, instant_field};
use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal};

/// A directive as the actor sees it: its status now, names for its owner and
/// links, and whether the actor may report it done.
#[derive(Debug, Clone)]
pub struct DirectiveView {
    pub directive: Directive,
    pub status: DirectiveStatus,
    pub owner_name: String,
    /// The issuing HQ's district name; `None` for the city HQ.
    pub hq_district: Option<String>,
    pub links: Vec<LinkView>,
    pub can_report: bool,
}

/// A link with what to show for it: a ticket's number or a building's address.
#[derive(Debug, Clone)]
pub struct LinkView {
    pub link: DirectiveLink,
    pub label: String,
}

/// May the actor see the directive at all?
fn visible(actor: &Actor, directive: &Directive) -> bool {
    match (actor.role(), actor.user.scope) {
        (Role::Admin | Role::CityHq, _) => true,
        (Role::DistrictHq, Scope::District(d)) => {
            directive.hq == Hq::District(d) || directive.owner == DirectiveOwner::District(d)
        }
        (Role::Organization, Scope::Organization(o)) => {
            directive.owner == DirectiveOwner::Organization(o)
        }
        _ => directive.owner == DirectiveOwner::User(actor.user.id),
    }
}

/// May the actor report it done: its owner, or whoever runs the issuing HQ
/// (a report given orally at the meeting is recorded by the HQ).
fn may_report(actor: &Actor, directive: &Directive) -> bool {
    let owner = match (directive.owner, actor.user.scope) {
        (DirectiveOwner::Organization(o), Scope::Organization(mine)) => o == mine,
        (DirectiveOwner::District(d), Scope::District(mine)) => {
            d == mine && actor.role() == Role::DistrictHq
        }
        (DirectiveOwner::User(u), _) => u == actor.user.id,
        _ => false,
    };
    owner || check_manage(actor, directive.hq).is_ok()
}

/// A directive list's filters as typed.
#[derive(Debug, Clone, Default)]
pub struct DirectiveListParams {
    pub hq: Option<String>,
    /// `open`, `overdue` or `done`.
    pub status: Option<String>,
    /// `organization:<id>`, `district:<id>` or `user:<id>`.
    pub owner: Option<String>,
    pub meeting_id: Option<i64>,
}

/// Directives the actor may see, most urgent first.
#[tracing::instrument(skip_all)]
pub async fn list_directives(
    ctx: &Ctx,
    actor: &Actor,
    params: DirectiveListParams,
) -> Result<Vec<DirectiveView>, AppError> {
    let scope = match (actor.role(), actor.user.scope) {
        (Role::Admin | Role::CityHq, _) => DirectiveScope::All,
        (Role::DistrictHq, Scope::District(d)) => DirectiveScope::District(d),
        (Role::Organization, Scope::Organization(o)) => DirectiveScope::Organization(o),
        _ => return Err(AppError::Forbidden),
    };
    let now = ctx.now();
    let mut errors = FieldErrors::default();
    let hq = match params
        .hq
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(code) => {
            let hq = Hq::from_code(code);
            if hq.is_none() {
                errors.add("hq", Problem::Malformed);
            }
            hq
        }
        None => None,
    };
    let status = match params
        .status
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(code) => DirectiveStatus::from_code(code)
            .map(|s| (s, now))
            .or_else(|| {
                errors.add("status", Problem::UnknownCode);
                None
            }),
        None => None,
    };
    let owner = match params
        .owner
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(code) => parse_owner(code).or_else(|| {
            errors.add("owner", Problem::Malformed);
            None
        }),
        None => None,
    };
    errors.into_result()?;
    let filter = DirectiveFilter {
        hq,
        owner,
        meeting_id: params.meeting_id.map(HqMeetingId),
        status,
    };
    let mut conn = ctx
        .db
        .read()
        .await
        .map_err(internal("listing directives"))?;
    let directives = store::directive::list(&mut conn, scope, &filter, 500)
        .await
        .map_err(internal("listing directives"))?;
    views(&mut conn, actor, directives, now).await
}

/// `organization:12`, `district:3`, `user:5`.
pub fn parse_owner(code: &str) -> Option<DirectiveOwner> {
    let (kind, id) = code.trim().split_once(':')?;
    let id: i64 = id.parse().ok().filter(|id| *id > 0)?;
    DirectiveOwner::from_parts(kind, id)
}

/// The code of an owner, as [`parse_owner`] reads it.
pub fn owner_code(owner: DirectiveOwner) -> String {
    let (kind, id) = owner.to_parts();
    format!("{kind}:{id}")
}

/// A directive as typed at the meeting.
#[derive(Debug, Clone, Default)]
pub struct IssueDirective {
    /// The issuing HQ; taken from the meeting when `meeting_id` is given.
    pub hq: Option<String>,
    pub meeting_id: Option<i64>,
    pub text: String,
    /// `organization:<id>`, `district:<id>` or `user:<id>`.
    pub owner: String,
    /// RFC 3339, a city `YYYY-MM-DDTHH:MM`, or a city date (its end).
    pub deadline: String,
    pub ticket_ids: Vec<i64>,
    pub building_ids: Vec<i64>,
}

/// Issues a directive for an HQ the actor runs.
#[tracing::instrument(skip_all)]
pub async fn issue_directive(
    ctx: &Ctx,
    actor: &Actor,
    input: IssueDirective,
) -> Result<DirectiveView, AppError> {
    let now = ctx.now();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("issuing directive"))?;
    let (hq, meeting_id) = match input.meeting_id {
        Some(id) => {
            let meeting = store::hq_meeting::get(&mut tx, HqMeetingId(id))
                .await
                .map_err(internal("reading meeting"))?;
            hq::check_view(actor, meeting.hq)?;
            (meeting.hq, Some(meeting.id))
        }
        None => (hq::parse_hq(actor, input.hq.as_deref())?, None),
    };
    check_manage(actor, hq)?;
    let mut errors = FieldErrors::default();
    let text = input.text.trim().to_string();
    if text.chars().count() > 4000 {
        errors.add("text", Problem::TooLong { max: 4000 });
    }
    let owner = check_owner(&mut tx, actor, hq, &input.owner, &mut errors).await?;
    let deadline = instant_field(&mut errors, "deadline", Some(&input.deadline));
    if input.deadline.trim().is_empty() {
        errors.add("deadline", Problem::Required);
    }
    let links = check_links(&mut tx, hq, &input, &mut errors).await?;
    let (Some(owner), Some(deadline)) = (owner, deadline) else {
        if text.is_empty() {
            errors.add("text", Problem::Required);
        }
        return Err(AppError::Invalid(errors));
    };
    let facts = NewDirective {
        hq,
        meeting_id,
        text,
        owner,
        deadline,
    };
    if let Err(e) = facts.validate(now) {
        match e {
            DirectiveError::EmptyText => errors.add("text", Problem::Required),
            _ => errors.add("deadline", Problem::Hq(HqProblem::DeadlineNotInFuture)),
        }
    }
    errors.into_result()?;
    let id = store::directive::insert(&mut tx, &facts, &links, actor.user.id, now)
        .await
        .map_err(internal("issuing directive"))?;
    let directive = store::directive::get(&mut tx, id)
        .await
        .map_err(internal("issuing directive"))?;
    tx.commit().await.map_err(internal("issuing directive"))?;
    one_view(ctx, actor, directive).await
}

async fn check_owner(
    conn: &mut AnyConnection,
    actor: &Actor,
    hq: Hq,
    code: &str,
    errors: &mut FieldErrors,
) -> Result<Option<DirectiveOwner>, AppError> {
    if code.trim().is_empty() {
        errors.add("owner", Problem::Required);
        return Ok(None);
    }
    let Some(owner) = parse_owner(code) else {
        errors.add("owner", Problem::Malformed);
        return Ok(None);
    };
    let exists = match owner {
        DirectiveOwner::Organization(id) => store::organization::get(conn, id).await.map(|_| ()),
        DirectiveOwner::District(id) => store::district::get(conn, id).await.map(|_| ()),
        DirectiveOwner::User(id) => store::user::get(conn, id).await.map(|_| ()),
    };
    match exists {
        Ok(()) => {}
        Err(store::error::StoreError::NotFound) => {
            errors.add("owner", Problem::NotFound);
            return Ok(None);
        }
        Err(e) => return Err(internal("checking owner")(e)),
    }
    // A district HQ assigns work to organizations or to itself, not to
    // another district's HQ.
    if let (Hq::District(mine), DirectiveOwner::District(other)) = (hq, owner)
        && mine != other
        && actor.role() != Role::Admin
    {
        errors.add("owner", Problem::NotFound);
        return Ok(None);
    }
    Ok(Some(owner))
}

async fn check_links(
    conn: &mut AnyConnection,
    hq: Hq,
    input: &IssueDirective,
    errors: &mut FieldErrors,
) -> Result<Vec<DirectiveLink>, AppError> {
    let scope = match hq {
        Hq::City => Scope::City,
        Hq::District(d) => Scope::District(d),
    };
    let mut links = Vec::new();
    for id in &input.ticket_ids {
        match store::ticket::get(conn, TicketId(*id), scope).await {
            Ok(ticket) => links.push(DirectiveLink::Ticket(ticket.id)),
            Err(store::error::StoreError::NotFound) => errors.add("ticket_ids", Problem::NotFound),
            Err(e) => return Err(internal("checking ticket")(e)),
        }
    }
    for id in &input.building_ids {
        match store::building::get(conn, BuildingId(*id)).await {
            Ok(b) if hq.district_id().is_none_or(|d| d == b.district_id) => {
                links.push(DirectiveLink::Building(b.id));
            }
            Ok(_) | Err(store::error::StoreError::NotFound) => {
                errors.add("building_ids", Problem::NotFound);
            }
            Err(e) => return Err(internal("checking building")(e)),
        }
    }
    Ok(links)
}

/// The owner (or the issuing HQ) reports a directive done with what was done.
#[tracing::instrument(skip_all, fields(directive_id = id.0))]
pub async fn complete_directive(
    ctx: &Ctx,
    actor: &Actor,
    id: DirectiveId,
    report: &str,
) -> Result<DirectiveView, AppError> {
    let now = ctx.now();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("completing directive"))?;
    let mut directive = store::directive::get(&mut tx, id)
        .await
        .map_err(internal("reading directive"))?;
    if !visible(actor, &directive) {
        return Err(AppError::NotFound);
    }
    if !may_report(actor, &directive) {
        return Err(AppError::Forbidden);
    }
    if report.chars().count() > 4000 {
        return Err(AppError::Invalid(FieldErrors::one(
            "report",
            Problem::TooLong { max: 4000 },
        )));
    }
    directive.complete(report, now).map_err(|e| match e {
        DirectiveError::AlreadyDone => AppError::Conflict,
        _ => AppError::Invalid(FieldErrors::one("report", Problem::Required)),
    })?;
    let completion = directive.completion().expect("completed above");
    store::directive::complete(&mut tx, id, completion, actor.user.id)
        .await
        .map_err(internal("completing directive"))?;
    tx.commit()
        .await
        .map_err(internal("completing directive"))?;
    one_view(ctx, actor, directive).await
}

async fn one_view(
    ctx: &Ctx,
    actor: &Actor,
    directive: Directive,
) -> Result<DirectiveView, AppError> {
    let mut conn = ctx.db.read().await.map_err(internal("reading directive"))?;
    let mut views = views(&mut conn, actor, vec![directive], ctx.now()).await?;
    Ok(views.pop().expect("one directive in, one view out"))
}

/// Names owners, HQs and links of the directives for the actor.
pub(crate) async fn views(
    conn: &mut AnyConnection,
    actor: &Actor,
    directives: Vec<Directive>,
    now: Timestamp,
) -> Result<Vec<DirectiveView>, AppError> {
    let names = Names::load(conn).await?;
    let ids: Vec<DirectiveId> = directives.iter().map(|d| d.id).collect();
    let mut links: HashMap<DirectiveId, Vec<DirectiveLink>> = HashMap::new();
    for (id, link) in store::directive::links(conn, &ids)
        .await
        .map_err(internal("reading directive links"))?
    {
        links.entry(id).or_default().push(link);
    }
    let mut out = Vec::with_capacity(directives.len());
    for directive in directives {
        let mut link_views = Vec::new();
        for link in links.remove(&directive.id).unwrap_or_default() {
            link_views.push(LinkView {
                label: link_label(conn, link).await?,
                link,
            });
        }
        out.push(DirectiveView {
            status: directive.status_at(now),
            owner_name: names.owner(conn, directive.owner).await?,
            hq_district: directive
                .hq
                .district_id()
                .map(|d| names.district(d).to_string()),
            links: link_views,
            can_report: directive.completion().is_none() && may_report(actor, &directive),
            directive,
        });
    }
    Ok(out)
}

async fn link_label(conn: &mut AnyConnection, link: DirectiveLink) -> Result<String, AppError> {
    Ok(match link {
        DirectiveLink::Ticket(id) => store::ticket::get(conn, id, Scope::City)
            .await
            .map(|t| t.number.to_string())
            .unwrap_or_else(|_| format!("#{}", id.0)),
        DirectiveLink::Building(id) => store::building::get(conn, id)
            .await
            .map(|b| b.address)
            .unwrap_or_else(|_| format!("#{}", id.0)),
    })
}

/// Organization and district names, loaded once per list.
struct Names {
    organizations: HashMap<OrganizationId, String>,
    districts: HashMap<DistrictId, String>,
}

impl Names {
    async fn load(conn: &mut AnyConnection) -> Result<Names, AppError> {
        let organizations = store::organization::list(conn, None)
            .await
            .map_err(internal("listing organizations"))?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        let districts = hq::districts(conn)
            .await?
            .into_iter()
            .map(|d| (d.id, d.name))
            .collect();
        Ok(Names {
            organizations,
            districts,
        })
    }

    fn district(&self, id: DistrictId) -> &str {
        self.districts.get(&id).map(String::as_str).unwrap_or("?")
    }

    async fn owner(
        &self,
        conn: &mut AnyConnection,
        owner: DirectiveOwner,
    ) -> Result<String, AppError> {
        Ok(match owner {
            DirectiveOwner::Organization(id) => self
                .organizations
                .get(&id)
                .cloned()
                .unwrap_or_else(|| format!("#{}", id.0)),
            DirectiveOwner::District(id) => self.district(id).to_string(),
            DirectiveOwner::User(UserId(id)) => store::user::get(conn, UserId(id))
                .await
                .map(|u| u.name)
                .unwrap_or_else(|_| format!("#{id}")),
        })
    }
}
