/*
 * information_schema for the mysql and mariadb dialects: the relations a MariaDB
 * client's introspection reads, as TEMP views over the dialect's catalog (catalog.h)
 * and SQLite's schema, created when a connection opens (my_introspection_open). The
 * rewriter writes information_schema.COLUMNS (any case) as the view "information_
 * schema.columns" (the rules' catalog table, mysql.c):
 *
 *   TABLES              every table and view: BASE TABLE / VIEW, ENGINE, ROW_FORMAT,
 *                       AUTO_INCREMENT, TABLE_COLLATION, TABLE_COMMENT ('VIEW' for one)
 *   COLUMNS             the tables' columns, and the views' columns that read a
 *                       table's column (as that column: my_view_columns); ORDINAL_POSITION,
 *                       COLUMN_DEFAULT as MariaDB 10.2+ shows it
 *                       ('x' quoted, numbers bare, 'NULL' for a nullable column without
 *                       one), the lengths, precisions and scales of each type,
 *                       CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_TYPE, COLUMN_KEY,
 *                       EXTRA, IS_GENERATED
 *   STATISTICS          one row per column of each PRIMARY KEY, UNIQUE and KEY
 *   KEY_COLUMN_USAGE    the columns of PRIMARY KEY, UNIQUE and FOREIGN KEY constraints,
 *                       with the referenced table and columns
 *   TABLE_CONSTRAINTS   PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK
 *   CHECK_CONSTRAINTS   the checks with their clause as MariaDB prints it (`a` > 0)
 *   REFERENTIAL_CONSTRAINTS  the foreign keys: the parent's key, UPDATE_RULE, DELETE_RULE
 *   VIEWS               the views, VIEW_DEFINITION in SQLite's spelling (the translation);
 *                       DEFINER NULL (no accounts here)
 *   SCHEMATA            the one database, main, with the dialect's default collation
 *   SESSION_VARIABLES   the variables SHOW VARIABLES lists (VARIABLE_NAME in upper case)
 *
 * TABLE_SCHEMA is "main", what DATABASE() returns. NULL rules: a value MariaDB leaves
 * NULL (a numeric column's character lengths...) is NULL here. Limits: before the
 * first CREATE TABLE of a database the catalog tables do not exist and reading these
 * views is an error (1146 names the catalog table); TABLE_ROWS, lengths and times are
 * NULL; the index MariaDB adds for a foreign key without one is not listed; TEMPORARY
 * tables are not listed.
 */
#include <sqlite3.h>
#include <string.h>

#include "dialect/mysql/mysql.h"

/* The keys' columns, one row each, with the key InnoDB adds for a foreign key that no key
 * starts with; key_order and key_prefix (the key's columns up to this one) for SHOW
 * INDEX. */
#define MY_STATISTICS_ROWS                                                                         \
    "(SELECT 'def' AS TABLE_CATALOG, 'main' AS TABLE_SCHEMA, k.table_name AS TABLE_NAME, CASE "    \
    "WHEN k.kind = 'KEY' THEN 1 ELSE 0 END AS NON_UNIQUE, 'main' AS INDEX_SCHEMA, k.name COLLATE " \
    "utf8mb4_general_ci AS INDEX_NAME, kc.key + 1 AS SEQ_IN_INDEX, kc.value COLLATE "              \
    "utf8mb4_general_ci AS COLUMN_NAME, 'A' AS COLLATION, NULL AS "                                \
    "CARDINALITY, CAST(NULLIF(json_extract('[\"' || replace(COALESCE(k.parts, ''), ',', '\",\"') " \
    "|| '\"]', '$[' || kc.key || ']'), '') AS INTEGER) AS SUB_PART, NULL AS PACKED, CASE WHEN "    \
    "(SELECT is_nullable FROM "                                                                    \
    "main._lw_mysql_columns c WHERE c.table_name = k.table_name AND lower(c.column_name) = "       \
    "lower(kc.value)) = 'YES' THEN 'YES' ELSE '' END AS NULLABLE, 'BTREE' AS INDEX_TYPE, '' AS "   \
    "COMMENT, '' AS INDEX_COMMENT, 'NO' AS IGNORED, CASE k.kind WHEN 'PRIMARY KEY' THEN 0 WHEN "   \
    "'UNIQUE' THEN 1 ELSE 2 END * 4000000000 + k.seq AS key_order, (SELECT group_concat(p.value, " \
    "',') FROM json_each('[\"' || replace(k.columns, ',', '\",\"') || '\"]') p WHERE p.key <= "    \
    "kc.key) AS key_prefix FROM (SELECT table_name, name, kind, columns, CASE WHEN kind <> "       \
    "'PRIMARY KEY' THEN definition END AS parts, rowid AS seq FROM "                               \
    "main._lw_mysql_constraints WHERE kind IN ('PRIMARY KEY', 'UNIQUE', 'KEY') UNION ALL SELECT "  \
    "f.table_name, f.name, 'KEY', f.columns, NULL, f.rowid + 1000000000 FROM "                     \
    "main._lw_mysql_constraints f WHERE f.kind = 'FOREIGN KEY' AND NOT EXISTS (SELECT 1 FROM "     \
    "main._lw_mysql_constraints o WHERE o.table_name = f.table_name AND o.kind IN ('PRIMARY "      \
    "KEY', "                                                                                       \
    "'UNIQUE', 'KEY') AND ',' || lower(o.columns) || ',' LIKE ',' || lower(f.columns) || ',%')) "  \
    "AS k, " KEY_COLUMNS ")"

