-- Ticket counts per city-time day of registration × district × category ×
-- organization × status, kept in the same transaction as every ticket write
-- (store::ticket::{insert, update_state}) so the dashboard and reports never
-- scan tickets. 0 stands for "no district/organization" so the key has no NULLs.
-- closed_late is 1 for a ticket closed after its deadline, else 0.
create table ticket_rollups (
    day text not null,
    district_id bigint not null,
    category text not null,
    organization_id bigint not null,
    status text not null,
    closed_late bigint not null,
    tickets bigint not null,
    primary key (day, district_id, category, organization_id, status, closed_late)
);
create index ticket_rollups_district_day on ticket_rollups (district_id, day);
-- Overdue-now counts open tickets past due_at on tickets itself (it depends on
-- the moment); tickets_status_due (status, due_at) already serves it.
