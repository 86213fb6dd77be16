/*
 * Helpers shared by the SQL glue files: one registration table per module, and
 * error results that name the function, the argument and the value.
 *
 * Only glue files (<module>_sql.c) include this header; cores never see
 * sqlite3_context.
 */
#ifndef LW_COMMON_GLUE_H
#define LW_COMMON_GLUE_H

#include "common/lw_sqlite.h"
#include <stddef.h>
#include <stdint.h>

/* Flags of a pure function (same inputs, same output, safe in schema and views). */
#define LW_PURE (SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS)
/* Flags of a function that reads or changes connection state. */
#define LW_STATEFUL (SQLITE_UTF8 | SQLITE_DIRECTONLY)

/* One row of a module's registration table. Scalar functions set xFunc; aggregates
 * set xStep and xFinal, and window aggregates also xValue and xInverse. */
typedef struct lw_function_def {
    const char *name;
    int n_arg;
    int flags;
    void (*xFunc)(sqlite3_context *, int, sqlite3_value **);
    void (*xStep)(sqlite3_context *, int, sqlite3_value **);
    void (*xFinal)(sqlite3_context *);
    void (*xValue)(sqlite3_context *);
    void (*xInverse)(sqlite3_context *, int, sqlite3_value **);
} lw_function_def;

/*
 * Per-connection state shared by several functions starts with this header. Every
 * function registered with it holds one reference; SQLite drops a reference when the
 * function is overridden (PRAGMA case_sensitive_like re-registers like()) or the
 * connection closes, and the last one calls destroy on the whole object.
 */
typedef struct lw_shared {
    int refs;
    void (*destroy)(struct lw_shared *);
} lw_shared;

/* Initialises the header with one reference, held by the registering code. */
void lw_shared_init(lw_shared *shared, void (*destroy)(lw_shared *));
/* Drops one reference (the xDestroy of every function that holds one). */
void lw_shared_release(void *shared);

/*
 * Registers one function on db. Its user data is shared when shared is not NULL (the
 * function then holds a reference, dropped by SQLite through lw_shared_release), else
 * user (static data or NULL). On failure returns the SQLite error code and sets *pzErr
 * (free with sqlite3_free) to a message naming the function and its arity.
 */
int lw_register_function(sqlite3 *db, const lw_function_def *def, lw_shared *shared, void *user,
                         char **pzErr);

/*
 * Registers every row of defs on db with user data shared (may be NULL). On failure
 * returns the SQLite error code and sets *pzErr (free with sqlite3_free) to a message
 * naming the function and its arity. The caller still owns its own reference.
 */
int lw_register_functions(sqlite3 *db, const lw_function_def *defs, size_t n_defs,
                          lw_shared *shared, char **pzErr);

/* Sets an error result from a printf-style message (sqlite3_mprintf formats: %q, %Q,
 * %.*s...). Falls back to SQLITE_NOMEM when the message itself cannot be built. */
void lw_result_errorf(sqlite3_context *ctx, const char *fmt, ...);

/* Sets the error result for invalid UTF-8 at 0-based offset in argument argno
 * (1-based) of fn: "fn(): invalid UTF-8 in argument N at byte K", K counted from 1
 * (common/utf8.h formats it). */
void lw_result_invalid_utf8(sqlite3_context *ctx, const char *fn, int argno, int64_t offset);

/*
 * Reads argument i as UTF-8 text for function fn. Returns 1 with *text and *len set
 * (text is NUL-terminated and owned by SQLite until the argument changes), 0 after
 * setting an error result on ctx when the value is a BLOB ("fn(): argument N must be
 * text, got a blob"), or -1 when the value is NULL (no result set: the caller
 * decides, usually NULL). Integers and reals are converted to their text.
 */
int lw_arg_text(sqlite3_context *ctx, const char *fn, sqlite3_value **argv, int i,
                const char **text, int *len);

/* Whether any of the argc arguments is NULL (a strict function then returns NULL). */
int lw_any_null(int argc, sqlite3_value **argv);

/* The SQLite type name of a value, for error messages: "integer", "real", "text",
 * "blob" or "null". */
const char *lw_type_name(sqlite3_value *v);

#endif
