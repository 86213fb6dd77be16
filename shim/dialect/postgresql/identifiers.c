/*
 * Identifier case for the postgresql dialect (identifiers.h): PostgreSQL's words for
 * the shared check.
 */
#include "dialect/postgresql/identifiers.h"

static const lw_ident_texts pg_ident_texts = {
    .fold = LW_FOLD_LOWER,
    .no_column = {"42703", 1054, 0, "column \"%s\" does not exist%s"},
    .no_relation = {"42P01", 1146, 0, "relation \"%s\" does not exist%s"},
    .twins = {"0A000", 1235, 0,
              "identifiers \"%s\" and \"%s\" that differ only in case are not supported by the "
              "postgresql dialect (SQLite matches names without regard to case)"},
};

int lw_pg_check_identifiers(sqlite3 *db, lw_pg_names **names, const char *sql, int quoted_upper,
                            lw_dialect_error *err)
{
    return lw_check_identifiers(db, names, sql, quoted_upper, &pg_ident_texts, err);
}