/* The catalog's columns with the values the views derive from the type. */
/* The columns of the views that read a table's column, with that column's catalog row
 * (my_view_columns, runtime_show.c): MariaDB describes such a column as its source. */
#define VIEW_COLUMNS                                                                               \
    "SELECT v.name, json_extract(j.value, '$[0]'), j.key + 1, b.data_type, b.column_type, "        \
    "b.charset, b.collation, b.members, '', b.comment, b.default_text, b.is_nullable FROM "        \
    "main.sqlite_master v, json_each(my_view_columns(v.name)) j JOIN main._lw_mysql_columns b "    \
    "ON b.table_name = json_extract(j.value, '$[1]') AND b.column_name = "                         \
    "json_extract(j.value, '$[2]') WHERE v.type = 'view'"

#define TYPED_COLUMNS                                                                              \
    "(SELECT c.*, CASE WHEN c.data_type IN ('char', 'varchar', 'binary', 'varbinary') THEN "       \
    "CAST(substr(c.column_type, instr(c.column_type, '(') + 1) AS INTEGER) WHEN c.data_type IN "   \
    "('tinytext', 'tinyblob') THEN 255 WHEN c.data_type IN ('text', 'blob') THEN 65535 WHEN "      \
    "c.data_type IN ('mediumtext', 'mediumblob') THEN 16777215 WHEN c.data_type IN "               \
    "('longtext', 'longblob') THEN 4294967295 WHEN c.data_type = 'enum' THEN (SELECT "             \
    "max(length(value)) FROM json_each(c.members)) WHEN c.data_type = 'set' THEN (SELECT "         \
    "sum(length(value)) + count(*) - 1 FROM json_each(c.members)) END AS max_len, "                \
    "c.data_type IN ('tinyint', 'smallint', 'mediumint', 'int', 'bigint', 'decimal', 'float', "    \
    "'double', 'year', 'bit') AS numeric FROM (SELECT * FROM main._lw_mysql_columns UNION "        \
    "ALL " VIEW_COLUMNS ") c)"

#define KEY_OF_COLUMN                                                                              \
    "CASE WHEN EXISTS (SELECT 1 FROM main._lw_mysql_constraints k WHERE k.table_name = "           \
    "c.table_name AND k.kind = 'PRIMARY KEY' AND instr(',' || lower(k.columns) || ',', ',' || "    \
    "lower(c.column_name) || ',')) THEN 'PRI' WHEN EXISTS (SELECT 1 FROM "                         \
    "main._lw_mysql_constraints k WHERE k.table_name = c.table_name AND k.kind = 'UNIQUE' AND "    \
    "lower(k.columns) = lower(c.column_name)) THEN 'UNI' WHEN EXISTS (SELECT 1 FROM "              \
    "main._lw_mysql_constraints k WHERE k.table_name = c.table_name AND k.kind IN ('UNIQUE', "     \
    "'KEY', 'FOREIGN KEY') AND (lower(k.columns) = lower(c.column_name) OR "                       \
    "substr(lower(k.columns), 1, length(c.column_name) + 1) = lower(c.column_name) || ',')) "      \
    "THEN 'MUL' ELSE '' END"

