/*
 * Identifier case for the postgresql dialect: what SQLite would resolve differently.
 *
 * PostgreSQL folds unquoted identifiers to lower case and matches every identifier
 * exactly; the rewriter folds, so "Foo" and foo stay apart in the statement text. But
 * SQLite matches table and column names without regard to case, so a statement that
 * names "ID" finds the column Id, and one that names id finds "Id", where PostgreSQL
 * answers 42703 or 42P01. lw_pg_check_identifiers() looks at the identifiers of a
 * translated statement and fails the way PostgreSQL would when one of them matches a
 * schema name only case-insensitively, and refuses (0A000, naming both spellings) two
 * spellings of one statement that differ only in case, which SQLite cannot keep apart.
 *
 * Cost: the schema's names are read once per schema change (keyed on the main and temp
 * schema_version) into a sorted table held per connection; a statement is looked at
 * only when it has a quoted identifier with an upper-case letter or the schema has a
 * name with one. Translations are cached per statement text, so the check runs when a
 * text is first translated, against the schema as it is then.
 */
#ifndef LW_SHIM_PG_IDENT_H
#define LW_SHIM_PG_IDENT_H

#include <sqlite3.h>

#include "dialect/dialect.h"

/* The schema names of one connection (opaque; free with lw_pg_names_free). */
typedef struct lw_pg_names lw_pg_names;

void lw_pg_names_free(lw_pg_names *names);

/*
 * Checks the identifiers of sql, one statement as the rewriter wrote it for SQLite,
 * against db's schema. *names is the connection's cache, created on first use.
 * quoted_upper says whether the original statement has a quoted identifier with an
 * upper-case ASCII letter. Returns 0, or a negative LW_E* code with err filled:
 * 42703 / 42P01 for a name that exists only in another case, 0A000 for spellings
 * SQLite cannot tell apart.
 */
int lw_pg_check_identifiers(sqlite3 *db, lw_pg_names **names, const char *sql, int quoted_upper,
                            lw_dialect_error *err);

/* Finds two of the n names that differ only in ASCII case (CREATE TABLE t ("Id" int,
 * id int)). Returns 1 with their indexes in *a < *b, or 0. */
int lw_pg_case_twins(char *const *items, int n, int *a, int *b);

#endif
