-- Operational HQs: meeting and reception schedules, meetings with their agenda
-- order and staff items, directives (поручения) with their links, and citizen
-- reception appointments. An HQ is named by its code: 'city' or
-- 'district:<id>' (domain::hq_meeting::Hq::code); district_id repeats the
-- district for integrity and scope queries.

-- One row per HQ whose schedule differs from the defaults. Weekdays 1 = Monday
-- .. 7 = Sunday; times are minutes after city midnight.
create table hq_schedules (
    hq text primary key,
    district_id bigint references districts (id),
    meeting_weekday bigint not null,
    meeting_minute bigint not null,
    meeting_kind text not null,
    reception_weekday bigint not null,
    reception_start_minute bigint not null,
    reception_end_minute bigint not null,
    slot_minutes bigint not null,
    updated_at bigint not null,
    updated_by bigint references users (id)
);

-- A meeting exists here once it is opened or created by staff; until then the
-- calendar shows it from the schedule.
create table hq_meetings (
    id integer primary key,
    hq text not null,
    district_id bigint references districts (id),
    kind text not null,
    -- The city date, YYYY-MM-DD.
    meeting_date text not null,
    starts_at bigint not null,
    created_at bigint not null,
    created_by bigint references users (id),
    unique (hq, meeting_date)
);
create index hq_meetings_starts on hq_meetings (hq, starts_at);

-- The agenda's order: a row per generated section (section set) and per item
-- staff added (title set).
create table hq_agenda_items (
    id integer primary key,
    meeting_id bigint not null references hq_meetings (id),
    position bigint not null,
    section text,
    title text,
    note text,
    created_at bigint not null,
    created_by bigint references users (id)
);
create index hq_agenda_items_meeting on hq_agenda_items (meeting_id, position);

-- Overdue is derived (done_at is null and deadline_at < now), never stored.
create table directives (
    id integer primary key,
    hq text not null,
    district_id bigint references districts (id),
    meeting_id bigint references hq_meetings (id),
    text text not null,
    owner_kind text not null,
    owner_id bigint not null,
    deadline_at bigint not null,
    issued_at bigint not null,
    issued_by bigint references users (id),
    done_at bigint,
    report text,
    reported_by bigint references users (id)
);
create index directives_hq on directives (hq, done_at, deadline_at);
create index directives_owner on directives (owner_kind, owner_id, done_at);
create index directives_meeting on directives (meeting_id);

-- What a directive is about: kind 'ticket' or 'building' (remarks later), by id.
create table directive_links (
    id integer primary key,
    directive_id bigint not null references directives (id),
    kind text not null,
    target_id bigint not null,
    unique (directive_id, kind, target_id)
);

create table reception_appointments (
    id integer primary key,
    hq text not null,
    district_id bigint references districts (id),
    starts_at bigint not null,
    ends_at bigint not null,
    resident_name text not null,
    phone text not null,
    topic text not null,
    address text,
    building_id bigint references buildings (id),
    booked_at bigint not null,
    booked_by bigint references users (id),
    outcome text,
    outcome_note text,
    outcome_at bigint,
    outcome_by bigint references users (id),
    ticket_id bigint references tickets (id)
);
-- No double booking, even from two sessions at once: the loser's insert fails.
create unique index reception_appointments_slot on reception_appointments (hq, starts_at);
create index reception_appointments_phone on reception_appointments (phone);

-- Agendas list tickets reopened in a week; events are otherwise read per ticket.
create index ticket_events_kind_at on ticket_events (kind, at);
