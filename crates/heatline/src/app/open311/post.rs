//! `POST requests`: a client system files a ticket for a resident.

use domain::api_key::ApiKey;
use domain::building::BuildingId;
use domain::category::Category;
use domain::event::EventKind;
use domain::geo::{self, Point};
use domain::open311::attribute::{self, AttributeCode, Attributes};
use domain::open311::{self as spec};
use domain::ticket::{NewTicket, TicketNumber};
use jiff::Timestamp;
use store::open311::Open311Insert;

use crate::app::auth::random_token;
use crate::app::open311::{Open311Error, Open311Problem};
use crate::app::ticket::{self, RegisterTicket, Registration};
use crate::app::{Ctx, internal};

const MAX_MEDIA_URL: usize = 1000;
const MAX_CLIENT_ID: usize = 100;
const MAX_EMAIL: usize = 254;
const MAX_NAME_PART: usize = 100;

/// A posted request, as the form fields arrived.
#[derive(Debug, Clone, Default)]
pub struct PostRequest {
    pub service_code: Option<String>,
    pub lat: Option<String>,
    pub long: Option<String>,
    pub address_string: Option<String>,
    pub address_id: Option<String>,
    /// `attribute[code]` (and `attribute[code][]`) values per code.
    pub attributes: Vec<(String, Vec<String>)>,
    pub email: Option<String>,
    pub device_id: Option<String>,
    pub account_id: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub description: Option<String>,
    pub media_url: Option<String>,
}

/// What the client is told: the request's id (the ticket number), a token for
/// `tokens/{token}`, and who answers by when.
#[derive(Debug, Clone)]
pub struct Posted {
    pub number: TicketNumber,
    pub token: String,
    pub category: Category,
    pub due_at: Option<Timestamp>,
    pub organization: Option<String>,
    pub address_resolved: bool,
}

/// Registers the posted request as a ticket of channel `open311` (a system
/// registration: no staff actor), locating it by `address_id`, `address_string`
/// or the building nearest to `lat`/`long`, in one transaction.
#[tracing::instrument(skip_all, fields(api_key_id = client.id.0))]
pub async fn post_request(
    ctx: &Ctx,
    client: &ApiKey,
    input: PostRequest,
) -> Result<Posted, Open311Error> {
    let checked = check_request(&input)?;
    let registration = RegisterTicket {
        phone: input.phone.clone().unwrap_or_default(),
        name: full_name(&input),
        address: present(&input.address_string).map(str::to_string),
        building_id: checked.building_id,
        apartment: checked.attributes.apartment.clone(),
        entrance: checked.attributes.entrance.clone(),
        category: Some(checked.category.as_code().to_string()),
        description: input.description.clone().unwrap_or_default(),
        channel: Some("open311".into()),
    };
    let mut facts = match ticket::validate(ctx, &registration).await {
        Ok((facts, _)) => facts,
        Err(crate::app::AppError::Invalid(errors)) => {
            return Err(Open311Error::BadRequest(field_problems(&errors, &input)));
        }
        Err(other) => return Err(other.into()),
    };
    if facts.building_id.is_none()
        && let Some(point) = checked.point
    {
        facts.building_id = nearest_building(ctx, point).await?;
    }
    let address_resolved = facts.building_id.is_some();
    let (ticket, token) = register(ctx, client, &input, &checked, facts).await?;
    let organization = match ticket.organization_id() {
        Some(id) => {
            let mut conn = ctx
                .db
                .read()
                .await
                .map_err(internal("reading organization"))?;
            Some(
                store::organization::get(&mut conn, id)
                    .await
                    .map_err(internal("reading organization"))?
                    .name,
            )
        }
        None => None,
    };
    Ok(Posted {
        number: ticket.number,
        token,
        category: ticket.category,
        due_at: ticket.due_at(),
        organization,
        address_resolved,
    })
}

