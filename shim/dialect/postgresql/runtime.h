/*
 * SQL glue of the postgresql dialect's functions (see the header of runtime.c for
 * the list). Registered by the dialect's on_open hook on every connection opened with
 * dialect=postgresql, never on plain SQLite connections.
 */
#ifndef LW_SHIM_PG_FUNC_SQL_H
#define LW_SHIM_PG_FUNC_SQL_H

#include <sqlite3.h>

/*
 * Errors these functions raise carry PostgreSQL's SQLSTATE in front of its message:
 * "PG-22023: field position must not be zero". The dialect's map_error turns that
 * into the SQLSTATE and the bare message (lw_pg_split_error).
 */
#define LW_PG_ERROR_PREFIX "PG-"

/* Per-connection state of the functions (transaction timestamp, currval values). */
typedef struct lw_pg_funcs lw_pg_funcs;

/* Registers every function on db. On failure returns the SQLite code and sets *pzErr
 * (free with sqlite3_free). The state is shared by the registered functions and, when
 * funcs is not NULL, by the caller, who receives a reference in *funcs and drops it
 * with lw_pg_funcs_release (the last holder frees the state). */
int lw_pg_func_register(sqlite3 *db, lw_pg_funcs **funcs, char **pzErr);
void lw_pg_funcs_release(lw_pg_funcs *funcs);

/* A statement is about to run: stamps statement_timestamp(), and now() for a
 * transaction that starts (begins: the statement is BEGIN; in_txn: a transaction is
 * open before it runs; outside one, every statement is its own transaction). */
void lw_pg_funcs_statement(lw_pg_funcs *funcs, int begins, int in_txn);
/* A stored timestamptz (interval 0) or interval (1) as the session shows it: in its
 * TimeZone, in its IntervalStyle. Writes buf (LW_PG_TIME_TEXT_MAX bytes) and returns
 * the length, or -1 when s is not such a value. */
#define LW_PG_TIME_TEXT_MAX 160
int lw_pg_show_time(lw_pg_funcs *funcs, const char *s, size_t n, int interval, char *buf);
/* The open transaction ended (commit 1, rollback 0): SET LOCAL values end and a rolled
 * back transaction's SETs are undone (runtime_settings.c). */
void lw_pg_funcs_txn_end(lw_pg_funcs *funcs, int commit);
/* The transaction is about to end (commit: by COMMIT, else by ROLLBACK): the TEMP
 * triggers SET CONSTRAINTS ... IMMEDIATE made go (runtime_constraints.c). Returns an
 * SQLite code. */
int lw_pg_constraints_end_txn(lw_pg_funcs *funcs, sqlite3 *db, int commit);

/*
 * Splits a message raised with LW_PG_ERROR_PREFIX: copies the SQLSTATE into
 * sqlstate[6] and returns the bare message (a pointer into msg). Returns NULL when
 * msg does not carry a SQLSTATE.
 */
const char *lw_pg_split_error(const char *msg, char sqlstate[6]);

/* Raises PostgreSQL's error from a SQL function: the SQLSTATE in front of the message
 * (printf formats of sqlite3_mprintf), which map_error turns back into both. */
void lw_pg_error(sqlite3_context *ctx, const char *sqlstate, const char *fmt, ...);
/* "smallint", "integer" or "bigint" for 16, 32, 64 bits. */
const char *lw_pg_int_type_name(int bits);

#endif
