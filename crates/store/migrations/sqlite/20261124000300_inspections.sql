-- Repeat detection, joint inspections, their reports (акты) and remarks.
-- Times are Unix milliseconds UTC; measurements are °C or MPa.

-- The admin's repeat policy: one row, id 1; absent means the default.
create table repeat_policies (
    id bigint primary key,
    min_tickets bigint not null,
    window_days bigint not null,
    -- Category codes separated by commas.
    categories text not null,
    updated_at bigint not null,
    updated_by bigint references users (id)
);

-- Temperature schedules loaded by the admin, one per heat source (the heat
-- supplier organization); without one the default 95/70 schedule applies.
create table temperature_schedules (
    heat_supplier_id bigint primary key references organizations (id),
    csv text not null,
    loaded_at bigint not null,
    loaded_by bigint references users (id)
);

create table inspections (
    id integer primary key,
    building_id bigint not null references buildings (id),
    district_id bigint not null references districts (id),
    -- The building's organizations when the inspection opened: organizations
    -- see the inspections of their buildings.
    management_company_id bigint not null references organizations (id),
    heat_supplier_id bigint not null references organizations (id),
    status text not null,
    opened_at bigint not null,
    visit_at bigint,
    schedule_note text,
    completed_at bigint,
    cancelled_at bigint,
    cancel_reason text,
    updated_at bigint not null,
    version bigint not null
);
create index inspections_building on inspections (building_id, status, opened_at);
create index inspections_district on inspections (district_id, status, opened_at);
create index inspections_management_company on inspections (management_company_id, opened_at);
create index inspections_heat_supplier on inspections (heat_supplier_id, opened_at);

-- A ticket joins at most one inspection; every ticket keeps its own lifecycle.
create table inspection_tickets (
    inspection_id bigint not null references inspections (id),
    ticket_id bigint not null unique references tickets (id),
    linked_at bigint not null,
    primary key (inspection_id, ticket_id)
);

-- Organizations invited to the visit; `notified_at` is when the invitation
-- (date, time) was last put in their list.
create table inspection_members (
    inspection_id bigint not null references inspections (id),
    organization_id bigint not null references organizations (id),
    notified_at bigint not null,
    primary key (inspection_id, organization_id)
);
create index inspection_members_organization on inspection_members (organization_id);

-- The act of a visit; one per inspection, replaced when corrected.
create table inspection_reports (
    inspection_id bigint primary key references inspections (id),
    visited_at bigint not null,
    outdoor_temperature double precision,
    supply_pressure double precision,
    return_pressure double precision,
    heat_source_id bigint references organizations (id),
    instrument text,
    instrument_verified_on text,
    findings text,
    recorded_at bigint not null,
    recorded_by bigint references users (id)
);

create table inspection_participants (
    id integer primary key,
    inspection_id bigint not null references inspections (id),
    position bigint not null,
    party text not null,
    name text not null,
    job_title text,
    organization_id bigint references organizations (id),
    refused_to_sign_at bigint,
    refusal_reason text
);
create index inspection_participants_inspection on inspection_participants (inspection_id, position);

-- Measured values; `room_type` is `corner` or `ordinary` for room air.
create table inspection_readings (
    id integer primary key,
    inspection_id bigint not null references inspections (id),
    position bigint not null,
    kind text not null,
    value double precision not null,
    room_type text,
    apartment text,
    room text,
    measured_at bigint not null
);
create index inspection_readings_inspection on inspection_readings (inspection_id, position);

-- The verdicts as computed when the act was saved, so a later schedule change
-- never rewrites a signed act.
create table inspection_verdicts (
    id integer primary key,
    inspection_id bigint not null references inspections (id),
    position bigint not null,
    reading_position bigint not null,
    kind text not null,
    value double precision not null,
    -- `range` (a = min, b = max), `at_most` (b = max), `within_percent` and
    -- `at_most_percent_above` (a = scheduled, b = percent); null when unknown.
    norm_kind text,
    norm_a double precision,
    norm_b double precision,
    deviation double precision,
    deviation_unit text,
    verdict text not null,
    reference text not null
);
create index inspection_verdicts_inspection on inspection_verdicts (inspection_id, position);

create table remarks (
    id integer primary key,
    inspection_id bigint not null references inspections (id),
    district_id bigint not null references districts (id),
    building_id bigint not null references buildings (id),
    organization_id bigint not null references organizations (id),
    issue text not null,
    text text not null,
    reference text not null,
    status text not null,
    due_at bigint not null,
    created_at bigint not null,
    created_by bigint references users (id),
    eliminated_at bigint,
    elimination_comment text,
    verified_at bigint,
    rejection_comment text,
    updated_at bigint not null,
    version bigint not null
);
create index remarks_inspection on remarks (inspection_id, id);
create index remarks_organization on remarks (organization_id, status, due_at);
create index remarks_district on remarks (district_id, status, due_at);

-- Photos of a visit or of a remark's elimination; checked image types only.
create table inspection_photos (
    id integer primary key,
    inspection_id bigint not null references inspections (id),
    remark_id bigint references remarks (id),
    content_type text not null,
    byte_size bigint not null,
    data blob not null,
    caption text,
    uploaded_at bigint not null,
    uploaded_by bigint references users (id)
);
create index inspection_photos_inspection on inspection_photos (inspection_id, id);
create index inspection_photos_remark on inspection_photos (remark_id);