/* A key's columns, one row each: key_cols(position, column) joined to k. */
#define KEY_COLUMNS                                                                                \
    "json_each('[\"' || replace(replace(k.columns, '\"', '\\\"'), ',', '\",\"') || '\"]') AS kc"

static const char views_sql[] =
    "CREATE TEMP VIEW IF NOT EXISTS \"information_schema.tables\" AS SELECT 'def' AS "
    "TABLE_CATALOG, 'main' AS TABLE_SCHEMA, s.name AS TABLE_NAME, CASE s.type WHEN 'view' THEN "
    "'VIEW' ELSE 'BASE TABLE' END AS TABLE_TYPE, CASE WHEN s.type = 'table' THEN "
    "COALESCE(t.engine, 'InnoDB') END AS ENGINE, 10 AS VERSION, CASE WHEN s.type = 'table' THEN "
    "COALESCE(t.row_format, 'Dynamic') END AS ROW_FORMAT, NULL AS TABLE_ROWS, NULL AS "
    "AVG_ROW_LENGTH, NULL AS DATA_LENGTH, NULL AS MAX_DATA_LENGTH, NULL AS INDEX_LENGTH, NULL AS "
    "DATA_FREE, CASE WHEN EXISTS (SELECT 1 FROM main._lw_mysql_columns c WHERE c.table_name = "
    "s.name AND c.extra = 'auto_increment') THEN t.auto_increment END AS AUTO_INCREMENT, NULL AS "
    "CREATE_TIME, NULL AS UPDATE_TIME, NULL AS CHECK_TIME, CASE WHEN s.type = 'table' THEN "
    "t.collation END AS TABLE_COLLATION, NULL AS CHECKSUM, CASE WHEN s.type = 'table' THEN '' END "
    "AS CREATE_OPTIONS, CASE WHEN s.type = 'view' THEN 'VIEW' ELSE COALESCE(t.comment, '') END AS "
    "TABLE_COMMENT, NULL AS MAX_INDEX_LENGTH, CASE WHEN s.type = 'table' THEN 'N' END AS "
    "TEMPORARY FROM main.sqlite_schema s LEFT JOIN main._lw_mysql_tables t ON t.name = s.name "
    "WHERE s.type IN ('table', 'view') AND s.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND s.name "
    "NOT LIKE '\\_lw\\_%' ESCAPE '\\' AND s.name <> 'lw_collation_versions';"
    "CREATE TEMP VIEW IF NOT EXISTS \"information_schema.columns\" AS SELECT 'def' AS "
    "TABLE_CATALOG, 'main' AS TABLE_SCHEMA, c.table_name AS TABLE_NAME, c.column_name AS "
    "COLUMN_NAME, c.ordinal AS ORDINAL_POSITION, CASE WHEN c.default_text IS NULL OR "
    "c.default_text IN ('', 'NULL') THEN CASE WHEN c.is_nullable = 'YES' THEN 'NULL' END WHEN "
    "c.data_type = 'decimal' THEN printf('%.*f', CAST(substr(c.column_type, instr(c.column_type, "
    "',') + 1) AS INTEGER), CAST(trim(c.default_text, '''') AS REAL)) WHEN c.numeric THEN "
    "trim(c.default_text, '''') ELSE c.default_text END AS COLUMN_DEFAULT, c.is_nullable AS "
    "IS_NULLABLE, c.data_type AS DATA_TYPE, c.max_len AS CHARACTER_MAXIMUM_LENGTH, CASE WHEN "
    "c.charset = 'utf8mb4' AND c.data_type IN ('char', 'varchar', 'enum', 'set') THEN 4 * "
    "c.max_len ELSE c.max_len END AS CHARACTER_OCTET_LENGTH, CASE c.data_type WHEN 'tinyint' "
    "THEN 3 WHEN 'smallint' THEN 5 WHEN 'mediumint' THEN 7 WHEN 'int' THEN 10 WHEN 'bigint' THEN "
    "CASE WHEN c.column_type LIKE '% unsigned%' THEN 20 ELSE 19 END WHEN 'decimal' THEN "
    "CAST(substr(c.column_type, 9) AS INTEGER) WHEN 'float' THEN 12 WHEN 'double' THEN 22 WHEN "
    "'bit' THEN CAST(substr(c.column_type, 5) AS INTEGER) END AS NUMERIC_PRECISION, CASE WHEN "
    "c.data_type IN ('tinyint', 'smallint', 'mediumint', 'int', 'bigint', 'bit') THEN 0 WHEN "
    "c.data_type = 'decimal' THEN CAST(substr(c.column_type, instr(c.column_type, ',') + 1) AS "
    "INTEGER) END AS NUMERIC_SCALE, CASE WHEN c.data_type IN ('datetime', 'timestamp', 'time') "
    "THEN CASE WHEN instr(c.column_type, '(') THEN CAST(substr(c.column_type, "
    "instr(c.column_type, '(') + 1) AS INTEGER) ELSE 0 END END AS DATETIME_PRECISION, CASE WHEN "
    "c.max_len IS NOT NULL AND c.data_type NOT LIKE '%blob' AND c.data_type NOT LIKE '%binary' "
    "THEN c.charset END AS CHARACTER_SET_NAME, CASE WHEN c.max_len IS NOT NULL AND c.data_type "
    "NOT LIKE '%blob' AND c.data_type NOT LIKE '%binary' THEN c.collation END AS "
    "COLLATION_NAME, c.column_type AS COLUMN_TYPE, " KEY_OF_COLUMN
    " AS COLUMN_KEY, COALESCE(c.extra, '') AS EXTRA, 'select,insert,update,references' AS "
    "PRIVILEGES, COALESCE(c.comment, '') AS COLUMN_COMMENT, CASE WHEN c.extra LIKE "
    "'%GENERATED' THEN 'ALWAYS' ELSE 'NEVER' END AS IS_GENERATED, NULL AS GENERATION_EXPRESSION "
    "FROM " TYPED_COLUMNS " c;"
    "CREATE TEMP VIEW IF NOT EXISTS \"information_schema.statistics\" AS SELECT TABLE_CATALOG, "
    "TABLE_SCHEMA, TABLE_NAME, NON_UNIQUE, INDEX_SCHEMA, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, "
    "COLLATION, CARDINALITY, SUB_PART, PACKED, NULLABLE, INDEX_TYPE, COMMENT, INDEX_COMMENT, "
    "IGNORED FROM " MY_STATISTICS_ROWS ";"
    "CREATE TEMP VIEW IF NOT EXISTS \"information_schema.key_column_usage\" AS SELECT 'def' AS "
    "CONSTRAINT_CATALOG, 'main' AS CONSTRAINT_SCHEMA, k.name COLLATE utf8mb4_general_ci AS "
    "CONSTRAINT_NAME, 'def' AS "
    "TABLE_CATALOG, 'main' AS TABLE_SCHEMA, k.table_name AS TABLE_NAME, kc.value COLLATE "
    "utf8mb4_general_ci AS COLUMN_NAME, "
    "kc.key + 1 AS ORDINAL_POSITION, CASE WHEN k.kind = 'FOREIGN KEY' THEN kc.key + 1 END AS "
    "POSITION_IN_UNIQUE_CONSTRAINT, CASE WHEN k.kind = 'FOREIGN KEY' THEN 'main' END AS "
    "REFERENCED_TABLE_SCHEMA, k.ref_table AS REFERENCED_TABLE_NAME, CASE WHEN k.kind = 'FOREIGN "
    "KEY' THEN json_extract('[\"' || replace(k.ref_columns, ',', '\",\"') || '\"]', '$[' || "
    "kc.key || ']') END AS REFERENCED_COLUMN_NAME FROM main._lw_mysql_constraints k, " KEY_COLUMNS
    " WHERE k.kind IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY');"
    "CREATE TEMP VIEW IF NOT EXISTS \"information_schema.table_constraints\" AS SELECT 'def' AS "
    "CONSTRAINT_CATALOG, 'main' AS CONSTRAINT_SCHEMA, CASE WHEN substr(k.name, 1, "
    "length(k.table_name) + 1) = k.table_name || '.' THEN substr(k.name, length(k.table_name) + "
    "2) ELSE k.name END COLLATE utf8mb4_general_ci AS CONSTRAINT_NAME, 'main' AS TABLE_SCHEMA, "
    "k.table_name AS TABLE_NAME, "
    "k.kind AS CONSTRAINT_TYPE FROM "
    "main._lw_mysql_constraints k WHERE k.kind IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY', "
    "'CHECK');"
    "CREATE TEMP VIEW IF NOT EXISTS \"information_schema.check_constraints\" AS SELECT 'def' AS "
    "CONSTRAINT_CATALOG, 'main' AS CONSTRAINT_SCHEMA, k.table_name AS TABLE_NAME, CASE WHEN "
    "substr(k.name, 1, length(k.table_name) + 1) = k.table_name || '.' THEN substr(k.name, "
    "length(k.table_name) + 2) ELSE k.name END COLLATE utf8mb4_general_ci AS CONSTRAINT_NAME, CASE "
    "WHEN substr(k.name, 1, "
    "length(k.table_name) + 1) = k.table_name || '.' OR EXISTS (SELECT 1 FROM "
    "main._lw_mysql_columns c WHERE c.table_name = k.table_name AND c.column_name = k.name) "
    "THEN 'Column' ELSE 'Table' END AS LEVEL, my_check_clause(k.definition) AS CHECK_CLAUSE FROM "
    "main._lw_mysql_constraints k WHERE k.kind = 'CHECK';";

