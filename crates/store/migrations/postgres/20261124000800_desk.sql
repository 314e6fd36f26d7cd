-- The operator's desk: ticket lists sorted by deadline, and the open tickets
-- of a building and category (the desk's duplicate warning).
create index tickets_due on tickets (due_at, id);
create index tickets_building_category on tickets (building_id, category, status);
