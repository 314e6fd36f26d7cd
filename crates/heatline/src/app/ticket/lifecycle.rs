//! Lifecycle actions on a ticket (assign, start, close, reopen, comment) and the
//! one place ticket changes are written.

use domain::event::EventKind;
use domain::organization::OrganizationId;
use domain::ticket::{Resolution, Ticket, TicketId};
use domain::user::Role;
use jiff::Timestamp;
use store::db::WriteTx;

use crate::app::ticket::{
    TicketView, actor_event, clean, save_change, status_event, system_event, view,
};
use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal, routing};

/// A lifecycle action on one ticket.
#[derive(Debug, Clone)]
pub enum TicketAction {
    Assign {
        organization_id: i64,
        reason: Option<String>,
    },
    Start,
    Close {
        resolution: String,
        comment: Option<String>,
    },
    Reopen {
        comment: Option<String>,
    },
    Comment {
        text: String,
    },
    /// The answer given to the resident, on their public timeline.
    Answer {
        text: String,
    },
    /// Moves the ticket to another organization; the reason is required and
    /// the deadline restarts from now under the category's rule.
    Reroute {
        organization_id: i64,
        reason: String,
    },
}

impl TicketAction {
    /// The roles allowed to take the action (scope is checked separately).
    fn roles(&self) -> &'static [Role] {
        match self {
            TicketAction::Assign { .. } => &[Role::DistrictHq, Role::Admin],
            TicketAction::Start => &[Role::Organization, Role::Admin],
            TicketAction::Close { .. } => &[Role::Organization, Role::DistrictHq, Role::Admin],
            TicketAction::Reopen { .. } => &[Role::DistrictHq, Role::Controller, Role::Admin],
            TicketAction::Answer { .. } => &[Role::Organization, Role::DistrictHq, Role::Admin],
            TicketAction::Reroute { .. } => &[Role::Operator, Role::DistrictHq, Role::Admin],
            TicketAction::Comment { .. } => &[
                Role::Operator,
                Role::Organization,
                Role::DistrictHq,
                Role::CityHq,
                Role::Controller,
                Role::Admin,
            ],
        }
    }
}

/// Applies a lifecycle action: loads the ticket in scope, decides in the domain,
/// writes the new state and its event in one transaction.
#[tracing::instrument(skip_all, fields(ticket_id = id.0))]
pub async fn act_on_ticket(
    ctx: &Ctx,
    actor: &Actor,
    id: TicketId,
    action: TicketAction,
) -> Result<TicketView, AppError> {
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("changing ticket"))?;
    let mut ticket = store::ticket::get(&mut tx, id, actor.user.scope)
        .await
        .map_err(internal("reading ticket"))?;
    actor.require(action.roles())?;
    let now = ctx.now();
    let before = ticket.status();
    let version = ticket.version();
    let event = match action {
        // Assigning a ticket that already has an organization is re-routing:
        // the reason is required and the old organization stays in the history.
        TicketAction::Assign {
            organization_id,
            reason,
        } if ticket.organization_id().is_some() => {
            let reason = reason.unwrap_or_default();
            reroute(
                ctx,
                &mut tx,
                actor,
                &mut ticket,
                organization_id,
                &reason,
                now,
            )
            .await?
        }
        TicketAction::Assign {
            organization_id,
            reason,
        } => {
            let organization = store::organization::get(&mut tx, OrganizationId(organization_id))
                .await
                .map_err(|_| {
                    AppError::Invalid(FieldErrors::one("organization_id", Problem::NotFound))
                })?;
            let mut assignment = routing::route(ctx, ticket.category, None, now);
            assignment.district_id = ticket.district_id();
            assignment.organization_id = Some(organization.id);
            ticket.assign(assignment)?;
            let mut event = system_event(actor, EventKind::Assigned, now);
            event.before = Some(before.as_code().to_string());
            event.after = Some(organization.name);
            event.comment = clean(&reason);
            event
        }
        TicketAction::Start => {
            ticket.start()?;
            status_event(actor, EventKind::Started, before, &ticket, None, now)
        }
        TicketAction::Close {
            resolution,
            comment,
        } => {
            let resolution = Resolution::from_code(&resolution).ok_or_else(|| {
                AppError::Invalid(FieldErrors::one("resolution", Problem::UnknownCode))
            })?;
            let comment = clean(&comment);
            ticket.close(resolution, comment.clone(), now)?;
            status_event(actor, EventKind::Closed, before, &ticket, comment, now)
        }
        TicketAction::Reopen { comment } => {
            ticket.reopen(reopen_due_at(ctx, &ticket, now))?;
            status_event(
                actor,
                EventKind::Reopened,
                before,
                &ticket,
                clean(&comment),
                now,
            )
        }
        TicketAction::Comment { text } => {
            let mut event = system_event(actor, EventKind::Commented, now);
            event.comment = Some(note("text", &text)?);
            event
        }
        TicketAction::Answer { text } => {
            if !ticket.status().is_open() {
                return Err(AppError::Invalid(FieldErrors::one(
                    "status",
                    Problem::Transition(domain::ticket::TicketError::InvalidTransition {
                        from: before,
                        to: before,
                    }),
                )));
            }
            let mut event = system_event(actor, EventKind::Answered, now);
            event.comment = Some(note("text", &text)?);
            event
        }
        TicketAction::Reroute {
            organization_id,
            reason,
        } => {
            reroute(
                ctx,
                &mut tx,
                actor,
                &mut ticket,
                organization_id,
                &reason,
                now,
            )
            .await?
        }
    };
    save_change(&mut tx, &ticket, version, &event).await?;
    tx.commit().await.map_err(internal("changing ticket"))?;
    Ok(view(actor, ticket, ctx))
}

