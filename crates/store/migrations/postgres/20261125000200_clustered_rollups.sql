-- SQLite turns the rollups into a WITHOUT ROWID table here; PostgreSQL keeps
-- its heap table, which its aggregation already reads sequentially.
select 1;
