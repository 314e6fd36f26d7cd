//! Filing the form: abuse checks, validation, duplicate linking, and the
//! confirmation receipt.

use domain::building::BuildingId;
use domain::category::Category;
use domain::event::EventKind;
use domain::phone::Phone;
use domain::ticket::Ticket;
use domain::user::Scope;
use jiff::Timestamp;
use store::resident::Receipt;

use crate::app::auth::{hash_token, random_token};
use crate::app::open311::looks_like_email;
use crate::app::rate_limit;
use crate::app::resident::{
    DUPLICATE_WINDOW, LimitedBy, MAX_DESCRIPTION, MAX_EMAIL, ResidentError,
    SUBMISSIONS_PER_ADDRESS, SUBMISSIONS_PER_PHONE, limit,
};
use crate::app::ticket::{self, RegisterTicket, Registration};
use crate::app::{AppError, Ctx, FieldErrors, Problem, internal};

/// The web form as filled in.
#[derive(Debug, Clone, Default)]
pub struct Submission {
    pub address: String,
    pub apartment: Option<String>,
    pub category: Option<String>,
    pub description: String,
    pub phone: String,
    pub name: Option<String>,
    pub email: Option<String>,
    /// The consent checkbox: any value means ticked.
    pub consent: Option<String>,
    /// The honeypot, invisible to people.
    pub website: Option<String>,
}

/// A confirmation: the secret link's token, to redirect to.
#[derive(Debug, Clone)]
pub struct Submitted {
    pub receipt: String,
    pub duplicate: bool,
}
/// Files the form as a ticket of channel `web` (or links it to the same
/// resident's ticket of the last hour) and returns a confirmation link.
#[tracing::instrument(skip_all)]
pub async fn submit(
    ctx: &Ctx,
    client_address: &str,
    form: Submission,
) -> Result<Submitted, ResidentError> {
    if form
        .website
        .as_deref()
        .is_some_and(|v| !v.trim().is_empty())
    {
        tracing::info!("resident form honeypot filled");
        return Err(ResidentError::Rejected);
    }
    let by_address = rate_limit::hashed("resident:submit", client_address);
    limit(
        ctx,
        &by_address,
        SUBMISSIONS_PER_ADDRESS,
        LimitedBy::Address,
    )
    .await?;
    if let Ok(phone) = Phone::parse(&form.phone) {
        let by_phone = rate_limit::hashed("resident:phone", phone.as_str());
        limit(ctx, &by_phone, SUBMISSIONS_PER_PHONE, LimitedBy::Phone).await?;
    }
    let (facts, suggested, email) = validate(ctx, &form).await?;
    let now = ctx.now();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("filing resident form"))?;
    let existing = match facts.building_id {
        Some(building) => {
            find_duplicate(&mut tx, &facts.phone, building, facts.category, now).await?
        }
        None => None,
    };
    let (ticket, duplicate) = match existing {
        Some(ticket) => {
            link_duplicate(&mut tx, &ticket, &facts.description, now).await?;
            (ticket, true)
        }
        None => {
            let registration = Registration {
                facts,
                category_suggested: suggested,
                actor: None,
                at: now,
            };
            let ticket = ticket::register_in_tx(ctx, &mut tx, registration).await?;
            store::resident::insert_contact(&mut tx, ticket.id, email.as_deref(), now)
                .await
                .map_err(internal("filing resident form"))?;
            (ticket, false)
        }
    };
    let token = random_token();
    let receipt = Receipt {
        ticket_id: ticket.id,
        created_at: now,
        duplicate,
    };
    store::resident::insert_receipt(&mut tx, &hash_token(&token), receipt)
        .await
        .map_err(internal("filing resident form"))?;
    tx.commit()
        .await
        .map_err(internal("filing resident form"))?;
    Ok(Submitted {
        receipt: token,
        duplicate,
    })
}

async fn validate(
    ctx: &Ctx,
    form: &Submission,
) -> Result<(domain::ticket::NewTicket, bool, Option<String>), ResidentError> {
    let mut errors = FieldErrors::default();
    if form.consent.as_deref().is_none_or(|v| v.trim().is_empty()) {
        errors.add("consent", Problem::Required);
    }
    if form.address.trim().is_empty() {
        errors.add("address", Problem::Required);
    }
    if form.description.trim().chars().count() > MAX_DESCRIPTION {
        errors.add(
            "description",
            Problem::TooLong {
                max: MAX_DESCRIPTION,
            },
        );
    }
    let email = ticket::clean(&form.email);
    if let Some(email) = &email {
        if email.chars().count() > MAX_EMAIL {
            errors.add("email", Problem::TooLong { max: MAX_EMAIL });
        } else if !looks_like_email(email) {
            errors.add("email", Problem::Malformed);
        }
    }
    let registration = RegisterTicket {
        phone: form.phone.clone(),
        name: form.name.clone(),
        address: Some(form.address.clone()),
        building_id: None,
        apartment: form.apartment.clone(),
        entrance: None,
        category: form.category.clone(),
        description: form.description.clone(),
        channel: Some("web".into()),
    };
    match ticket::validate(ctx, &registration).await {
        Ok((facts, suggested)) if errors.is_empty() => Ok((facts, suggested, email)),
        Ok(_) => Err(ResidentError::Invalid(errors)),
        Err(AppError::Invalid(more)) => {
            for (field, problems) in more.iter() {
                for p in problems {
                    errors.add(field, p.clone());
                }
            }
            Err(ResidentError::Invalid(errors))
        }
        Err(other) => Err(other.into()),
    }
}

/// The same resident's open ticket about the same building and category from
/// the last hour, if any.
async fn find_duplicate(
    tx: &mut store::db::WriteTx,
    phone: &Phone,
    building: BuildingId,
    category: Category,
    now: Timestamp,
) -> Result<Option<Ticket>, ResidentError> {
    let since = now.checked_sub(DUPLICATE_WINDOW).unwrap_or(now);
    let found = store::resident::find_recent_duplicate(tx, phone, building, category, since)
        .await
        .map_err(internal("looking for a duplicate"))?;
    match found {
        Some(id) => Ok(Some(
            store::ticket::get(tx, id, Scope::City)
                .await
                .map_err(internal("looking for a duplicate"))?,
        )),
        None => Ok(None),
    }
}

/// Keeps what the resident wrote the second time on the first ticket's
/// (internal) timeline instead of opening another ticket.
async fn link_duplicate(
    tx: &mut store::db::WriteTx,
    ticket: &Ticket,
    description: &str,
    now: Timestamp,
) -> Result<(), ResidentError> {
    let mut event = ticket::actor_event(None, EventKind::Commented, now);
    event.comment = Some(format!("Повторная заявка с сайта: {description}"));
    ticket::record_event(tx, ticket, &event).await?;
    Ok(())
}
