/*
 * Result values of the server backends, converted the way the embedded backend
 * converts them, so that the typed getters mean the same on every engine.
 *
 * A server sends each value as text, the text its own client prints (psql,
 * mariadb), or as raw bytes for binary strings. A cell is that text or those bytes
 * plus the kind the column's type maps to:
 *
 *   kind   server types                                lw_column_type  text
 *   INT    integers (PG int2/4/8, oid; MariaDB         LW_TYPE_INT     as sent
 *          TINYINT..BIGINT, YEAR)
 *   BOOL   PostgreSQL boolean (t / f)                  LW_TYPE_INT     "1" / "0", as
 *                                                                      the embedded
 *                                                                      dialect stores it
 *   REAL   float4/8, FLOAT/DOUBLE                      LW_TYPE_REAL    SQLite's "%!.15g"
 *   TEXT   everything else: numeric/DECIMAL (exact     LW_TYPE_TEXT    as sent
 *          text, as the embedded dialect keeps it),
 *          dates and times, json, text, enums...
 *   BLOB   bytea (sent as \x hex), BLOB/BINARY/BIT     LW_TYPE_BLOB    the bytes
 *   NULL   SQL NULL                                    LW_TYPE_NULL    NULL
 *
 * int64 and double follow SQLite's conversions: a REAL is truncated toward zero and
 * clamped; text (and bytes) give their leading integer (int64: optional spaces and
 * sign, then digits, clamped; "1.9" is 1) or their leading number (double: "1.5e2x"
 * is 150); anything else is 0. lw_column_display is always the text as sent (bytea
 * as \x hex, booleans as t / f).
 */
#ifndef LW_SHIM_BACKEND_VALUES_H
#define LW_SHIM_BACKEND_VALUES_H

#include <stddef.h>
#include <stdint.h>

#include "core/sqlbuf.h"
#include "likewise.h"

typedef enum lw_cell_kind {
    LW_CELL_NULL = 0,
    LW_CELL_INT,
    LW_CELL_BOOL,
    LW_CELL_REAL,
    LW_CELL_TEXT,
    LW_CELL_BLOB,     /* raw bytes */
    LW_CELL_BYTEA_HEX /* PostgreSQL bytea in its hex output form \x... */
} lw_cell_kind;

/* One value of the current row: the server's bytes (not necessarily NUL-terminated
 * for BLOB; always for the others), owned by the backend's result. */
typedef struct lw_cell {
    lw_cell_kind kind;
    const char *data;
    size_t len;
} lw_cell;

/* A column's conversion buffer: valid for one row (row is the row it holds). */
typedef struct lw_cell_buf {
    lw_sqlbuf buf;
    int64_t row; /* -1: nothing converted */
} lw_cell_buf;

lw_type lw_cell_type(const lw_cell *c);
int64_t lw_cell_int64(const lw_cell *c, lw_cell_buf *b, int64_t row);
double lw_cell_double(const lw_cell *c, lw_cell_buf *b, int64_t row);
/* NUL-terminated; NULL for SQL NULL (or when out of memory). */
const char *lw_cell_text(const lw_cell *c, lw_cell_buf *b, int64_t row);
const void *lw_cell_blob(const lw_cell *c, lw_cell_buf *b, int64_t row);
int lw_cell_bytes(const lw_cell *c, lw_cell_buf *b, int64_t row);
/* The server's own text (what its client prints); NULL for SQL NULL. */
const char *lw_cell_display(const lw_cell *c);

/* What the typed getters of a server backend read of its statement. Every server
 * backend's struct lw_bstmt has one as its first member, so that one set of getters,
 * lw_cells_column_*, serves them all through the backend table (a pointer to a struct
 * points to its first member too). */
struct lw_bstmt;
typedef struct lw_cell_rows {
    /* The current row's value of column col (kind NULL when there is no row). */
    lw_cell (*cell)(const struct lw_bstmt *b, int col);
    lw_cell_buf *bufs; /* one conversion buffer per result column */
    int64_t row_stamp; /* increases with every row, for the conversion buffers */
} lw_cell_rows;

/* Conversion buffers for n columns, none holding a row yet (bufs was NULL or freed):
 * 0, or -1 when out of memory. lw_cell_rows_free frees the n buffers of the last
 * allocation. */
int lw_cell_rows_alloc(lw_cell_rows *r, int n);
void lw_cell_rows_free(lw_cell_rows *r, int n);

lw_type lw_cells_column_type(struct lw_bstmt *b, int col);
int64_t lw_cells_column_int64(struct lw_bstmt *b, int col);
double lw_cells_column_double(struct lw_bstmt *b, int col);
const char *lw_cells_column_text(struct lw_bstmt *b, int col);
const void *lw_cells_column_blob(struct lw_bstmt *b, int col);
int lw_cells_column_bytes(struct lw_bstmt *b, int col);
const char *lw_cells_column_display(struct lw_bstmt *b, int col);

/* Text for a server parameter: an integer in decimal, a double that reads back as the
 * same double ("Infinity", "-Infinity", "NaN" for the others). out holds at least
 * LW_NUMBER_TEXT_MAX bytes. */
#define LW_NUMBER_TEXT_MAX 32
void lw_int64_text(int64_t v, char *out);
void lw_double_text(double v, char *out);

#endif
