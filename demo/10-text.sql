-- Unicode lower/upper and LIKE (SQLite's built-ins know only ASCII)
SELECT lower('ÄÖÜ ΣΑΣ') AS lower_, upper('straße') AS upper_, upper('élan') AS upper_accented;
SELECT 'ÄÖÜ' LIKE 'äöü' AS like_folds_umlauts, 'ПРИВЕТ' LIKE 'привет%' AS like_folds_cyrillic;
SELECT upper('istanbul', 'tr') AS turkish_upper;
