/*
 * The version guard: which indexes of a database were built under collation data
 * (ICU, MariaDB weight tables, Unicode case mapping) other than the data this build
 * has, so that their order may no longer match the comparison and lookups through
 * them could return wrong rows.
 *
 * The versions are recorded in the database itself, in the table
 *   lw_collation_versions(index_name, collation, version)   -- WITHOUT ROWID
 * with one row per index and versioned dependency. A dependency is a likewise
 * collation used by a key column (pragma_index_xinfo) or, for expression indexes, a
 * call of lower() or upper() (their keys change when the case mapping does, and an
 * index built without likewise holds ASCII-only keys).
 *
 * This file works on a sqlite3 connection but never sees a sqlite3_context; the SQL
 * glue (collation_sql.c) turns it into lw_collation_check(), lw_collation_record()
 * and lw_collation_reindex().
 */
#ifndef LW_COLLATION_GUARD_H
#define LW_COLLATION_GUARD_H

#include "common/lw_sqlite.h"

/* One dependency of one index that needs attention. Strings are owned by the row. */
typedef struct lw_guard_row {
    char *index_name;
    char *table_name;
    char *collation; /* collation name, or "lower()" / "upper()" */
    char *recorded;  /* NULL when no version was recorded */
    char *current;
    char *reason;
} lw_guard_row;

typedef struct lw_guard_rows {
    lw_guard_row *rows;
    int len, cap;
} lw_guard_rows;

/*
 * Fills out with every dependency of an index of the main schema whose recorded
 * version is missing or differs from the current one (only_index, when not NULL,
 * limits it to that index). Returns SQLITE_OK or an error code with *err set
 * (sqlite3_free). The caller frees out with lw_guard_rows_free.
 */
int lw_guard_scan(sqlite3 *db, const char *only_index, lw_guard_rows *out, char **err);

void lw_guard_rows_free(lw_guard_rows *rows);

/*
 * Records the current versions. With index_name NULL: every collation dependency
 * that has no record yet (an index SQLite could only build with likewise loaded);
 * lower()/upper() expressions and mismatched records are left to
 * lw_guard_reindex. With an index name: every dependency of that index, which the
 * caller asserts was built by this build. Sets *n_recorded; returns an SQLite code.
 */
int lw_guard_record(sqlite3 *db, const char *index_name, int *n_recorded, char **err);

/*
 * REINDEXes every index that lw_guard_scan lists (or only index_name) and records
 * the current versions of its dependencies, in one savepoint. Sets *n_rebuilt.
 */
int lw_guard_reindex(sqlite3 *db, const char *index_name, int *n_rebuilt, char **err);

/* Which indexes of the main schema a statement has just built. */
typedef enum lw_guard_scope {
    LW_GUARD_ALL = 0,   /* every index (REINDEX with no argument) */
    LW_GUARD_INDEX,     /* the index name (CREATE INDEX, REINDEX index) */
    LW_GUARD_TABLE,     /* every index of table name (CREATE TABLE, REINDEX table) */
    LW_GUARD_COLLATION, /* every index with a column under collation name (REINDEX coll) */
} lw_guard_scope;

/*
 * Records the current versions of every dependency (collations and lower()/upper())
 * of the indexes in scope, replacing any earlier record. The caller asserts that this
 * build has just built those indexes: the shim calls it after a CREATE INDEX, CREATE
 * TABLE or REINDEX succeeds, since SQLite offers no hook that could. Sets
 * *n_recorded; returns an SQLite code with *err set (sqlite3_free) on failure.
 */
int lw_guard_record_built(sqlite3 *db, lw_guard_scope scope, const char *name, int *n_recorded,
                          char **err);

#endif
