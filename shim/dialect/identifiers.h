/*
 * Identifier case for the dialects that fold unquoted identifiers (postgresql to lower
 * case, oracle to upper case): what SQLite would resolve differently.
 *
 * The server folds unquoted identifiers and matches every identifier exactly; the
 * rewriter folds, so "Foo" and foo stay apart in the statement text. But SQLite matches
 * table and column names without regard to case, so a statement that names "ID" finds
 * the column Id, and one that names id finds "Id", where the server answers "no such
 * column" or "no such table". lw_check_identifiers() looks at the identifiers of a
 * translated statement and fails the way the server would (the dialect's texts) when
 * one of them matches a schema name only case-insensitively, and refuses (0A000, naming
 * both spellings) two spellings of one statement that differ only in case, which SQLite
 * cannot keep apart.
 *
 * Cost: the schema's names are read once per schema change (keyed on the main and temp
 * schema_version) into a sorted table held per connection; a statement is looked at
 * only when it has a quoted identifier with a letter of the case the dialect does not
 * fold to, or the schema has a name with one. Translations are cached per statement
 * text, so the check runs when a text is first translated, against the schema as it is
 * then.
 */
#ifndef LW_SHIM_IDENTIFIERS_H
#define LW_SHIM_IDENTIFIERS_H

#include <sqlite3.h>

#include "dialect/rules.h"

/* The schema names of one connection (opaque; free with lw_ident_names_free). */
typedef struct lw_ident_names lw_ident_names;

void lw_ident_names_free(lw_ident_names *names);

/* One error of the check: its SQLSTATE, MySQL errno, the dialect's own number, and the
 * printf format of its message, given the name and (for twins) the other spelling. */
typedef struct lw_ident_error {
    const char *sqlstate;
    int mysql_errno;
    int vendor_code;
    const char *format;
} lw_ident_error;

/* How a dialect folds and words the check's errors. */
typedef struct lw_ident_texts {
    lw_fold fold;
    lw_ident_error no_column;   /* a column found only in another case */
    lw_ident_error no_relation; /* a table or view found only in another case */
    lw_ident_error twins;       /* two spellings SQLite cannot tell apart (0A000) */
} lw_ident_texts;

/*
 * Checks the identifiers of sql, one statement as the rewriter wrote it for SQLite,
 * against db's schema. *names is the connection's cache, created on first use.
 * quoted_other says whether the original statement has a quoted identifier with an
 * ASCII letter of the case unquoted names do not fold to. Returns 0, or a negative LW_E*
 * code with err filled: the texts' errors for a name that exists only in another case,
 * LW_ENOTSUP for spellings SQLite cannot tell apart.
 */
int lw_check_identifiers(sqlite3 *db, lw_ident_names **names, const char *sql, int quoted_other,
                         const lw_ident_texts *texts, lw_dialect_error *err);

/* Finds two of the n names that differ only in ASCII case (CREATE TABLE t ("Id" int,
 * id int)). Returns 1 with their indexes in *a < *b, or 0. */
int lw_case_twins(char *const *items, int n, int *a, int *b);

#endif
