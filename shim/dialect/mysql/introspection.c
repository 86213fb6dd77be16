/*
 * information_schema for the mysql and mariadb dialects: the relations a MariaDB
 * client's introspection reads, as TEMP views over the dialect's catalog (catalog.h)
 * and SQLite's schema, created when a connection opens (my_introspection_open). The
 * rewriter writes information_schema.COLUMNS (any case) as the view "information_
 * schema.columns" (the rules' catalog table, mysql.c):
 *
 *   TABLES              every table and view: BASE TABLE / VIEW, ENGINE, ROW_FORMAT,
 *                       AUTO_INCREMENT, TABLE_COLLATION, TABLE_COMMENT ('VIEW' for one)
 *   COLUMNS             ORDINAL_POSITION, COLUMN_DEFAULT as MariaDB 10.2+ shows it
 *                       ('x' quoted, numbers bare, 'NULL' for a nullable column without
 *                       one), the lengths, precisions and scales of each type,
 *                       CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_TYPE, COLUMN_KEY,
 *                       EXTRA, IS_GENERATED
 *   STATISTICS          one row per column of each PRIMARY KEY, UNIQUE and KEY
 *   KEY_COLUMN_USAGE    the columns of PRIMARY KEY, UNIQUE and FOREIGN KEY constraints,
 *                       with the referenced table and columns
 *   TABLE_CONSTRAINTS   PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK
 *   CHECK_CONSTRAINTS   the checks with their clause as written (MariaDB prints its own
 *                       normalised form: `a` > 0)
 *
 * TABLE_SCHEMA is "main", what DATABASE() returns. NULL rules: a value MariaDB leaves
 * NULL (a numeric column's character lengths...) is NULL here. Limits: before the
 * first CREATE TABLE of a database the catalog tables do not exist and reading these
 * views is an error (1146 names the catalog table); TABLE_ROWS, lengths and times are
 * NULL; the index MariaDB adds for a foreign key without one is not listed; TEMPORARY
 * tables are not listed.
 */
#include <sqlite3.h>

#include "dialect/mysql/runtime.h"

/* The catalog's columns with the values the views derive from the type. */
#define TYPED_COLUMNS                                                                              \
    "(SELECT c.*, CASE WHEN c.data_type IN ('char', 'varchar', 'binary', 'varbinary') THEN "       \
    "CAST(substr(c.column_type, instr(c.column_type, '(') + 1) AS INTEGER) WHEN c.data_type IN "   \
    "('tinytext', 'tinyblob') THEN 255 WHEN c.data_type IN ('text', 'blob') THEN 65535 WHEN "      \
    "c.data_type IN ('mediumtext', 'mediumblob') THEN 16777215 WHEN c.data_type IN "              \
    "('longtext', 'longblob') THEN 4294967295 WHEN c.data_type = 'enum' THEN (SELECT "            \
    "max(length(value)) FROM json_each(c.members)) WHEN c.data_type = 'set' THEN (SELECT "         \
    "sum(length(value)) + count(*) - 1 FROM json_each(c.members)) END AS max_len, "               \
    "c.data_type IN ('tinyint', 'smallint', 'mediumint', 'int', 'bigint', 'decimal', 'float', "   \
    "'double', 'year', 'bit') AS numeric FROM main._lw_mysql_columns c)"

