-- Word search without scanning tickets: an FTS5 index over search_text, keyed
-- by ticket id (external content: the text stays in tickets). search_text holds
-- Rust-folded stems (only letters and digits) separated by single spaces; the
-- `ascii` tokenizer splits on ASCII non-alphanumerics only and keeps every other
-- character inside a word, so the index's words are exactly the column's words
-- (unicode61 would also split on marks and symbols Rust counts as letters).
-- Only "does a word start with this stem" is asked: no positions, no sizes.
-- The triggers keep it in step with every writer of tickets, the bulk path included.
create virtual table ticket_search using fts5(
    search_text,
    content = 'tickets',
    content_rowid = 'id',
    tokenize = 'ascii',
    detail = none,
    columnsize = 0
);

create trigger tickets_search_insert after insert on tickets begin
    insert into ticket_search (rowid, search_text) values (new.id, new.search_text);
end;

create trigger tickets_search_update after update of search_text on tickets begin
    insert into ticket_search (ticket_search, rowid, search_text)
        values ('delete', old.id, old.search_text);
    insert into ticket_search (rowid, search_text) values (new.id, new.search_text);
end;

create trigger tickets_search_delete after delete on tickets begin
    insert into ticket_search (ticket_search, rowid, search_text)
        values ('delete', old.id, old.search_text);
end;

insert into ticket_search (ticket_search) values ('rebuild');
