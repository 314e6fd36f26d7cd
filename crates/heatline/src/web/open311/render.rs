//! Use-case results as GeoReport v2 documents, field by field as the spec
//! names them.

use domain::calendar::rfc3339;
use domain::category::Category;
use domain::event::{EventKind, TicketEvent};
use domain::open311::attribute;
use domain::open311::{self as spec, PublicStatus, ServiceGroup};
use domain::ticket::TicketNumber;

use crate::app::open311::{Posted, PublicView};
use crate::web::i18n::Tr;
use crate::web::i18n::open311::Open311Msg;
use crate::web::open311::doc::{Document, Node};

/// When this description of the endpoint last changed.
const CHANGESET: &str = "2026-11-24T00:00:00+05:00";
const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";

pub fn discovery(t: Tr, url: &str) -> Document {
    let formats = Node::List {
        item: "format",
        items: vec![Node::text("text/xml"), Node::text("application/json")],
    };
    let endpoint = Node::Object(vec![
        ("specification", Node::text(SPECIFICATION)),
        ("url", Node::text(url)),
        ("changeset", Node::text(CHANGESET)),
        ("type", Node::text("production")),
        ("formats", formats),
    ]);
    Document::object(
        "discovery",
        vec![
            ("changeset", Node::text(CHANGESET)),
            ("contact", Node::text(t.open311(Open311Msg::Contact))),
            ("key_service", Node::text(t.open311(Open311Msg::KeyService))),
            (
                "endpoints",
                Node::List {
                    item: "endpoint",
                    items: vec![endpoint],
                },
            ),
        ],
    )
}

pub fn services(t: Tr, categories: &[Category]) -> Document {
    let items = categories
        .iter()
        .map(|&category| {
            Node::Object(vec![
                ("service_code", Node::text(spec::service_code(category))),
                ("service_name", Node::text(t.category(category))),
                ("description", Node::text(t.service_description(category))),
                (
                    "metadata",
                    Node::Bool(!attribute::attributes(category).is_empty()),
                ),
                ("type", Node::text("realtime")),
                ("keywords", Node::text(t.service_keywords(category))),
                (
                    "group",
                    Node::text(t.service_group(ServiceGroup::of(category))),
                ),
            ])
        })
        .collect();
    Document::list("services", "service", items)
}

pub fn definition(t: Tr, category: Category) -> Document {
    let attributes = attribute::attributes(category)
        .into_iter()
        .map(|a| {
            let values = a
                .code
                .choices()
                .iter()
                .map(|&choice| {
                    Node::Object(vec![
                        ("key", Node::text(choice.as_code())),
                        ("name", Node::text(t.choice(choice))),
                    ])
                })
                .collect();
            Node::Object(vec![
                ("variable", Node::Bool(true)),
                ("code", Node::text(a.code.as_code())),
                ("datatype", Node::text(a.code.datatype().as_code())),
                ("required", Node::Bool(a.required)),
                (
                    "datatype_description",
                    Node::opt_text(t.attribute_hint(a.code)),
                ),
                ("order", Node::Int(i64::from(a.order))),
                ("description", Node::text(t.attribute_question(a.code))),
                (
                    "values",
                    Node::List {
                        item: "value",
                        items: values,
                    },
                ),
            ])
        })
        .collect();
    Document::object(
        "service_definition",
        vec![
            ("service_code", Node::text(spec::service_code(category))),
            (
                "attributes",
                Node::List {
                    item: "attribute",
                    items: attributes,
                },
            ),
        ],
    )
}

pub fn posted(t: Tr, posted: &Posted, account_id: Option<&str>) -> Document {
    let number = posted.number.to_string();
    let due = posted.due_at.map(|d| t.datetime(d));
    let notice = t.open311_service_notice(&number, posted.organization.as_deref(), due.as_deref());
    let item = Node::Object(vec![
        ("service_request_id", Node::text(number)),
        ("token", Node::text(posted.token.clone())),
        ("service_notice", Node::text(notice)),
        ("account_id", Node::opt_text(account_id)),
    ]);
    Document::list("service_requests", "request", vec![item])
}

