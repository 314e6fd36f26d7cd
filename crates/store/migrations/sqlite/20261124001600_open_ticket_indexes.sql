-- Open tickets of one district or organization, by deadline: the HQ's and the
-- organization's lists, their overdue-first slices and counts. Without them a
-- million tickets are filtered through the district index (430 ms → 0.5 ms).
create index tickets_open_district_due on tickets (district_id, due_at) where closed_at is null;
create index tickets_open_organization_due on tickets (organization_id, due_at) where closed_at is null;
