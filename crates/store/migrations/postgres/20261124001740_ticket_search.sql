-- Word search without scanning tickets: a GIN index over the words of
-- search_text. search_text holds Rust-folded stems separated by single spaces;
-- they become lexemes as they are (array_to_tsvector: no parser, no
-- dictionary, no locale), so the index's words are exactly the column's words.
-- A lexeme holds at most 2047 bytes, so each word is cut to its first 255
-- characters (the longest repetition a regular expression allows); the store
-- checks a longer query stem with `like` as well. The store queries
-- `ticket_search_words(search_text) @@ 'stem':* & ...`, which this index serves.
create function ticket_search_words(search_text text) returns tsvector
    language sql immutable parallel safe
    as $$ select array_to_tsvector(array_remove(string_to_array(
        regexp_replace(search_text, '(\S{255})\S+', '\1', 'g'), ' '), '')) $$;

create index tickets_search_words on tickets using gin (ticket_search_words(search_text));
