/*
 * Identifier case for the postgresql dialect: the shared check (dialect/identifiers.h)
 * with PostgreSQL's folding (to lower case) and messages (42703, 42P01; 0A000 for
 * spellings SQLite cannot tell apart).
 */
#ifndef LW_SHIM_PG_IDENT_H
#define LW_SHIM_PG_IDENT_H

#include "dialect/identifiers.h"

typedef lw_ident_names lw_pg_names;

static inline void lw_pg_names_free(lw_pg_names *names)
{
    lw_ident_names_free(names);
}

/* lw_check_identifiers with PostgreSQL's texts; quoted_upper: the statement has a
 * quoted identifier with an upper-case ASCII letter. */
int lw_pg_check_identifiers(sqlite3 *db, lw_pg_names **names, const char *sql, int quoted_upper,
                            lw_dialect_error *err);

static inline int lw_pg_case_twins(char *const *items, int n, int *a, int *b)
{
    return lw_case_twins(items, n, a, b);
}

#endif
