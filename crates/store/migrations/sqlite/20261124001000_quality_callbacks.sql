-- Quality callbacks (контрольный обзвон): every call the control department
-- places to a resident about a closed ticket. The calls verifying one closing
-- form a round, keyed by the ticket's closed_at when they were placed; the
-- ticket's district, organization and category are copied at call time so the
-- statistics count the work that was verified.
create table quality_callbacks (
    id integer primary key,
    ticket_id bigint not null references tickets (id),
    round_closed_at bigint not null,
    attempt bigint not null,
    outcome text not null,
    -- The round's verdict when this call ended it (solved, not_solved, refused, unreachable).
    round_outcome text,
    -- When an unanswered resident may be called again.
    retry_at bigint,
    comment text,
    controller_user_id bigint references users (id),
    called_at bigint not null,
    district_id bigint references districts (id),
    organization_id bigint references organizations (id),
    category text not null,
    unique (ticket_id, round_closed_at, attempt)
);
create index quality_callbacks_called on quality_callbacks (called_at);
create index tickets_closed on tickets (status, closed_at);
