-- Regular expressions: PostgreSQL's regexp functions, Unicode classes
SELECT 'Crème brûlée' REGEXP 'br.l' AS search_anywhere,
       'Ångström' REGEXP '^\p{Lu}\p{Ll}+$' AS unicode_classes;
SELECT regexp_replace('foobarbaz', 'b(..)', 'X\1Y', 'g') AS pg_replace,
       regexp_substr('ABCDEF', 'c(.)(..)', 1, 1, 'i', 2) AS pg_substr,
       regexp_instr('crème brûlée', 'br.l', 1, 1, 1) AS pg_instr_chars,
       regexp_count('ABCABCAXYaxy', 'A.', 1, 'i') AS pg_count;
SELECT regexp_replace('Hello World', '\m(\w)', '<\1>', 'g') AS pg_word_start;