/// A required note of at most 4000 characters, trimmed.
fn note(field: &str, text: &str) -> Result<String, AppError> {
    let text = text.trim();
    let problem = if text.is_empty() {
        Problem::Required
    } else if text.chars().count() > 4000 {
        Problem::TooLong { max: 4000 }
    } else {
        return Ok(text.to_string());
    };
    Err(AppError::Invalid(FieldErrors::one(field, problem)))
}

/// Re-routes to another organization with a reason: the event keeps the
/// organizations before and after, and the deadline restarts from now under
/// the category's rule in force.
async fn reroute(
    ctx: &Ctx,
    tx: &mut WriteTx,
    actor: &Actor,
    ticket: &mut Ticket,
    organization_id: i64,
    reason: &str,
    now: Timestamp,
) -> Result<domain::event::TicketEvent, AppError> {
    let mut errors = FieldErrors::default();
    let reason = match note("reason", reason) {
        Ok(reason) => Some(reason),
        Err(AppError::Invalid(problems)) => {
            for (field, list) in problems.iter() {
                list.iter().for_each(|p| errors.add(field, p.clone()));
            }
            None
        }
        Err(other) => return Err(other),
    };
    let organization = store::organization::get(tx, OrganizationId(organization_id))
        .await
        .map_err(|_| errors.add("organization_id", Problem::NotFound))
        .ok();
    errors.into_result()?;
    let (Some(reason), Some(organization)) = (reason, organization) else {
        unreachable!("a missing part was reported above");
    };
    let previous = match ticket.organization_id() {
        Some(id) => store::organization::get(tx, id)
            .await
            .map(|o| o.name)
            .map_err(internal("reading organization"))?,
        None => "—".to_string(),
    };
    let mut assignment = routing::route(ctx, ticket.category, None, now);
    assignment.district_id = ticket.district_id();
    assignment.organization_id = Some(organization.id);
    ticket.assign(assignment)?;
    let mut event = system_event(actor, EventKind::Assigned, now);
    event.before = Some(previous);
    event.after = Some(organization.name);
    event.comment = Some(reason);
    Ok(event)
}

/// The deadline a reopened ticket gets: the category's full term from now.
fn reopen_due_at(ctx: &Ctx, ticket: &Ticket, now: Timestamp) -> Option<Timestamp> {
    routing::route(ctx, ticket.category, None, now).due_at
}

/// Reopens a closed ticket for someone without a staff account (a resident's
/// "not solved"), inside the caller's transaction: the same rule and deadline
/// as a staff reopen, recorded as a system event with the comment.
pub async fn reopen_without_actor(
    ctx: &Ctx,
    tx: &mut WriteTx,
    ticket: Ticket,
    comment: Option<String>,
    now: Timestamp,
) -> Result<Ticket, AppError> {
    reopen_in_tx(ctx, tx, None, ticket, comment, now).await
}

/// Reopens a closed ticket inside the caller's transaction, by `actor` or by
/// the system: the same rule, deadline and event as a staff reopen. The
/// ticket keeps its district and organization.
pub async fn reopen_in_tx(
    ctx: &Ctx,
    tx: &mut WriteTx,
    actor: Option<&Actor>,
    mut ticket: Ticket,
    comment: Option<String>,
    now: Timestamp,
) -> Result<Ticket, AppError> {
    let before = ticket.status();
    let version = ticket.version();
    ticket.reopen(reopen_due_at(ctx, &ticket, now))?;
    let mut event = actor_event(actor, EventKind::Reopened, now);
    event.before = Some(before.as_code().to_string());
    event.after = Some(ticket.status().as_code().to_string());
    event.comment = clean(&comment);
    save_change(tx, &ticket, version, &event).await?;
    Ok(ticket)
}

/// Which lifecycle actions the actor may take on a ticket now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AllowedActions {
    pub assign: bool,
    pub reroute: bool,
    pub answer: bool,
    pub start: bool,
    pub close: bool,
    pub reopen: bool,
    pub comment: bool,
}

pub fn allowed_actions(actor: &Actor, ticket: &Ticket) -> AllowedActions {
    let role = actor.role();
    let may = |action: &TicketAction| action.roles().contains(&role);
    let mut probe = ticket.clone();
    let start_ok = probe.start().is_ok();
    let mut probe = ticket.clone();
    let close_ok = probe
        .close(Resolution::Fixed, Some("?".into()), ticket.created_at)
        .is_ok();
    let mut probe = ticket.clone();
    let reopen_ok = probe.reopen(None).is_ok();
    let assign_ok = ticket.status().is_open();
    AllowedActions {
        assign: assign_ok
            && may(&TicketAction::Assign {
                organization_id: 0,
                reason: None,
            }),
        reroute: assign_ok
            && may(&TicketAction::Reroute {
                organization_id: 0,
                reason: String::new(),
            }),
        answer: assign_ok
            && may(&TicketAction::Answer {
                text: String::new(),
            }),
        start: start_ok && may(&TicketAction::Start),
        close: close_ok
            && may(&TicketAction::Close {
                resolution: String::new(),
                comment: None,
            }),
        reopen: reopen_ok && may(&TicketAction::Reopen { comment: None }),
        comment: may(&TicketAction::Comment {
            text: String::new(),
        }),
    }
}