/* The relations whose rows depend on nothing but the schema's text, and SCHEMATA (the
 * one database, with the dialect's default collation). */
static const char more_views_sql[] =
    "CREATE TEMP VIEW IF NOT EXISTS \"information_schema.referential_constraints\" AS SELECT "
    "'def' AS CONSTRAINT_CATALOG, 'main' AS CONSTRAINT_SCHEMA, k.name COLLATE "
    "utf8mb4_general_ci AS CONSTRAINT_NAME, 'def' AS UNIQUE_CONSTRAINT_CATALOG, 'main' AS "
    "UNIQUE_CONSTRAINT_SCHEMA, (SELECT u.name FROM main._lw_mysql_constraints u WHERE "
    "u.table_name = k.ref_table AND u.kind IN ('PRIMARY KEY', 'UNIQUE') AND lower(u.columns) = "
    "lower(k.ref_columns) ORDER BY u.kind = 'UNIQUE' LIMIT 1) AS UNIQUE_CONSTRAINT_NAME, 'NONE' "
    "AS MATCH_OPTION, COALESCE(k.on_update, 'RESTRICT') AS UPDATE_RULE, COALESCE(k.on_delete, "
    "'RESTRICT') AS DELETE_RULE, k.table_name AS TABLE_NAME, k.ref_table AS "
    "REFERENCED_TABLE_NAME FROM main._lw_mysql_constraints k WHERE k.kind = 'FOREIGN KEY';"
    "CREATE TEMP VIEW IF NOT EXISTS \"information_schema.views\" AS SELECT 'def' AS "
    "TABLE_CATALOG, 'main' AS TABLE_SCHEMA, s.name AS TABLE_NAME, substr(s.sql, "
    "instr(upper(s.sql), "
    "' AS ') + 4) AS VIEW_DEFINITION, 'NONE' AS CHECK_OPTION, 'YES' AS IS_UPDATABLE, NULL AS "
    "DEFINER, 'DEFINER' AS SECURITY_TYPE, 'utf8mb4' AS CHARACTER_SET_CLIENT, %Q AS "
    "COLLATION_CONNECTION, 'UNDEFINED' AS ALGORITHM FROM main.sqlite_schema s WHERE s.type = "
    "'view';"
    "CREATE TEMP VIEW IF NOT EXISTS \"information_schema.schemata\" AS SELECT 'def' AS "
    "CATALOG_NAME, 'main' AS SCHEMA_NAME, 'utf8mb4' AS DEFAULT_CHARACTER_SET_NAME, %Q AS "
    "DEFAULT_COLLATION_NAME, NULL AS SQL_PATH, NULL AS SCHEMA_COMMENT;";

