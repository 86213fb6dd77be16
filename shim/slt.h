/*
 * The sqllogictest runner (format: shim/slt.c), shared by build/slt and lwsql --slt.
 * It reads two dialects of the format, detected per file: likewise's own (a row per
 * line, fields joined by '|') and SQLite's canonical one (a value per line, MD5 hashes).
 */
#ifndef LW_SHIM_SLT_H
#define LW_SHIM_SLT_H

#include <stddef.h>
#include <stdio.h>

#include "likewise.h"

typedef enum lw_slt_format {
    LW_SLT_LIKEWISE = 0, /* likewise's own: rows joined by '|', engine "likewise" */
    LW_SLT_CANONICAL = 1 /* SQLite's: one value per line, hashes, engine = the dialect */
} lw_slt_format;

typedef struct lw_slt_counts {
    int passed, failed, skipped;
} lw_slt_counts;

/* The format of a file's text, by the rule documented in shim/slt.c. */
lw_slt_format lw_slt_detect(const char *text, size_t len);

/* The engine name skipif/onlyif compare with in SQLite's format for a dialect:
 * "sqlite", "postgresql", "mysql" (mysql and mariadb) or "oracle". */
const char *lw_slt_engine(const char *dialect);

/*
 * Runs the records of text[0..len) (a file's content; name is used in messages) on
 * conn, adding to *counts. Failures are described on log (NULL: not at all). Returns
 * the format the text was read in. Transactions and tables the text leaves behind stay
 * on conn.
 */
lw_slt_format lw_slt_run_text(lw_conn *conn, const char *name, const char *text, size_t len,
                              FILE *log, lw_slt_counts *counts);

/* Runs each file on a fresh connection opened from url; prints a line per failure
 * (standard error) and per file, and last "N passed, N failed" (standard output).
 * Returns 0 when nothing failed, 1 otherwise; exits with status 2 when a connection
 * cannot be opened. */
int lw_slt_run(const char *url, int n_files, char **files);

#endif
