-- Billing runs (платёжные документы): the city dates bills go out, past and
-- planned. Billing calls rise in the days after; the call forecast reads them.
create table billing_runs (
    run_on text primary key,
    created_at bigint not null
);