int my_introspection_open(sqlite3 *db, const char *default_collation, char **err)
{
    int rc = sqlite3_exec(db, views_sql, NULL, NULL, err);
    char *more = rc == SQLITE_OK
                     ? sqlite3_mprintf(more_views_sql, default_collation, default_collation)
                     : NULL;
    if (rc == SQLITE_OK)
        rc = more ? sqlite3_exec(db, more, NULL, NULL, err) : SQLITE_NOMEM;
    sqlite3_free(more);
    /* SESSION_VARIABLES: the variables SHOW VARIABLES lists, names in upper case, the
     * values as SHOW VARIABLES prints them. */
    lw_sqlbuf names = {0};
    for (size_t i = 0; my_variable_names[i]; i++)
        lw_sqlbuf_appendf(&names, "%s\"%s\"", i ? "," : "", my_variable_names[i]);
    char *vars =
        rc == SQLITE_OK && !names.oom
            ? sqlite3_mprintf(
                  "CREATE TEMP VIEW IF NOT EXISTS \"information_schema.session_variables\" "
                  "AS SELECT upper(value) AS VARIABLE_NAME, CASE WHEN value IN "
                  "('autocommit', 'explicit_defaults_for_timestamp', "
                  "'foreign_key_checks', 'sql_auto_is_null') THEN CASE my_sysvar(value) "
                  "WHEN 1 THEN 'ON' ELSE 'OFF' END ELSE CAST(my_sysvar(value) AS TEXT) "
                  "END AS VARIABLE_VALUE FROM json_each('[%s]')",
                  names.s ? names.s : "")
            : NULL;
    if (rc == SQLITE_OK)
        rc = vars ? sqlite3_exec(db, vars, NULL, NULL, err) : SQLITE_NOMEM;
    sqlite3_free(vars);
    lw_sqlbuf_free(&names);
    return rc;
}