/// A posted request that passed its own checks.
#[derive(Debug, Clone)]
pub struct Checked {
    pub category: Category,
    pub point: Option<Point>,
    pub building_id: Option<i64>,
    pub attributes: Attributes,
}

/// The request's own checks (beside the ticket fields `validate` checks),
/// without the database: every problem at once, or the checked values.
pub fn check_request(input: &PostRequest) -> Result<Checked, Open311Error> {
    let mut problems = Vec::new();
    let category = match present(&input.service_code) {
        None => {
            problems.push(Open311Problem::ServiceCodeMissing);
            None
        }
        Some(code) => spec::category_of(code).or_else(|| {
            problems.push(Open311Problem::UnknownServiceCode(code.to_string()));
            None
        }),
    };
    let point = match (present(&input.lat), present(&input.long)) {
        (None, None) => None,
        (Some(lat), Some(long)) => parse_point(lat, long).or_else(|| {
            problems.push(Open311Problem::BadCoordinates);
            None
        }),
        _ => {
            problems.push(Open311Problem::BadCoordinates);
            None
        }
    };
    let building_id = present(&input.address_id).and_then(|id| {
        id.parse::<i64>().ok().filter(|n| *n > 0).or_else(|| {
            problems.push(Open311Problem::AddressIdNotFound(id.to_string()));
            None
        })
    });
    let location = [
        &input.lat,
        &input.long,
        &input.address_id,
        &input.address_string,
    ];
    if location.into_iter().all(|v| present(v).is_none()) {
        problems.push(Open311Problem::LocationMissing);
    }
    let attributes = match category.map(|c| attribute::parse_attributes(c, &input.attributes)) {
        Some(Ok(attributes)) => attributes,
        Some(Err(errors)) => {
            problems.extend(errors.into_iter().map(Open311Problem::Attribute));
            Attributes::default()
        }
        None => Attributes::default(),
    };
    check_lengths(input, &mut problems);
    if problems.is_empty() {
        Ok(Checked {
            category: category.expect("checked above"),
            point,
            building_id,
            attributes,
        })
    } else {
        Err(Open311Error::BadRequest(problems))
    }
}

fn check_lengths(input: &PostRequest, problems: &mut Vec<Open311Problem>) {
    let limits: [(&'static str, &Option<String>, usize); 6] = [
        ("email", &input.email, MAX_EMAIL),
        ("device_id", &input.device_id, MAX_CLIENT_ID),
        ("account_id", &input.account_id, MAX_CLIENT_ID),
        ("first_name", &input.first_name, MAX_NAME_PART),
        ("last_name", &input.last_name, MAX_NAME_PART),
        ("media_url", &input.media_url, MAX_MEDIA_URL),
    ];
    for (parameter, value, max) in limits {
        if present(value).is_some_and(|v| v.chars().count() > max) {
            problems.push(Open311Problem::TooLong { parameter, max });
        }
    }
    if let Some(url) = present(&input.media_url)
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        problems.push(Open311Problem::BadMediaUrl);
    }
    if let Some(email) = present(&input.email)
        && !looks_like_email(email)
    {
        problems.push(Open311Problem::Field {
            field: "email".into(),
            problem: crate::app::Problem::Malformed,
        });
    }
}

/// `name@host.tld` with no spaces: enough to catch a field filled wrongly.
pub(crate) fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, host)) => {
            !local.is_empty()
                && host.contains('.')
                && !host.starts_with('.')
                && !host.ends_with('.')
                && !text.chars().any(char::is_whitespace)
                && !host.contains('@')
        }
        None => false,
    }
}

