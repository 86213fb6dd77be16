-- JSON containment and exact numbers, as PostgreSQL jsonb answers (json_contains & co.)
CREATE TABLE items (id INTEGER PRIMARY KEY, doc TEXT);
INSERT INTO items VALUES
  (1, '{"name":"pen","tags":["red","sale"],"price":1.50,"stock":{"eu":3},"serial":123456789012345678901234567890}'),
  (2, '{"name":"ink","tags":["blue"],"price":12,"serial":123456789012345678901234567891}'),
  (3, '{"name":"pad","tags":["sale"],"price":1.5e0,"stock":{"eu":0}}');
-- SQLite's own JSON reads 30-digit numbers as doubles: two different serials look equal
SELECT a.id, b.id, a.doc ->> '$.serial' = b.doc ->> '$.serial' AS "equal per ->>"
  FROM items a JOIN items b ON a.id < b.id WHERE a.doc ->> '$.serial' IS NOT NULL AND b.doc ->> '$.serial' IS NOT NULL;
-- jsonb equality compares them as exact decimals
SELECT json_equal(a.doc -> '$.serial', b.doc -> '$.serial') AS "equal per jsonb" FROM items a, items b WHERE a.id = 1 AND b.id = 2;
-- jsonb @>: on sale, priced 1.5 (1.50 and 1.5e0 are the same number), with EU stock 3
SELECT id, doc ->> '$.name' AS name FROM items WHERE json_contains(doc, '{"tags":["sale"],"price":1.5,"stock":{"eu":3}}');
-- jsonb ?, ?| and the -> / ->> values ORMs pass
SELECT id, json_has_key(doc, 'stock') AS has_stock, json_has_any_keys(doc, '["serial","x"]') AS any_key, json_contains(doc -> '$.tags', 'sale') AS on_sale FROM items;
