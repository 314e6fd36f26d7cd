//! Ticket events: every change of a ticket, the audit trail and its timeline.

/// What happened to a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    Registered,
    CategorySuggested,
    Assigned,
    Started,
    Commented,
    Answered,
    Closed,
    Reopened,
    Overdue,
    OutageLinked,
    InspectionLinked,
    QualityCallback,
}

impl EventKind {
    pub fn as_code(self) -> &'static str {
        match self {
            EventKind::Registered => "registered",
            EventKind::CategorySuggested => "category_suggested",
            EventKind::Assigned => "assigned",
            EventKind::Started => "started",
            EventKind::Commented => "commented",
            EventKind::Answered => "answered",
            EventKind::Closed => "closed",
            EventKind::Reopened => "reopened",
            EventKind::Overdue => "overdue",
            EventKind::OutageLinked => "outage_linked",
            EventKind::InspectionLinked => "inspection_linked",
            EventKind::QualityCallback => "quality_callback",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "registered" => EventKind::Registered,
            "category_suggested" => EventKind::CategorySuggested,
            "assigned" => EventKind::Assigned,
            "started" => EventKind::Started,
            "commented" => EventKind::Commented,
            "answered" => EventKind::Answered,
            "closed" => EventKind::Closed,
            "reopened" => EventKind::Reopened,
            "overdue" => EventKind::Overdue,
            "outage_linked" => EventKind::OutageLinked,
            "inspection_linked" => EventKind::InspectionLinked,
            "quality_callback" => EventKind::QualityCallback,
            _ => return None,
        })
    }

    /// Events a resident may see on the public status page; internal notes stay internal.
    pub fn is_public(self) -> bool {
        match self {
            EventKind::Registered
            | EventKind::Assigned
            | EventKind::Started
            | EventKind::Answered
            | EventKind::Closed
            | EventKind::Reopened
            | EventKind::OutageLinked
            | EventKind::InspectionLinked => true,
            EventKind::CategorySuggested
            | EventKind::Commented
            | EventKind::Overdue
            | EventKind::QualityCallback => false,
        }
    }
}

/// One change of a ticket: who, when, what, before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketEvent {
    pub at: jiff::Timestamp,
    /// `None` when the system acted (overdue marking, outage closing).
    pub actor: Option<crate::user::UserId>,
    pub actor_name: Option<String>,
    pub kind: EventKind,
    pub before: Option<String>,
    pub after: Option<String>,
    pub comment: Option<String>,
}
