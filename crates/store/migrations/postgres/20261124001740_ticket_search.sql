-- Word search without scanning tickets: a GIN index over the words of
-- search_text, which the store queries as
-- `ticket_search_words(search_text) @@ 'stem':* & ...`.
-- search_text holds Rust-folded stems separated by single spaces; they become
-- lexemes as they are (array_to_tsvector: no parser, no dictionary, no
-- locale), so the index's words are exactly the column's words. A lexeme holds
-- at most 2047 bytes, so a word is cut to its first 255 characters (the
-- longest repetition a regular expression allows; only a text that long can
-- hold such a word); the store checks a longer query stem with `like` too.
-- Building the words costs ~10 µs a row, against ~1 µs for a `like`: the
-- function is kept out of line (`set`) with a high cost, so the planner reads
-- the index, or filters only the few rows a limited, ordered list needs, and
-- never computes the words of every ticket.
create function ticket_search_words(search_text text) returns tsvector
    language sql immutable strict parallel safe cost 1000
    set search_path = pg_catalog
    as $$ select array_to_tsvector(array_remove(string_to_array(
        case when length(search_text) <= 255 then search_text
             else regexp_replace(search_text, '(\S{255})\S+', '\1', 'g') end,
        ' '), '')) $$;

create index tickets_search_words on tickets using gin (ticket_search_words(search_text));
