-- The admin's routing rules and production calendar, seeded from the domain's
-- defaults at the first start; the audit log of their changes; the
-- organizations' response templates.

-- One row per category (domain::routing::RoutingRule); deadlines in their
-- code form ('30m', '24h', '3wd').
create table routing_rules (
    category text primary key,
    target text not null,
    deadline text not null,
    first_response text,
    updated_at bigint not null,
    updated_by bigint references users (id)
);

-- The production calendar's overrides: a holiday on a weekday or a working
-- Saturday or Sunday. day is the city date, YYYY-MM-DD.
create table calendar_days (
    day text primary key,
    kind text not null
);

-- Who changed the rules or the calendar, when, and what the changed lines
-- were before and after. subject is 'routing_rules' or 'calendar'.
create table routing_changes (
    id integer primary key,
    changed_at bigint not null,
    user_id bigint references users (id),
    subject text not null,
    before_text text not null,
    after_text text not null
);
create index routing_changes_at on routing_changes (changed_at);

-- An organization's answer text per category and resolution, pre-filled in
-- its close form.
create table response_templates (
    organization_id bigint not null references organizations (id),
    category text not null,
    resolution text not null,
    body text not null,
    updated_at bigint not null,
    primary key (organization_id, category, resolution)
);

-- Escalation looks for open tickets past due without an overdue event.
create index tickets_open_due on tickets (due_at) where closed_at is null;
