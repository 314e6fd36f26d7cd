-- Open311 GeoReport v2 clients and the residents' self-service: API keys, what
-- an Open311 client posted beside the ticket, database-held rate-limit counters
-- (several servers share one database), and the resident form's contact,
-- receipts and "not solved" reopenings. Times are Unix milliseconds UTC.

-- One key per client system; only a hash of the secret is stored.
create table api_keys (
    id integer primary key,
    name text not null,
    key_hash text not null unique,
    -- The first characters of the secret, to tell keys apart on the admin page.
    key_prefix text not null,
    requests_per_minute bigint not null,
    created_at bigint not null,
    created_by_user_id bigint references users (id),
    revoked_at bigint
);

-- What an Open311 client posted that the ticket has no column for. Personal
-- data here (e-mail, names, device) is never served by GET.
create table open311_requests (
    ticket_id bigint primary key references tickets (id),
    api_key_id bigint not null references api_keys (id),
    token text not null unique,
    latitude double precision,
    longitude double precision,
    address_string text,
    address_id text,
    email text,
    device_id text,
    account_id text,
    media_url text,
    -- The service attributes as posted, one `code=value` per line.
    attributes text,
    created_at bigint not null
);

-- Fixed-window counters: one row per bucket (a key, an address, a phone hash)
-- and window start, incremented with an upsert.
create table rate_limit_hits (
    bucket text not null,
    window_start bigint not null,
    hits bigint not null,
    primary key (bucket, window_start)
);
create index rate_limit_hits_window on rate_limit_hits (window_start);

-- The resident form's optional e-mail and the consent to personal-data processing.
create table resident_contacts (
    ticket_id bigint primary key references tickets (id),
    email text,
    consent_at bigint not null
);

-- A confirmation page's secret link; a duplicate submission gets its own
-- receipt for the ticket it was linked to.
create table resident_receipts (
    token_hash text primary key,
    ticket_id bigint not null references tickets (id),
    created_at bigint not null,
    duplicate_at bigint
);

-- A resident's "not solved": at most one per closing of a ticket.
create table resident_reopens (
    ticket_id bigint not null references tickets (id),
    closed_at bigint not null,
    at bigint not null,
    primary key (ticket_id, closed_at)
);

-- Incremental sync (`updated_after`) and the nearest building to a point.
create index tickets_updated on tickets (updated_at);
create index buildings_latitude on buildings (latitude);