fn parse_point(lat: &str, long: &str) -> Option<Point> {
    let lat: f64 = lat.parse().ok()?;
    let long: f64 = long.parse().ok()?;
    Point::new(lat, long)
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn full_name(input: &PostRequest) -> Option<String> {
    let parts: Vec<&str> = [present(&input.first_name), present(&input.last_name)]
        .into_iter()
        .flatten()
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// The registration's field errors, named as the client's parameters.
fn field_problems(errors: &crate::app::FieldErrors, input: &PostRequest) -> Vec<Open311Problem> {
    let mut out = Vec::new();
    for (field, problems) in errors.iter() {
        for problem in problems {
            let parameter = match field {
                "building_id" => {
                    let id = present(&input.address_id).unwrap_or("").to_string();
                    out.push(Open311Problem::AddressIdNotFound(id));
                    continue;
                }
                "address" => "address_string",
                "name" => "first_name",
                "apartment" => "attribute[apartment]",
                "entrance" => "attribute[entrance]",
                other => other,
            };
            out.push(Open311Problem::Field {
                field: parameter.to_string(),
                problem: problem.clone(),
            });
        }
    }
    out
}

/// The registry building nearest to a point, when one is close enough.
async fn nearest_building(ctx: &Ctx, point: Point) -> Result<Option<BuildingId>, Open311Error> {
    let (half_lat, half_lon) = geo::search_box(point, geo::MAX_MATCH_DISTANCE_M);
    let mut conn = ctx
        .db
        .read()
        .await
        .map_err(internal("finding nearest building"))?;
    let candidates = store::open311::buildings_in_box(&mut conn, point, half_lat, half_lon)
        .await
        .map_err(internal("finding nearest building"))?;
    Ok(geo::nearest(point, &candidates, geo::MAX_MATCH_DISTANCE_M))
}

async fn register(
    ctx: &Ctx,
    client: &ApiKey,
    input: &PostRequest,
    checked: &Checked,
    facts: NewTicket,
) -> Result<(domain::ticket::Ticket, String), Open311Error> {
    let now = ctx.now();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("registering open311 request"))?;
    let registration = Registration {
        facts,
        category_suggested: false,
        actor: None,
        at: now,
    };
    let ticket = ticket::register_in_tx(ctx, &mut tx, registration).await?;
    let token = random_token();
    let attributes = attributes_text(&checked.attributes);
    let insert = Open311Insert {
        ticket_id: ticket.id,
        api_key_id: client.id,
        token: &token,
        reported_point: checked.point,
        address_string: present(&input.address_string),
        address_id: present(&input.address_id),
        email: present(&input.email),
        device_id: present(&input.device_id),
        account_id: present(&input.account_id),
        media_url: present(&input.media_url),
        attributes: &attributes,
        created_at: now,
    };
    store::open311::insert(&mut tx, &insert)
        .await
        .map_err(internal("registering open311 request"))?;
    // The answers the ticket has no field for go on the staff timeline, so the
    // organization reads them with the ticket.
    if !attributes.is_empty() {
        let mut event = ticket::actor_event(None, EventKind::Commented, now);
        event.comment = Some(format!(
            "Open311 ({}): {}",
            client.name,
            attributes.replace('\n', "; ")
        ));
        ticket::record_event(&mut tx, &ticket, &event).await?;
    }
    tx.commit()
        .await
        .map_err(internal("registering open311 request"))?;
    Ok((ticket, token))
}

/// The answers beyond apartment and entrance, one `code: value` per line.
fn attributes_text(attributes: &Attributes) -> String {
    let mut lines = Vec::new();
    if let Some(t) = attributes.indoor_temperature {
        lines.push(format!(
            "{}: {t}",
            AttributeCode::IndoorTemperature.as_code()
        ));
    }
    for (code, choices) in &attributes.choices {
        let keys: Vec<&str> = choices.iter().map(|c| c.as_code()).collect();
        lines.push(format!("{}: {}", code.as_code(), keys.join(", ")));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e_mails_are_checked_loosely() {
        for good in ["a@b.ru", "ivan.petrov+311@mail.example.org"] {
            assert!(looks_like_email(good), "{good}");
        }
        for bad in [
            "", "ivan", "@b.ru", "a@b", "a@.ru", "a@b.", "a b@c.ru", "a@b@c.ru",
        ] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }
}