#define KEY_OF_COLUMN                                                                              \
    "CASE WHEN EXISTS (SELECT 1 FROM main._lw_mysql_constraints k WHERE k.table_name = "           \
    "c.table_name AND k.kind = 'PRIMARY KEY' AND instr(',' || lower(k.columns) || ',', ',' || "   \
    "lower(c.column_name) || ',')) THEN 'PRI' WHEN EXISTS (SELECT 1 FROM "                       \
    "main._lw_mysql_constraints k WHERE k.table_name = c.table_name AND k.kind = 'UNIQUE' AND "    \
    "lower(k.columns) = lower(c.column_name)) THEN 'UNI' WHEN EXISTS (SELECT 1 FROM "             \
    "main._lw_mysql_constraints k WHERE k.table_name = c.table_name AND k.kind IN ('UNIQUE', "     \
    "'KEY', 'FOREIGN KEY') AND (lower(k.columns) = lower(c.column_name) OR "                       \
    "substr(lower(k.columns), 1, length(c.column_name) + 1) = lower(c.column_name) || ',')) "     \
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
    "CREATE TEMP VIEW IF NOT EXISTS \"information_schema.statistics\" AS SELECT 'def' AS "
    "TABLE_CATALOG, 'main' AS TABLE_SCHEMA, k.table_name AS TABLE_NAME, CASE WHEN k.kind = 'KEY' "
    "THEN 1 ELSE 0 END AS NON_UNIQUE, 'main' AS INDEX_SCHEMA, k.name AS INDEX_NAME, kc.key + 1 "
    "AS SEQ_IN_INDEX, kc.value AS COLUMN_NAME, 'A' AS COLLATION, NULL AS CARDINALITY, NULL AS "
    "SUB_PART, NULL AS PACKED, CASE WHEN (SELECT is_nullable FROM main._lw_mysql_columns c WHERE "
    "c.table_name = k.table_name AND lower(c.column_name) = lower(kc.value)) = 'YES' THEN 'YES' "
    "ELSE '' END AS NULLABLE, 'BTREE' AS INDEX_TYPE, '' AS COMMENT, '' AS INDEX_COMMENT, 'NO' AS "
    "IGNORED FROM main._lw_mysql_constraints k, " KEY_COLUMNS
    " WHERE k.kind IN ('PRIMARY KEY', 'UNIQUE', 'KEY');"
    "CREATE TEMP VIEW IF NOT EXISTS \"information_schema.key_column_usage\" AS SELECT 'def' AS "
    "CONSTRAINT_CATALOG, 'main' AS CONSTRAINT_SCHEMA, k.name AS CONSTRAINT_NAME, 'def' AS "
    "TABLE_CATALOG, 'main' AS TABLE_SCHEMA, k.table_name AS TABLE_NAME, kc.value AS COLUMN_NAME, "
    "kc.key + 1 AS ORDINAL_POSITION, CASE WHEN k.kind = 'FOREIGN KEY' THEN kc.key + 1 END AS "
    "POSITION_IN_UNIQUE_CONSTRAINT, CASE WHEN k.kind = 'FOREIGN KEY' THEN 'main' END AS "
    "REFERENCED_TABLE_SCHEMA, k.ref_table AS REFERENCED_TABLE_NAME, CASE WHEN k.kind = 'FOREIGN "
    "KEY' THEN json_extract('[\"' || replace(k.ref_columns, ',', '\",\"') || '\"]', '$[' || "
    "kc.key || ']') END AS REFERENCED_COLUMN_NAME FROM main._lw_mysql_constraints k, " KEY_COLUMNS
    " WHERE k.kind IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY');"
    "CREATE TEMP VIEW IF NOT EXISTS \"information_schema.table_constraints\" AS SELECT 'def' AS "
    "CONSTRAINT_CATALOG, 'main' AS CONSTRAINT_SCHEMA, k.name AS CONSTRAINT_NAME, 'main' AS "
    "TABLE_SCHEMA, k.table_name AS TABLE_NAME, k.kind AS CONSTRAINT_TYPE FROM "
    "main._lw_mysql_constraints k WHERE k.kind IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY', "
    "'CHECK');"
    "CREATE TEMP VIEW IF NOT EXISTS \"information_schema.check_constraints\" AS SELECT 'def' AS "
    "CONSTRAINT_CATALOG, 'main' AS CONSTRAINT_SCHEMA, k.table_name AS TABLE_NAME, k.name AS "
    "CONSTRAINT_NAME, CASE WHEN k.name = k.table_name || '.' || k.columns OR EXISTS (SELECT 1 "
    "FROM main._lw_mysql_columns c WHERE c.table_name = k.table_name AND c.column_name = k.name) "
    "THEN 'Column' ELSE 'Table' END AS LEVEL, k.definition AS CHECK_CLAUSE FROM "
    "main._lw_mysql_constraints k WHERE k.kind = 'CHECK';";

int my_introspection_open(sqlite3 *db, char **err)
{
    return sqlite3_exec(db, views_sql, NULL, NULL, err);
}