/* ---- SHOW CREATE TABLE, SHOW INDEX --------------------------------------------------------------
 */

int my_show_create_statement(lw_walker *w)
{
    w->p += 3; /* SHOW CREATE TABLE */
    char *table = my_table_name(w);
    if (!table)
        return w->rc;
    if (!lw_at_end(w))
        my_syntax_error(w, 0);
    else
        lw_outf(w,
                "SELECT COALESCE((SELECT name FROM main._lw_mysql_tables WHERE name = %Q COLLATE "
                "NOCASE), %Q) AS \"Table\", my_show_create(COALESCE((SELECT name FROM "
                "main._lw_mysql_tables WHERE name = %Q COLLATE NOCASE), %Q)) AS \"Create Table\"",
                table, table, table, table);
    sqlite3_free(table);
    w->consumed = 1;
    return w->rc;
}

int my_show_index_statement(lw_walker *w)
{
    w->p += 2; /* SHOW INDEX | INDEXES | KEYS */
    if (!lw_word(w, "from") && !lw_word(w, "in"))
        return my_syntax_error(w, 0);
    lw_skip(w);
    char *table = my_table_name(w);
    if (!table)
        return w->rc;
    if ((lw_word(w, "from") || lw_word(w, "in")) && lw_tok(w, 1)) {
        w->p += 1;
        char *db = my_name(w);
        if (db && sqlite3_stricmp(db, MY_DATABASE) != 0)
            lw_walk_error(w, LW_ESQL, "42000", 1049, "Unknown database '%s'", db);
        sqlite3_free(db);
    }
    if (!w->rc && !lw_at_end(w))
        my_syntax_error(w, 0);
    if (!w->rc) {
        /* The rows' SQL has % signs of its own: written as it is, not as a format. */
        lw_out(w, "SELECT TABLE_NAME AS \"Table\", NON_UNIQUE AS \"Non_unique\", INDEX_NAME AS "
                  "\"Key_name\", SEQ_IN_INDEX AS \"Seq_in_index\", COLUMN_NAME AS "
                  "\"Column_name\", COLLATION AS \"Collation\", my_cardinality(TABLE_NAME, "
                  "key_prefix) AS \"Cardinality\", SUB_PART AS \"Sub_part\", PACKED AS "
                  "\"Packed\", NULLABLE AS \"Null\", INDEX_TYPE AS \"Index_type\", COMMENT AS "
                  "\"Comment\", INDEX_COMMENT AS \"Index_comment\", IGNORED AS \"Ignored\" "
                  "FROM " MY_STATISTICS_ROWS);
        lw_outf(w,
                " WHERE my_table_exists(%Q) AND TABLE_NAME = %Q COLLATE NOCASE ORDER BY key_order, "
                "SEQ_IN_INDEX",
                table, table);
    }
    sqlite3_free(table);
    w->consumed = 1;
    return w->rc;
}
