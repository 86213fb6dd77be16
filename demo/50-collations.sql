-- MySQL and PostgreSQL collations by name
CREATE TABLE users (email TEXT COLLATE utf8mb4_unicode_ci UNIQUE, city TEXT);
INSERT INTO users VALUES ('Ann@Example.com', 'Zürich'), ('bob@example.com', 'Ångström'), ('cy@example.com', 'Zagreb');
INSERT INTO users VALUES ('ANN@example.COM', 'Basel');
SELECT email FROM users WHERE email = 'ann@EXAMPLE.com';
SELECT group_concat(city, ', ') AS swedish_order FROM (SELECT city FROM users ORDER BY city COLLATE "sv-x-icu");
SELECT 'Straße' = 'STRASSE' COLLATE utf8mb4_unicode_ci AS unicode_ci, 'Straße' = 'STRASE' COLLATE utf8mb4_general_ci AS general_ci, 'ÉCOLE' = 'école' COLLATE UNOCASE AS unocase;