pub fn token(token: &str, number: TicketNumber) -> Document {
    let item = Node::Object(vec![
        ("service_request_id", Node::text(number.to_string())),
        ("token", Node::text(token)),
    ]);
    Document::list("service_requests", "request", vec![item])
}

pub fn requests(t: Tr, views: &[PublicView], extensions: bool) -> Document {
    let items = views.iter().map(|v| request(t, v, extensions)).collect();
    Document::list("service_requests", "request", items)
}

/// Free text bound for public output, with phone numbers hidden.
fn public_text(t: Tr, text: &str) -> String {
    spec::redact_phones(text, t.open311(Open311Msg::PhoneHidden))
}

fn request(t: Tr, view: &PublicView, extensions: bool) -> Node {
    let r = &view.request;
    let status = PublicStatus::of(r.status);
    let status_notes = match (status, r.resolution) {
        (PublicStatus::Closed, Some(resolution)) => {
            let label = t.resolution(resolution);
            match r
                .resolution_text
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                Some(text) => format!("{label}. {}", public_text(t, text)),
                None => label.to_string(),
            }
        }
        _ => t.status(r.status).to_string(),
    };
    let point = r.public_point();
    let mut fields = vec![
        ("service_request_id", Node::text(r.number.to_string())),
        ("status", Node::text(status.as_code())),
        ("status_notes", Node::text(status_notes)),
        ("service_name", Node::text(t.category(r.category))),
        ("service_code", Node::text(spec::service_code(r.category))),
        ("description", Node::text(public_text(t, &r.description))),
        ("agency_responsible", Node::opt_text(r.organization.clone())),
        ("service_notice", Node::Null),
        ("requested_datetime", Node::text(rfc3339(r.created_at))),
        ("updated_datetime", Node::text(rfc3339(r.updated_at))),
        ("expected_datetime", Node::opt_text(r.due_at.map(rfc3339))),
        ("address", Node::opt_text(r.building_address.clone())),
        (
            "address_id",
            Node::opt_text(r.building_id.map(|b| b.0.to_string())),
        ),
        ("zipcode", Node::Null),
        ("lat", point.map_or(Node::Null, |p| Node::Float(p.latitude))),
        (
            "long",
            point.map_or(Node::Null, |p| Node::Float(p.longitude)),
        ),
        ("media_url", Node::opt_text(r.media_url.clone())),
    ];
    if extensions {
        fields.push(("extended_attributes", extended(t, view)));
        let notes = view.notes.iter().map(|e| note(t, e)).collect();
        fields.push((
            "notes",
            Node::List {
                item: "note",
                items: notes,
            },
        ));
    }
    Node::Object(fields)
}

fn extended(t: Tr, view: &PublicView) -> Node {
    let r = &view.request;
    let outage = view.outage.as_ref().map_or(Node::Null, |e| {
        Node::Object(vec![
            ("linked_datetime", Node::text(rfc3339(e.at))),
            (
                "description",
                Node::opt_text(e.after.as_deref().map(|s| public_text(t, s))),
            ),
        ])
    });
    Node::Object(vec![
        ("channel", Node::text(r.channel.as_code())),
        ("channel_name", Node::text(t.channel(r.channel))),
        ("district", Node::opt_text(r.district.clone())),
        ("organization", Node::opt_text(r.organization.clone())),
        ("deadline", Node::opt_text(r.due_at.map(rfc3339))),
        ("outage", outage),
    ])
}

/// A public timeline event: what happened and, for answers and closings, the
/// text the resident is told.
fn note(t: Tr, event: &TicketEvent) -> Node {
    let description = match event.kind {
        EventKind::Closed | EventKind::Answered => event.comment.as_deref(),
        EventKind::Assigned | EventKind::OutageLinked => event.after.as_deref(),
        _ => None,
    };
    Node::Object(vec![
        ("datetime", Node::text(rfc3339(event.at))),
        ("summary", Node::text(t.event(event.kind))),
        ("type", Node::text(event.kind.as_code())),
        (
            "description",
            Node::opt_text(description.map(|d| public_text(t, d))),
        ),
    ])
}
