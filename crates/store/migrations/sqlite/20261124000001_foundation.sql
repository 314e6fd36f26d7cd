-- Foundation: the registry (districts, organizations, buildings), users and their
-- sessions, tickets with their events. Times are Unix milliseconds UTC.

create table districts (
    id integer primary key,
    name text not null,
    name_folded text not null unique
);

create table organizations (
    id integer primary key,
    name text not null,
    name_folded text not null unique,
    kind text not null,
    phone text
);

create table buildings (
    id integer primary key,
    address text not null,
    -- The normalized address: equal for two spellings of one building.
    address_key text not null unique,
    address_folded text not null,
    district_id bigint not null references districts (id),
    management_company_id bigint not null references organizations (id),
    heat_supplier_id bigint not null references organizations (id),
    latitude double precision,
    longitude double precision,
    apartments bigint,
    year_built bigint,
    created_at bigint not null,
    updated_at bigint not null
);
create index buildings_district on buildings (district_id);
create index buildings_management_company on buildings (management_company_id);
create index buildings_heat_supplier on buildings (heat_supplier_id);

create table users (
    id integer primary key,
    login text not null unique,
    name text not null,
    password_hash text not null,
    role text not null,
    organization_id bigint references organizations (id),
    district_id bigint references districts (id),
    created_at bigint not null,
    disabled_at bigint
);

-- Web sessions and API tokens; only a hash of the secret is stored.
create table sessions (
    token_hash text primary key,
    user_id bigint not null references users (id),
    kind text not null,
    csrf_token text not null,
    created_at bigint not null,
    expires_at bigint not null
);
create index sessions_user on sessions (user_id);

-- Ticket numbers are per year; a rolled-back transaction may leave a gap.
create table ticket_counters (
    year bigint primary key,
    last_seq bigint not null
);

create table tickets (
    id integer primary key,
    number_year bigint not null,
    number_seq bigint not null,
    status text not null,
    category text not null,
    channel text not null,
    phone text not null,
    resident_name text,
    address text,
    building_id bigint references buildings (id),
    apartment text,
    entrance text,
    description text not null,
    -- Stemmed words of the description and address for search (see domain::search).
    search_text text not null,
    district_id bigint references districts (id),
    organization_id bigint references organizations (id),
    due_at bigint,
    created_at bigint not null,
    updated_at bigint not null,
    closed_at bigint,
    resolution text,
    resolution_text text,
    -- Set while the address matched no registry building.
    address_unresolved_at bigint,
    version bigint not null,
    unique (number_year, number_seq)
);
create index tickets_phone on tickets (phone, created_at);
create index tickets_created on tickets (created_at);
create index tickets_status_due on tickets (status, due_at);
create index tickets_organization on tickets (organization_id, status, due_at);
create index tickets_district on tickets (district_id, status, due_at);
create index tickets_building on tickets (building_id, created_at);

create table ticket_events (
    id integer primary key,
    ticket_id bigint not null references tickets (id),
    at bigint not null,
    actor_user_id bigint references users (id),
    kind text not null,
    before_value text,
    after_value text,
    comment text
);
create index ticket_events_ticket on ticket_events (ticket_id, id);
