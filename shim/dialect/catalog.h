/*
 * What dialects keep about the schema beyond SQLite's own (catalog.c), and the one way
 * their translations run several statements as one.
 *
 *   declared types   a dialect writes its type into the column's SQLite declared type
 *                    (NUMERIC_TEXT(10,2), TINYINT UNSIGNED, DATETIME(6)), which
 *                    lw_schema_declared_type() reads back and the dialect's declared
 *                    table maps to a kind: the schema itself is the catalog of types
 *   catalog tables   what a declared type cannot hold (PostgreSQL's sequences, MySQL's
 *                    ENUM members, table options, AUTO_INCREMENT counters, constraint
 *                    names) lives in tables named _lw_<dialect>_<what>, created by the
 *                    statement that first needs one; lw_catalog_text() reads a value
 *   exec             a statement that must become several (a table, its triggers and
 *                    its catalog rows) becomes one call of the dialect's exec function
 *                    (rules->ddl_exec_function, registered with lw_exec_function), so
 *                    that it stays one statement for the core: one prepare, one step,
 *                    and SQLite's statement transaction around all of it
 *
 * Tables named _lw_* are the library's: dialects hide them from their listings. The
 * errors the dialects' SQL functions raise are worded here too (lw_result_dialect_error).
 */
#ifndef LW_SHIM_CATALOG_H
#define LW_SHIM_CATALOG_H

#include <stdarg.h>
#include <stddef.h>

#include <sqlite3.h>

/* The prefix of every table a dialect keeps for itself. */
#define LW_CATALOG_PREFIX "_lw_"

/* The SQL function behind every dialect's exec function: exec(SQL) runs the statements
 * of SQL (the rewriter's own text only); 1 on success, SQLite's error (and its code)
 * otherwise. Register it DIRECTONLY under the dialect's name (pg_exec, my_exec). */
void lw_exec_function(sqlite3_context *ctx, int argc, sqlite3_value **argv);
/* What the exec function does, from a dialect's own function: runs the statements of
 * sql and makes the result 1, or SQLite's error (and its code). */
void lw_result_exec(sqlite3_context *ctx, const char *sql);

/* The text of the first column of the first row sql returns with ?1 = a and ?2 = b
 * (either NULL: unbound), as a new string (sqlite3_free); NULL when there is no row,
 * the value is NULL, the table does not exist yet, or memory ran out. */
char *lw_catalog_text(sqlite3 *db, const char *sql, const char *a, const char *b);

/* ---- Errors a dialect's SQL functions raise ----------------------------------------
 * They carry the dialect's code in front of the message, "<prefix><code>: <message>"
 * (the postgresql dialect's "PG-22023: ...", the mysql dialects' "MY-1690: ..."), and
 * the dialect's map_error splits them back. */

/* Raises that error from a function; fmt is printf-formatted (sqlite3_mprintf's). */
void lw_result_dialect_error(sqlite3_context *ctx, const char *prefix, const char *code,
                             const char *fmt, va_list ap);
/* When msg (may be NULL) is such an error: copies its code (at most size - 1
 * characters, else it is not one) into code and returns the message after it (a
 * pointer into msg). NULL otherwise. */
const char *lw_split_dialect_error(const char *msg, const char *prefix, char *code, size_t size);

#endif
