/*
 * The mysql and mariadb dialects' catalog (dialect/catalog.h has the shared design):
 * what CREATE TABLE knows and SQLite's schema cannot say, in three tables created by
 * the first CREATE TABLE:
 *
 *   _lw_mysql_tables        name, engine, collation (the table's default), comment,
 *                           auto_increment (the next id: runtime_session.c's counter),
 *                           row_format
 *   _lw_mysql_columns       table_name, column_name, ordinal, data_type ("int"),
 *                           column_type ("int(10) unsigned", "enum('a','b')"),
 *                           charset, collation, members (ENUM/SET: a JSON array),
 *                           extra ("auto_increment", "on update current_timestamp()",
 *                           "VIRTUAL GENERATED"), comment, default_text, is_nullable
 *   _lw_mysql_constraints   table_name, name, kind ("PRIMARY KEY", "UNIQUE", "KEY",
 *                           "FOREIGN KEY", "CHECK"), columns (comma-separated),
 *                           definition (a foreign key as MariaDB's messages print it,
 *                           a CHECK's clause), ref_table, ref_columns, on_delete,
 *                           on_update
 *
 * Each column's MySQL type is also its SQLite declared type (columns.c: TINYINT
 * UNSIGNED, NUMERIC_TEXT(5,2), VARCHAR(10), ENUM TEXT...), which typing and the assign
 * hook read; indexes are named "<table>.<key>" so that 1062 can name MariaDB's key;
 * CHECK constraints "<table>.<column>" (a column's), their own name, or CONSTRAINT_<n>.
 * SHOW and information_schema (to come) read these tables; DROP TABLE deletes a
 * table's rows (runtime_ddl.c).
 */
#ifndef LW_SHIM_MYSQL_CATALOG_H
#define LW_SHIM_MYSQL_CATALOG_H

#define MY_CATALOG_DDL                                                                             \
    "CREATE TABLE IF NOT EXISTS _lw_mysql_tables (name TEXT PRIMARY KEY, engine TEXT, "            \
    "collation TEXT, comment TEXT, auto_increment INTEGER, row_format TEXT); "                     \
    "CREATE TABLE IF NOT EXISTS _lw_mysql_columns (table_name TEXT, column_name TEXT, "            \
    "ordinal INTEGER, data_type TEXT, column_type TEXT, charset TEXT, collation TEXT, "            \
    "members TEXT, extra TEXT, comment TEXT, default_text TEXT, is_nullable TEXT, "                \
    "PRIMARY KEY (table_name, column_name)); "                                                     \
    "CREATE TABLE IF NOT EXISTS _lw_mysql_constraints (table_name TEXT, name TEXT, kind TEXT, "    \
    "columns TEXT, definition TEXT, ref_table TEXT, ref_columns TEXT, on_delete TEXT, "            \
    "on_update TEXT, PRIMARY KEY (table_name, name, kind)); "

/* Deletes a table's catalog rows (SQL with %Q for the name, three times). */
#define MY_CATALOG_DROP                                                                            \
    "DELETE FROM _lw_mysql_tables WHERE name = %Q; DELETE FROM _lw_mysql_columns WHERE "           \
    "table_name = %Q; DELETE FROM _lw_mysql_constraints WHERE table_name = %Q; "

#endif
