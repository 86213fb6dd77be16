/*
 * lwsql's internals, shared by its files (the command's documentation is main.c):
 *
 *   main.c      options, --help, --version, what runs
 *   run.c       statements: split with the dialect's lexer, run, print, \timing; the
 *               line loop that reads files, standard input and the terminal, with the
 *               backslash commands
 *   shell.c     the interactive shell: prompt, line editing and history (libedit)
 *   output.c    result formats: unaligned (psql -XAt), aligned (psql's table), CSV,
 *               JSON lines
 *   describe.c  \dt and \d NAME in the dialect's terms
 */
#ifndef LWSQL_H
#define LWSQL_H

#include <stddef.h>
#include <stdio.h>

#include "likewise.h"

typedef enum lwsql_format {
    LWSQL_UNALIGNED = 0, /* fields joined by '|', no header: psql -XAt */
    LWSQL_ALIGNED,       /* psql's aligned table with header and "(N rows)" */
    LWSQL_CSV,           /* RFC 4180 with a header line, as psql --csv */
    LWSQL_JSON           /* one JSON object per row, keys the column names */
} lwsql_format;

/* One session: a connection and how its results print. */
typedef struct lwsql {
    lw_conn *conn;
    const char *dialect; /* lw_conn_dialect(conn) */
    lwsql_format format;
    int timing;      /* \timing: print "Time: ... ms" after each statement */
    int interactive; /* a person at a terminal: an error does not end the session */
    int quit;        /* \q was read */
} lwsql;

/* ---- output.c ------------------------------------------------------------------------ */

/* A value for output: its text (NULL for SQL NULL) and how JSON writes it. */
typedef enum lwsql_kind {
    LWSQL_NULL = 0,
    LWSQL_NUMBER, /* written bare in JSON, right-aligned when a whole column is */
    LWSQL_BOOL,   /* "t"/"f" (PostgreSQL), true/false in JSON */
    LWSQL_STRING
} lwsql_kind;

/* A table built in memory: a result to align, or what \d describes. Every string is
 * owned by the table (lwsql_table_free). */
typedef struct lwsql_table {
    char *title; /* NULL: none */
    int ncol;
    char **headers;    /* ncol */
    char **cells;      /* nrows * ncol; NULL for SQL NULL */
    lwsql_kind *kinds; /* per cell */
    size_t nrows, cap; /* rows held, rows allocated */
    char **footers;    /* lines printed after an aligned table */
    size_t nfooters;
    int count_footer; /* print "(N rows)" after an aligned table */
} lwsql_table;

/* Starts a table of ncol columns with the given headers (copied). */
void lwsql_table_init(lwsql_table *t, int ncol, const char *const *headers);
/* Appends a row: ncol texts (copied; NULL for SQL NULL) and their kinds (NULL: every
 * non-NULL text is a string). */
void lwsql_table_add(lwsql_table *t, const char *const *cells, const lwsql_kind *kinds);
/* Appends a footer line (printf format). */
void lwsql_table_footer(lwsql_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void lwsql_table_free(lwsql_table *t);

/* Prints a table in the session's format (aligned: title, header, rows, footers). */
void lwsql_print_table(const lwsql *s, const lwsql_table *t);

/*
 * Prints the rows of a query in the session's format, streaming them except in aligned
 * format (which must measure every row first). Returns 0, or the negative error code
 * of lw_rows_next (the rows printed before it stay printed).
 */
int lwsql_print_rows(const lwsql *s, lw_rows *rows);

/* Terminal columns a UTF-8 text takes up, as psql counts them (East Asian wide
 * characters 2, combining marks 0); for the tests of the aligned format. */
int lwsql_display_width(const char *text, size_t len);

/* Out of memory: lwsql is a command, so it says so and exits (status 2). */
void *lwsql_xrealloc(void *p, size_t n);
char *lwsql_xstrdup(const char *s);
/* A printf into a new string (lwsql_xrealloc'ed). */
char *lwsql_xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- run.c --------------------------------------------------------------------------- */

/* Reports the connection's error as "ERROR <SQLSTATE>: <message>" on standard error;
 * returns 1. */
int lwsql_report(const lw_error *e);

/* Runs every statement of text (split with the dialect's lexer) and prints its rows.
 * Stops at the first error (unless interactive) and returns 1, else 0. */
int lwsql_run_text(lwsql *s, const char *text);

/* Runs -c's text: a backslash command, or SQL as lwsql_run_text. */
int lwsql_run_command(lwsql *s, const char *text);

/* Reads lines until the end (or \q): SQL statements run when a ';' ends them,
 * backslash commands at once. next_line returns a line (malloc'ed, without its newline;
 * the loop frees it) or NULL at the end; prompt is what a terminal shows. Returns 0,
 * or 1 after an error when the session is not interactive. */
typedef char *(*lwsql_line_fn)(void *ctx, const char *prompt);
int lwsql_run_lines(lwsql *s, lwsql_line_fn next_line, void *ctx);

/* Lines from a stream (ctx is the FILE *). */
char *lwsql_stream_line(void *ctx, const char *prompt);

/* ---- shell.c ------------------------------------------------------------------------- */

/* The interactive shell on the terminal; returns the exit status. */
int lwsql_shell(lwsql *s);

/* ---- describe.c ---------------------------------------------------------------------- */

/* \dt [PATTERN] (tables) and \d (tables and views): the list of relations. */
int lwsql_list_relations(lwsql *s, const char *pattern, int tables_only);
/* \d NAME: a table's or view's columns, indexes and foreign keys. Returns 1 when there
 * is no such relation. */
int lwsql_describe(lwsql *s, const char *name);

#endif
