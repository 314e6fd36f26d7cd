-- Outages (known interruptions of heat supply to a set of buildings), the
-- tickets they answer, and resident notifications (an outbox delivered by a
-- background worker) with opt-outs. Times are Unix milliseconds UTC.

create table outages (
    id integer primary key,
    -- The district when every building is in one, else null.
    district_id bigint references districts (id),
    -- The heat supplier responsible when every building has the same one, else null.
    organization_id bigint references organizations (id),
    reason text not null,
    starts_at bigint not null,
    expected_end_at bigint not null,
    -- When supply was restored; null while the outage is open.
    ended_at bigint,
    -- The lowest indoor temperature recorded during the outage (°C), which sets
    -- the legal limit of the interruption; null means +12 °C or warmer assumed.
    indoor_temperature double precision,
    created_by bigint not null references users (id),
    created_at bigint not null,
    closed_by bigint references users (id),
    close_comment text
);
create index outages_open on outages (ended_at, starts_at);
create index outages_district on outages (district_id, starts_at);
create index outages_organization on outages (organization_id, starts_at);

create table outage_buildings (
    outage_id bigint not null references outages (id),
    building_id bigint not null references buildings (id),
    primary key (outage_id, building_id)
);
create index outage_buildings_building on outage_buildings (building_id, outage_id);

alter table tickets add column outage_id bigint references outages (id);
create index tickets_outage on tickets (outage_id, status);

-- The outbox: a row per notification to send, written in the same transaction
-- as the ticket change it tells about.
create table notifications (
    id integer primary key,
    ticket_id bigint not null references tickets (id),
    -- The ticket's number, for gateways' message templates.
    ticket_number text not null,
    kind text not null,
    channel text not null,
    recipient text not null,
    body text not null,
    status text not null,
    attempts bigint not null,
    -- When the worker may next try; a claim moves it forward by a lease.
    next_attempt_at bigint not null,
    last_error text,
    provider text,
    created_at bigint not null,
    sent_at bigint,
    updated_at bigint not null
);
create index notifications_due on notifications (status, next_attempt_at);
create index notifications_ticket on notifications (ticket_id, id);
create index notifications_created on notifications (created_at);

-- Residents who asked not to be notified: every ticket of a phone, or one ticket.
create table notification_opt_outs (
    id integer primary key,
    phone text not null,
    ticket_id bigint references tickets (id),
    created_by bigint references users (id),
    created_at bigint not null
);
create index notification_opt_outs_phone on notification_opt_outs (phone, ticket_id);
